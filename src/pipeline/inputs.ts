/**
 * The pipeline's first step: read what the plugin needs from Serverless, once: the user's
 * `custom.apiGateway`, the function events with their `apiGateway` blocks, core's provider
 * settings, and the service files the config names (mapping templates, model schemas), so that
 * validation, resolution and the compilers stay pure.
 */
import { readCoreSettings, type CoreSettings } from './core-settings';
import type { AwsProviderLike, ServerlessLike } from './serverless';
import { collectEvents, type EventsByKind } from '../common/events';
import { withServiceFiles } from './service-files';

export interface PipelineInputs {
  /** `custom.apiGateway` as written (validated later). */
  readonly userConfig: unknown;
  readonly events: EventsByKind;
  /** Core's settings, with the service files the config names loaded. */
  readonly core: CoreSettings;
  readonly serviceDir: string;
}

export function readEvents(serverless: ServerlessLike): EventsByKind {
  const functions: Record<string, { events?: unknown[] }> = {};
  for (const name of serverless.service.getAllFunctions()) {
    functions[name] = serverless.service.getFunction(name);
  }
  return collectEvents(functions);
}

/** The plugin acts only on services that use it: no config, no change to the template. */
export function usesPlugin(userConfig: unknown, events: EventsByKind): boolean {
  return (
    userConfig !== undefined ||
    Object.values(events).some((list) => list.some((event) => event.settings !== undefined))
  );
}

export function readInputs(serverless: ServerlessLike, provider: AwsProviderLike): PipelineInputs {
  const userConfig = serverless.service.custom?.apiGateway;
  const events = readEvents(serverless);
  const serviceDir = serverless.serviceDir ?? process.cwd();
  const core = readCoreSettings({
    service: serverless.service.service,
    stageName: provider.getStage(),
    region: provider.getRegion(),
    provider: serverless.service.provider,
    functionNames: serverless.service.getAllFunctions(),
  });
  return {
    userConfig,
    events,
    core: withServiceFiles(core, userConfig, events, serviceDir),
    serviceDir,
  };
}
