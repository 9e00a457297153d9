/**
 * `sls apigateway serve` (issue 16): packages the service (as `export-openapi --offline` does),
 * reads the packaged template through the API model and serves it locally (src/local) until
 * SIGINT or SIGTERM, then closes its sockets and function workers and returns, so the command
 * exits 0.
 */
import { ERROR_CODES, KitError } from '../pipeline/errors';
import { startLocalGateway } from '../local';
import type { CfnTemplate } from '../cloudformation/template';
import type { CommandIo } from './options';
import type { CacheInvalidationSettings } from '../local/rest/cache';

/** What the command needs from the plugin (a subset of export-openapi's ExportContext). */
export interface ServeContext {
  provider: { getStage(): string; getRegion(): string };
  serviceDir: string;
  stackName(): string;
  packageService(): Promise<void>;
  template(): CfnTemplate | undefined;
  /** The stage's `caching.invalidation` (not in the template), for the local cache. */
  cacheInvalidation?(): CacheInvalidationSettings | undefined;
}

export interface ServeRequest {
  host: string;
  port: number;
}

export function parseServeOptions(options: Record<string, unknown>): ServeRequest {
  const host = options.host === undefined ? '127.0.0.1' : String(options.host);
  const portText = options.port === undefined ? '4000' : String(options.port);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new KitError(
      `--port: ${JSON.stringify(options.port)} is not a TCP port; use a number from 0 (any free port) to 65535`,
      ERROR_CODES.invalidOption,
    );
  }
  if (host.trim() === '')
    throw new KitError('--host needs an address, e.g. 127.0.0.1', ERROR_CODES.invalidOption);
  return { host, port };
}

/** Resolves on the first SIGINT or SIGTERM (and stops listening for them). */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runServe(
  options: Record<string, unknown>,
  io: CommandIo,
  context: ServeContext,
  stopped: () => Promise<unknown> = untilStopped,
): Promise<void> {
  const request = parseServeOptions(options);
  await context.packageService();
  const template = context.template();
  if (!template || typeof template.Resources !== 'object' || template.Resources === null) {
    throw new KitError(
      'Packaging the service produced no CloudFormation template to serve.',
      ERROR_CODES.invalidOption,
    );
  }
  const stage = context.provider.getStage();
  const cacheInvalidation = context.cacheInvalidation?.();
  const gateway = await startLocalGateway({
    servicePath: context.serviceDir,
    template,
    stage,
    host: request.host,
    port: request.port,
    region: context.provider.getRegion(),
    stackName: context.stackName(),
    log: (line) => io.log.notice(line),
    ...(cacheInvalidation ? { cacheInvalidation } : {}),
  });
  if (gateway.urls.rest === undefined) {
    await gateway.close();
    throw new KitError(
      'The packaged template has no REST API to serve (no http events or routes); HTTP and WebSocket APIs are not served locally yet.',
      ERROR_CODES.invalidOption,
    );
  }
  io.writeText(`REST API: ${gateway.urls.rest}`);
  for (const key of gateway.apiKeys) {
    const notes = [
      key.generated ? 'local value' : undefined,
      key.enabled ? undefined : 'disabled',
      key.plans.length > 0 ? `usage plan ${key.plans.join(', ')}` : 'no usage plan for this stage',
    ].filter((note) => note !== undefined);
    io.writeText(`API key ${key.name}: ${key.value} (${notes.join('; ')})`);
  }
  const signal = await stopped();
  io.log.notice(`${String(signal)}: closing the local gateway`);
  await gateway.close();
}
