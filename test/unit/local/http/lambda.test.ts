/**
 * Lambda proxy integrations of HTTP APIs, payload formats 1.0 and 2.0, as "Create AWS Lambda proxy
 * integrations for HTTP APIs in API Gateway" documents them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 * the event of each format, the 2.0 response inferred from a plain return value, `cookies` as
 * set-cookie headers; a failing function is HTTP APIs' 500 `{"message":"Internal Server Error"}`
 * and the integration timeout their 503 `{"message":"Service Unavailable"}`. An IAM route refuses
 * an unsigned request; an AWS service integration without a local AWS endpoint is a 500 whose log
 * line says how to set one.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import * as http from 'node:http';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { fn, httpTemplate, lambda, serviceDir } from './template';

const HANDLERS: Record<string, string> = {
  'echo.js': `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });`,
  'plain.js': `
    exports.text = async () => 'Hello from Lambda!';
    exports.object = async () => ({ message: 'Hello from Lambda!' });
    exports.cookies = async () => ({ statusCode: 201, cookies: ['a=1', 'b=2; Path=/'], headers: { 'x-multi': 'one,two' }, body: 'made' });
    exports.binary = async () => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([1, 2, 255]).toString('base64'), isBase64Encoded: true });`,
  'broken.js': `
    exports.throws = async () => { throw new TypeError('boom'); };
    exports.badStatus = async () => ({ statusCode: 'teapot', body: 'x' });
    exports.v1Missing = async () => 'no status code';
    exports.hangs = () => new Promise(() => setInterval(() => undefined, 1000));`,
};

describe('local gateway, HTTP API: Lambda proxy integrations', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    dir = serviceDir(HANDLERS);
    const template = httpTemplate(
      [
        { key: 'POST /v2/{id}', integration: lambda('Echo', '2.0') },
        { key: 'ANY /v1/{id}', integration: lambda('Echo', '1.0') },
        { key: 'GET /text', integration: lambda('Text') },
        { key: 'GET /object', integration: lambda('Object') },
        { key: 'GET /cookies', integration: lambda('Cookies') },
        { key: 'GET /binary', integration: lambda('Binary') },
        { key: 'GET /throws', integration: lambda('Throws') },
        { key: 'GET /bad-status', integration: lambda('BadStatus') },
        { key: 'GET /v1-missing', integration: lambda('V1Missing', '1.0') },
        {
          key: 'GET /slow',
          integration: lambda('Hangs', '2.0', { TimeoutInMillis: 300 }),
        },
        { key: 'GET /python', integration: lambda('Python') },
        {
          key: 'GET /secured',
          integration: lambda('Echo'),
          route: { AuthorizationType: 'AWS_IAM' },
        },
        {
          key: 'POST /queue',
          integration: {
            IntegrationType: 'AWS_PROXY',
            IntegrationSubtype: 'SQS-SendMessage',
            PayloadFormatVersion: '1.0',
            RequestParameters: { QueueUrl: 'https://sqs.example', MessageBody: '$request.body' },
          },
        },
        { key: 'GET /nothing' },
      ],
      {
        Echo: fn('echo.handler'),
        Text: fn('plain.text'),
        Object: fn('plain.object'),
        Cookies: fn('plain.cookies'),
        Binary: fn('plain.binary'),
        Throws: fn('broken.throws'),
        BadStatus: fn('broken.badStatus'),
        V1Missing: fn('broken.v1Missing'),
        Hangs: fn('broken.hangs', { Timeout: 30 }),
        Python: fn('handler.main', { Runtime: 'python3.12' }),
      },
      {},
      { StageName: '$default', StageVariables: { color: 'blue' } },
    );
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'dev',
      port: 0,
      httpPort: 0,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.http as string;
  });

  after(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { 'User-Agent': 'tests', ...(init.headers as Record<string, string>) },
    });

  it('payload 2.0: the documented event', async () => {
    const response = await send('/v2/42?tag=a&tag=b&q=1', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Custom': 'yes',
        Cookie: 'session=abc; theme=dark',
      },
      body: '{"hello":"world"}',
    });
    assert.equal(response.status, 200);
    const event = (await response.json()) as Record<string, unknown> & {
      headers: Record<string, string>;
      requestContext: Record<string, unknown> & { http: Record<string, unknown> };
    };
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'POST /v2/{id}');
    assert.equal(event.rawPath, '/v2/42');
    assert.equal(event.rawQueryString, 'tag=a&tag=b&q=1');
    assert.deepEqual(event.cookies, ['session=abc', 'theme=dark']);
    assert.equal(event.headers['x-custom'], 'yes');
    assert.equal(event.headers['content-type'], 'application/json');
    assert.equal(event.headers.cookie, undefined, 'cookies are in `cookies`');
    assert.ok(Object.keys(event.headers).every((name) => name === name.toLowerCase()));
    assert.deepEqual(event.queryStringParameters, { tag: 'a,b', q: '1' });
    assert.deepEqual(event.pathParameters, { id: '42' });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.body, '{"hello":"world"}');
    assert.equal(event.isBase64Encoded, false);
    const context = event.requestContext;
    assert.deepEqual(Object.keys(context).sort(), [
      'accountId',
      'apiId',
      'domainName',
      'domainPrefix',
      'http',
      'requestId',
      'routeKey',
      'stage',
      'time',
      'timeEpoch',
    ]);
    assert.deepEqual(context.http, {
      method: 'POST',
      path: '/v2/42',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'tests',
    });
    assert.equal(context.routeKey, 'POST /v2/{id}');
    assert.equal(context.stage, '$default');
    assert.equal(context.requestId, response.headers.get('apigw-requestid'));
    assert.match(String(context.time), /^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.equal(typeof context.timeEpoch, 'number');
    assert.equal(context.domainName, new URL(base).host);
  });

  it('payload 2.0: duplicate headers are joined with commas; empty parts are left out', async () => {
    // fetch joins repeated headers itself; node:http sends each line as given.
    const event = await new Promise<Record<string, unknown> & { headers: Record<string, string> }>(
      (resolve, reject) => {
        const outgoing = http.request(`${base}/v2/1`, {
          method: 'POST',
          headers: { 'X-Dup': ['one', 'two'] },
        });
        outgoing.on('response', (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        });
        outgoing.on('error', reject);
        outgoing.end();
      },
    );
    assert.equal(event.headers['x-dup'], 'one,two');
    for (const absent of ['cookies', 'queryStringParameters', 'body'])
      assert.equal(absent in event, false, absent);
    assert.equal(event.rawQueryString, '');
  });

  it('payload 2.0: a binary body is base64-encoded', async () => {
    const response = await send('/v2/1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array([9, 8, 7]),
    });
    const event = (await response.json()) as Record<string, unknown>;
    assert.equal(event.body, 'CQgH');
    assert.equal(event.isBase64Encoded, true);
  });

  it('payload 1.0: the documented event', async () => {
    const response = await send('/v1/7?tag=a&tag=b', {
      headers: { 'X-Custom': 'yes', Cookie: 'a=1' },
    });
    const event = (await response.json()) as Record<string, unknown> & {
      requestContext: Record<string, unknown>;
    };
    assert.equal(event.version, '1.0');
    assert.equal(event.resource, '/v1/{id}');
    assert.equal(event.path, '/v1/7');
    assert.equal(event.httpMethod, 'GET');
    assert.equal((event.headers as Record<string, string>)['x-custom'], 'yes');
    assert.equal((event.headers as Record<string, string>).cookie, 'a=1');
    assert.deepEqual((event.multiValueHeaders as Record<string, string[]>)['x-custom'], ['yes']);
    assert.deepEqual(event.queryStringParameters, { tag: 'b' });
    assert.deepEqual(event.multiValueQueryStringParameters, { tag: ['a', 'b'] });
    assert.deepEqual(event.pathParameters, { id: '7' });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    const context = event.requestContext;
    assert.equal(context.resourceId, null);
    assert.equal(context.resourcePath, '/v1/{id}');
    assert.equal(context.stage, '$default');
    assert.equal(context.httpMethod, 'GET');
    assert.equal((context.identity as Record<string, unknown>).sourceIp, '127.0.0.1');
  });

  // "API Gateway makes the following assumptions if your Lambda function returns valid JSON and
  // doesn't return a statusCode": the documentation's two examples.
  it('payload 2.0: a plain return value is a 200 application/json response', async () => {
    const text = await send('/text');
    assert.equal(text.status, 200);
    assert.equal(text.headers.get('content-type'), 'application/json');
    assert.equal(await text.text(), 'Hello from Lambda!');
    const object = await send('/object');
    assert.equal(object.status, 200);
    assert.equal(object.headers.get('content-type'), 'application/json');
    assert.deepEqual(await object.json(), { message: 'Hello from Lambda!' });
  });

  it('payload 2.0: each cookie of the result becomes a set-cookie header', async () => {
    const response = await send('/cookies');
    assert.equal(response.status, 201);
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2; Path=/']);
    assert.equal(response.headers.get('x-multi'), 'one,two');
    assert.equal(await response.text(), 'made');
  });

  it('payload 2.0: an isBase64Encoded body is decoded', async () => {
    const response = await send('/binary');
    assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [1, 2, 255]);
  });

  const internalError = async (path: string, logged: RegExp) => {
    lines.length = 0;
    const response = await send(path, { method: path === '/queue' ? 'POST' : 'GET' });
    assert.equal(response.status, 500, path);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(await response.text(), '{"message":"Internal Server Error"}');
    assert.match(lines.join('\n'), logged);
  };

  it('a thrown error, a malformed result, a runtime it cannot run: 500, logged', async () => {
    await internalError('/throws', /TypeError: boom/);
    await internalError('/bad-status', /Malformed Lambda proxy response: statusCode/);
    await internalError(
      '/v1-missing',
      /Malformed Lambda proxy response: the result is not an object/,
    );
    await internalError('/python', /runtime python3\.12 cannot run locally/);
  });

  it('the integration timeout (TimeoutInMillis): 503 {"message":"Service Unavailable"}', async () => {
    const response = await send('/slow');
    assert.equal(response.status, 503);
    assert.equal(await response.text(), '{"message":"Service Unavailable"}');
  });

  it('a route with IAM authorization refuses an unsigned request: 403, not served', async () => {
    const response = await send('/secured');
    assert.equal(response.status, 403);
    assert.equal(await response.text(), '{"message":"Forbidden"}');
  });

  it('an AWS service integration without an endpoint, a route without an integration: 500, logged', async () => {
    await internalError(
      '/queue',
      /SQS-SendMessage: no local AWS endpoint; start a local AWS endpoint .*--aws-endpoint/,
    );
    await internalError('/nothing', /has no integration/);
  });
});
