/**
 * The local API Gateway (DESIGN.md, decision 8): serves the REST API of a packaged CloudFormation
 * template, read through the API model, with API Gateway's own semantics (routing, MOCK and HTTP
 * integrations and mapping templates, Lambda proxy and non-proxy integrations running the
 * service's Node.js handlers in worker threads, AWS service integrations sent to a local AWS
 * endpoint, request validation, Lambda and Cognito
 * authorizers, gateway responses, stage variables). `sls apigateway serve` uses it; it is
 * published as `serverless-apigateway-kit/local` for users' own integration tests:
 *
 *     const gateway = await startLocalGateway({ servicePath, template, stage: 'dev', port: 0 });
 *     await fetch(`${gateway.urls.rest}/orders`);
 *     await gateway.close();
 */
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import type { CfnTemplate } from '../cloudformation/template';
import { readRestApi } from '../model';
import { normalizeAwsEndpoint } from './aws/call';
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
  /** `AWS::Region` and AWS_REGION for the functions; default us-east-1. */
  region?: string;
  /** `AWS::StackName` for the functions' environment; default `local-<stage>`. */
  stackName?: string;
  /** One line per request (method, path, status, latency, integration); default: none. */
  log?: RequestLogger;
  /**
   * The key sets Cognito user-pool authorizers verify tokens with, by issuer
   * (`https://cognito-idp.<region>.amazonaws.com/<poolId>`): nothing is fetched from Cognito, and
   * a token whose issuer has none is refused (401). `sls apigateway serve` reads them from
   * `custom.apiGateway.local.jwks`.
   */
  jwks?: Readonly<Record<string, JSONWebKeySet>>;
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
}

export interface LocalGateway {
  /** `rest`: `http://<host>:<port>/<stage>`; undefined when the template has no REST API. */
  urls: { rest?: string };
  /**
   * Serves another packaged template from the next request on (requests in flight finish on the
   * one they started with) and starts fresh function workers. Rejects, keeping the current
   * template, when the new one cannot be read.
   */
  reload(template: CfnTemplate): Promise<void>;
  /** Fresh function workers from the next invocation on: changed handler code is picked up. */
  reloadFunctions(): Promise<void>;
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
    const { stage, random, jwks, now } = options;
    return [
      new RestGateway({
        api,
        template,
        stage,
        values,
        functions,
        random,
        ...(jwks ? { jwks } : {}),
        ...(now ? { now } : {}),
      }),
    ];
  };
  let gateways = gatewaysOf(options.template);
  const { server, close } = createGatewayServer(() => gateways, options.log ?? (() => undefined));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const urls: LocalGateway['urls'] = {};
  const setUrls = () => {
    if (gateways.length > 0) urls.rest = `http://${hostInUrl}:${port}/${options.stage}`;
    else delete urls.rest;
  };
  setUrls();
  return {
    urls,
    reload: async (template) => {
      // Swapped before the first await: the next request sees the new routes.
      gateways = gatewaysOf(template);
      setUrls();
      await functions.retire();
    },
    reloadFunctions: () => functions.retire(),
    close: async () => {
      await Promise.all([close(), functions.close()]);
    },
  };
}
