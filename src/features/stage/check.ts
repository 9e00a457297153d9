/**
 * Semantic checks of the stages: the stage name, access-log formats, settings that only work
 * together (retention with the plugin's log group, a canary with variables), the tag limit, and
 * caching settings of a stage without a cache cluster. Same issue format as schema validation.
 */
import { hasRequestId, isPreset } from './access-log-formats';
import { mergeStageEntries } from './resolve';
import type { CoreSettings } from '../../pipeline/core-settings';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import type { ApiGatewayConfig, StageConfig } from '../../config/types.generated';

const ROOT_PATH = 'custom.apiGateway';

/** API Gateway stage names: letters, digits, '-' and '_', at most 128 characters. */
const STAGE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** AWS allows at most 50 tags on a resource. */
const MAX_TAGS = 50;

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

function checkEntries(config: ApiGatewayConfig, core: CoreSettings, result: SemanticResult): void {
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

export function checkStageName(
  _config: ApiGatewayConfig,
  _events: unknown,
  core: CoreSettings,
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  if (!STAGE_NAME_PATTERN.test(core.stageName)) {
    result.errors.push({
      path: 'provider.stage',
      message: `${JSON.stringify(core.stageName)} (from --stage or provider.stage) is not a valid API Gateway stage name: letters, digits, '-' and '_' only, up to 128 characters`,
    });
  }
  return result;
}

export function checkStages(
  config: ApiGatewayConfig,
  _events: unknown,
  core: CoreSettings,
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  checkEntries(config, core, result);
  return result;
}
