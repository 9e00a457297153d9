/**
 * Checks a JSON Schema cannot express: agreement with core's own settings, rules that span several
 * keys, and API Gateway rules on values. Same issue format as schema validation. Runs only on
 * config that passed the schema.
 */
import { hasRequestId, isPreset } from '../../features/stage/access-log-formats';
import type { CoreSettings } from '../core-settings';
import type { EventsByKind } from '../../shared/events';
import { checkAccessControl } from '../../features/access-control/check';
import { checkEndpointSettings } from '../../features/caching/check';
import { checkHttpApi } from '../../features/http-api/check';
import { checkWebsocket } from '../../features/websocket/check';
import { checkRoutes } from '../../features/routes/check';
import { checkOpenApiBody } from '../../features/openapi/check';
import { type ConfigIssue, joinPath } from '../issues';
import { mergeStageEntries } from '../resolve';
import type { ApiGatewayConfig, StageConfig } from '../../config/types.generated';

export const ROOT_PATH = 'custom.apiGateway';

export interface SemanticResult {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** API Gateway stage names: letters, digits, '-' and '_', at most 128 characters. */
export const STAGE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** AWS allows at most 50 tags on a resource. */
const MAX_TAGS = 50;

/** Enum-like values (endpoint type, key source) compare case-insensitively, as core reads them. */
function same(a: unknown, b: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof a === 'string' && typeof b === 'string')
    return a.toUpperCase() === b.toUpperCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

const CASE_INSENSITIVE_KEYS = new Set(['endpointType', 'apiKeySource']);

function show(value: unknown): string {
  return JSON.stringify(value);
}

/** Each restApi key and the core setting that says the same thing. */
function corePairs(
  core: CoreSettings,
): Array<[keyof NonNullable<ApiGatewayConfig['restApi']>, string, unknown]> {
  return [
    ['name', 'provider.apiName', core.apiName],
    ['description', 'provider.apiGateway.description', core.description],
    ['endpointType', 'provider.endpointType', core.endpointType],
    ['vpcEndpointIds', 'provider.vpcEndpointIds', core.vpcEndpointIds],
    ['binaryMediaTypes', 'provider.apiGateway.binaryMediaTypes', core.binaryMediaTypes],
    [
      'minimumCompressionSize',
      'provider.apiGateway.minimumCompressionSize',
      core.minimumCompressionSize,
    ],
    ['apiKeySource', 'provider.apiGateway.apiKeySourceType', core.apiKeySourceType],
    [
      'disableExecuteApiEndpoint',
      'provider.apiGateway.disableDefaultEndpoint',
      core.disableDefaultEndpoint,
    ],
  ];
}

function checkRestApi(config: ApiGatewayConfig, core: CoreSettings, errors: ConfigIssue[]): void {
  const restApi = config.restApi ?? {};
  const restApiPath = joinPath(ROOT_PATH, 'restApi');
  if (core.sharedRestApiId !== undefined && Object.keys(restApi).length > 0) {
    errors.push({
      path: restApiPath,
      message:
        'this service attaches to a shared REST API (provider.apiGateway.restApiId), whose settings belong to the stack that created it; remove custom.apiGateway.restApi here and set them in that service',
    });
    return;
  }
  for (const [key, corePath, coreValue] of corePairs(core)) {
    const ours = restApi[key];
    if (
      ours !== undefined &&
      coreValue !== undefined &&
      !same(ours, coreValue, CASE_INSENSITIVE_KEYS.has(key))
    ) {
      errors.push({
        path: joinPath(restApiPath, key),
        message: `${show(ours)} contradicts ${corePath} ${show(coreValue)}; set it in one place (remove ${corePath}, or make both equal)`,
      });
    }
  }
  const endpointType = (restApi.endpointType ?? core.endpointType ?? 'EDGE').toUpperCase();
  const vpcEndpointIds = restApi.vpcEndpointIds ?? core.vpcEndpointIds;
  if (vpcEndpointIds && endpointType !== 'PRIVATE') {
    // Name the setting the user wrote: ours, or core's when ours is not set.
    const path = restApi.vpcEndpointIds
      ? joinPath(restApiPath, 'vpcEndpointIds')
      : restApi.endpointType
        ? joinPath(restApiPath, 'endpointType')
        : 'provider.vpcEndpointIds';
    errors.push({
      path,
      message: `VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is ${endpointType}; set endpointType: PRIVATE or remove vpcEndpointIds`,
    });
  }
}

/** Checks on what the user wrote in one entry. */
function checkStageEntry(entry: StageConfig, path: string, errors: ConfigIssue[]): void {
  const accessLog = entry.logging?.accessLog;
  const format = typeof accessLog === 'object' && accessLog ? accessLog.format : accessLog;
  const formatPath =
    joinPath(joinPath(path, 'logging'), 'accessLog') +
    (typeof accessLog === 'object' ? '.format' : '');
  if (typeof format === 'string' && !isPreset(format) && !hasRequestId(format)) {
    errors.push({
      path: formatPath,
      message:
        'a custom access-log format must include $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise); add one, or use a preset: clf, json, xml, csv',
    });
  }
}

/**
 * Checks on a stage as it resolves ('*' merged with the entry), reported at the entry when the
 * entry itself sets one of the keys involved (so a mistake in '*' is reported once, at '*').
 */
function checkMergedEntry(
  entry: StageConfig,
  merged: StageConfig,
  path: string,
  errors: ConfigIssue[],
): void {
  const accessLog = merged.logging?.accessLog;
  const ownLogging =
    entry.logging?.accessLog !== undefined || entry.logging?.retentionInDays !== undefined;
  if (
    ownLogging &&
    typeof accessLog === 'object' &&
    accessLog &&
    accessLog.destinationArn !== undefined &&
    merged.logging?.retentionInDays !== undefined
  ) {
    errors.push({
      path: joinPath(joinPath(path, 'logging'), 'retentionInDays'),
      message:
        "retention applies only to the log group the plugin creates, but accessLog.destinationArn names your own destination; set the retention on that log group instead (or remove retentionInDays, which may come from '*')",
    });
  }
  const canary = merged.canary;
  if (
    entry.canary &&
    canary &&
    canary.percentTraffic > 0 &&
    Object.keys(canary.variables ?? {}).length === 0
  ) {
    errors.push({
      path: joinPath(path, 'canary'),
      message:
        'a canary sends traffic to the same deployment as the stage, so without variables it changes nothing; add canary.variables (e.g. a Lambda alias or backend URL the integrations read from ${stageVariables.x})',
    });
  }
}

function checkStages(config: ApiGatewayConfig, core: CoreSettings, result: SemanticResult): void {
  const stagesPath = joinPath(ROOT_PATH, 'stages');
  const stages = config.stages ?? {};
  if (core.sharedRestApiId !== undefined) {
    if (Object.keys(stages).length > 0) {
      result.errors.push({
        path: stagesPath,
        message:
          'this service attaches to a shared REST API (provider.apiGateway.restApiId); its stage belongs to the stack that created the API, so configure stages in that service and remove them here',
      });
    }
    return;
  }
  for (const [name, entry] of Object.entries(stages)) {
    const path = joinPath(stagesPath, name);
    checkStageEntry(entry, path, result.errors);
    checkMergedEntry(
      entry,
      name === '*' ? entry : mergeStageEntries(config, name),
      path,
      result.errors,
    );
  }
  const merged = mergeStageEntries(config, core.stageName);
  const tagCount = Object.keys({ ...core.stackTags, ...core.tags, ...merged.tags }).length;
  if (tagCount > MAX_TAGS) {
    result.errors.push({
      path: joinPath(joinPath(stagesPath, core.stageName), 'tags'),
      message: `the stage would carry ${tagCount} tags (provider.stackTags, provider.tags and the stage's own); AWS allows at most ${MAX_TAGS} per resource`,
    });
  }
  const caching = merged.caching;
  if (
    caching &&
    caching.enabled !== true &&
    (caching.ttlInSeconds !== undefined || caching.encrypted !== undefined)
  ) {
    const written = stages[core.stageName]?.caching ? core.stageName : '*';
    result.warnings.push({
      path: joinPath(joinPath(stagesPath, written), 'caching'),
      message: `caching settings are given but the cache cluster is off in stage "${core.stageName}" (caching.enabled is not true); they take effect once it is on`,
    });
  }
}

/** All semantic errors and warnings of a schema-valid config, for the stage being deployed. */
export function checkSemantics(
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  if (!STAGE_NAME_PATTERN.test(core.stageName)) {
    result.errors.push({
      path: 'provider.stage',
      message: `${show(core.stageName)} (from --stage or provider.stage) is not a valid API Gateway stage name: letters, digits, '-' and '_' only, up to 128 characters`,
    });
  }
  checkRestApi(config, core, result.errors);
  checkStages(config, core, result);
  // Each concern's checks live beside its compiler's config; same issue format.
  for (const check of [
    checkRoutes,
    checkAccessControl,
    checkEndpointSettings,
    checkHttpApi,
    checkWebsocket,
    checkOpenApiBody,
  ]) {
    const found = check(config, events, core);
    result.errors.push(...found.errors);
    result.warnings.push(...found.warnings);
  }
  return result;
}
