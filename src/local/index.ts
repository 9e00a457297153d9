/**
 * The local API Gateway (DESIGN.md, decision 8): serves the REST API of a packaged CloudFormation
 * template, read through the API model, with API Gateway's own semantics (routing, MOCK
 * integrations and mapping templates, Lambda proxy integrations running the service's Node.js
 * handlers in worker threads, gateway responses, stage variables), and its HTTP API on a port of
 * its own (./http: route keys, payload formats 1.0 and 2.0, HTTP_PROXY, CORS). `sls apigateway serve` uses it;
 * it is published as `serverless-apigateway-kit/local` for users' own integration tests:
 *
 *     const gateway = await startLocalGateway({ servicePath, template, stage: 'dev', port: 0 });
 *     await fetch(`${gateway.urls.rest}/orders`);
 *     await gateway.close();
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CfnTemplate } from '../cloudformation/template';
import { readHttpApi, readRestApi } from '../model';
import { HttpApiGateway } from './http/gateway';
import { stagePrefix } from './http/request';
import type { LocalValues } from './lambda/local-values';
import { FunctionPool } from './lambda/pool';
import { LOCAL_ACCOUNT_ID } from './rest/context';
import { RestGateway } from './rest/gateway';
import { createGatewayServer, type RequestLogger } from './server';

export interface LocalGatewayOptions {
  /** The service directory: handler paths are relative to it. */
  servicePath: string;
  /** The packaged template (`.serverless/cloudformation-template-update-stack.json`). */
  template: CfnTemplate;
  /** The stage to serve; its URL prefix and stage variables. */
  stage: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4000; 0 picks a free port (see `urls`). */
  port?: number;
  /** The HTTP API's port: default 4001; 0 picks a free port (see `urls`). */
  httpPort?: number;
  /** `AWS::Region` and AWS_REGION for the functions; default us-east-1. */
  region?: string;
  /** `AWS::StackName` for the functions' environment; default `local-<stage>`. */
  stackName?: string;
  /** One line per request (method, path, status, latency, integration); default: none. */
  log?: RequestLogger;
}

export interface LocalGateway {
  /**
   * `rest`: `http://<host>:<port>/<stage>`; undefined when the template has no REST API.
   * `http`: `http://<host>:<httpPort>` (plus `/<stage>` for a stage other than `$default`);
   * undefined when the template has no HTTP API routes.
   */
  urls: { rest?: string; http?: string };
  /** Stops listening, ends open connections and terminates every function worker. */
  close(): Promise<void>;
}

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const values = {
    region,
    accountId: LOCAL_ACCOUNT_ID,
    stackName: options.stackName ?? `local-${options.stage}`,
  };
  const functions = new FunctionPool({
    servicePath: options.servicePath,
    region,
    accountId: LOCAL_ACCOUNT_ID,
  });
  const api = readRestApi(options.template);
  const hasRest = api.methods.length > 0;
  const gateways = hasRest
    ? [
        new RestGateway({
          api,
          template: options.template,
          stage: options.stage,
          values,
          functions,
        }),
      ]
    : [];
  const { server, close } = createGatewayServer(gateways, options.log ?? (() => undefined));
  await listen(server, options.port ?? 4000, host);
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const { port } = server.address() as AddressInfo;
  const http = await startHttpApi(options, host, values, functions).catch(async (error) => {
    await Promise.all([close(), functions.close()]);
    throw error;
  });
  return {
    urls: {
      ...(hasRest ? { rest: `http://${hostInUrl}:${port}/${options.stage}` } : {}),
      ...(http ? { http: `http://${hostInUrl}:${http.port}${stagePrefix(http.stage)}` } : {}),
    },
    close: async () => {
      await Promise.all([close(), http?.close(), functions.close()]);
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The template's HTTP API on its own port (src/local/http); undefined when it has no routes. */
async function startHttpApi(
  options: LocalGatewayOptions,
  host: string,
  values: LocalValues,
  functions: FunctionPool,
): Promise<{ port: number; stage: string; close(): Promise<void> } | undefined> {
  const api = readHttpApi(options.template);
  if (!api || api.routes.length === 0) return undefined;
  const gateway = new HttpApiGateway({
    api,
    template: options.template,
    stage: options.stage,
    values,
    functions,
  });
  const { server, close } = createGatewayServer([gateway], options.log ?? (() => undefined));
  await listen(server, options.httpPort ?? 4001, host);
  return { port: (server.address() as AddressInfo).port, stage: gateway.stage, close };
}
