/**
 * AWS_IAM methods in the local gateway ("Control access to a REST API with IAM permissions",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html): requests are
 * signed by the test with @smithy/signature-v4 (the AWS SDK's signer, hashing with the SDK's own
 * SHA-256) for `execute-api`, in headers and as a presigned URL, and once by a real SDK v3 client
 * (API Gateway Management API, whose signing name is execute-api); the gateway verifies them
 * against the local credentials. The clock is injected.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CfnObject, CfnTemplate } from '../../../../src/cloudformation/template';
import { runServe } from '../../../../src/commands/serve';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { mock, restTemplate } from '../template';
import { contextMock, nodeFunction, proxyTo } from './fixtures';

const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'AKIALOCALTEST0000001', secretAccessKey: 'local-secret-1' };
const ROLE = {
  accessKeyId: 'ASIALOCALTEST0000002',
  secretAccessKey: 'local-secret-2',
  sessionToken: 'local-session-token',
  arn: 'arn:aws:sts::210987654321:assumed-role/Tester/session-1',
};
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ identity: event.requestContext.identity, body: event.body }) });`;
// GetConnection's output shape, carrying what the gateway said about the caller.
const CONNECTION = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ connectedAt: '2030-01-01T00:00:00Z', identity: { sourceIp: event.requestContext.identity.userArn, userAgent: event.requestContext.identity.accessKey } }) });`;
const IDENTITY_TEMPLATE =
  '{"user": "$context.identity.user", "caller": "$context.identity.caller", "userArn": "$context.identity.userArn", "accountId": "$context.identity.accountId"}';
const API_KEY = 'partner-key-0123456789';

function iamTemplate(): CfnTemplate {
  const template = restTemplate(
    [
      { path: '/me', httpMethod: 'GET', integration: proxyTo('Echo') },
      { path: '/orders', httpMethod: 'POST', integration: proxyTo('Echo') },
      { path: '/mapped', httpMethod: 'GET', integration: contextMock(IDENTITY_TEMPLATE) },
      {
        path: '/cached',
        httpMethod: 'GET',
        integration: contextMock('{"id": "$context.requestId"}'),
      },
      {
        path: '/keyed',
        httpMethod: 'GET',
        integration: contextMock(
          '{"apiKey": "$context.identity.apiKey", "apiKeyId": "$context.identity.apiKeyId"}',
        ),
      },
      { path: '/keyed-proxy', httpMethod: 'GET', integration: proxyTo('Echo') },
      { path: '/open', httpMethod: 'GET', integration: proxyTo('Echo') },
      {
        path: '/@connections/{connectionId}',
        httpMethod: 'GET',
        integration: proxyTo('Connection'),
      },
    ],
    {
      Echo: nodeFunction('echo.handler'),
      Connection: nodeFunction('connection.handler'),
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          StageName: 'dev',
          CacheClusterEnabled: true,
          CacheClusterSize: '0.5',
          MethodSettings: [{ ResourcePath: '/~1cached', HttpMethod: 'GET', CachingEnabled: true }],
        },
      },
      Plan: {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'dev' }] },
      },
      PartnerKey: {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: { Name: 'partner', Enabled: true, Value: API_KEY },
      },
      PlanPartnerKey: {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        Properties: {
          KeyId: { Ref: 'PartnerKey' },
          KeyType: 'API_KEY',
          UsagePlanId: { Ref: 'Plan' },
        },
      },
    },
  );
  const method = (index: number) => template.Resources[`Method${index}`].Properties as CfnObject;
  for (const index of [1, 2, 3, 4, 8]) method(index).AuthorizationType = 'AWS_IAM';
  method(5).ApiKeyRequired = true;
  method(6).ApiKeyRequired = true;
  return template;
}

/** The URL's query as the signer takes it: a list for a repeated name. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

describe('local gateway: AWS_IAM methods (SigV4)', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  let clock = Date.UTC(2030, 0, 1, 12, 0, 0);
  const lines: string[] = [];
  // The SDK's SHA-256 (@smithy/hash-node), as its clients sign with.
  const sha256 = new ApiGatewayManagementApiClient({ region: REGION }).config.sha256;

  const signerFor = (credentials: Credentials, region = REGION, service = 'execute-api') =>
    new SignatureV4({ credentials, region, service, sha256 });

  /** The request's headers signed for the URL (the Host header is the URL's: fetch sends it). */
  async function signedHeaders(
    method: string,
    url: URL,
    options: {
      body?: string;
      headers?: Record<string, string>;
      credentials?: Credentials;
      date?: number;
      region?: string;
      service?: string;
    } = {},
  ): Promise<Record<string, string>> {
    const signer = signerFor(options.credentials ?? KEY, options.region, options.service);
    const signed = await signer.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: queryOf(url),
        headers: { host: url.host, ...options.headers },
        ...(options.body !== undefined ? { body: options.body } : {}),
      },
      { signingDate: new Date(options.date ?? clock) },
    );
    const { host: _host, ...headers } = signed.headers;
    return headers;
  }

  const url = (pathname: string) => new URL(`${base}${pathname}`);

  async function signedGet(pathname: string, options: Parameters<typeof signedHeaders>[2] = {}) {
    const target = url(pathname);
    return fetch(target, { headers: await signedHeaders('GET', target, options) });
  }

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-iam-'));
    writeFileSync(path.join(dir, 'echo.js'), ECHO);
    writeFileSync(path.join(dir, 'connection.js'), CONNECTION);
    gateway = await startLocalGateway({
      servicePath: dir,
      template: iamTemplate(),
      stage: 'dev',
      port: 0,
      region: REGION,
      iamCredentials: [KEY, ROLE],
      now: () => clock,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest ?? '';
  });

  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a signed request passes; the proxy event carries the verified identity', async () => {
    const response = await signedGet('/me');
    assert.equal(response.status, 200);
    const { identity } = (await response.json()) as { identity: Record<string, unknown> };
    assert.equal(identity.accessKey, KEY.accessKeyId);
    assert.equal(identity.caller, KEY.accessKeyId);
    assert.equal(identity.user, KEY.accessKeyId);
    assert.equal(identity.userArn, 'arn:aws:iam::123456789012:user/local');
    assert.equal(identity.accountId, '123456789012');
    assert.equal(identity.sourceIp, '127.0.0.1');
  });

  it('temporary credentials need their session token; the configured ARN is the userArn', async () => {
    const response = await signedGet('/me', { credentials: ROLE });
    assert.equal(response.status, 200);
    const { identity } = (await response.json()) as { identity: Record<string, unknown> };
    assert.equal(identity.userArn, ROLE.arn);
    assert.equal(identity.accountId, '210987654321');
    const withoutToken = await signedGet('/me', {
      credentials: { accessKeyId: ROLE.accessKeyId, secretAccessKey: ROLE.secretAccessKey },
    });
    assert.equal(withoutToken.status, 403);
    assert.equal(
      await withoutToken.text(),
      '{"message":"The security token included in the request is invalid."}',
    );
  });

  it('$context.identity holds the caller in mapping templates', async () => {
    const response = await signedGet('/mapped', { credentials: ROLE });
    assert.deepEqual(await response.json(), {
      user: ROLE.accessKeyId,
      caller: ROLE.accessKeyId,
      userArn: ROLE.arn,
      accountId: '210987654321',
    });
  });

  it('a signed POST with its body passes; a changed body does not', async () => {
    const target = url('/orders?b=2&a=1&a=0');
    const body = '{"item":"book"}';
    const headers = await signedHeaders('POST', target, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    const response = await fetch(target, { method: 'POST', headers, body });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { body: string }).body, body);
    const tampered = await fetch(target, { method: 'POST', headers, body: '{"item":"car"}' });
    assert.equal(tampered.status, 403);
    assert.equal(tampered.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.equal(
      await tampered.text(),
      '{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}',
    );
    assert.match(lines.join('\n'), /the canonical request was\nPOST\n\/dev\/orders\na=0&a=1&b=2\n/);
  });

  it('a changed path, query string or signed header does not verify', async () => {
    const headers = await signedHeaders('GET', url('/me?x=1'), {
      headers: { 'x-tenant': 'a' },
    });
    const send = (pathname: string, extra: Record<string, string> = {}) =>
      fetch(url(pathname), { headers: { ...headers, ...extra } });
    assert.equal((await send('/me?x=1')).status, 200);
    assert.equal((await send('/mapped?x=1')).status, 403);
    assert.equal((await send('/me?x=2')).status, 403);
    assert.equal((await send('/me?x=1', { 'x-tenant': 'b' })).status, 403);
    // A header that is not signed may change.
    assert.equal((await send('/me?x=1', { 'x-trace': 'anything' })).status, 200);
  });

  it('the wrong secret does not verify; an unknown access key is an invalid security token', async () => {
    const wrongSecret = await signedGet('/me', {
      credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: 'guessed' },
    });
    assert.equal(wrongSecret.status, 403);
    assert.equal(wrongSecret.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    const unknown = await signedGet('/me', {
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
    });
    assert.equal(unknown.status, 403);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal(
      await unknown.text(),
      '{"message":"The security token included in the request is invalid."}',
    );
  });

  it('an unsigned request is 403 Missing Authentication Token; a malformed one is incomplete', async () => {
    const unsigned = await fetch(url('/me'));
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.equal(await unsigned.text(), '{"message":"Missing Authentication Token"}');
    const bearer = await fetch(url('/me'), { headers: { Authorization: 'AWS4-HMAC-SHA256' } });
    assert.equal(bearer.status, 403);
    assert.equal(bearer.headers.get('x-amzn-errortype'), 'IncompleteSignatureException');
    assert.equal(
      ((await bearer.json()) as { message: string }).message,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    );
  });

  it('a signature older than 5 minutes has expired; one in the future is not yet current', async () => {
    const fourMinutes = await signedGet('/me', { date: clock - 4 * 60_000 });
    assert.equal(fourMinutes.status, 200);
    const expired = await signedGet('/me', { date: clock - 6 * 60_000 });
    assert.equal(expired.status, 403);
    assert.equal(expired.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.equal(
      await expired.text(),
      '{"message":"Signature expired: 20300101T115400Z is now earlier than 20300101T115500Z (20300101T120000Z - 5 min.)"}',
    );
    const future = await signedGet('/me', { date: clock + 6 * 60_000 });
    assert.equal(future.status, 403);
    assert.match(
      ((await future.json()) as { message: string }).message,
      /^Signature not yet current: 20300101T120600Z is still later than 20300101T120500Z/,
    );
  });

  it('a signature for another region or service is refused before it is checked', async () => {
    const region = await signedGet('/me', { region: 'us-east-1' });
    assert.equal(region.status, 403);
    assert.match(await region.text(), /Credential should be scoped to a valid region/);
    const service = await signedGet('/me', { service: 'lambda' });
    assert.equal(service.status, 403);
    assert.match(
      await service.text(),
      /Credential should be scoped to correct service: 'execute-api'/,
    );
  });

  it('a presigned URL passes until it expires', async () => {
    const target = url('/me?view=full');
    const presigned = await signerFor(ROLE).presign(
      {
        method: 'GET',
        protocol: target.protocol,
        hostname: target.hostname,
        port: Number(target.port),
        path: target.pathname,
        query: { view: 'full' },
        headers: { host: target.host },
      },
      { signingDate: new Date(clock), expiresIn: 60 },
    );
    const link = new URL(target.pathname, target);
    for (const [name, value] of Object.entries(presigned.query ?? {}))
      link.searchParams.set(name, String(value));
    const response = await fetch(link);
    assert.equal(response.status, 200);
    const { identity } = (await response.json()) as { identity: Record<string, unknown> };
    assert.equal(identity.userArn, ROLE.arn);
    const changed = new URL(link);
    changed.searchParams.set('view', 'summary');
    assert.equal((await fetch(changed)).status, 403);
    const later = clock;
    clock += 61_000;
    try {
      const expired = await fetch(link);
      assert.equal(expired.status, 403);
      assert.match(await expired.text(), /^\{"message":"Signature expired: /);
    } finally {
      clock = later;
    }
  });

  it('a verified IAM caller may invalidate a cached response with Cache-Control: max-age=0', async () => {
    const id = async (headers: Record<string, string> = {}) => {
      const target = url('/cached');
      const signed = await signedHeaders('GET', target);
      const response = await fetch(target, { headers: { ...signed, ...headers } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('warning'), null);
      return ((await response.json()) as { id: string }).id;
    };
    const first = await id();
    assert.equal(await id(), first);
    const fresh = await id({ 'Cache-Control': 'max-age=0' });
    assert.notEqual(fresh, first);
    assert.equal(await id(), fresh);
  });

  it('the API key checked on a method is $context.identity.apiKey and apiKeyId', async () => {
    const mapped = await fetch(url('/keyed'), { headers: { 'x-api-key': API_KEY } });
    assert.deepEqual(await mapped.json(), { apiKey: API_KEY, apiKeyId: 'PartnerKey' });
    const proxied = await fetch(url('/keyed-proxy'), { headers: { 'x-api-key': API_KEY } });
    const { identity } = (await proxied.json()) as { identity: Record<string, unknown> };
    assert.equal(identity.apiKey, API_KEY);
    assert.equal(identity.apiKeyId, 'PartnerKey');
    assert.equal(identity.accessKey, null);
    const open = await fetch(url('/open'));
    const openIdentity = ((await open.json()) as { identity: Record<string, unknown> }).identity;
    assert.equal('apiKey' in openIdentity, false);
    assert.equal(openIdentity.userArn, null);
  });

  it('a real AWS SDK v3 client (execute-api) signs requests the gateway verifies', async () => {
    const later = clock;
    clock = Date.now(); // the client signs with the system clock
    try {
      const client = (credentials: Credentials) =>
        new ApiGatewayManagementApiClient({ region: REGION, endpoint: base, credentials });
      const answer = await client(ROLE).send(new GetConnectionCommand({ ConnectionId: 'abc' }));
      assert.equal(answer.Identity?.SourceIp, ROLE.arn);
      assert.equal(answer.Identity?.UserAgent, ROLE.accessKeyId);
      await assert.rejects(
        client({ ...KEY, secretAccessKey: 'wrong' }).send(
          new GetConnectionCommand({ ConnectionId: 'abc' }),
        ),
        (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
          error.$metadata?.httpStatusCode === 403 &&
          error.message.startsWith('The request signature we calculated does not match'),
      );
    } finally {
      clock = later;
    }
  });
});

describe('sls apigateway serve: custom.apiGateway.local.credentials', () => {
  it('the configured credentials are the ones AWS_IAM methods accept', async () => {
    const template = restTemplate([{ path: '/me', httpMethod: 'GET', integration: mock() }]);
    (template.Resources.Method1.Properties as CfnObject).AuthorizationType = 'AWS_IAM';
    let url = '';
    let release: () => void = () => undefined;
    const run = runServe(
      { port: '0', watch: false },
      {
        log: { notice: () => undefined, warning: () => undefined, info: () => undefined },
        writeText: (text) => {
          url = text.replace('REST API: ', '');
        },
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => REGION },
        serviceDir: __dirname,
        stackName: () => 'svc-dev',
        packageService: async () => undefined,
        template: () => template,
        localConfig: () => ({ credentials: [KEY] }),
      },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    try {
      for (let attempt = 0; attempt < 100 && url === ''; attempt += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const target = new URL(`${url}/me`);
      const sign = (credentials: Credentials) =>
        new SignatureV4({
          credentials,
          region: REGION,
          service: 'execute-api',
          sha256: new ApiGatewayManagementApiClient({ region: REGION }).config.sha256,
        }).sign({
          method: 'GET',
          protocol: 'http:',
          hostname: target.hostname,
          port: Number(target.port),
          path: target.pathname,
          headers: { host: target.host },
        });
      const { host: _host, ...headers } = (await sign(KEY)).headers;
      assert.equal((await fetch(target, { headers })).status, 200);
      const { host: _other, ...stranger } = (
        await sign({ accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'x' })
      ).headers;
      assert.equal((await fetch(target, { headers: stranger })).status, 403);
    } finally {
      release();
      await run;
    }
  });
});
