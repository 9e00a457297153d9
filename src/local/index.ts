/**
 * The local API Gateway (DESIGN.md, decision 8): serves the REST API of a packaged CloudFormation
 * template, read through the API model, with API Gateway's own semantics (routing, MOCK and HTTP
 * integrations and mapping templates, Lambda proxy and non-proxy integrations running the
 * service's Node.js handlers in worker threads, AWS service integrations sent to a local AWS
 * endpoint, request validation, Lambda and Cognito
 * authorizers, API keys, throttling, caching, gateway responses, stage variables, the canary),
 * and its HTTP API on a port of its own (./http: route keys, payload formats 1.0 and 2.0,
 * HTTP_PROXY, CORS), and its WebSocket API on a third (./websocket: `$connect` and its
 * authorizer, route selection, `$disconnect`, `@connections`). `sls apigateway serve` uses it;
 * it is published as
 * `serverless-apigateway-kit/local` for users' own integration tests:
 *
 *     const gateway = await startLocalGateway({ servicePath, template, stage: 'dev', port: 0 });
 *     await fetch(`${gateway.urls.rest}/orders`);
 *     await gateway.close();
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import type { CfnTemplate } from '../cloudformation/template';
import { readHttpApi, readRestApi, readWebSocketApi } from '../model';
import { HttpApiGateway } from './http/gateway';
import { stagePrefix } from './http/request';
import { normalizeAwsEndpoint } from './aws/call';
import { FunctionPool } from './lambda/pool';
import { LOCAL_ACCOUNT_ID } from './rest/context';
import type { LocalIamCredential } from './rest/auth/iam';
import type { CacheInvalidationSettings } from './rest/cache';
import { RestGateway } from './rest/gateway';
import { createGatewayServer, type RequestLogger } from './server';
import { WebSocketGateway } from './websocket/gateway';

export type { LocalIamCredential } from './rest/auth/iam';

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
  /** The HTTP API's port: default 4001; 0 picks a free port. */
  httpPort?: number;
  /**
   * The WebSocket API's port (and its `@connections` API's); default 4002, 0 picks a free one.
   * Only listened on when the template has a WebSocket API.
   */
  websocketPort?: number;
  /** `AWS::Region` and AWS_REGION for the functions; default us-east-1. */
  region?: string;
  /** `AWS::StackName` for the functions' environment; default `local-<stage>`. */
  stackName?: string;
  /** One line per request (method, path, status, latency, integration); default: none. */
  log?: RequestLogger;
  /**
   * The key sets Cognito user-pool authorizers and HTTP API JWT authorizers verify tokens with,
   * by issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`): nothing is fetched from
   * Cognito or the issuer, and a token whose issuer has none is refused (401).
   * `sls apigateway serve` reads them from `custom.apiGateway.local.jwks`.
   */
  jwks?: Readonly<Record<string, JSONWebKeySet>>;
  /**
   * The credentials AWS_IAM methods and HTTP API routes accept SigV4 signatures of (service
   * `execute-api`, the gateway's region): local test keys, never real ones. Without any, every
   * request to an AWS_IAM method or route is refused. `sls apigateway serve` reads them from `custom.apiGateway.local.credentials`.
   */
  iamCredentials?: readonly LocalIamCredential[];
  /** Epoch milliseconds authorizer caches and token expiry are read against; default Date.now. */
  now?: () => number;
  /**
   * Chooses the stage's canary requests (`random() * 100 < PercentTraffic`); default Math.random.
   * The `x-apigateway-kit-canary: true|false` request header forces a side instead.
   */
  random?: () => number;
  /**
   * The local AWS endpoint AWS service integrations are sent to, signed (LocalStack
   * `http://127.0.0.1:4566`, `moto_server`…); queues' URLs are on it. Without it those routes
   * answer 500. `sls apigateway serve` takes `--aws-endpoint` or `custom.apiGateway.local.awsEndpoint`.
   */
  awsEndpoint?: string;
  /**
   * Who may invalidate a cached response with `Cache-Control: max-age=0` (the stage's
   * `caching.invalidation`; not in the template). Default: authorization required, and callers
   * without it get the cached response with a warning header, as on API Gateway.
   */
  cacheInvalidation?: CacheInvalidationSettings;
}

/** An API key of the template, with the value to send in `x-api-key` locally. */
export interface LocalGatewayApiKey {
  name: string;
  value: string;
  /** The template has no `Value` (AWS generates one at deploy): this one is local. */
  generated: boolean;
  enabled: boolean;
  /** Logical ids of the usage plans for this API and stage the key belongs to. */
  plans: string[];
}

