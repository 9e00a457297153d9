/**
 * The local gateway's HTTP API on a packaged service (test/fixtures/local-http-api): the template
 * `serverless package` wrote (core's httpApi events and the plugin's routes, CORS and authorizer),
 * served by `startLocalGateway` on 127.0.0.1, on a free port, with a throwaway backend for the
 * http_proxy route (its URL is the stage variable the fixture takes from LOCAL_HTTP_BACKEND).
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import { FIXTURES, packageService } from '../helpers/serverless';

const SERVICE = path.join(FIXTURES, 'local-http-api');

describe('local gateway: the HTTP API of a packaged service', function () {
  this.timeout(300_000);
  let backend: http.Server;
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    backend = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
      res.end(`backend ${req.method} ${req.url}`);
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const { template } = packageService(SERVICE, { env: { LOCAL_HTTP_BACKEND: origin } });
    gateway = await startLocalGateway({
      servicePath: SERVICE,
      template,
      stage: 'dev',
      port: 0,
      httpPort: 0,
      region: 'eu-west-1',
      log: (line) => lines.push(line),
    });
    base = gateway.urls.http as string;
  });

  after(async () => {
    await gateway?.close();
    await new Promise((resolve) => backend?.close(resolve));
  });

  it('serves the $default stage at the root; the service has no REST API', () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(gateway.urls.rest, undefined);
  });

  it('a payload 2.0 route: a plain return value is a 200 application/json response', async () => {
    const response = await fetch(`${base}/greet/ada`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual(await response.json(), {
      greeting: 'hello ada',
      routeKey: 'GET /greet/{name}',
      version: '2.0',
    });
  });

  it('a payload 1.0 route (apiGateway.payloadVersion)', async () => {
    const response = await fetch(`${base}/legacy`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), {
      version: '1.0',
      body: { a: 1 },
      resource: '/legacy',
    });
  });

  it('an http_proxy route to the backend, with the API CORS headers instead of the backend ones', async () => {
    const response = await fetch(`${base}/backend/items/7?x=1`, {
      method: 'PUT',
      headers: { Origin: 'https://app.example.com' },
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'backend PUT /items/7?x=1');
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(response.headers.get('access-control-expose-headers'), 'X-Request-Id');
  });

  it('answers a CORS preflight from the API configuration', async () => {
    const response = await fetch(`${base}/greet/ada`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(response.headers.get('access-control-max-age'), '600');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  });

  it('refuses the route behind a JWT authorizer (not run locally yet) and 404s unknown routes', async () => {
    const refused = await fetch(`${base}/private`);
    assert.equal(refused.status, 500);
    assert.equal(await refused.text(), '{"message":"Internal Server Error"}');
    assert.match(
      lines.join('\n'),
      /GET \/private 500 .*authorizers on HTTP APIs are not run locally yet/,
    );
    const unknown = await fetch(`${base}/nowhere`);
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), '{"message":"Not Found"}');
  });
});
