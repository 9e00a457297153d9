/**
 * IAM authorization of HTTP API routes in the local gateway ("Control access to HTTP APIs with IAM
 * authorization",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html):
 * requests are signed by the test with @smithy/signature-v4 for `execute-api`, the gateway
 * verifies them with the REST API's verifier against the local credentials. The verified signer
 * is at `requestContext.authorizer.iam` in the 2.0 event (the fields of the developer guide's
 * example event) and at `requestContext.identity` in 1.0; refusals are 403 with HTTP APIs' plain
 * JSON body. The clock is injected.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { fn, httpTemplate, lambda, serviceDir } from './template';

const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'AKIAHTTPTEST00000001', secretAccessKey: 'http-secret-1' };
const ROLE = {
  accessKeyId: 'ASIAHTTPTEST00000002',
  secretAccessKey: 'http-secret-2',
  sessionToken: 'http-session-token',
  arn: 'arn:aws:sts::210987654321:assumed-role/Tester/session-1',
};
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });`;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

describe('local gateway, HTTP API: IAM authorization (SigV4)', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  const clock = Date.UTC(2030, 0, 1, 12, 0, 0);
  const lines: string[] = [];
  // The SDK's SHA-256 (@smithy/hash-node), as its clients sign with.
  const sha256 = new ApiGatewayManagementApiClient({ region: REGION }).config.sha256;

  async function signed(
    method: string,
    pathname: string,
    options: { body?: string; credentials?: Credentials; date?: number } = {},
  ): Promise<Record<string, string>> {
    const url = new URL(`${base}${pathname}`);
    const signer = new SignatureV4({
      credentials: options.credentials ?? KEY,
      region: REGION,
      service: 'execute-api',
      sha256,
    });
    const query: Record<string, string> = Object.fromEntries(url.searchParams);
    const request = await signer.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query,
        headers: {
          host: url.host,
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body !== undefined ? { body: options.body } : {}),
      },
      { signingDate: new Date(options.date ?? clock) },
    );
    const { host: _host, ...headers } = request.headers;
    return headers;
  }

  const send = (pathname: string, init: RequestInit = {}) => fetch(`${base}${pathname}`, init);

  before(async () => {
    dir = serviceDir({ 'echo.js': ECHO });
    const iam = { AuthorizationType: 'AWS_IAM' };
    gateway = await startLocalGateway({
      servicePath: dir,
      template: httpTemplate(
        [
          { key: 'GET /me', integration: lambda('Echo', '2.0'), route: iam },
          { key: 'POST /orders', integration: lambda('Echo', '2.0'), route: iam },
          { key: 'GET /v1/me', integration: lambda('Echo', '1.0'), route: iam },
          { key: 'GET /open', integration: lambda('Echo', '2.0') },
        ],
        { Echo: fn('echo.handler') },
      ),
      stage: 'dev',
      port: 0,
      httpPort: 0,
      region: REGION,
      iamCredentials: [KEY, ROLE],
      now: () => clock,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.http ?? '';
  });

  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('2.0: a signed request passes; requestContext.authorizer.iam is the verified signer', async () => {
    const response = await send('/me', { headers: await signed('GET', '/me') });
    assert.equal(response.status, 200);
    const event = (await response.json()) as {
      requestContext: { authorizer: Record<string, unknown> };
    };
    assert.deepEqual(event.requestContext.authorizer, {
      iam: {
        accessKey: KEY.accessKeyId,
        accountId: '123456789012',
        callerId: KEY.accessKeyId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: 'arn:aws:iam::123456789012:user/local',
        userId: KEY.accessKeyId,
      },
    });
  });

  it('temporary credentials: their session token is required, their ARN is the userArn', async () => {
    const response = await send('/me', {
      headers: await signed('GET', '/me', { credentials: ROLE }),
    });
    assert.equal(response.status, 200);
    const event = (await response.json()) as {
      requestContext: { authorizer: { iam: Record<string, unknown> } };
    };
    assert.equal(event.requestContext.authorizer.iam.userArn, ROLE.arn);
    assert.equal(event.requestContext.authorizer.iam.accountId, '210987654321');
    const withoutToken = await send('/me', {
      headers: await signed('GET', '/me', {
        credentials: { accessKeyId: ROLE.accessKeyId, secretAccessKey: ROLE.secretAccessKey },
      }),
    });
    assert.equal(withoutToken.status, 403);
  });

  it('1.0: the verified signer is requestContext.identity', async () => {
    const response = await send('/v1/me', { headers: await signed('GET', '/v1/me') });
    assert.equal(response.status, 200);
    const event = (await response.json()) as {
      requestContext: { identity: Record<string, unknown>; authorizer?: unknown };
    };
    const { identity } = event.requestContext;
    assert.equal(identity.accessKey, KEY.accessKeyId);
    assert.equal(identity.caller, KEY.accessKeyId);
    assert.equal(identity.user, KEY.accessKeyId);
    assert.equal(identity.userArn, 'arn:aws:iam::123456789012:user/local');
    assert.equal(identity.accountId, '123456789012');
    assert.equal(event.requestContext.authorizer, undefined);
  });

  it('a signed body passes; a tampered one is refused with the signature mismatch', async () => {
    const body = JSON.stringify({ item: 'lamp' });
    const headers = await signed('POST', '/orders', { body });
    const ok = await send('/orders', { method: 'POST', headers, body });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { body: string }).body, body);
    lines.length = 0;
    const tampered = await send('/orders', {
      method: 'POST',
      headers,
      body: JSON.stringify({ item: 'lamps' }),
    });
    assert.equal(tampered.status, 403);
    assert.equal(tampered.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.match(
      ((await tampered.json()) as { message: string }).message,
      /^The request signature we calculated does not match the signature you provided\./,
    );
    assert.match(lines.join('\n'), /POST \/orders 403 .*AWS_IAM: the signature does not match/);
  });

  it('an unknown access key: 403, the security token is invalid', async () => {
    const response = await send('/me', {
      headers: await signed('GET', '/me', {
        credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'whatever' },
      }),
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal(
      await response.text(),
      '{"message":"The security token included in the request is invalid."}',
    );
  });

  it('an unsigned request: 403 {"message":"Forbidden"}, the integration not run', async () => {
    lines.length = 0;
    const response = await send('/me');
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(await response.text(), '{"message":"Forbidden"}');
    assert.match(lines.join('\n'), /GET \/me 403 .*AUTHORIZER.*not signed/);
  });

  it('a signature older than 5 minutes is expired', async () => {
    const response = await send('/me', {
      headers: await signed('GET', '/me', { date: clock - 6 * 60_000 }),
    });
    assert.equal(response.status, 403);
    assert.match(((await response.json()) as { message: string }).message, /^Signature expired: /);
  });

  it('a route without IAM authorization needs no signature', async () => {
    const response = await send('/open');
    assert.equal(response.status, 200);
    const event = (await response.json()) as { requestContext: { authorizer?: unknown } };
    assert.equal(event.requestContext.authorizer, undefined);
  });
});
