/**
 * HTTP_PROXY integrations with parameter mapping ("Transform API requests and responses for HTTP
 * APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html),
 * against a throwaway upstream on 127.0.0.1, and the API's CORS configuration ("Configure CORS for
 * HTTP APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { httpTemplate } from './template';

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
      if (req.url?.startsWith('/slow')) return;
      const status = req.url?.startsWith('/missing') ? 404 : 200;
      res.writeHead(status, [
        ['Content-Type', 'application/json'],
        ['X-Upstream', 'yes'],
        ['Access-Control-Allow-Origin', 'https://evil.example'],
      ]);
      res.end(JSON.stringify({ got: `${req.method} ${req.url}`, body, detail: { code: 'E42' } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('local gateway, HTTP API: HTTP_PROXY, parameter mapping and CORS', () => {
  const seen: Seen[] = [];
  let upstream: http.Server;
  let gateway: LocalGateway;
  let base: string;

  before(async () => {
    upstream = await startUpstream(seen);
    const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const proxy = (uri: string, extra: Record<string, unknown> = {}) => ({
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'ANY',
      IntegrationUri: uri,
      PayloadFormatVersion: '1.0',
      ...extra,
    });
    const template = httpTemplate(
      [
        { key: 'ANY /legacy/{proxy+}', integration: proxy('${stageVariables.backend}/{proxy}') },
        {
          key: 'POST /mapped/{id}',
          integration: proxy(`${origin}/target`, {
            RequestParameters: {
              'overwrite:header.x-request': '$context.requestId',
              'append:header.x-copied': '$request.header.x-original',
              'remove:header.x-original': "''",
              'append:querystring.id': '$request.path.id',
              'overwrite:querystring.color': '$stageVariables.color',
              'remove:querystring.secret': "''",
              'overwrite:header.x-name': '$request.body.customer.name',
              'overwrite:header.x-static': 'fixed',
            },
            ResponseParameters: { '404': { 'overwrite:statuscode': '410' } },
          }),
        },
        {
          key: 'GET /gone',
          integration: proxy(`${origin}/missing`, {
            ResponseParameters: {
              '404': {
                'overwrite:statuscode': '410',
                'append:header.x-error': '$response.body.detail.code',
                'remove:header.x-upstream': "''",
              },
            },
          }),
        },
        {
          key: 'GET /rewritten',
          integration: proxy(origin, { RequestParameters: { 'overwrite:path': '/missing/$' } }),
        },
        { key: 'GET /slow', integration: proxy(`${origin}/slow`, { TimeoutInMillis: 300 }) },
        { key: 'OPTIONS /own-options', integration: proxy(`${origin}/options`) },
      ],
      {},
      {
        CorsConfiguration: {
          AllowOrigins: ['https://app.example.com'],
          AllowMethods: ['GET', 'POST'],
          AllowHeaders: ['Content-Type', 'Authorization'],
          ExposeHeaders: ['X-Upstream'],
          AllowCredentials: true,
          MaxAge: 600,
        },
      },
      { StageName: '$default', StageVariables: { backend: origin, color: 'blue' } },
    );
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template,
      stage: 'dev',
      port: 0,
      httpPort: 0,
    });
    base = gateway.urls.http as string;
  });

  after(async () => {
    await gateway?.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const last = () => seen[seen.length - 1];

  it('forwards method, greedy path (stage variable URI), query string, headers and body', async () => {
    const response = await fetch(`${base}/legacy/a/b c?x=1&x=2`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain', 'X-Client': 'yes' },
      body: 'payload',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-upstream'), 'yes');
    assert.equal(last().method, 'PUT');
    assert.equal(last().url, '/a/b%20c?x=1&x=2');
    assert.equal(last().headers['x-client'], 'yes');
    assert.equal(last().body, 'payload');
  });

  it('request parameter mapping: headers and query strings appended, overwritten, removed', async () => {
    const response = await fetch(`${base}/mapped/42?secret=s&keep=1`, {
      method: 'POST',
      headers: { 'X-Original': 'moved', 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Ada' } }),
    });
    assert.equal(response.status, 200);
    const { headers, url } = last();
    assert.equal(headers['x-request'], response.headers.get('apigw-requestid'));
    assert.equal(headers['x-copied'], 'moved');
    assert.equal(headers['x-original'], undefined);
    assert.equal(headers['x-name'], 'Ada');
    assert.equal(headers['x-static'], 'fixed');
    assert.deepEqual(Object.fromEntries(new URL(url, 'http://x').searchParams), {
      keep: '1',
      id: '42',
      color: 'blue',
    });
  });

  it('response parameter mapping for the integration status: status code and headers', async () => {
    const gone = await fetch(`${base}/gone`);
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.get('x-error'), 'E42');
    assert.equal(gone.headers.get('x-upstream'), null);
    // Mappings for 404 only: a 200 passes as it is.
    const ok = await fetch(`${base}/mapped/1`, { method: 'POST' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-upstream'), 'yes');
  });

  it('overwrite:path replaces the path sent upstream', async () => {
    const rewritten = await fetch(`${base}/rewritten`);
    assert.equal(last().url, '/missing/$');
    assert.equal(rewritten.status, 404, 'no ResponseParameters on that integration');
  });

  it('the integration timeout is 503 {"message":"Service Unavailable"}', async () => {
    const response = await fetch(`${base}/slow`);
    assert.equal(response.status, 503);
    assert.equal(await response.text(), '{"message":"Service Unavailable"}');
  });

  it('CORS: API Gateway answers a preflight itself when no route takes OPTIONS', async () => {
    const allowed = await fetch(`${base}/mapped/1`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(allowed.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(allowed.headers.get('access-control-allow-headers'), 'Content-Type,Authorization');
    assert.equal(allowed.headers.get('access-control-max-age'), '600');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const other = await fetch(`${base}/mapped/1`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://other.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(other.status, 204);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('CORS: an OPTIONS route takes the preflight; OPTIONS without Origin is routed', async () => {
    const count = seen.length;
    const routed = await fetch(`${base}/own-options`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(routed.status, 200);
    assert.equal(seen.length, count + 1);
    const plain = await fetch(`${base}/mapped/1`, { method: 'OPTIONS' });
    assert.equal(plain.status, 404);
  });

  it("CORS: responses for an allowed origin get the configured headers, the backend's are dropped", async () => {
    const allowed = await fetch(`${base}/legacy/x`, {
      headers: { Origin: 'https://app.example.com' },
    });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(allowed.headers.get('access-control-expose-headers'), 'X-Upstream');
    const other = await fetch(`${base}/legacy/x`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const none = await fetch(`${base}/legacy/x`);
    assert.equal(none.headers.get('access-control-allow-origin'), null);
  });
});
