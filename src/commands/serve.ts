/**
 * `sls apigateway serve` (issue 16): packages the service (as `export-openapi --offline` does),
 * reads the packaged template through the API model and serves it locally (src/local) until
 * SIGINT or SIGTERM, then closes its sockets and function workers and returns, so the command
 * exits 0.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { ApiGatewayConfig } from '../config/types.generated';
import { ERROR_CODES, KitError } from '../pipeline/errors';
import { startLocalGateway } from '../local';
import type { CfnTemplate } from '../cloudformation/template';
import type { CommandIo } from './options';

/** What the command needs from the plugin (a subset of export-openapi's ExportContext). */
export interface ServeContext {
  provider: { getStage(): string; getRegion(): string };
  serviceDir: string;
  stackName(): string;
  packageService(): Promise<void>;
  template(): CfnTemplate | undefined;
  /** `custom.apiGateway.local` (validated when the service was packaged). */
  localConfig?(): ApiGatewayConfig['local'];
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
  const jwks = readLocalJwks(context.localConfig?.()?.jwks, context.serviceDir);
  const gateway = await startLocalGateway({
    servicePath: context.serviceDir,
    template,
    stage,
    host: request.host,
    port: request.port,
    region: context.provider.getRegion(),
    stackName: context.stackName(),
    log: (line) => io.log.notice(line),
    jwks,
  });
  if (gateway.urls.rest === undefined) {
    await gateway.close();
    throw new KitError(
      'The packaged template has no REST API to serve (no http events or routes); HTTP and WebSocket APIs are not served locally yet.',
      ERROR_CODES.invalidOption,
    );
  }
  io.writeText(`REST API: ${gateway.urls.rest}`);
  const signal = await stopped();
  io.log.notice(`${String(signal)}: closing the local gateway`);
  await gateway.close();
}
