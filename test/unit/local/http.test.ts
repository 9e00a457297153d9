/**
 * HTTP and HTTP_PROXY integrations ("Set up HTTP integrations in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html),
 * served by startLocalGateway against a throwaway upstream on 127.0.0.1.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { restTemplate } from './template';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function startUpstream(seen: Seen[]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/slow')) return; // never answers: the integration timeout
      if (req.url?.startsWith('/status/')) {
        const status = Number(req.url.split('?')[0].split('/')[2]);
        res.writeHead(status, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
        res.end(JSON.stringify({ code: status, detail: 'from upstream' }));
        return;
      }
      res.writeHead(201, [
        ['Content-Type', 'text/plain'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['X-Upstream', 'yes'],
      ]);
      res.end(`echo ${req.method} ${req.url} ${body}`);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

/** A port nobody listens on: one the system gave and we closed again. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function template(upstream: string, refusedPort: number) {
  const httpIntegration = (path: string, extra: Record<string, unknown> = {}) => ({
    Type: 'HTTP',
    IntegrationHttpMethod: 'POST',
    Uri: `${upstream}${path}`,
    RequestTemplates: {
      'application/json': '{"item": "$input.params(\'id\')", "sent": $input.json(\'$\')}',
    },
    IntegrationResponses: [
      {
        StatusCode: '200',
        ResponseParameters: {
          'method.response.header.X-Mapped': 'integration.response.header.X-Upstream',
        },
        ResponseTemplates: {
          'application/json':
            '{"wrapped": $input.json(\'$.detail\'), "code": $input.json(\'$.code\')}',
        },
      },
      {
        StatusCode: '404',
        SelectionPattern: '4\\d{2}',
        ResponseTemplates: { 'application/json': '{"missing": $input.json(\'$.code\')}' },
      },
    ],
    ...extra,
  });
  return restTemplate(
    [
      {
        path: '/proxy/{proxy+}',
        httpMethod: 'ANY',
        integration: {
          Type: 'HTTP_PROXY',
          IntegrationHttpMethod: 'ANY',
          Uri: '${stageVariables.upstream}/echo/{proxy}',
          RequestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        },
      },
      {
        path: '/items/{id}',
        httpMethod: 'GET',
        integration: {
          Type: 'HTTP_PROXY',
          IntegrationHttpMethod: 'GET',
          Uri: `${upstream}/items/{id}`,
        },
      },
      {
        path: '/slow',
        httpMethod: 'GET',
        integration: {
          Type: 'HTTP_PROXY',
          IntegrationHttpMethod: 'GET',
          Uri: `${upstream}/slow`,
          TimeoutInMillis: 150,
        },
      },
      {
        path: '/refused',
        httpMethod: 'GET',
        integration: {
          Type: 'HTTP_PROXY',
          IntegrationHttpMethod: 'GET',
          Uri: `http://127.0.0.1:${refusedPort}/`,
        },
      },
      {
        path: '/mapped/{id}',
        httpMethod: 'POST',
        integration: httpIntegration('/status/{status}', {
          RequestParameters: {
            'integration.request.path.status': 'method.request.querystring.status',
            'integration.request.header.X-Forwarded-Id': 'method.request.path.id',
            'integration.request.header.X-Static': "'static'",
            'integration.request.querystring.stage': 'stageVariables.name',
          },
        }),
      },
      {
        path: '/override/{id}',
        httpMethod: 'POST',
        integration: httpIntegration('/status/{status}', {
          RequestParameters: {
            'integration.request.path.status': 'method.request.querystring.status',
            'integration.request.header.X-Static': "'static'",
            'integration.request.querystring.stage': 'stageVariables.name',
          },
          RequestTemplates: {
            'application/json': [
              "#set($context.requestOverride.header.x-static = 'overridden')",
              "#set($context.requestOverride.header.X-Added = $input.params('id'))",
              "#set($context.requestOverride.querystring.stage = 'from-template')",
              "#set($context.requestOverride.querystring.extra = 'yes')",
              "#set($context.requestOverride.path.status = '200')",
              '{"sent": true}',
            ].join(''),
          },
        }),
      },
      {
        path: '/unselected',
        httpMethod: 'GET',
        integration: {
          Type: 'HTTP',
          IntegrationHttpMethod: 'GET',
          Uri: `${upstream}/status/500`,
          IntegrationResponses: [{ StatusCode: '200', SelectionPattern: '2\\d{2}' }],
        },
      },
      {
        path: '/http-slow',
        httpMethod: 'GET',
        integration: httpIntegration('/slow', {
          IntegrationHttpMethod: 'GET',
          TimeoutInMillis: 150,
        }),
      },
      {
        path: '/http-refused',
        httpMethod: 'GET',
        integration: {
          ...httpIntegration('/'),
          Uri: `http://127.0.0.1:${refusedPort}/`,
        },
      },
    ],
    {
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { StageName: 'dev', Variables: { upstream, name: 'dev-stage' } },
      },
    },
  );
}

describe('local gateway: HTTP and HTTP_PROXY integrations', () => {
  const seen: Seen[] = [];
  let upstream: http.Server;
  let gateway: LocalGateway;
  let base: string;

  before(async () => {
    upstream = await startUpstream(seen);
    const refused = await closedPort();
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template: template(`http://127.0.0.1:${portOf(upstream)}`, refused),
      stage: 'dev',
      port: 0,
      log: () => undefined,
    });
    base = gateway.urls.rest as string;
  });
  after(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('HTTP_PROXY forwards method, greedy path, stage variable, query, headers and body', async () => {
    const response = await fetch(`${base}/proxy/a/b%20c?x=1&x=2&y=z`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain', 'X-Custom': 'kept', Connection: 'keep-alive' },
      body: 'payload',
    });
    assert.equal(seen.length, 1);
    const [call] = seen;
    assert.equal(call.method, 'PUT');
    assert.equal(call.url, '/echo/a/b%20c?x=1&x=2&y=z');
    assert.equal(call.headers['x-custom'], 'kept');
    assert.equal(call.headers['content-type'], 'text/plain');
    assert.equal(call.body, 'payload');
    assert.equal(call.headers.host, `127.0.0.1:${portOf(upstream)}`, 'Host is the upstream');
    assert.equal(response.status, 201);
    assert.equal(await response.text(), 'echo PUT /echo/a/b%20c?x=1&x=2&y=z payload');
  });

  it('HTTP_PROXY returns the upstream status, headers and body as they are', async () => {
    const response = await fetch(`${base}/items/42`);
    assert.equal(seen[0].url, '/items/42', '{id} from the path parameter');
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('content-type'), 'text/plain');
    assert.equal(response.headers.get('x-upstream'), 'yes');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
  });

  it('HTTP_PROXY: the integration timeout is 504 Endpoint request timed out', async () => {
    const started = Date.now();
    const response = await fetch(`${base}/slow`);
    assert.equal(response.status, 504);
    assert.deepEqual(await response.json(), { message: 'Endpoint request timed out' });
    assert.ok(Date.now() - started < 5_000);
  });

  it('HTTP_PROXY: a refused connection is 502 Internal server error', async () => {
    const response = await fetch(`${base}/refused`);
    assert.equal(response.status, 502);
    assert.deepEqual(await response.json(), { message: 'Internal server error' });
  });

  it('HTTP sends the rendered template with mapped path, headers and query strings only', async () => {
    const response = await fetch(`${base}/mapped/7?status=200&dropped=yes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Not-Mapped': 'no' },
      body: '{"a": 1}',
    });
    const [call] = seen;
    assert.equal(call.method, 'POST');
    assert.equal(call.url, '/status/200?stage=dev-stage');
    assert.deepEqual(JSON.parse(call.body), { item: '7', sent: { a: 1 } });
    assert.equal(call.headers['x-forwarded-id'], '7');
    assert.equal(call.headers['x-static'], 'static');
    assert.equal(call.headers['x-not-mapped'], undefined);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-mapped'), 'yes', 'integration.response.header');
    assert.deepEqual(await response.json(), { wrapped: 'from upstream', code: 200 });
  });

  // "Override parameters after standard API Gateway mappings have been applied":
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
  it('HTTP: $context.requestOverride header, querystring and path reach the upstream', async () => {
    const response = await fetch(`${base}/override/7?status=404`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(seen.length, 1);
    const [call] = seen;
    assert.equal(
      call.url,
      '/status/200?stage=from-template&extra=yes',
      'path and query overridden',
    );
    assert.equal(call.headers['x-static'], 'overridden', 'replaces the mapped header, any case');
    assert.equal(call.headers['x-added'], '7');
    assert.deepEqual(JSON.parse(call.body), { sent: true });
    assert.equal(response.status, 200);
  });

  it('HTTP selects the integration response by selectionPattern on the upstream status', async () => {
    const response = await fetch(`${base}/mapped/7?status=404`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { missing: 404 });
    const other = await fetch(`${base}/mapped/7?status=503`, { method: 'POST', body: '{}' });
    assert.equal(other.status, 200, 'no pattern matches 503: the default response');
  });

  it('HTTP without a matching or default integration response is a configuration error', async () => {
    const response = await fetch(`${base}/unselected`);
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { message: 'Internal server error' });
  });

  it('HTTP: timeout 504 and refused 502 as for HTTP_PROXY', async () => {
    const slow = await fetch(`${base}/http-slow`);
    assert.equal(slow.status, 504);
    assert.deepEqual(await slow.json(), { message: 'Endpoint request timed out' });
    const refused = await fetch(`${base}/http-refused`);
    assert.equal(refused.status, 502);
    assert.deepEqual(await refused.json(), { message: 'Internal server error' });
  });
});
