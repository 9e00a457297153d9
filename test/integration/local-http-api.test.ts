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
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import { FIXTURES, packageService } from '../helpers/serverless';

const SERVICE = path.join(FIXTURES, 'local-http-api');
/** The fixture's JWT authorizer: its issuer and audience. */
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example';
const AUDIENCE = 'client-id-1';

describe('local gateway: the HTTP API of a packaged service', function () {
  this.timeout(300_000);
  let backend: http.Server;
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];
  let signingKey: KeyLike;

  before(async () => {
    const keys = await generateKeyPair('RS256');
    signingKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', alg: 'RS256' };
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
      jwks: { [ISSUER]: { keys: [jwk] } },
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

  it('the route behind the JWT authorizer: a token signed with the local JWKS passes, its claims reach the handler', async () => {
    const token = await new SignJWT({ sub: 'user-7', client_id: AUDIENCE, token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(signingKey);
    const allowed = await fetch(`${base}/private`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(allowed.status, 200);
    assert.deepEqual(await allowed.json(), {
      greeting: 'hello user-7',
      routeKey: 'GET /private',
      version: '2.0',
      subject: 'user-7',
    });
  });

  it('refuses the JWT route without a valid token (401) and 404s unknown routes', async () => {
    const refused = await fetch(`${base}/private`);
    assert.equal(refused.status, 401);
    assert.equal(await refused.text(), '{"message":"Unauthorized"}');
    assert.match(
      refused.headers.get('www-authenticate') ?? '',
      /^Bearer scope="" error="invalid_token"/,
    );
    assert.match(lines.join('\n'), /GET \/private 401 /);
    const unknown = await fetch(`${base}/nowhere`);
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), '{"message":"Not Found"}');
  });
});
