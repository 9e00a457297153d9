// Taking over a REST API stage that the Serverless Framework created implicitly.
//
// Core creates the stage through the `StageName` of its AWS::ApiGateway::Deployment. The plugin
// removes that property and declares an AWS::ApiGateway::Stage instead, which CloudFormation can
// only create, never adopt: on a service deployed before the plugin was added, the stack update
// fails with "<stage> already exists" and rolls back. This module finds that situation before the
// update and, only when the user asked for it, deletes the old stage so CloudFormation can create
// it again, keeping a snapshot to put it back if the update fails.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  CacheClusterSize,
  CreateStageCommand,
  DeleteStageCommand,
  GetStageCommand,
  UpdateStageCommand,
  type CanarySettings,
  type GetStageCommandOutput,
  type MethodSetting,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import {
  DescribeStacksCommand,
  paginateListStackResources,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { classifyAwsError, errorMessage, errorName, retryAttempts } from '../aws/errors';

/** What `GetStage` told us about a stage, enough to create it again. */
export interface StageSnapshot {
  restApiId: string;
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
  documentationVersion?: string;
  canarySettings?: CanarySettings;
  /** User tags only: `aws:`-prefixed tags are reserved and cannot be set by anyone but AWS. */
  tags?: Record<string, string>;
  // CreateStage cannot take the settings below; restoreStage applies them with UpdateStage.
  clientCertificateId?: string;
  accessLogSettings?: { destinationArn?: string; format?: string };
  /** Keyed like GetStage keys them: `{resourcePath}/{httpMethod}`, e.g. `*\/*`. */
  methodSettings?: Record<string, MethodSetting>;
  /** Recorded for the user only: the WAF association lives in WAF, not in API Gateway. */
  webAclArn?: string;
}

export type StageOwnership =
  /** The stack is not deployed yet: nothing to migrate. */
  | { kind: 'no-stack' }
  /** The service deploys into a shared REST API (provider.apiGateway.restApiId): not ours. */
  | { kind: 'external-api' }
  /** The stack exists but has no REST API resource (yet). */
  | { kind: 'no-rest-api' }
  /** The stack already declares the stage as AWS::ApiGateway::Stage: a normal update. */
  | { kind: 'declared'; restApiId: string }
  /** The API has no stage of that name: CloudFormation will create it. */
  | { kind: 'absent'; restApiId: string }
  /** The stage exists outside the stack's Stage resource (made by core's Deployment). */
  | { kind: 'implicit'; restApiId: string; stage: StageSnapshot };

export interface DetectInput {
  stackName: string;
  restApiLogicalId: string;
  stageLogicalId: string;
  stageName: string;
  /** provider.apiGateway.restApiId, when the service uses a REST API it does not own. */
  externalRestApiId?: string;
}

export type MigrationPolicy = 'fail' | 'recreate';

export type MigrationPlan =
  | { action: 'proceed' }
  | { action: 'recreate'; stage: StageSnapshot }
  | { action: 'stop'; message: string };

export interface MigrationLog {
  notice(message: string): void;
  warning(message: string): void;
}

export type StageMigrationErrorReason =
  'credentials' | 'access-denied' | 'throttled' | 'conflict' | 'snapshot' | 'timeout' | 'aws';

export class StageMigrationError extends Error {
  readonly reason: StageMigrationErrorReason;

  constructor(message: string, reason: StageMigrationErrorReason, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StageMigrationError';
    this.reason = reason;
  }
}

const STAGE_RESOURCE_TYPE = 'AWS::ApiGateway::Stage';
const REST_API_RESOURCE_TYPE = 'AWS::ApiGateway::RestApi';

export async function detectStageOwnership(
  clients: Pick<AwsClients, 'apiGateway' | 'cloudFormation'>,
  input: DetectInput,
): Promise<StageOwnership> {
  if (input.externalRestApiId) return { kind: 'external-api' };

  const resources = await listLiveStackResources(clients, input.stackName);
  if (resources === undefined) return { kind: 'no-stack' };

  const restApiId = resources.find(
    (resource) =>
      resource.LogicalResourceId === input.restApiLogicalId &&
      resource.ResourceType === REST_API_RESOURCE_TYPE,
  )?.PhysicalResourceId;
  if (!restApiId) return { kind: 'no-rest-api' };

  const declared = resources.some(
    (resource) =>
      resource.LogicalResourceId === input.stageLogicalId &&
      resource.ResourceType === STAGE_RESOURCE_TYPE,
  );
  if (declared) return { kind: 'declared', restApiId };

  const stage = await getStageSnapshot(clients, restApiId, input.stageName, input.stackName);
  return stage ? { kind: 'implicit', restApiId, stage } : { kind: 'absent', restApiId };
}

export function planStageMigration(
  ownership: StageOwnership,
  policy: MigrationPolicy,
  configPath = 'custom.apiGateway.stageMigration',
): MigrationPlan {
  if (ownership.kind !== 'implicit') return { action: 'proceed' };
  if (policy === 'recreate') return { action: 'recreate', stage: ownership.stage };
  return { action: 'stop', message: stopMessage(ownership.stage, configPath) };
}

function stopMessage(stage: StageSnapshot, configPath: string): string {
  const { stageName, restApiId } = stage;
  const lines = [
    `The API Gateway stage "${stageName}" of REST API ${restApiId} already exists, but it was ` +
      'created without serverless-apigateway-kit: the Serverless Framework made it implicitly ' +
      'through the StageName of its AWS::ApiGateway::Deployment. The plugin declares the stage as ' +
      'an AWS::ApiGateway::Stage resource, and CloudFormation cannot take over a stage that ' +
      `already exists, so this deploy would fail ("${stageName} already exists") and roll back. ` +
      'Nothing was changed.',
    '',
    'Two ways out:',
    `  1. Let the plugin recreate the stage: set \`${configPath}: recreate\` (or pass ` +
      '`--stage-migration recreate` on the command line). Just before the stack update the ' +
      'plugin saves the stage settings, prints the command that restores them, and deletes the ' +
      'old stage; CloudFormation then creates it again. The stage and its URL are unavailable ' +
      'for the duration of the stack update, typically under a minute. Custom domain ' +
      'base path mappings to the stage are affected too: check them after the deploy and recreate ' +
      'any that are gone.',
  ];
  if (stage.webAclArn) {
    lines.push(
      `     The stage is associated with the WAF web ACL ${stage.webAclArn}; associate the new ` +
        'stage with it again.',
    );
  }
  lines.push(
    "  2. Keep deploying without the plugin's stage: leave serverless-apigateway-kit out of " +
      '`plugins` for this service, and the Serverless Framework keeps managing the stage as before.',
  );
  return lines.join('\n');
}

/**
 * Deletes the implicit stage (the plan was 'recreate'). Writes the snapshot as JSON to
 * snapshotPath first (atomically) and logs the `aws apigateway create-stage ...` command that
 * restores it. If the snapshot cannot be written, the stage is left alone.
 */
export async function deleteImplicitStage(
  clients: Pick<AwsClients, 'apiGateway'>,
  stage: StageSnapshot,
  options: { snapshotPath: string; log: MigrationLog },
): Promise<void> {
  const { snapshotPath, log } = options;
  const region = await clients.apiGateway.config.region();
  const command = restoreCommand(stage, region);
  const subject = describeStage(stage);

  await writeSnapshotFile(snapshotPath, stage, region, command);
  log.notice(
    `Deleting ${subject} so CloudFormation can create it as an AWS::ApiGateway::Stage ` +
      '(stage migration: recreate). Its URL is unavailable until the stack update finishes.',
  );
  log.notice(`Saved its settings to ${snapshotPath}. To put the old stage back by hand, run:`);
  log.notice(`  ${command}`);
  if (stage.webAclArn) {
    log.warning(
      `${subject} is associated with the WAF web ACL ${stage.webAclArn}; the association ` +
        'is lost with the stage. Associate the new stage with it again after the deploy.',
    );
  }
  log.warning(
    `Custom domain base path mappings to ${subject} are affected by the deletion: ` +
      'check them after the deploy and recreate any that are gone.',
  );

  try {
    await clients.apiGateway.send(
      new DeleteStageCommand({ restApiId: stage.restApiId, stageName: stage.stageName }),
    );
  } catch (error) {
    // Someone removed it in the meantime: what we wanted, and the snapshot is on disk anyway.
    if (errorName(error) === 'NotFoundException') {
      log.notice(`${subject} was already gone.`);
      return;
    }
    throw toStageMigrationError(error, {
      doing: 'deleting',
      subject,
      permission: `apigateway:DELETE on ${stagePath(stage)}`,
      outcome: `The stage was not deleted; its snapshot is in ${snapshotPath}.`,
    });
  }
}

/**
 * Recreates the stage from a snapshot (used when the stack update fails after
 * deleteImplicitStage). Call it only once the stack has settled (see waitForStackToSettle): while
 * a rollback is still running, CloudFormation may yet delete a stage of that name.
 */
export async function restoreStage(
  clients: Pick<AwsClients, 'apiGateway'>,
  stage: StageSnapshot,
): Promise<void> {
  const subject = describeStage(stage);
  try {
    await clients.apiGateway.send(new CreateStageCommand(createStageInput(stage)));
  } catch (error) {
    if (errorName(error) === 'ConflictException') {
      throw new StageMigrationError(
        `Did not restore ${subject}: a stage of that name exists again, and it was left as it is.`,
        'conflict',
        { cause: error },
      );
    }
    throw toStageMigrationError(error, {
      doing: 'recreating',
      subject,
      permission: `apigateway:POST on /restapis/${stage.restApiId}/stages`,
    });
  }

  const patchOperations = restorePatchOperations(stage);
  if (patchOperations.length === 0) return;
  try {
    await clients.apiGateway.send(
      new UpdateStageCommand({
        restApiId: stage.restApiId,
        stageName: stage.stageName,
        patchOperations,
      }),
    );
  } catch (error) {
    throw toStageMigrationError(error, {
      doing: 'applying the saved logging, throttling and caching settings to',
      subject,
      permission: `apigateway:PATCH on ${stagePath(stage)}`,
      outcome: 'The stage itself was recreated; only these settings are missing.',
    });
  }
}

/**
 * Waits until the stack is no longer in an *_IN_PROGRESS state and returns that state
 * (undefined when the stack is gone). The Serverless Framework reports a failed update as soon as
 * the first resource fails, while the rollback is still running.
 */
export async function waitForStackToSettle(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
  options: { pollIntervalMs?: number; timeoutMs?: number } = {},
): Promise<string | undefined> {
  const { pollIntervalMs = 5_000, timeoutMs = 30 * 60_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let status: string | undefined;
    try {
      const output = await clients.cloudFormation.send(
        new DescribeStacksCommand({ StackName: stackName }),
      );
      status = output.Stacks?.[0]?.StackStatus;
    } catch (error) {
      if (isMissingStack(error)) return undefined;
      throw toStageMigrationError(error, {
        doing: 'waiting for',
        subject: `stack "${stackName}"`,
        permission: `cloudformation:DescribeStacks on stack ${stackName}`,
      });
    }
    if (status !== undefined && !status.endsWith('_IN_PROGRESS')) return status;
    if (Date.now() >= deadline) {
      throw new StageMigrationError(
        `Stack "${stackName}" was still ${status ?? 'busy'} after ${Math.round(timeoutMs / 1000)}s.`,
        'timeout',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

/** A POSIX shell command (AWS CLI v2) that recreates the stage as the snapshot describes it. */
export function restoreCommand(stage: StageSnapshot, region: string): string {
  const target = [
    '--region',
    region,
    '--rest-api-id',
    stage.restApiId,
    '--stage-name',
    stage.stageName,
  ];
  const create = ['aws', 'apigateway', 'create-stage', ...target];
  create.push('--deployment-id', stage.deploymentId);
  if (stage.description !== undefined) create.push('--description', stage.description);
  if (stage.cacheClusterEnabled !== undefined) {
    create.push(
      stage.cacheClusterEnabled ? '--cache-cluster-enabled' : '--no-cache-cluster-enabled',
    );
  }
  if (stage.cacheClusterSize !== undefined)
    create.push('--cache-cluster-size', stage.cacheClusterSize);
  if (stage.tracingEnabled !== undefined) {
    create.push(stage.tracingEnabled ? '--tracing-enabled' : '--no-tracing-enabled');
  }
  if (stage.documentationVersion !== undefined) {
    create.push('--documentation-version', stage.documentationVersion);
  }
  if (stage.variables !== undefined) create.push('--variables', JSON.stringify(stage.variables));
  if (stage.canarySettings !== undefined) {
    create.push('--canary-settings', JSON.stringify(stage.canarySettings));
  }
  if (stage.tags !== undefined) create.push('--tags', JSON.stringify(stage.tags));

  const commands = [create];
  const patchOperations = restorePatchOperations(stage);
  if (patchOperations.length > 0) {
    commands.push([
      'aws',
      'apigateway',
      'update-stage',
      ...target,
      '--patch-operations',
      JSON.stringify(patchOperations),
    ]);
  }
  return commands.map((words) => words.map(shellQuote).join(' ')).join(' && ');
}

/** The UpdateStage operations for what CreateStage cannot set. */
export function restorePatchOperations(stage: StageSnapshot): PatchOperation[] {
  const operations: PatchOperation[] = [];
  const replace = (path: string, value: string) => operations.push({ op: 'replace', path, value });

  if (stage.clientCertificateId !== undefined) {
    replace('/clientCertificateId', stage.clientCertificateId);
  }
  if (stage.accessLogSettings?.destinationArn !== undefined) {
    replace('/accessLogSettings/destinationArn', stage.accessLogSettings.destinationArn);
  }
  if (stage.accessLogSettings?.format !== undefined) {
    replace('/accessLogSettings/format', stage.accessLogSettings.format);
  }
  for (const [methodPath, setting] of Object.entries(stage.methodSettings ?? {})) {
    for (const [field, suffix] of METHOD_SETTING_PATHS) {
      const value = setting[field];
      if (value !== undefined) replace(`/${methodPath}/${suffix}`, String(value));
    }
  }
  return operations;
}

// The patch path of each MethodSetting field, per the API Gateway UpdateStage reference.
const METHOD_SETTING_PATHS: ReadonlyArray<readonly [keyof MethodSetting, string]> = [
  ['metricsEnabled', 'metrics/enabled'],
  ['loggingLevel', 'logging/loglevel'],
  ['dataTraceEnabled', 'logging/dataTrace'],
  ['throttlingBurstLimit', 'throttling/burstLimit'],
  ['throttlingRateLimit', 'throttling/rateLimit'],
  ['cachingEnabled', 'caching/enabled'],
  ['cacheTtlInSeconds', 'caching/ttlInSeconds'],
  ['cacheDataEncrypted', 'caching/dataEncrypted'],
  ['requireAuthorizationForCacheControl', 'caching/requireAuthorizationForCacheControl'],
  ['unauthorizedCacheControlHeaderStrategy', 'caching/unauthorizedCacheControlHeaderStrategy'],
];

const SNAPSHOT_FORMAT = 'serverless-apigateway-kit/stage-snapshot@1';

interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  savedAt: string;
  region: string;
  restoreCommand: string;
  stage: StageSnapshot;
}

/** Reads a file written by deleteImplicitStage, e.g. to restore a stage by hand later. */
export async function readStageSnapshot(snapshotPath: string): Promise<StageSnapshot> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(snapshotPath, 'utf8'));
  } catch (error) {
    throw new StageMigrationError(
      `Could not read the stage snapshot ${snapshotPath}: ${errorMessage(error)}`,
      'snapshot',
      { cause: error },
    );
  }
  const stage = (parsed as Partial<SnapshotFile> | null)?.stage;
  if (
    (parsed as Partial<SnapshotFile> | null)?.format !== SNAPSHOT_FORMAT ||
    typeof stage?.restApiId !== 'string' ||
    typeof stage.stageName !== 'string' ||
    typeof stage.deploymentId !== 'string'
  ) {
    throw new StageMigrationError(
      `${snapshotPath} is not a stage snapshot written by serverless-apigateway-kit.`,
      'snapshot',
    );
  }
  return stage;
}

async function writeSnapshotFile(
  snapshotPath: string,
  stage: StageSnapshot,
  region: string,
  command: string,
): Promise<void> {
  const content: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    savedAt: new Date().toISOString(),
    region,
    restoreCommand: command,
    stage,
  };
  // Written next to the target and renamed over it, so a crash never leaves half a snapshot.
  const temporaryPath = `${snapshotPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(snapshotPath), { recursive: true });
    // Stage variables sometimes carry values their owners would rather not share.
    await writeFile(temporaryPath, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await rename(temporaryPath, snapshotPath);
  } catch (error) {
    await rm(temporaryPath, { force: true }).catch(() => undefined);
    throw new StageMigrationError(
      `Could not save the snapshot of ${describeStage(stage)} to ${snapshotPath}: ` +
        `${errorMessage(error)}. The stage was not deleted.`,
      'snapshot',
      { cause: error },
    );
  }
}

/** Resources of the stack that still exist; undefined when the stack does not. */
async function listLiveStackResources(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
): Promise<StackResourceSummary[] | undefined> {
  const resources: StackResourceSummary[] = [];
  try {
    const pages = paginateListStackResources(
      { client: clients.cloudFormation },
      { StackName: stackName },
    );
    for await (const page of pages) resources.push(...(page.StackResourceSummaries ?? []));
  } catch (error) {
    if (isMissingStack(error)) return undefined;
    throw toStageMigrationError(error, {
      doing: 'reading the resources of',
      subject: `stack "${stackName}"`,
      permission: `cloudformation:ListStackResources on stack ${stackName}`,
    });
  }
  return resources.filter((resource) => resource.ResourceStatus !== 'DELETE_COMPLETE');
}

async function getStageSnapshot(
  clients: Pick<AwsClients, 'apiGateway'>,
  restApiId: string,
  stageName: string,
  stackName: string,
): Promise<StageSnapshot | undefined> {
  const subject = `${describeStage({ restApiId, stageName })} (stack "${stackName}")`;
  let output: GetStageCommandOutput;
  try {
    output = await clients.apiGateway.send(new GetStageCommand({ restApiId, stageName }));
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return undefined;
    throw toStageMigrationError(error, {
      doing: 'checking',
      subject,
      permission: `apigateway:GET on ${stagePath({ restApiId, stageName })}`,
    });
  }
  if (!output.deploymentId) {
    throw new StageMigrationError(
      `Unexpected answer from API Gateway while checking ${subject}: the stage has no deployment.`,
      'aws',
    );
  }
  return snapshotFromStage(restApiId, stageName, output.deploymentId, output);
}

function snapshotFromStage(
  restApiId: string,
  stageName: string,
  deploymentId: string,
  stage: GetStageCommandOutput,
): StageSnapshot {
  const snapshot: StageSnapshot = { restApiId, stageName, deploymentId };
  if (stage.description !== undefined) snapshot.description = stage.description;
  if (stage.variables !== undefined) snapshot.variables = { ...stage.variables };
  if (stage.cacheClusterEnabled !== undefined) {
    snapshot.cacheClusterEnabled = stage.cacheClusterEnabled;
  }
  if (stage.cacheClusterSize !== undefined) snapshot.cacheClusterSize = stage.cacheClusterSize;
  if (stage.tracingEnabled !== undefined) snapshot.tracingEnabled = stage.tracingEnabled;
  if (stage.documentationVersion !== undefined) {
    snapshot.documentationVersion = stage.documentationVersion;
  }
  if (stage.canarySettings !== undefined) snapshot.canarySettings = { ...stage.canarySettings };
  const userTags = Object.entries(stage.tags ?? {}).filter(([key]) => !key.startsWith('aws:'));
  if (userTags.length > 0) snapshot.tags = Object.fromEntries(userTags);
  if (stage.clientCertificateId !== undefined) {
    snapshot.clientCertificateId = stage.clientCertificateId;
  }
  if (stage.accessLogSettings !== undefined) {
    const { destinationArn, format } = stage.accessLogSettings;
    snapshot.accessLogSettings = {
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(format !== undefined ? { format } : {}),
    };
  }
  if (stage.methodSettings !== undefined && Object.keys(stage.methodSettings).length > 0) {
    snapshot.methodSettings = structuredClone(stage.methodSettings);
  }
  if (stage.webAclArn !== undefined) snapshot.webAclArn = stage.webAclArn;
  return snapshot;
}

function createStageInput(stage: StageSnapshot) {
  const { cacheClusterSize } = stage;
  if (cacheClusterSize !== undefined && !isCacheClusterSize(cacheClusterSize)) {
    throw new StageMigrationError(
      `Cannot recreate ${describeStage(stage)}: "${cacheClusterSize}" is not a cache cluster size.`,
      'snapshot',
    );
  }
  return {
    restApiId: stage.restApiId,
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    description: stage.description,
    variables: stage.variables,
    cacheClusterEnabled: stage.cacheClusterEnabled,
    cacheClusterSize,
    tracingEnabled: stage.tracingEnabled,
    documentationVersion: stage.documentationVersion,
    canarySettings: stage.canarySettings,
    tags: stage.tags,
  };
}

const CACHE_CLUSTER_SIZES: ReadonlySet<string> = new Set(Object.values(CacheClusterSize));

function isCacheClusterSize(value: string): value is CacheClusterSize {
  return CACHE_CLUSTER_SIZES.has(value);
}

function describeStage(stage: Pick<StageSnapshot, 'restApiId' | 'stageName'>): string {
  return `the stage "${stage.stageName}" of REST API ${stage.restApiId}`;
}

function stagePath(stage: Pick<StageSnapshot, 'restApiId' | 'stageName'>): string {
  return `/restapis/${stage.restApiId}/stages/${stage.stageName}`;
}

function isMissingStack(error: unknown): boolean {
  return errorName(error) === 'ValidationError' && /does not exist/.test(errorMessage(error));
}

// ---------------------------------------------------------------------------------------------
// Turning SDK errors into messages a user can act on.

interface AwsCall {
  /** What we were doing, completed by the subject: "checking" + "the stage ... of REST API ...". */
  doing: string;
  subject: string;
  /** The IAM action and resource the call needs, for access-denied messages. */
  permission: string;
  /** What state the call left things in, when the caller needs to know. */
  outcome?: string;
}

function toStageMigrationError(error: unknown, call: AwsCall): StageMigrationError {
  if (error instanceof StageMigrationError) return error;
  const name = errorName(error) ?? 'Error';
  const kind = classifyAwsError(error);
  const detail = `${name}: ${errorMessage(error)}`;
  const target = `${call.doing} ${call.subject}`;
  const outcome = call.outcome ? ` ${call.outcome}` : '';

  if (kind === 'credentials') {
    return new StageMigrationError(
      `AWS rejected or could not find the credentials while ${target} (${detail}). The plugin ` +
        'uses the credentials the Serverless Framework resolved (provider.profile, --aws-profile, ' +
        'AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); check that they exist, are ' +
        `valid and have not expired.${outcome}`,
      'credentials',
      { cause: error },
    );
  }
  if (kind === 'access-denied') {
    return new StageMigrationError(
      `Access denied while ${target}: the deploying identity needs ${call.permission} ` +
        `(${detail}).${outcome}`,
      'access-denied',
      { cause: error },
    );
  }
  if (kind === 'throttled') {
    const attempts = retryAttempts(error);
    const retried = attempts ? ` after ${attempts} attempts with backoff` : ' despite retries';
    return new StageMigrationError(
      `AWS kept throttling the requests while ${target} and the plugin gave up${retried} ` +
        `(${detail}). The request was not carried out; wait a minute and deploy again.${outcome}`,
      'throttled',
      { cause: error },
    );
  }
  return new StageMigrationError(
    `Unexpected AWS error while ${target}: ${detail}${outcome ? `.${outcome}` : ''}`,
    'aws',
    { cause: error },
  );
}

function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-.,:/=@+%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
