/**
 * Where the REST API's OpenAPI body goes (`openapi.bodyLocation`): inline in the template (the
 * RestApi's `Body`), or out of it (`BodyS3Location`), so that the template no longer grows with the
 * endpoints (~1,400 bytes of body per endpoint with CORS: 1,000 endpoints inline are over
 * CloudFormation's 1 MB).
 *
 * Why `BodyS3Location` and not the `AWS::Include` transform:
 * - `AWS::Include`'s `Location` must be a literal `s3://bucket/key`, and the bucket core creates
 *   (`ServerlessDeploymentBucket`) has no name until the stack exists: the packaged template would
 *   have to be rewritten at deploy time, and then it is no longer what was packaged.
 * - An included snippet is part of the processed template, whose size CloudFormation still limits;
 *   a 10,000-endpoint body is ~14 MB.
 * - Core adds CAPABILITY_AUTO_EXPAND only for a top-level `Transform`; with
 *   `deploymentMethod: direct` an embedded one fails.
 * `BodyS3Location` has none of these: its `Bucket` takes a `Ref` to the deployment bucket, and API
 * Gateway reads the object when it imports the body. Its one constraint: CloudFormation does not
 * resolve intrinsic functions inside the object. The body's intrinsics are therefore resolved when
 * it is uploaded (src/deploy/openapi-body-upload.ts), from what is known before the stack update:
 * the pseudo parameters (`AWS::Region`, `AWS::AccountId`, `AWS::Partition`, `AWS::URLSuffix`,
 * `AWS::StackName`) and the ARN and name of the service's functions (their `FunctionName` is
 * literal in core's template). A body that names anything else (a user pool of `resources:` by
 * `Fn::GetAtt`, say) can only be inline: `auto` keeps it inline, `s3` is refused, naming where.
 *
 * The key is content-hashed (a hash of the body as packaged, intrinsics unresolved), outside
 * core's timestamped artifact directory: an unchanged body keeps its key, so the template does not
 * change, core's "no changes" check still skips the deploy and CloudFormation does not re-import
 * the API; a changed body gets a new key (the RestApi is updated) and, as inline, a new Deployment
 * (its logical id hashes the body: ./body.ts). `Version`/`ETag` are not needed with such a key.
 */
import { createHash } from 'node:crypto';
import type { CfnObject, CfnTemplate } from '../../cloudformation/template';
import { isIntrinsic } from '../../common/intrinsics';

export type BodyLocationSetting = 'inline' | 's3' | 'auto';

/** `auto` moves the body out when the compact template with it inline is over this. */
export const AUTO_BODY_LOCATION_THRESHOLD = 500 * 1024;

/** The folder of the bodies under `<deploymentPrefix>/<service>/<stage>/` in the deployment bucket. */
export const BODY_FOLDER = 'apigateway-kit';

const BODY_FILE = /^openapi-body-([0-9a-f]{20})\.json$/;

/** `openapi-body-<hash>.json`: the file in the package directory, and the last part of the key. */
export function bodyFileName(content: string): string {
  return `openapi-body-${createHash('sha256').update(content).digest('hex').slice(0, 20)}.json`;
}

/** The hash a body file name carries; undefined for any other name. */
export function bodyFileHash(fileName: string): string | undefined {
  return BODY_FILE.exec(fileName)?.[1];
}

/** Whether a file's content is the one its name says (the hash of the content). */
export function bodyFileMatches(fileName: string, content: string): boolean {
  return bodyFileHash(fileName) !== undefined && bodyFileName(content) === fileName;
}

/** What the deploy hook knows before the stack update. */
export interface DeployValues {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
}

/** `amazonaws.com`, or the partition's own domain. */
export function urlSuffixOf(partition: string): string {
  if (partition === 'aws-cn') return 'amazonaws.com.cn';
  if (partition === 'aws-iso') return 'c2s.ic.gov';
  if (partition === 'aws-iso-b') return 'sc2s.sgov.gov';
  return 'amazonaws.com';
}

/**
 * The value of a `Ref` name (`AWS::Region`, `Fn0LambdaFunction`) or a `Fn::GetAtt` name
 * (`Fn0LambdaFunction.Arn`) before the stack update; undefined when only CloudFormation knows it.
 */
