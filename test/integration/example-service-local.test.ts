/**
 * example-service served by the local gateway: every REST method of its packaged template (read
 * through the API model, so an endpoint added to the example is covered without touching this
 * test) gets a request, and answers 2XX.
 *
 * Two things stand in for what a deployed stage has: the HTTP backends of the example are
 * placeholder hosts (orders-dev.internal.example.com, partners.example.com), so the template's
 * `backend` stage variable and the partner feed's URI are pointed at a local server; and the
 * handlers require the plugin's runtime helper (`serverless-apigateway-kit-cors`, packages/cors, a
 * dependency in example-service/package.json), so unless it is installed there, the test links it
 * into example-service/node_modules for the run and removes the link after.
 * Requests carry what a real client of the example sends: a user-pool access token with the
 * `orders/read` scope (signed with a key the test makes, its JWKS given to the gateway), a partner
 * token for the Lambda TOKEN authorizer (one per method: a cached policy covers only the method it
 * was issued for) and the partner's API key, as the gateway prints it.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import { readRestApi, type RestMethod } from '../../src/model';
import {
  motoJsonCall,
  motoServerAvailable,
  startMotoServer,
  type MotoServer,
} from '../helpers/moto';
import { packageService, REPO_ROOT } from '../helpers/serverless';

const SERVICE = path.join(REPO_ROOT, 'example-service');
const ORIGIN = 'https://app.example.com';

/**
 * The example's AWS service integration (sqs:SendMessage through templates/enqueue.vtl) goes to a
 * local AWS endpoint: moto's server when it is installed (its queue created under the name the
 * gateway gives it locally, the logical id); without one the route answers 500, saying how to set
 * one, and that is what is checked then.
 */
const NEEDS_LOCAL_AWS = new Set(['POST /orders/queue']);

/**
 * Links the runtime helper package (packages/cors, a dependency of example-service) where
 * `npm install` in example-service puts it; nothing when it is installed there already.
 */
function installRuntimeHelper(): () => void {
  const modulesDir = path.join(SERVICE, 'node_modules');
  const packageDir = path.join(modulesDir, 'serverless-apigateway-kit-cors');
  if (existsSync(path.join(packageDir, 'package.json'))) return () => undefined;
  const createdModulesDir = !existsSync(modulesDir);
  mkdirSync(modulesDir, { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'packages', 'cors'), packageDir, 'dir');
  // Only what this test made: the link, and node_modules if it was not there.
  return () =>
    rmSync(createdModulesDir ? modulesDir : packageDir, { recursive: true, force: true });
}

/** The placeholder backends, pointed at `upstream` (a copy: the packaged template stays as is). */
function withLocalBackends(template: CfnTemplate, upstream: string): CfnTemplate {
  const copy = structuredClone(template);
  for (const resource of Object.values(copy.Resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::ApiGateway::Stage') {
      const variables = properties.Variables as Record<string, unknown> | undefined;
      if (variables?.backend) variables.backend = upstream;
    }
    const integration = properties.Integration as { Uri?: unknown } | undefined;
    if (resource.Type === 'AWS::ApiGateway::Method' && typeof integration?.Uri === 'string')
      integration.Uri = integration.Uri.replace('https://partners.example.com', upstream);
  }
  return copy;
}

/** The example's user pool is a resource of its stack: the gateway takes any issuer with a JWKS. */
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example';

interface Credentials {
  /** A user-pool access token with the scope the example's `users` authorizer asks for. */
  token: string;
  /** The value of the `partner-a` API key. */
  apiKey: string;
}

async function userPoolKeys(): Promise<{ jwks: { keys: object[] }; token: string }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256' }] };
  const token = await new SignJWT({ token_use: 'access', scope: 'orders/read', sub: 'user-1' })
    .setProtectedHeader({ alg: 'RS256', kid: 'test' })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  return { jwks, token };
}

/** A request a client of the example would send to this method. */
function requestFor(
  method: RestMethod,
  methods: readonly RestMethod[],
  credentials: Credentials,
  index: number,
): RequestInit & { url: string } {
  const url = method.path.replace('{id}', 'o-42').replace('{proxy+}', 'a/b');
  const headers: Record<string, string> = { Origin: ORIGIN };
  if (method.httpMethod === 'OPTIONS') {
    const preflighted = methods.find(
      (other) => other.path === method.path && other.httpMethod !== 'OPTIONS',
    );
    headers['Access-Control-Request-Method'] = preflighted?.httpMethod ?? 'GET';
    return { url, method: 'OPTIONS', headers };
  }
  headers.Authorization = credentials.token;
  headers['X-Partner-Token'] = `partner-${index}`;
  headers['X-Api-Key'] = credentials.apiKey;
  if (method.httpMethod === 'POST') {
    headers['Content-Type'] = 'application/json';
    return { url, method: 'POST', headers, body: '{"item":"fig","quantity":2}' };
  }
  return { url, method: method.httpMethod === 'ANY' ? 'GET' : method.httpMethod, headers };
}

