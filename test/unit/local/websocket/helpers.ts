/**
 * Hand-built WebSocket API templates (AWS::ApiGatewayV2 resources as core writes them for
 * `websocket` events), handlers as CommonJS files in a temp dir, and `ws` clients whose every wait
 * is bounded.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { CfnObject, CfnResource, CfnTemplate } from '../../../../src/cloudformation/template';
import { lambdaUri } from '../template';

export const WAIT_MS = 5000;

export interface RouteSpec {
  key: string;
  /** Logical id of the function its Lambda proxy integration invokes. */
  fn?: string;
  authorizer?: string;
  authorizationType?: string;
  apiKeyRequired?: boolean;
  /** A two-way route: RouteResponseSelectionExpression `$default` and its RouteResponse. */
  twoWay?: boolean;
}

export interface TemplateSpec {
  routes: RouteSpec[];
  /** Function logical id → `handlers.<export>`. */
  functions: Record<string, string>;
  authorizers?: Array<{ name: string; fn: string; identitySource: string[] }>;
  routeSelectionExpression?: string;
  stageVariables?: Record<string, string>;
  /** Environment of every function. */
  environment?: Record<string, string>;
  resources?: Record<string, CfnResource>;
}

const api = { Ref: 'WebsocketsApi' };

export function websocketTemplate(spec: TemplateSpec): CfnTemplate {
  const resources: Record<string, CfnResource> = {
    WebsocketsApi: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: 'dev-test-websockets',
        ProtocolType: 'WEBSOCKET',
        RouteSelectionExpression: spec.routeSelectionExpression ?? '$request.body.action',
        ApiKeySelectionExpression: '$request.header.x-api-key',
      },
    },
    WebsocketsDeploymentStage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: api, StageName: 'dev', StageVariables: spec.stageVariables ?? {} },
    },
  };
  for (const [id, handler] of Object.entries(spec.functions))
    resources[id] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Handler: handler,
        Runtime: 'nodejs22.x',
        FunctionName: `test-dev-${id}`,
        Timeout: 6,
        ...(spec.environment ? { Environment: { Variables: spec.environment } } : {}),
      },
    };
  for (const authorizer of spec.authorizers ?? [])
    resources[`${authorizer.name}Authorizer`] = {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: api,
        Name: authorizer.name,
        AuthorizerType: 'REQUEST',
        AuthorizerUri: lambdaUri(authorizer.fn),
        IdentitySource: authorizer.identitySource,
      },
    };
  spec.routes.forEach((route, index) => {
    const routeId = `Route${index}`;
    const properties: CfnObject = {
      ApiId: api,
      RouteKey: route.key,
      AuthorizationType: route.authorizationType ?? (route.authorizer ? 'CUSTOM' : 'NONE'),
    };
    if (route.authorizer) properties.AuthorizerId = { Ref: `${route.authorizer}Authorizer` };
    if (route.apiKeyRequired) properties.ApiKeyRequired = true;
    if (route.fn) {
      resources[`Integration${index}`] = {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: api,
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: lambdaUri(route.fn),
        },
      };
      properties.Target = { 'Fn::Join': ['/', ['integrations', { Ref: `Integration${index}` }]] };
    }
    if (route.twoWay) {
      properties.RouteResponseSelectionExpression = '$default';
      resources[`${routeId}Response`] = {
        Type: 'AWS::ApiGatewayV2::RouteResponse',
        Properties: { ApiId: api, RouteId: { Ref: routeId }, RouteResponseKey: '$default' },
      };
    }
    resources[routeId] = { Type: 'AWS::ApiGatewayV2::Route', Properties: properties };
  });
  return { Resources: { ...resources, ...spec.resources } };
}

/** A temp service directory with `handlers.js`; handlers record events to `events.jsonl`. */
export function serviceDir(handlers: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-ws-'));
  writeFileSync(
    path.join(dir, 'handlers.js'),
    `const fs = require('node:fs');
const path = require('node:path');
const record = (name, event) =>
  fs.appendFileSync(path.join(__dirname, 'events.jsonl'), JSON.stringify({ name, event }) + '\\n');
${handlers}`,
  );
  return dir;
}

export interface Recorded {
  name: string;
  event: Record<string, unknown> & { requestContext: Record<string, unknown> };
}

export function recorded(dir: string): Recorded[] {
  const file = path.join(dir, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

/** Polls until `check` returns something, at most WAIT_MS. */
export async function eventually<T>(check: () => T | undefined, what: string): Promise<T> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An open client that queues what it receives. */
export class Client {
  readonly received: string[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.received.push(data.toString('utf8'));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(url: string, options: WebSocket.ClientOptions & { protocols?: string[] } = {}) {
    const { protocols, ...rest } = options;
    const socket = new WebSocket(url, protocols ?? [], rest);
    return bounded(
      new Promise<Client>((resolve, reject) => {
        socket.once('open', () => resolve(new Client(socket)));
        socket.once('error', reject);
        socket.once('unexpected-response', (_, response) =>
          reject(new Error(`handshake refused with ${response.statusCode}`)),
        );
      }),
      `a connection to ${url}`,
    );
  }

  /** The next message not read yet. */
  async next(): Promise<string> {
    await bounded(
      new Promise<void>((resolve) => {
        if (this.received.length > 0) resolve();
        else this.waiters.push(resolve);
      }),
      'a message',
    );
    return this.received.shift() as string;
  }

  send(data: string | Buffer): void {
    this.socket.send(data);
  }

  closed(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.CLOSED)
      return Promise.resolve({ code: -1, reason: '' });
    return bounded(
      new Promise((resolve) =>
        this.socket.once('close', (code: number, reason: Buffer) =>
          resolve({ code, reason: reason.toString('utf8') }),
        ),
      ),
      'the connection to close',
    );
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const done = this.closed();
    this.socket.close();
    await done;
  }
}

/** The HTTP status and body a refused handshake answers with. */
export function refusedWith(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ status: number; body: string }> {
  const socket = new WebSocket(url, options);
  return bounded(
    new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.terminate();
        reject(new Error('the handshake was accepted'));
      });
      socket.once('unexpected-response', (_, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          socket.terminate();
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      socket.once('error', (error) => reject(error));
    }),
    `a refusal from ${url}`,
  );
}
