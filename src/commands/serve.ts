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

/** What the command needs from the plugin (a subset of export-openapi's ExportContext). */
export interface ServeContext {
  provider: { getStage(): string; getRegion(): string };
  serviceDir: string;
  stackName(): string;
  packageService(): Promise<void>;
  template(): CfnTemplate | undefined;
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

/** `--http-port`: the HTTP API's port (default 4001; 0: any free port). */
export function parseHttpPort(options: Record<string, unknown>): number {
  return portOption('http-port', options['http-port'], 4001);
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
  const httpPort = parseHttpPort(options);
  await context.packageService();
  const template = context.template();
  if (!template || typeof template.Resources !== 'object' || template.Resources === null) {
    throw new KitError(
      'Packaging the service produced no CloudFormation template to serve.',
      ERROR_CODES.invalidOption,
    );
  }
  const stage = context.provider.getStage();
  const gateway = await startLocalGateway({
    servicePath: context.serviceDir,
    template,
    stage,
    host: request.host,
    port: request.port,
    httpPort,
    region: context.provider.getRegion(),
    stackName: context.stackName(),
    log: (line) => io.log.notice(line),
  });
  if (gateway.urls.rest === undefined && gateway.urls.http === undefined) {
    await gateway.close();
    throw new KitError(
      'The packaged template has no REST API to serve (no http events or routes) and no HTTP API routes (no httpApi events or routes); WebSocket APIs are not served locally yet.',
      ERROR_CODES.invalidOption,
    );
  }
  if (gateway.urls.rest !== undefined) io.writeText(`REST API: ${gateway.urls.rest}`);
  if (gateway.urls.http !== undefined) io.writeText(`HTTP API: ${gateway.urls.http}`);
  const signal = await stopped();
  io.log.notice(`${String(signal)}: closing the local gateway`);
  await gateway.close();
}
