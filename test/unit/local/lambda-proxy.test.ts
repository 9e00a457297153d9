/**
 * Lambda proxy integrations run the service's Node.js handlers in worker threads. The event and
 * result formats are "Lambda proxy integrations in API Gateway":
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject, CfnResource } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { lambdaUri, restTemplate } from './template';

const HANDLERS: Record<string, string> = {
  'echo.js': `exports.handler = async (event, context) => ({
    statusCode: 200,
    headers: { 'X-Fn': context.functionName, 'Set-Cookie': 'c=3' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: JSON.stringify({ event, env: { ...process.env } }),
  });`,
  'lib/esm.mjs': `export const handler = async () => ({ statusCode: 201, body: 'esm' });`,
  'callback.js': `exports.handler = (event, context, callback) => setTimeout(() => callback(null, { statusCode: '202', body: 'cb', isBase64Encoded: false }), 1);`,
  'binary.js': `exports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'image/png', 'X-Got': event.body + ':' + event.isBase64Encoded }, body: Buffer.from([1, 2, 255]).toString('base64'), isBase64Encoded: true });`,
  'broken.js': `
    exports.throws = async () => { throw new TypeError('boom'); };
    exports.extraKey = async () => ({ statusCode: 200, body: 'x', cookies: [] });
    exports.objectBody = async () => ({ statusCode: 200, body: { a: 1 } });
    exports.hangs = () => new Promise(() => setInterval(() => undefined, 1000));
    exports.exits = async () => { process.exit(3); };
    let calls = 0;
    exports.count = async () => ({ statusCode: 200, body: String(++calls) });`,
};

function fn(handler: string, extra: CfnObject = {}): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Handler: handler,
      Runtime: 'nodejs22.x',
      FunctionName: `fn-${handler}`,
      ...extra,
    },
  };
}

function proxy(functionId: string, extra: CfnObject = {}): CfnObject {
  return { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri(functionId), ...extra };
}

describe('local gateway: Lambda proxy integrations', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-gw-'));
    for (const [file, source] of Object.entries(HANDLERS)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), source);
    }
    process.env.LOCAL_GATEWAY_OUTSIDE = 'parent only';
    const template = restTemplate(
      [
        { path: '/echo/{id}', httpMethod: 'ANY', integration: proxy('Echo') },
        { path: '/esm', httpMethod: 'GET', integration: proxy('Esm') },
        { path: '/callback', httpMethod: 'GET', integration: proxy('Callback') },
        { path: '/binary', httpMethod: 'POST', integration: proxy('Binary') },
        { path: '/throws', httpMethod: 'GET', integration: proxy('Throws') },
        { path: '/extra', httpMethod: 'GET', integration: proxy('ExtraKey') },
        { path: '/object-body', httpMethod: 'GET', integration: proxy('ObjectBody') },
        { path: '/hangs', httpMethod: 'GET', integration: proxy('Hangs') },
        {
          path: '/slow-api',
          httpMethod: 'GET',
          integration: proxy('HangsLong', { TimeoutInMillis: 300 }),
        },
        { path: '/exits', httpMethod: 'GET', integration: proxy('Exits') },
        { path: '/count', httpMethod: 'GET', integration: proxy('Count') },
        { path: '/python', httpMethod: 'GET', integration: proxy('Python') },
      ],
      {
        Echo: fn('echo.handler', {
          Environment: {
            Variables: {
              PLAIN: 'value',
              TABLE: { Ref: 'Table' },
              TABLE_ARN: { 'Fn::GetAtt': ['Table', 'Arn'] },
              WHERE: { 'Fn::Sub': '${AWS::Region}/${AWS::AccountId}/${AWS::StackName}' },
              NOTHING: { Ref: 'AWS::NoValue' },
            },
          },
        }),
        Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
        Esm: fn('lib/esm.handler'),
        Callback: fn('callback.handler'),
        Binary: fn('binary.handler'),
        Throws: fn('broken.throws'),
        ExtraKey: fn('broken.extraKey'),
        ObjectBody: fn('broken.objectBody'),
        Hangs: fn('broken.hangs', { Timeout: 1 }),
        HangsLong: fn('broken.hangs', { Timeout: 30 }),
        Exits: fn('broken.exits'),
        Count: fn('broken.count'),
        Python: fn('handler.main', { Runtime: 'python3.12' }),
        ApiGatewayStage: {
          Type: 'AWS::ApiGateway::Stage',
          Properties: { StageName: 'test', Variables: { color: 'blue' } },
        },
      },
    );
    template.Resources.ApiGatewayRestApi.Properties = {
      Name: 'test',
      BinaryMediaTypes: ['image/*'],
    };
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'test',
      port: 0,
      region: 'eu-west-1',
      stackName: 'svc-test',
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
  });

  after(async () => {
    await gateway?.close();
    delete process.env.LOCAL_GATEWAY_OUTSIDE;
    rmSync(dir, { recursive: true, force: true });
  });

  interface Echo {
    event: Record<string, unknown> & { requestContext: Record<string, unknown> };
    env: Record<string, string>;
  }

  it('passes the input event in the documented format (v1.0)', async () => {
    const response = await fetch(`${base}/echo/42?tag=a&tag=b&q=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
      body: '{"hello":"world"}',
    });
    assert.equal(response.status, 200);
    const { event } = (await response.json()) as Echo;
    assert.equal(event.resource, '/echo/{id}');
    assert.equal(event.path, '/echo/42');
    assert.equal(event.httpMethod, 'POST');
    assert.equal(
      (event.headers as Record<string, string>)['X-Custom'] ??
        (event.headers as Record<string, string>)['x-custom'],
      'yes',
    );
    assert.ok(
      Object.values(event.multiValueHeaders as Record<string, string[]>).every(Array.isArray),
    );
    assert.deepEqual(event.queryStringParameters, { tag: 'b', q: '1' });
    assert.deepEqual(event.multiValueQueryStringParameters, { tag: ['a', 'b'], q: ['1'] });
    assert.deepEqual(event.pathParameters, { id: '42' });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.body, '{"hello":"world"}');
    assert.equal(event.isBase64Encoded, false);
    const context = event.requestContext;
    assert.equal(context.stage, 'test');
    assert.equal(context.resourcePath, '/echo/{id}');
    assert.equal(context.httpMethod, 'POST');
    assert.equal(context.path, '/test/echo/42');
    assert.equal(context.protocol, 'HTTP/1.1');
    assert.equal(typeof context.requestTimeEpoch, 'number');
    assert.match(String(context.requestTime), /^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.equal(context.requestId, response.headers.get('x-amzn-requestid'));
    assert.equal((context.identity as Record<string, unknown>).sourceIp, '127.0.0.1');
    assert.equal((context.identity as Record<string, unknown>).accessKey, null);
  });

  it('an empty query string, body and path parameters are null', async () => {
    const { event } = (await (await fetch(`${base}/echo/1`)).json()) as Echo;
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.multiValueQueryStringParameters, null);
    assert.equal(event.body, null);
  });

  it('gives the function only its own environment, intrinsics given local values', async () => {
    const { env } = (await (await fetch(`${base}/echo/1`)).json()) as Echo;
    assert.equal(env.PLAIN, 'value');
    assert.equal(env.TABLE, 'orders');
    assert.equal(env.TABLE_ARN, 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders');
    assert.equal(env.WHERE, 'eu-west-1/123456789012/svc-test');
    assert.equal('NOTHING' in env, false);
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'fn-echo.handler');
    assert.equal(env.LOCAL_GATEWAY_OUTSIDE, undefined);
  });

  // "If you specify values for both headers and multiValueHeaders, API Gateway merges them".
  it('merges headers and multiValueHeaders; Content-Type defaults to application/json', async () => {
    const response = await fetch(`${base}/echo/1`);
    assert.equal(response.headers.get('x-fn'), 'fn-echo.handler');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2', 'c=3']);
    assert.equal(response.headers.get('content-type'), 'application/json');
  });

  it('runs ES modules and callback-style handlers', async () => {
    const esm = await fetch(`${base}/esm`);
    assert.equal(esm.status, 201);
    assert.equal(await esm.text(), 'esm');
    const callback = await fetch(`${base}/callback`);
    assert.equal(callback.status, 202);
    assert.equal(await callback.text(), 'cb');
  });

  it('base64: a binary media type request body is encoded, an isBase64Encoded result decoded', async () => {
    const response = await fetch(`${base}/binary`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: new Uint8Array([9, 8, 7]),
    });
    assert.equal(response.headers.get('x-got'), 'CQgH:true');
    assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [1, 2, 255]);
  });

  const internalError = async (pathName: string, logged: RegExp) => {
    lines.length = 0;
    const response = await fetch(`${base}${pathName}`);
    assert.equal(response.status, 502, pathName);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
    assert.equal(await response.text(), '{"message": "Internal server error"}');
    assert.match(lines.join('\n'), logged);
  };

  it('a thrown error is a 502, logged with its message', () =>
    internalError('/throws', /TypeError: boom/));

  it('a malformed proxy result is a 502 (a key outside the format, a non-string body)', async () => {
    await internalError('/extra', /Malformed Lambda proxy response.*cookies/);
    await internalError('/object-body', /Malformed Lambda proxy response: body is not a string/);
  });

  it("the function's own Timeout ends it: Lambda's error, so a 502", async () => {
    const started = Date.now();
    await internalError('/hangs', /Task timed out after 1\.00 seconds/);
    assert.ok(Date.now() - started < 5000);
  });

  it('the integration timeout (TimeoutInMillis) first: 504 Endpoint request timed out', async () => {
    const response = await fetch(`${base}/slow-api`);
    assert.equal(response.status, 504);
    assert.equal(await response.text(), '{"message": "Endpoint request timed out"}');
  });

  it('a crashing worker costs one request: the function answers the next one', async () => {
    await internalError('/exits', /worker/);
    await internalError('/exits', /worker/);
    const first = await (await fetch(`${base}/count`)).text();
    const second = await (await fetch(`${base}/count`)).text();
    assert.equal(Number(second), Number(first) + 1, 'a healthy worker is reused');
  });

  it('a runtime it cannot run is a 502 and a log line naming the runtime', () =>
    internalError('/python', /runtime python3\.12 cannot run locally/));
});
