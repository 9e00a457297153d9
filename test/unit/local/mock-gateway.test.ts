/**
 * MOCK integrations, gateway responses and stage variables, served by startLocalGateway from a
 * hand-built template on a free port of 127.0.0.1.
 */
import { strict as assert } from 'node:assert';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { readRestApi } from '../../../src/model';
import { TemplateCache } from '../../../src/local/rest/templates';
import { mock, restTemplate } from './template';

const STATUS_TEMPLATE =
  '#if($input.params(\'fail\') == \'yes\'){"statusCode": 503}#else{"statusCode": 200}#end';

function template() {
  return restTemplate(
    [
      { path: '/health', httpMethod: 'GET', integration: mock() },
      {
        path: '/status',
        httpMethod: 'GET',
        integration: {
          Type: 'MOCK',
          RequestTemplates: { 'application/json': STATUS_TEMPLATE },
          IntegrationResponses: [
            {
              StatusCode: '200',
              ResponseParameters: {
                'method.response.header.X-Static': "'fixed'",
                'method.response.header.X-From-Integration': 'integration.response.header.Server',
                'method.response.header.X-Stage-Var': 'stageVariables.backend',
              },
              ResponseTemplates: {
                'application/json': '{"status": "up", "backend": "$stageVariables.backend"}',
                'text/plain': 'up',
              },
            },
            {
              StatusCode: '503',
              SelectionPattern: '5\\d{2}',
              ResponseTemplates: {
                'application/json':
                  '{"status": "down"}#set($context.responseOverride.header.Retry-After = "30")',
              },
            },
          ],
        },
      },
      {
        path: '/strict',
        httpMethod: 'POST',
        integration: { ...mock(), PassthroughBehavior: 'NEVER' },
      },
      {
        path: '/unmapped',
        httpMethod: 'GET',
        integration: {
          Type: 'MOCK',
          RequestTemplates: { 'application/json': '{"statusCode": 418}' },
          IntegrationResponses: [{ StatusCode: '200', SelectionPattern: '200' }],
        },
      },
      {
        path: '/defaulted',
        httpMethod: 'GET',
        integration: { Type: 'MOCK', IntegrationResponses: [{ StatusCode: '204' }] },
      },
    ],
    {
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { StageName: 'dev', Variables: { backend: 'https://backend.example.com' } },
      },
      UnsupportedMedia: {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: {
          ResponseType: 'UNSUPPORTED_MEDIA_TYPE',
          StatusCode: '415',
          ResponseParameters: {
            'gatewayresponse.header.X-Type': "'custom'",
            'gatewayresponse.header.X-Echo': 'method.request.header.X-Echo',
          },
          ResponseTemplates: {
            'application/json':
              '{"error": "$context.error.message", "type": "$context.error.responseType"}',
          },
        },
      },
      Default5xx: {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: {
          ResponseType: 'DEFAULT_5XX',
          ResponseParameters: { 'gatewayresponse.header.X-Fallback': "'5xx'" },
        },
      },
    },
  );
}

describe('local gateway: MOCK integrations and gateway responses', () => {
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template: template(),
      stage: 'dev',
      port: 0,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
  });
  after(() => gateway.close());

  it('serves under http://127.0.0.1:<port>/<stage>', () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/dev$/);
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
  it('the request template status selects the integration response (selectionPattern)', async () => {
    const up = await fetch(`${base}/status`);
    assert.equal(up.status, 200);
    assert.deepEqual(await up.json(), { status: 'up', backend: 'https://backend.example.com' });
    const down = await fetch(`${base}/status?fail=yes`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { status: 'down' });
    assert.equal(down.headers.get('retry-after'), '30', '$context.responseOverride.header');
  });

  it('maps static, stage variable and integration header values; a missing source sets nothing', async () => {
    const response = await fetch(`${base}/status`);
    assert.equal(response.headers.get('x-static'), 'fixed');
    assert.equal(response.headers.get('x-stage-var'), 'https://backend.example.com');
    assert.equal(response.headers.has('x-from-integration'), false);
    assert.equal(response.headers.get('content-type'), 'application/json');
  });

  it('chooses the response template by the Accept header', async () => {
    const response = await fetch(`${base}/status`, { headers: { Accept: 'text/plain' } });
    assert.equal(response.headers.get('content-type'), 'text/plain');
    assert.equal(await response.text(), 'up');
  });

  it('a mock without a request template answers with the default integration response', async () => {
    const response = await fetch(`${base}/defaulted`);
    assert.equal(response.status, 204);
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
  it('NEVER refuses an unmapped content type with the customised UNSUPPORTED_MEDIA_TYPE response', async () => {
    const response = await fetch(`${base}/strict`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', 'X-Echo': 'echoed' },
      body: 'a,b',
    });
    assert.equal(response.status, 415);
    assert.equal(response.headers.get('x-type'), 'custom');
    assert.equal(response.headers.get('x-echo'), 'echoed');
    assert.deepEqual(await response.json(), {
      error: 'Unsupported Media Type',
      type: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  // "Gateway response types": API_CONFIGURATION_ERROR 500 "when integration response mapping
  // can't match any template and no default template is configured"; falls back to DEFAULT_5XX.
  it('no matching and no default integration response: 500 through DEFAULT_5XX', async () => {
    const response = await fetch(`${base}/unmapped`);
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('x-fallback'), '5xx');
    assert.equal(response.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
    assert.deepEqual(await response.json(), { message: 'Internal server error' });
  });

  // "Missing Authentication Token" for a resource or method the API does not have:
  // https://repost.aws/knowledge-center/api-gateway-authentication-token-errors
  it('an unknown resource or method: 403 Missing Authentication Token with its x-amzn-ErrorType', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/health'],
    ]) {
      const response = await fetch(`${base}${path}`, { method });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
      assert.equal(await response.text(), '{"message":"Missing Authentication Token"}');
    }
  });

  it('a path outside the stage is not the API: 403 Missing Authentication Token', async () => {
    const response = await fetch(base.replace(/\/dev$/, '/prod/health'));
    assert.equal(response.status, 403);
    assert.equal(await response.text(), '{"message":"Missing Authentication Token"}');
  });

  it('logs one line per request: method, path, status, latency, integration', async () => {
    lines.length = 0;
    await fetch(`${base}/health`);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^GET \/dev\/health 200 \d+(\.\d+)? ms MOCK$/);
  });

  it('sends x-amzn-RequestId, the request id templates see as $context.requestId', async () => {
    const response = await fetch(`${base}/health`);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  });
});

describe('local gateway: templates are parsed once per model load', () => {
  it('parses every template of the API up front, one parse per distinct text', () => {
    const api = readRestApi(template());
    const cache = TemplateCache.forApi(api);
    // STATUS_TEMPLATE, two /status response templates, the 503 one, the shared mock() pair
    // ({"statusCode": 200} and {"ok": true}), {"statusCode": 418}, the 415 gateway response.
    assert.equal(cache.size, 8);
    assert.equal(cache.get(STATUS_TEMPLATE), cache.get(STATUS_TEMPLATE));
    cache.get('{"ok": true}');
    assert.equal(cache.size, 8, 'a template seen at load is not parsed again');
  });
});