export interface LocalGateway {
  /**
   * `rest`: `http://<host>:<port>/<stage>`; undefined when the template has no REST API.
   * `http`: `http://<host>:<httpPort>` (plus `/<stage>` for a stage other than `$default`);
   * undefined when the template has no HTTP API routes.
   * `websocket`: `ws://<host>:<websocketPort>/<stage>`; undefined when it has no WebSocket API.
   */
  urls: { rest?: string; http?: string; websocket?: string };
  /**
   * Serves another packaged template from the next request on (requests in flight finish on the
   * one they started with) and starts fresh function workers. Rejects, keeping the current
   * template, when the new one cannot be read.
   */
  reload(template: CfnTemplate): Promise<void>;
  /** Fresh function workers from the next invocation on: changed handler code is picked up. */
  reloadFunctions(): Promise<void>;
  /** The template's API keys (printed at start by `sls apigateway serve`). */
  apiKeys: LocalGatewayApiKey[];
  /** Stops listening, ends open connections and terminates every function worker. */
  close(): Promise<void>;
}

function awsEndpointOf(value: string): string {
  try {
    return normalizeAwsEndpoint(value);
  } catch (error) {
    throw new Error(`awsEndpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const values = {
    region,
    accountId: LOCAL_ACCOUNT_ID,
    stackName: options.stackName ?? `local-${options.stage}`,
    ...(options.awsEndpoint === undefined
      ? {}
      : { awsEndpoint: awsEndpointOf(options.awsEndpoint) }),
  };
  const functions = new FunctionPool({
    servicePath: options.servicePath,
    region,
    accountId: LOCAL_ACCOUNT_ID,
  });
  const gatewaysOf = (template: CfnTemplate): RestGateway[] => {
    const api = readRestApi(template);
    if (api.methods.length === 0) return [];
    const { stage, random, jwks, iamCredentials, now, cacheInvalidation } = options;
    return [
      new RestGateway({
        api,
        template,
        stage,
        values,
        functions,
        random,
        ...(jwks ? { jwks } : {}),
        ...(iamCredentials ? { iamCredentials } : {}),
        ...(now ? { now } : {}),
        ...(cacheInvalidation ? { cacheInvalidation } : {}),
      }),
    ];
  };
  const httpGatewayOf = (template: CfnTemplate): HttpApiGateway[] => {
    const api = readHttpApi(template);
    if (!api || api.routes.length === 0) return [];
    const { stage, jwks, iamCredentials, now } = options;
    return [
      new HttpApiGateway({ api, template, stage, values, functions, jwks, iamCredentials, now }),
    ];
  };
  const log = options.log ?? (() => undefined);
  let gateways = gatewaysOf(options.template);
  let httpGateways = httpGatewayOf(options.template);
  const rest = createGatewayServer(() => gateways, log);
  // The HTTP API's own server is started when the template has one; a reload swaps its routes (an
  // HTTP API added by a reload needs a restart: its port was never opened).
  const http = httpGateways.length > 0 ? createGatewayServer(() => httpGateways, log) : undefined;
  let websocket: WebSocketGateway | undefined;
  // Settled, not all: a server that never started listening refuses close() (start failed).
  const closeAll = async () => {
    await Promise.allSettled([rest.close(), http?.close(), websocket?.close(), functions.close()]);
  };
  const portOf = (server: Server) => (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const urls: LocalGateway['urls'] = {};
  const setUrls = () => {
    if (gateways.length > 0)
      urls.rest = `http://${hostInUrl}:${portOf(rest.server)}/${options.stage}`;
    else delete urls.rest;
    const [httpGateway] = httpGateways;
    if (http && httpGateway)
      urls.http = `http://${hostInUrl}:${portOf(http.server)}${stagePrefix(httpGateway.stage)}`;
    else delete urls.http;
  };
  // The WebSocket API listens when the template has one (also when a reload adds it); a reload
  // swaps its routes for the next handshake and message, open connections stay open.
  const serveWebSocket = async (template: CfnTemplate) => {
    const api = readWebSocketApi(template);
    if (api && websocket) websocket.reload(api, template);
    else if (api) {
      websocket = await WebSocketGateway.start({
        api,
        template,
        stage: options.stage,
        values,
        functions,
        host,
        port: options.websocketPort ?? 4002,
        log,
      });
    }
    if (api && websocket) urls.websocket = websocket.url;
    else delete urls.websocket;
  };
  try {
    await listen(rest.server, options.port ?? 4000, host);
    if (http) await listen(http.server, options.httpPort ?? 4001, host);
    setUrls();
    await serveWebSocket(options.template);
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    urls,
    reload: async (template) => {
      // Swapped before the first await: the next request sees the new routes.
      gateways = gatewaysOf(template);
      httpGateways = httpGatewayOf(template);
      setUrls();
      await serveWebSocket(template);
      await functions.retire();
    },
    reloadFunctions: () => functions.retire(),
    get apiKeys() {
      return gateways.flatMap((gateway) =>
        gateway.access.keys().map(({ name, value, generated, enabled, plans }) => ({
          name,
          value,
          generated,
          enabled,
          plans: [...plans],
        })),
      );
    },
    close: closeAll,
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