export function deployTimeValue(
  template: Readonly<CfnTemplate>,
  values: DeployValues,
  name: string,
): string | undefined {
  switch (name) {
    case 'AWS::Partition':
      return values.partition;
    case 'AWS::Region':
      return values.region;
    case 'AWS::AccountId':
      return values.accountId;
    case 'AWS::URLSuffix':
      return urlSuffixOf(values.partition);
    case 'AWS::StackName':
      return values.stackName;
    default:
      break;
  }
  const [logicalId, attribute, ...rest] = name.split('.');
  const resource = template.Resources[logicalId];
  if (rest.length > 0 || resource?.Type !== 'AWS::Lambda::Function') return undefined;
  const functionName = resource.Properties?.FunctionName;
  if (typeof functionName !== 'string') return undefined;
  if (attribute === undefined) return functionName;
  if (attribute === 'Arn')
    return `arn:${values.partition}:lambda:${values.region}:${values.accountId}:function:${functionName}`;
  return undefined;
}

/** A value the body cannot carry to S3, by JSON pointer. */
export interface UnresolvedValue {
  readonly pointer: string;
  readonly value: string;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The body with every intrinsic function resolved by `lookup`; what `lookup` cannot resolve is
 * left as it is and listed. Supports what the body compiler emits and users write in documents:
 * `Ref`, `Fn::GetAtt`, `Fn::Sub` (string, or [string, variables]) and `Fn::Join`.
 */
export function resolveBodyIntrinsics(
  body: unknown,
  lookup: (name: string) => string | undefined,
): { body: unknown; unresolved: UnresolvedValue[] } {
  const unresolved: UnresolvedValue[] = [];
  const walk = (value: unknown, pointer: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${pointer}/${index}`));
    if (!value || typeof value !== 'object') return value;
    if (isIntrinsic(value)) {
      const resolved = resolveIntrinsic(value, lookup);
      if (resolved !== undefined) return resolved;
      unresolved.push({ pointer: pointer || '/', value: JSON.stringify(value) });
      return value;
    }
    return Object.fromEntries(
      Object.entries(value as CfnObject).map(([key, item]) => [
        key,
        walk(item, `${pointer}/${escapePointer(key)}`),
      ]),
    );
  };
  return { body: walk(body, ''), unresolved };
}

function resolveIntrinsic(
  intrinsic: Record<string, unknown>,
  lookup: (name: string) => string | undefined,
): string | undefined {
  const [[fn, argument]] = Object.entries(intrinsic);
  const scalar = (value: unknown): string | undefined =>
    typeof value === 'string'
      ? value
      : isIntrinsic(value)
        ? resolveIntrinsic(value, lookup)
        : undefined;
  if (fn === 'Ref') return typeof argument === 'string' ? lookup(argument) : undefined;
  if (fn === 'Fn::GetAtt') {
    const name = Array.isArray(argument) ? argument.join('.') : argument;
    return typeof name === 'string' ? lookup(name) : undefined;
  }
  if (fn === 'Fn::Join') {
    if (!Array.isArray(argument) || typeof argument[0] !== 'string') return undefined;
    if (!Array.isArray(argument[1])) return undefined;
    const parts = (argument[1] as unknown[]).map(scalar);
    return parts.every((part) => part !== undefined) ? parts.join(argument[0]) : undefined;
  }
  if (fn === 'Fn::Sub') {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string' || !variables || typeof variables !== 'object') return undefined;
    let complete = true;
    const result = text.replace(/\$\{([^}]*)\}/g, (match, name: string) => {
      // `${!Literal}` is written as `${Literal}`.
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const own = (variables as Record<string, unknown>)[name];
      const value = own !== undefined ? scalar(own) : lookup(name.trim());
      if (value === undefined) complete = false;
      return value ?? match;
    });
    return complete ? result : undefined;
  }
  return undefined;
}

export type BodyLocationPlan =
  | { readonly kind: 'inline' }
  | {
      readonly kind: 's3';
      /** Written to the package directory; uploaded, resolved, at deploy time. */
      readonly fileName: string;
      readonly content: string;
      readonly bodyS3Location: { Bucket: unknown; Key: string };
    };

export interface BodyLocationInput {
  readonly restApiLogicalId: string;
  readonly setting: BodyLocationSetting;
  /** `<deploymentPrefix>/<service>/<stage>`, core's prefix of the stage's artifacts. */
  readonly stagePrefix: string;
}

export interface BodyLocationResult {
  readonly plan: BodyLocationPlan;
  readonly warnings: string[];
  /** Set when `s3` was asked for and cannot be honoured; nothing to apply then. */
  readonly error?: string;
}

/** The deployment bucket as the template names it: core's output (a `Ref`, or the user's bucket). */
function deploymentBucket(template: Readonly<CfnTemplate>): unknown {
  const outputs = (template as { Outputs?: Record<string, { Value?: unknown }> }).Outputs;
  const value = outputs?.ServerlessDeploymentBucketName?.Value;
  if (value !== undefined) return value;
  return template.Resources.ServerlessDeploymentBucket
    ? { Ref: 'ServerlessDeploymentBucket' }
    : undefined;
}

function describe(unresolved: readonly UnresolvedValue[]): string {
  const shown = unresolved
    .slice(0, 3)
    .map((item) => `${item.value} at ${item.pointer}`)
    .join('; ');
  return unresolved.length > 3 ? `${shown} (and ${unresolved.length - 3} more)` : shown;
}

/**
 * Decides where the body of the packaged template goes. Pure: the plugin writes the file and
 * applies the plan (`applyBodyLocation`).
 */
export function planBodyLocation(
  template: Readonly<CfnTemplate>,
  input: BodyLocationInput,
): BodyLocationResult {
  const inline: BodyLocationPlan = { kind: 'inline' };
  const body = template.Resources[input.restApiLogicalId]?.Properties?.Body;
  if (body === undefined || input.setting === 'inline') return { plan: inline, warnings: [] };
  const templateBytes = Buffer.byteLength(JSON.stringify(template), 'utf8');
  if (input.setting === 'auto' && templateBytes <= AUTO_BODY_LOCATION_THRESHOLD)
    return { plan: inline, warnings: [] };

  // What the deploy hook can resolve depends on the template only: check with stand-in values.
  const standIn: DeployValues = { partition: 'aws', region: 'r', accountId: 'a', stackName: 's' };
  const { unresolved } = resolveBodyIntrinsics(body, (name) =>
    deployTimeValue(template, standIn, name),
  );
  const bucket = deploymentBucket(template);
  const reason =
    unresolved.length > 0
      ? `its body names values only CloudFormation resolves (${describe(unresolved)}), and CloudFormation does not resolve intrinsic functions in a body read from S3 (BodyS3Location)`
      : bucket === undefined
        ? 'the template has no deployment bucket (ServerlessDeploymentBucketName output) to upload the body to'
        : undefined;
  if (reason !== undefined) {
    if (input.setting === 's3')
      return {
        plan: inline,
        warnings: [],
        error: `openapi.bodyLocation is s3, and the REST API's OpenAPI body cannot be uploaded: ${reason}. Use values the deploy can resolve (pseudo parameters, the service's functions), or set bodyLocation: inline`,
      };
    return {
      plan: inline,
      warnings: [
        `the template is ${templateBytes.toLocaleString('en-US')} bytes with the REST API's OpenAPI body inline, and the body stays inline: ${reason}`,
      ],
    };
  }
  const content = JSON.stringify(body);
  const fileName = bodyFileName(content);
  return {
    plan: {
      kind: 's3',
      fileName,
      content,
      bodyS3Location: { Bucket: bucket, Key: `${input.stagePrefix}/${BODY_FOLDER}/${fileName}` },
    },
    warnings: [],
  };
}