describe('example-service served by the local gateway', () => {
  let gateway: LocalGateway | undefined;
  let upstream: Server | undefined;
  let uninstall: () => void = () => undefined;
  let methods: RestMethod[];
  let credentials: Credentials;
  let moto: MotoServer | undefined;
  const upstreamPaths: string[] = [];
  const log: string[] = [];

  before(async () => {
    const { template } = packageService(SERVICE, { stage: 'dev' });
    methods = readRestApi(template).methods;
    upstream = createServer((request, response) => {
      upstreamPaths.push(request.url ?? '');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ upstream: request.url }));
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    uninstall = installRuntimeHelper();
    const { jwks, token } = await userPoolKeys();
    if (motoServerAvailable()) {
      moto = await startMotoServer();
      const queue = await motoJsonCall(
        moto.endpoint,
        'sqs',
        'AmazonSQS.CreateQueue',
        { QueueName: 'OrdersQueue' },
        '1.0',
        'eu-west-1',
      );
      assert.equal(queue.status, 200, JSON.stringify(queue.body));
    }
    gateway = await startLocalGateway({
      jwks: { [ISSUER]: jwks as never },
      ...(moto ? { awsEndpoint: moto.endpoint } : {}),
      servicePath: SERVICE,
      template: withLocalBackends(template, `http://127.0.0.1:${port}`),
      stage: 'dev',
      port: 0,
      region: 'eu-west-1',
      log: (line) => log.push(line),
    });
    const apiKey = gateway.apiKeys.find((key) => key.name.endsWith('partner-a'));
    assert.ok(apiKey, `the partner-a key: ${JSON.stringify(gateway.apiKeys)}`);
    credentials = { token, apiKey: apiKey.value };
  });

  after(async () => {
    await gateway?.close();
    await moto?.stop();
    await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
    uninstall();
  });

  it('answers every REST method of the example (2XX; the SQS route through moto when it is installed)', async () => {
    assert.ok(methods.length >= 15, `the example has ${methods.length} REST methods`);
    const base = gateway?.urls.rest as string;
    const answers: string[] = [];
    for (const [index, method] of methods.entries()) {
      const key = `${method.httpMethod} ${method.path}`;
      const { url, ...init } = requestFor(method, methods, credentials, index);
      log.length = 0;
      const response = await fetch(`${base}${url}`, init);
      const body = await response.text();
      const line = log.join(' | ');
      answers.push(`${key} → ${response.status} ${line}`);
      const integration = String(method.integration?.type ?? '');
      if (NEEDS_LOCAL_AWS.has(key) && !moto) {
        assert.equal(response.status, 500, `${key}: ${line}`);
        assert.match(line, /--aws-endpoint/, key);
        continue;
      }
      assert.ok(
        response.status >= 200 && response.status < 300,
        `${key} → ${response.status} ${body}: ${line}`,
      );
      assert.match(line, new RegExp(` ${integration}$`), `${key} answered by its ${integration}`);
      // Every path has CORS on; the plugin maps the headers where API Gateway builds the response
      // (a Lambda proxy or HTTP proxy response passes through as the backend sent it).
      if (integration === 'MOCK' || integration === 'HTTP')
        assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN, key);
    }
    for (const key of NEEDS_LOCAL_AWS)
      assert.ok(
        answers.some((answer) => answer.startsWith(`${key} → `)),
        `${key} is in the model`,
      );
  });

  it("the handlers see the stage's variables and path; the HTTP routes reach their backends", async () => {
    const base = gateway?.urls.rest as string;
    const signedIn = { Authorization: credentials.token };
    const order = await fetch(`${base}/orders/o-42`, { headers: { Origin: ORIGIN, ...signedIn } });
    assert.deepEqual(await order.json(), { flavour: 'dev', order: { id: 'o-42', total: 42 } });
    const created = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Partner-Token': 'partner-orders',
        'X-Api-Key': credentials.apiKey,
      },
      body: '{"item":"fig"}',
    });
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { flavour: 'dev', order: { id: '1002', item: 'fig' } });
    upstreamPaths.length = 0;
    const report = await fetch(`${base}/reports/r-7`, { headers: signedIn });
    assert.equal(report.status, 200);
    const feed = await fetch(`${base}/partners/feed?since=2026-01-01`, {
      headers: { 'X-Partner-Token': 'partner-feed', 'X-Api-Key': credentials.apiKey },
    });
    assert.deepEqual(await feed.json(), { upstream: '/feed?since=2026-01-01' });
    assert.deepEqual(upstreamPaths, ['/reports/r-7', '/feed?since=2026-01-01']);
    const status = await fetch(`${base}/status`, { headers: signedIn });
    assert.deepEqual(await status.json(), { ok: true, service: 'orders' });
  });
});
