/**
 * The local gateway on a packaged service (test/fixtures/local-gateway): `startLocalGateway` on
 * the template `serverless package` wrote, and the real `sls apigateway serve` once, as a child
 * process stopped with SIGTERM. Everything listens on 127.0.0.1, on a free port.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import { FIXTURES, linkPlugin, packageService, plain, REPO_ROOT } from '../helpers/serverless';

const SERVICE = path.join(FIXTURES, 'local-gateway');

describe('local gateway on a packaged service (startLocalGateway)', () => {
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    const { template } = packageService(SERVICE);
    gateway = await startLocalGateway({
      servicePath: SERVICE,
      template,
      stage: 'dev',
      port: 0,
      region: 'eu-west-1',
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
  });
  after(() => gateway?.close());

  it('MOCK routes with their request template, integration responses and stage variables', async () => {
    const health = await fetch(`${base}/health`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await health.json(), { ok: true });
    const up = await fetch(`${base}/status`);
    assert.deepEqual(await up.json(), { status: 'up', backend: 'https://backend.example.com' });
    const down = await fetch(`${base}/status?fail=yes`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { status: 'down', stage: 'dev' });
  });

  it("answers the plugin's CORS preflight by running its OPTIONS mock", async () => {
    const allowed = await fetch(`${base}/health`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /GET/);
    assert.equal(allowed.headers.get('access-control-allow-headers'), 'Content-Type');
  });

  // https://repost.aws/knowledge-center/api-gateway-authentication-token-errors, customised
  // through the MISSING_AUTHENTICATION_TOKEN gateway response of the fixture.
  it('an unknown route gets the customised MISSING_AUTHENTICATION_TOKEN response', async () => {
    const response = await fetch(`${base}/nowhere`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-gateway'), 'local-test');
    assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await response.json(), {
      error: 'Missing Authentication Token',
      type: 'MISSING_AUTHENTICATION_TOKEN',
    });
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html:
  // the route's `validate` (a named model and a required query string parameter).
  it('validates a request as the route declares: parameters, then the body against its model', async () => {
    const post = (query: string, body: unknown) =>
      fetch(`${base}/validated${query}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await post('?channel=web', { name: 'tea', quantity: 2 });
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { created: true });
    const noChannel = await post('', { name: 'tea' });
    assert.equal(noChannel.status, 400);
    assert.equal(
      await noChannel.text(),
      '{"message": "Missing required request parameters: [channel]"}',
    );
    const badBody = await post('?channel=web', { quantity: 0 });
    assert.equal(badBody.status, 400);
    assert.equal(badBody.headers.get('x-amzn-errortype'), 'BadRequestException');
    assert.equal(await badBody.text(), '{"message": "Invalid request body"}');
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
  it('runs the CommonJS handler with the proxy event and its own environment', async () => {
    process.env.LOCAL_GATEWAY_TEST_OUTSIDE = 'not for functions';
    const response = await fetch(`${base}/orders/42?expand=items`);
    delete process.env.LOCAL_GATEWAY_TEST_OUTSIDE;
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-function'), 'kit-local-dev-orders');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    const { event, env } = (await response.json()) as {
      event: Record<string, unknown> & { requestContext: Record<string, unknown> };
      env: Record<string, unknown>;
    };
    assert.equal(event.resource, '/orders/{id}');
    assert.equal(event.path, '/orders/42');
    assert.deepEqual(event.pathParameters, { id: '42' });
    assert.deepEqual(event.queryStringParameters, { expand: 'items' });
    assert.deepEqual(event.stageVariables, { backend: 'https://backend.example.com' });
    assert.equal(event.requestContext.stage, 'dev');
    assert.equal(event.requestContext.path, '/dev/orders/42');
    assert.deepEqual(env, {
      TABLE_NAME: 'kit-local-orders',
      ORDERS_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/kit-local-orders',
      AWS_REGION: 'eu-west-1',
      OUTSIDE: null,
    });
  });

  it('routes ANY {proxy+} with the greedy path parameter', async () => {
    const response = await fetch(`${base}/files/a/b/c.txt`, { method: 'DELETE' });
    const { event } = (await response.json()) as { event: Record<string, unknown> };
    assert.equal(event.resource, '/files/{proxy+}');
    assert.equal(event.httpMethod, 'DELETE');
    assert.deepEqual(event.pathParameters, { proxy: 'a/b/c.txt' });
  });

  it('runs ES module and callback-style handlers', async () => {
    const esm = await fetch(`${base}/esm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"n":1}',
    });
    assert.deepEqual(await esm.json(), { received: { n: 1 }, isBase64Encoded: false });
    const callback = await fetch(`${base}/callback`);
    assert.equal(callback.status, 201);
    assert.equal(await callback.text(), 'called back');
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
  // and handle-errors-in-lambda-integration.html: `integration: lambda` as core packages it.
  it('runs a non-proxy Lambda integration: request template, default response, error pattern', async () => {
    const post = (body: string) =>
      fetch(`${base}/greet/ann`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    const greeted = await post('{"greeting": "hello"}');
    assert.equal(greeted.status, 200);
    assert.equal(greeted.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.deepEqual(await greeted.json(), { greeting: 'hello, ann' });
    const refused = await post('{}');
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { error: '[400] a greeting is required' });
  });

  it('a thrown error, a malformed result, a hung handler and a Python function: 502, logged', async () => {
    lines.length = 0;
    for (const route of ['/broken/throws', '/broken/malformed', '/broken/hangs', '/python']) {
      const response = await fetch(`${base}${route}`);
      assert.equal(response.status, 502, route);
      assert.equal(await response.text(), '{"message": "Internal server error"}');
      assert.equal(response.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
    }
    const log = lines.join('\n');
    assert.match(log, /the handler failed/);
    assert.match(log, /Malformed Lambda proxy response/);
    assert.match(log, /Task timed out after 1\.00 seconds/);
    assert.match(log, /python3\.11/);
    // The gateway is still serving after all of them.
    assert.equal((await fetch(`${base}/health`)).status, 200);
  });
});

describe('sls apigateway serve (the real command)', () => {
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
    child = undefined;
    // What `serve` packaged into the service directory (as `sls package` does).
    rmSync(path.join(SERVICE, '.serverless'), { recursive: true, force: true });
  });

  it('packages, prints the REST API URL, serves, and exits 0 on SIGTERM', async () => {
    linkPlugin(SERVICE);
    const serverlessBin = path.join(
      REPO_ROOT,
      'node_modules',
      'serverless',
      'bin',
      'serverless.js',
    );
    const started = spawn(
      process.execPath,
      [
        serverlessBin,
        'apigateway',
        'serve',
        '--stage',
        'dev',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
      ],
      {
        cwd: SERVICE,
        env: {
          ...process.env,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          SLS_DEPRECATION_DISABLE: '*',
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    let output = '';
    const exited = new Promise<number | null>((resolve) =>
      started.once('exit', (code) => resolve(code)),
    );
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "REST API:" line within 90 s:\n${output}`)),
        90_000,
      );
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /^REST API: (http:\/\/127\.0\.0\.1:\d+\/dev)$/m.exec(plain(output));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      started.stdout?.on('data', read);
      started.stderr?.on('data', read);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${String(code)}) before printing its URL:\n${output}`));
      });
    });
    const response = await fetch(`${url}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true });
    started.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) =>
        setTimeout(() => resolve('still running after 20 s'), 20_000),
      ),
    ]);
    assert.equal(code, 0, output);
    assert.match(plain(output), /GET \/dev\/health 200 [\d.]+ ms MOCK/);
  });
});