/** The RestApi with `BodyS3Location` in place of its `Body`. */
export function applyBodyLocation(
  template: CfnTemplate,
  restApiLogicalId: string,
  plan: BodyLocationPlan,
): void {
  if (plan.kind !== 's3') return;
  const restApi = template.Resources[restApiLogicalId];
  // In Body's place, so the RestApi reads as before.
  restApi.Properties = Object.fromEntries(
    Object.entries(restApi.Properties ?? {}).map(([key, value]) =>
      key === 'Body' ? ['BodyS3Location', plan.bodyS3Location] : [key, value],
    ),
  );
}

/** One body to upload: the RestApi that names it and where. */
export interface PackagedBody {
  readonly restApiLogicalId: string;
  readonly bucket: unknown;
  readonly key: string;
  readonly fileName: string;
}

/** The RestApis whose `BodyS3Location` is a body this plugin packaged. */
export function packagedBodies(template: Readonly<CfnTemplate>): PackagedBody[] {
  const bodies: PackagedBody[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (resource.Type !== 'AWS::ApiGateway::RestApi') continue;
    const location = resource.Properties?.BodyS3Location as
      { Bucket?: unknown; Key?: unknown } | undefined;
    if (typeof location?.Key !== 'string') continue;
    const fileName = location.Key.split('/').pop() as string;
    if (bodyFileHash(fileName) === undefined) continue;
    bodies.push({
      restApiLogicalId: logicalId,
      bucket: location.Bucket,
      key: location.Key,
      fileName,
    });
  }
  return bodies;
}
