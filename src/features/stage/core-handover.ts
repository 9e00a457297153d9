/**
 * The REST stage moves from core to CloudFormation (DESIGN decision 1): what core must still do for
 * it, and what it must stop doing. The first two steps change core's provider settings in the
 * service (the only stage logic that does), at the hooks the plugin gives them; the third keeps
 * the account-role function core compiles for it deployable.
 */
import type { ResolvedConfig } from '../../pipeline/resolve';
import type { CompileContext } from '../../pipeline/compile-context';
import type { TemplateFragment } from '../../cloudformation/template';

type ProviderSettings = Record<string, unknown>;

/** Older shapes (`provider.tracing: true`) are not objects: nothing of ours to take back there. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Logging needs the account's CloudWatch role. Core knows how to set it safely (only when the
 * account has none) and does so when `provider.logs.restApi` is set: ask core for it, and take
 * the setting back before the service state is saved (see handOverStageFromCore).
 */
export function askCoreForCloudWatchRole(provider: ProviderSettings, config: ResolvedConfig): void {
  const stage = config.stage;
  if (!stage) return;
  const logs = provider.logs as Record<string, unknown> | undefined;
  const needsRole = stage.logging.level !== 'OFF' || stage.logging.accessLog !== undefined;
  const role = config.restApi.cloudWatchRole;
  if (!needsRole || role === 'external' || logs?.restApi !== undefined) return;
  provider.logs = {
    ...logs,
    restApi: { accessLogging: true, ...(typeof role === 'object' ? { role: role.roleArn } : {}) },
  };
}

/**
 * Core patches logs, tracing, metrics and tags of the stage through the SDK after deploy, based on
 * the provider settings in the saved service state. The Stage resource declares all of them now:
 * remove the settings it would act on (they live on in the Stage) and align the tags it syncs, so
 * its patch has nothing left to change.
 */
export function handOverStageFromCore(provider: ProviderSettings, config: ResolvedConfig): void {
  const stage = config.stage;
  if (!stage) return;
  const settings = provider as Record<string, Record<string, unknown> | undefined>;
  if (isObject(settings.logs) && 'restApi' in settings.logs) {
    const { restApi: _restApi, ...otherLogs } = settings.logs;
    settings.logs = otherLogs;
  }
  if (isObject(settings.tracing) && 'apiGateway' in settings.tracing) {
    const { apiGateway: _apiGateway, ...otherTracing } = settings.tracing;
    settings.tracing = otherTracing;
  }
  if (isObject(settings.apiGateway) && 'metrics' in settings.apiGateway) {
    const { metrics: _metrics, ...otherApiGateway } = settings.apiGateway;
    settings.apiGateway = otherApiGateway;
  }
  // Core re-tags the stage with provider.stackTags + provider.tags and removes any other tag.
  const syncsTags = settings.tags !== undefined || settings.stackTags !== undefined;
  if (syncsTags && Object.keys(stage.ownTags).length > 0) {
    settings.tags = { ...settings.tags, ...stage.ownTags };
  }
}

/**
 * The runtime core's CloudWatch-role function gets when core's is older. Serverless v3.40 writes
 * `nodejs18.x`, whose creation AWS blocks on its deprecation schedule, which would fail the first
 * deploy with logging. Its code (resources/api-gateway-cloud-watch-role, resources/utils.js) needs
 * only Node's `https`/`url` and the AWS SDK v3 clients every Node.js runtime since 18 bundles, and
 * answers CloudFormation through the handler callback, which Node.js 22 still passes and the
 * Node.js 24 runtime no longer does: 22 is the newest runtime it works on. osls already uses the
 * service's Node.js runtime (else 24, with a handler written for it): nothing to change there.
 */
export const CLOUD_WATCH_ROLE_RUNTIME = 'nodejs22.x';
const CLOUD_WATCH_ROLE_RUNTIME_MAJOR = 22;

/** `X` of `{ 'Fn::GetAtt': [X, 'Arn'] }`. */
function getAttArnTarget(value: unknown): string | undefined {
  const getAttValue = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAttValue) &&
    getAttValue[1] === 'Arn' &&
    typeof getAttValue[0] === 'string'
    ? getAttValue[0]
    : undefined;
}

/**
 * Keeps `cloudWatchRole: ensure` deployable on Serverless v3: the function behind core's account
 * role custom resource (found through the resource's ServiceToken) runs CLOUD_WATCH_ROLE_RUNTIME
 * when core wrote an older Node.js runtime. Only while the plugin owns the stage (the resource is
 * there because the stage logs); nothing else of core's resource changes.
 */
export function updateCloudWatchRoleRuntime(
  config: ResolvedConfig,
  ctx: CompileContext,
): TemplateFragment[] {
  if (!config.stage) return [];
  const customResource = ctx.template.Resources[ctx.naming.accountCloudWatchRole()];
  const functionId = getAttArnTarget(customResource?.Properties?.ServiceToken);
  const handler = functionId ? ctx.template.Resources[functionId] : undefined;
  if (!functionId || handler?.Type !== 'AWS::Lambda::Function') return [];
  const runtime = handler.Properties?.Runtime;
  const major = typeof runtime === 'string' ? /^nodejs(\d+)\.x$/.exec(runtime)?.[1] : undefined;
  if (major === undefined || Number(major) >= CLOUD_WATCH_ROLE_RUNTIME_MAJOR) return [];
  return [
    { patches: [{ logicalId: functionId, setProperties: { Runtime: CLOUD_WATCH_ROLE_RUNTIME } }] },
  ];
}
