/**
 * `sls apigateway serve` (issue 16): packages the service (as `export-openapi --offline` does),
 * reads the packaged template through the API model and serves it locally (src/local) until
 * SIGINT or SIGTERM, then closes its sockets and function workers and returns, so the command
 * exits 0. Unless `--no-watch`, it watches the service's files meanwhile (./serve-watch.ts): a
 * changed handler gets fresh function workers, a changed config (or any other non-code file) is
 * packaged again in a child process (./serve-package.ts) and the new template served from the
 * next request on; a failed package keeps the previous one serving.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { ApiGatewayConfig } from '../config/types.generated';
import { ERROR_CODES, KitError } from '../pipeline/errors';
import { startLocalGateway, type LocalGateway } from '../local';
import { normalizeAwsEndpoint } from '../local/aws/call';
import type { CfnTemplate } from '../cloudformation/template';
import type { CommandIo } from './options';
import { packageInChild, type ChildPackageResult } from './serve-package';
import { ServiceWatcher } from './serve-watch';
import type { CacheInvalidationSettings } from '../local/rest/cache';

/** What the command needs from the plugin (a subset of export-openapi's ExportContext). */
export interface ServeContext {
  provider: { getStage(): string; getRegion(): string };
  serviceDir: string;
  stackName(): string;
  packageService(): Promise<void>;
  template(): CfnTemplate | undefined;
  /** `custom.apiGateway.local` (validated when the service was packaged). */
  localConfig?(): ApiGatewayConfig['local'];
  /** The stage's `caching.invalidation` (not in the template), for the local cache. */
  cacheInvalidation?(): CacheInvalidationSettings | undefined;
}

export interface ServeRequest {
  host: string;
  port: number;
}

function portOption(name: string, value: unknown, fallback: number): number {
  const text = value === undefined ? String(fallback) : String(value);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new KitError(
      `--${name}: ${JSON.stringify(value)} is not a TCP port; use a number from 0 (any free port) to 65535`,
      ERROR_CODES.invalidOption,
    );
  }
  return port;
}

export function parseServeOptions(options: Record<string, unknown>): ServeRequest {
  const host = options.host === undefined ? '127.0.0.1' : String(options.host);
  const port = portOption('port', options.port, 4000);
  if (host.trim() === '')
    throw new KitError('--host needs an address, e.g. 127.0.0.1', ERROR_CODES.invalidOption);
  return { host, port };
}

/**
 * `custom.apiGateway.local.jwks`: each issuer's JWKS file, read relative to the service directory.
 * A file that is missing or is not a key set stops the command, naming the setting.
 */
export function readLocalJwks(
  files: Readonly<Record<string, string>> | undefined,
  serviceDir: string,
): Record<string, JSONWebKeySet> {
  const keySets: Record<string, JSONWebKeySet> = {};
  for (const [issuer, file] of Object.entries(files ?? {})) {
    const setting = `custom.apiGateway.local.jwks["${issuer}"]`;
    const resolved = path.resolve(serviceDir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(resolved, 'utf8'));
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : error instanceof Error
            ? error.message
            : String(error);
      throw new KitError(
        `${setting}: cannot read the JWKS file ${file} (${resolved}): ${reason}`,
        ERROR_CODES.invalidConfig,
      );
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys))
      throw new KitError(
        `${setting}: ${file} is not a JSON Web Key Set (an object with a "keys" list)`,
        ERROR_CODES.invalidConfig,
      );
    keySets[issuer] = parsed as JSONWebKeySet;
  }
  return keySets;
}

/** `--no-watch`, `--watch false`: serve without watching the service's files (default: watch). */
export function parseWatchOption(options: Record<string, unknown>): boolean {
  const value = options.watch;
  if (value === undefined || value === true) return true;
  if (value === false) return false;
  const text = String(value).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new KitError(
    `--watch: ${JSON.stringify(value)} is neither true nor false; use --no-watch to serve without reloading`,
    ERROR_CODES.invalidOption,
  );
}

/**
 * The local AWS endpoint: `--aws-endpoint`, else `custom.apiGateway.local.awsEndpoint`; undefined
 * when neither is set. A value that is not an http(s) URL stops the command, naming its source.
 */
export function parseAwsEndpointOption(
  options: Record<string, unknown>,
  configured: string | undefined,
): string | undefined {
  const given = options['aws-endpoint'];
  const [source, value] =
    given !== undefined && given !== true
      ? ['--aws-endpoint', String(given)]
      : ['custom.apiGateway.local.awsEndpoint', configured];
  if (given === true)
    throw new KitError(
      '--aws-endpoint needs a URL, e.g. --aws-endpoint http://127.0.0.1:4566',
      ERROR_CODES.invalidOption,
    );
  if (value === undefined) return undefined;
  try {
    return normalizeAwsEndpoint(value);
  } catch (error) {
    throw new KitError(
      `${source}: ${error instanceof Error ? error.message : String(error)}`,
      source === '--aws-endpoint' ? ERROR_CODES.invalidOption : ERROR_CODES.invalidConfig,
    );
  }
}

/** How the command reloads; tests replace the packaging. */
export interface ServeWatching {
  /** Packages the service again; default: the framework in a child process. */
  repackage?: (signal: AbortSignal) => Promise<ChildPackageResult>;
  debounceMs?: number;
}

