/**
 * `deploy`: uploads the REST API's OpenAPI body to the deployment bucket when the packaged template
 * names it by `BodyS3Location` (`openapi.bodyLocation`: src/features/openapi/body-location.ts).
 * Runs after core uploaded its artifacts and before the stack update, so the object is there when
 * CloudFormation has API Gateway import it; on a first deploy the bucket exists by then (core
 * creates the stack with the bucket first). The file is read from the package directory, where
 * `package` wrote it and where `deploy --package` brings it back, and checked against the hash its
 * key carries. CloudFormation does not resolve intrinsic functions in a body read from S3: they are
 * resolved here, from the stack's ARN (account, partition), the region and the template.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  createAwsClients,
  createS3Client,
  type AwsClients,
  type ServerlessAwsProvider,
} from '../aws/clients';
import type { CfnTemplate } from '../cloudformation/template';
import {
  bodyFileMatches,
  packagedBodies,
  deployTimeValue,
  resolveBodyIntrinsics,
  type DeployValues,
} from '../features/openapi/body-location';
import { ERROR_CODES, KitError } from '../pipeline/errors';

export interface BodyUploadContext {
  readonly stackName: string;
  readonly region: string;
  readonly template: Readonly<CfnTemplate>;
  /** `<service>/.serverless`: where core keeps the package during a deploy. */
  readonly packageDir: string;
  /** `provider.deploymentBucket` as an object: its encryption settings apply, as to core's uploads. */
  readonly bucketSettings?: Readonly<Record<string, unknown>>;
  readonly log: { info(message: string): void };
}

/** Core's names for the SDK's server-side encryption parameters (`provider.deploymentBucket`). */
const ENCRYPTION_SETTINGS = [
  ['serverSideEncryption', 'ServerSideEncryption'],
  ['sseCustomerAlgorithim', 'SSECustomerAlgorithm'],
  ['sseCustomerKey', 'SSECustomerKey'],
  ['sseCustomerKeyMD5', 'SSECustomerKeyMD5'],
  ['sseKMSKeyId', 'SSEKMSKeyId'],
] as const;

function encryptionOf(
  settings: Readonly<Record<string, unknown>> | undefined,
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [setting, parameter] of ENCRYPTION_SETTINGS) {
    const value = settings?.[setting];
    if (typeof value === 'string') params[parameter] = value;
  }
  return params;
}

const STACK_ARN = /^arn:([^:]+):cloudformation:[^:]*:(\d{12}):stack\//;

/** The bucket's name, and the account and partition (from the stack's ARN). */
export async function locate(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
  bucket: unknown,
): Promise<{ bucketName: string; partition: string; accountId: string }> {
  let bucketName: string | undefined;
  let stackId: string | undefined;
  const ref = (bucket as { Ref?: unknown } | undefined)?.Ref;
  if (typeof bucket === 'string') {
    bucketName = bucket;
    const stacks = await clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    stackId = stacks.Stacks?.[0]?.StackId;
  } else if (typeof ref === 'string') {
    const detail = (
      await clients.cloudFormation.send(
        new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: ref }),
      )
    ).StackResourceDetail;
    bucketName = detail?.PhysicalResourceId;
    stackId = detail?.StackId;
  }
  const arn = stackId ? STACK_ARN.exec(stackId) : null;
  if (!bucketName || !arn) {
    throw new KitError(
      `could not find the deployment bucket (${JSON.stringify(bucket)}) of stack ${stackName} to upload the REST API's OpenAPI body to`,
      ERROR_CODES.openApiBody,
    );
  }
  return { bucketName, partition: arn[1], accountId: arn[2] };
}

/**
 * A missing object: 404, or 403 when the caller may not list the bucket (S3 does not say then
 * whether the key exists); either way the body is uploaded.
 */
function isNotFound(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode;
  return failure.name === 'NotFound' || status === 404 || status === 403;
}

/**
 * Uploads every packaged body the template names; returns the keys written (an object already
 * there with the same content is left as it is). Throws a KitError when a body file is missing or
 * altered, or names a value the deploy cannot resolve: the stack update would fail later, slower.
 */
export async function uploadOpenApiBodies(
  clients: Pick<AwsClients, 'cloudFormation'> & { readonly s3: S3Client },
  context: BodyUploadContext,
): Promise<string[]> {
  const written: string[] = [];
  for (const body of packagedBodies(context.template)) {
    const file = path.join(context.packageDir, body.fileName);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch {
      throw new KitError(
        `the template names the REST API's OpenAPI body ${body.fileName} (BodyS3Location), and it is not in ${context.packageDir}: package the service again`,
        ERROR_CODES.openApiBody,
      );
    }
    if (!bodyFileMatches(body.fileName, content)) {
      throw new KitError(
        `${file} is not the OpenAPI body the template names (its content does not have the hash in its name): package the service again`,
        ERROR_CODES.openApiBody,
      );
    }
    const { bucketName, partition, accountId } = await locate(
      clients,
      context.stackName,
      body.bucket,
    );
    const values: DeployValues = {
      partition,
      accountId,
      region: context.region,
      stackName: context.stackName,
    };
    const resolved = resolveBodyIntrinsics(JSON.parse(content) as unknown, (name) =>
      deployTimeValue(context.template, values, name),
    );
    if (resolved.unresolved.length > 0) {
      throw new KitError(
        `the REST API's OpenAPI body names values only CloudFormation resolves (${resolved.unresolved
          .map((item) => `${item.value} at ${item.pointer}`)
          .join('; ')}); set custom.apiGateway.openapi.bodyLocation: inline`,
        ERROR_CODES.openApiBody,
      );
    }
    const payload = JSON.stringify(resolved.body);
    const sha256 = createHash('sha256').update(payload).digest('base64');
    const encryption = encryptionOf(context.bucketSettings);
    const customerKey = Object.fromEntries(
      Object.entries(encryption).filter(([parameter]) => parameter.startsWith('SSECustomer')),
    );
    try {
      const head = await clients.s3.send(
        new HeadObjectCommand({ Bucket: bucketName, Key: body.key, ...customerKey }),
      );
      if (head.Metadata?.filesha256 === sha256) {
        context.log.info(`OpenAPI body s3://${bucketName}/${body.key} is up to date`);
        continue;
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const params: PutObjectCommandInput = {
      Bucket: bucketName,
      Key: body.key,
      Body: payload,
      ContentType: 'application/json',
      Metadata: { filesha256: sha256 },
      ...encryption,
    };
    await clients.s3.send(new PutObjectCommand(params));
    context.log.info(
      `uploaded the OpenAPI body of ${body.restApiLogicalId} to s3://${bucketName}/${body.key} (${Buffer.byteLength(payload).toLocaleString('en-US')} bytes)`,
    );
    written.push(body.key);
  }
  return written;
}

/**
 * The deploy hook's whole job (after core uploaded its artifacts): nothing without a packaged
 * body; else the clients made from the provider and the upload.
 */
export async function uploadPackagedOpenApiBodies(
  provider: ServerlessAwsProvider,
  context: BodyUploadContext,
): Promise<void> {
  if (packagedBodies(context.template).length === 0) return;
  await uploadOpenApiBodies(
    { cloudFormation: createAwsClients(provider).cloudFormation, s3: createS3Client(provider) },
    context,
  );
}
