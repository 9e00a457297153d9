/**
 * The local API Gateway (DESIGN.md, decision 8): serves the REST API of a packaged CloudFormation
 * template, read through the API model, with API Gateway's own semantics (routing, MOCK
 * integrations and mapping templates, Lambda proxy integrations running the service's Node.js
 * handlers in worker threads, gateway responses, stage variables). `sls apigateway serve` uses it;
 * it is published as `serverless-apigateway-kit/local` for users' own integration tests:
 *
 *     const gateway = await startLocalGateway({ servicePath, template, stage: 'dev', port: 0 });
 *     await fetch(`${gateway.urls.rest}/orders`);
 *     await gateway.close();
 */
import type { AddressInfo } from 'node:net';
import type { CfnTemplate } from '../cloudformation/template';
import { readRestApi } from '../model';
import { FunctionPool } from './lambda/pool';
import { LOCAL_ACCOUNT_ID } from './rest/context';
import type { CacheInvalidationSettings } from './rest/cache';
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
  /** `AWS::Region` and AWS_REGION for the functions; default us-east-1. */
  region?: string;
  /** `AWS::StackName` for the functions' environment; default `local-<stage>`. */
  stackName?: string;
  /** One line per request (method, path, status, latency, integration); default: none. */
  log?: RequestLogger;
  /** The clock (ms) throttling, quotas and cache TTLs count with; default Date.now (tests pass a fake one). */
  now?: () => number;
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
  /** `rest`: `http://<host>:<port>/<stage>`; undefined when the template has no REST API. */
  urls: { rest?: string };
  /** The template's API keys (printed at start by `sls apigateway serve`). */
  apiKeys: LocalGatewayApiKey[];
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
          ...(options.now ? { now: options.now } : {}),
          ...(options.cacheInvalidation ? { cacheInvalidation: options.cacheInvalidation } : {}),
        }),
      ]
    : [];
  const { server, close } = createGatewayServer(gateways, options.log ?? (() => undefined));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    urls: hasRest ? { rest: `http://${hostInUrl}:${port}/${options.stage}` } : {},
    apiKeys: gateways.flatMap((gateway) =>
      gateway.access.keys().map(({ name, value, generated, enabled, plans }) => ({
        name,
        value,
        generated,
        enabled,
        plans: [...plans],
      })),
    ),
    close: async () => {
      await Promise.all([close(), functions.close()]);
    },
  };
}
