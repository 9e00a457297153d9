/**
 * `deploy`, after core's cleanup of old artifacts: removes the OpenAPI bodies
 * (`openapi.bodyLocation: s3`) that no kept deployment names. The bodies live outside core's
 * timestamped folders (their key is a hash of the content, so an unchanged API keeps its key), so
 * core's cleanup never sees them; without this they would pile up, one per changed deploy.
 *
 * What is kept is read, not guessed: the body the deployed template names, and every body named by
 * the template of a deployment core keeps (`provider.deploymentBucket.maxPreviousDeploymentArtifacts`,
 * 5 by default), so `sls rollback --timestamp` to any of them still finds its body. When a kept
 * template cannot be read, nothing is removed.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
  type _Object,
} from '@aws-sdk/client-s3';
import { createAwsClients, createS3Client, type ServerlessAwsProvider } from '../aws/clients';
import type { CfnTemplate } from '../cloudformation/template';
import { BODY_FOLDER, bodyFileHash, packagedBodies } from '../features/openapi/body-location';
import { locate } from './openapi-body-upload';

/** Core's template in each deployment folder. */
const CORE_TEMPLATE = 'compiled-cloudformation-template.json';
/** Core's deployment folders: `<epoch ms>-<ISO date>` (its own pattern has three more dashes). */
const DEPLOYMENT_FOLDER = /^\d+-.+-.+-.+$/;
/** Bounds the listing (1,000 keys a page): a stage prefix with more is not pruned in one deploy. */
const MAX_PAGES = 50;
/** S3 deletes at most 1,000 keys a request. */
const DELETE_BATCH = 1000;

export interface BodyPruneContext {
  readonly bucketName: string;
  /** `<deploymentPrefix>/<service>/<stage>`. */
  readonly stagePrefix: string;
  /** The bodies the template just deployed names. */
  readonly currentKeys: readonly string[];
  /** How many previous deployments core keeps (`maxPreviousDeploymentArtifacts`). */
  readonly keepDeployments: number;
  readonly log: { info(message: string): void };
}

async function listUnder(s3: S3Client, bucket: string, prefix: string): Promise<_Object[]> {
  const objects: _Object[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    objects.push(...(response.Contents ?? []));
    token = response.IsTruncated ? response.NextContinuationToken : undefined;
    if (!token) break;
  }
  return objects;
}

/** The body keys a kept deployment's template names; undefined when it cannot be read. */
async function namedBodies(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<string[] | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await response.Body?.transformToString('utf8');
    if (text === undefined) return undefined;
    return packagedBodies(JSON.parse(text) as CfnTemplate).map((body) => body.key);
  } catch {
    return undefined;
  }
}

/** The body objects no kept deployment names (pure: the listing and what is kept). */
export function unnamedBodies(
  objects: readonly _Object[],
  stagePrefix: string,
  kept: ReadonlySet<string>,
): string[] {
  const folder = `${stagePrefix}/${BODY_FOLDER}/`;
  return objects
    .map((object) => object.Key ?? '')
    .filter((key) => key.startsWith(folder) && !key.slice(folder.length).includes('/'))
    .filter((key) => bodyFileHash(key.slice(folder.length)) !== undefined && !kept.has(key))
    .sort();
}

/** The templates of the deployments core keeps: the newest `count` folders. */
export function keptDeploymentTemplates(
  objects: readonly _Object[],
  stagePrefix: string,
  count: number,
): string[] {
  const folders = new Set<string>();
  for (const object of objects) {
    const rest = (object.Key ?? '').slice(stagePrefix.length + 1);
    const [folder, file] = rest.split('/');
    if (file === CORE_TEMPLATE && DEPLOYMENT_FOLDER.test(folder)) folders.add(folder);
  }
  // Core names folders `<epoch ms>-<date>`: by the number, oldest first.
  const sorted = [...folders].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  return sorted
    .slice(-Math.max(count, 1))
    .map((folder) => `${stagePrefix}/${folder}/${CORE_TEMPLATE}`);
}

/** Removes the unnamed bodies; returns their keys. */
export async function pruneOpenApiBodies(
  s3: S3Client,
  context: BodyPruneContext,
): Promise<string[]> {
  const { bucketName, stagePrefix } = context;
  const objects = await listUnder(s3, bucketName, `${stagePrefix}/`);
  const kept = new Set(context.currentKeys);
  for (const templateKey of keptDeploymentTemplates(
    objects,
    stagePrefix,
    context.keepDeployments,
  )) {
    const named = await namedBodies(s3, bucketName, templateKey);
    if (named === undefined) {
      context.log.info(
        `kept the old OpenAPI bodies in s3://${bucketName}/${stagePrefix}/${BODY_FOLDER}/: could not read ${templateKey} to see which it names`,
      );
      return [];
    }
    for (const key of named) kept.add(key);
  }
  const removed = unnamedBodies(objects, stagePrefix, kept);
  for (let start = 0; start < removed.length; start += DELETE_BATCH) {
    const batch = removed.slice(start, start + DELETE_BATCH);
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucketName,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  if (removed.length > 0)
    context.log.info(
      `removed ${removed.length} OpenAPI ${removed.length === 1 ? 'body' : 'bodies'} no kept deployment names from s3://${bucketName}/${stagePrefix}/${BODY_FOLDER}/`,
    );
  return removed;
}

export interface PackagedBodyPruneContext {
  readonly stackName: string;
  readonly template: Readonly<CfnTemplate>;
  /** `provider.deploymentBucket` as an object (`maxPreviousDeploymentArtifacts`). */
  readonly bucketSettings?: Readonly<Record<string, unknown>>;
  readonly log: { info(message: string): void };
}

/** Core's default for `maxPreviousDeploymentArtifacts`. */
const CORE_KEEPS = 5;

/** The deploy hook's whole job: nothing unless the deployed template names a packaged body. */
export async function prunePackagedOpenApiBodies(
  provider: ServerlessAwsProvider,
  context: PackagedBodyPruneContext,
): Promise<void> {
  const bodies = packagedBodies(context.template);
  if (bodies.length === 0) return;
  const clients = { cloudFormation: createAwsClients(provider).cloudFormation };
  const { bucketName } = await locate(clients, context.stackName, bodies[0].bucket);
  const marker = `/${BODY_FOLDER}/`;
  const stagePrefix = bodies[0].key.slice(0, bodies[0].key.lastIndexOf(marker));
  const setting = context.bucketSettings?.maxPreviousDeploymentArtifacts;
  await pruneOpenApiBodies(createS3Client(provider), {
    bucketName,
    stagePrefix,
    currentKeys: bodies.map((body) => body.key),
    keepDeployments: typeof setting === 'number' && setting > 0 ? setting : CORE_KEEPS,
    log: context.log,
  });
}