/** `--http-port`: the HTTP API's port (default 4001; 0: any free port). */
export function parseHttpPort(options: Record<string, unknown>): number {
  return portOption('http-port', options['http-port'], 4001);
}

/** `--websocket-port`: the WebSocket API's (and its @connections API's) port (default 4002). */
export function parseWebSocketPortOption(options: Record<string, unknown>): number {
  return portOption('websocket-port', options['websocket-port'], 4002);
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
  watching: ServeWatching = {},
): Promise<void> {
  const request = parseServeOptions(options);
  const watch = parseWatchOption(options);
  const httpPort = parseHttpPort(options);
  const websocketPort = parseWebSocketPortOption(options);
  await context.packageService();
  const template = context.template();
  if (!template || typeof template.Resources !== 'object' || template.Resources === null) {
    throw new KitError(
      'Packaging the service produced no CloudFormation template to serve.',
      ERROR_CODES.invalidOption,
    );
  }
  const stage = context.provider.getStage();
  const jwks = readLocalJwks(context.localConfig?.()?.jwks, context.serviceDir);
  const iamCredentials = context.localConfig?.()?.credentials;
  const cacheInvalidation = context.cacheInvalidation?.();
  const awsEndpoint = parseAwsEndpointOption(options, context.localConfig?.()?.awsEndpoint);
  const gateway = await startLocalGateway({
    servicePath: context.serviceDir,
    template,
    stage,
    host: request.host,
    port: request.port,
    httpPort,
    websocketPort,
    region: context.provider.getRegion(),
    stackName: context.stackName(),
    log: (line) => io.log.notice(line),
    jwks,
    ...(iamCredentials ? { iamCredentials } : {}),
    ...(cacheInvalidation ? { cacheInvalidation } : {}),
    ...(awsEndpoint === undefined ? {} : { awsEndpoint }),
  });
  if (
    gateway.urls.rest === undefined &&
    gateway.urls.http === undefined &&
    gateway.urls.websocket === undefined
  ) {
    await gateway.close();
    throw new KitError(
      'The packaged template has no API to serve: no REST API (http events or routes), no HTTP API routes (httpApi events or routes) and no WebSocket API (websocket events).',
      ERROR_CODES.invalidOption,
    );
  }
  if (gateway.urls.rest !== undefined) io.writeText(`REST API: ${gateway.urls.rest}`);
  if (gateway.urls.http !== undefined) io.writeText(`HTTP API: ${gateway.urls.http}`);
  if (gateway.urls.websocket !== undefined)
    io.writeText(`WebSocket API: ${gateway.urls.websocket}`);
  for (const key of gateway.apiKeys) {
    const notes = [
      key.generated ? 'local value' : undefined,
      key.enabled ? undefined : 'disabled',
      key.plans.length > 0 ? `usage plan ${key.plans.join(', ')}` : 'no usage plan for this stage',
    ].filter((note) => note !== undefined);
    io.writeText(`API key ${key.name}: ${key.value} (${notes.join('; ')})`);
  }
  const reloading = watch
    ? reloadOnChanges(gateway, io, context, options, watching)
    : { close: () => undefined };
  const signal = await stopped();
  io.log.notice(`${String(signal)}: closing the local gateway`);
  reloading.close();
  await gateway.close();
}

function reloadOnChanges(
  gateway: LocalGateway,
  io: CommandIo,
  context: ServeContext,
  options: Record<string, unknown>,
  watching: ServeWatching,
): { close(): void } {
  const stopping = new AbortController();
  const repackage =
    watching.repackage ??
    ((signal: AbortSignal) =>
      packageInChild({
        serviceDir: context.serviceDir,
        stage: context.provider.getStage(),
        region: context.provider.getRegion(),
        ...(typeof options.config === 'string' ? { config: options.config } : {}),
        signal,
      }));
  const watcher = new ServiceWatcher(
    context.serviceDir,
    async (change) => {
      if (change.kind === 'code') {
        await gateway.reloadFunctions();
        io.log.notice(`Reloaded functions (${change.file})`);
        return;
      }
      io.log.notice(`Packaging the service again (${change.file} changed)`);
      const packaged = await repackage(stopping.signal);
      if (stopping.signal.aborted) return;
      if ('error' in packaged) {
        io.log.warning(
          `Packaging failed; still serving the previous API model.\n${packaged.error}`,
        );
        return;
      }
      try {
        await gateway.reload(packaged.template);
      } catch (error) {
        io.log.warning(
          `The packaged template could not be read (${String(error)}); still serving the previous API model`,
        );
        return;
      }
      io.log.notice(`Reloaded the API model (${change.file})`);
      if (gateway.urls.rest === undefined)
        io.log.warning(
          'The packaged template has no REST API any more: every request gets 403 until it has one again',
        );
    },
    {
      ...(watching.debounceMs !== undefined ? { debounceMs: watching.debounceMs } : {}),
      warn: (message) => io.log.warning(message),
    },
  );
  io.log.notice('Watching the service for changes (--no-watch to turn it off)');
  return {
    close: () => {
      stopping.abort();
      watcher.close();
    },
  };
}
