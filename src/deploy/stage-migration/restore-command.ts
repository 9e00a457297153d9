// The AWS CLI commands and UpdateStage operations that put a stage back as its snapshot describes
// it: printed before the old stage is deleted, and used by restoreStage.
import type { MethodSetting, PatchOperation } from '@aws-sdk/client-api-gateway';
import type { StageSnapshot } from './types';

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

function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-.,:/=@+%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
