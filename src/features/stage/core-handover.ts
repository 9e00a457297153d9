/**
 * The REST stage moves from core to CloudFormation (DESIGN decision 1): what core must still do for
 * it, and what it must stop doing. These two steps change core's provider settings in the service
 * (the only stage logic that does), at the hooks the plugin gives them.
 */
import type { ResolvedConfig } from '../../pipeline/resolve';

type ProviderSettings = Record<string, unknown>;

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
  if (settings.logs && 'restApi' in settings.logs) {
    const { restApi: _restApi, ...otherLogs } = settings.logs;
    settings.logs = otherLogs;
  }
  if (settings.tracing && 'apiGateway' in settings.tracing) {
    const { apiGateway: _apiGateway, ...otherTracing } = settings.tracing;
    settings.tracing = otherTracing;
  }
  if (settings.apiGateway && 'metrics' in settings.apiGateway) {
    const { metrics: _metrics, ...otherApiGateway } = settings.apiGateway;
    settings.apiGateway = otherApiGateway;
  }
  // Core re-tags the stage with provider.stackTags + provider.tags and removes any other tag.
  const syncsTags = settings.tags !== undefined || settings.stackTags !== undefined;
  if (syncsTags && Object.keys(stage.ownTags).length > 0) {
    settings.tags = { ...settings.tags, ...stage.ownTags };
  }
}
