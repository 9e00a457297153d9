/**
 * Routing by route key, as "Create routes for HTTP APIs in API Gateway" documents it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html):
 * the most specific match (full match, then a greedy path variable, then `$default`), `ANY`, path
 * variables, and `{"message":"Not Found"}` when no route matches. A stage other than `$default`
 * is a path prefix.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { fn, httpTemplate, lambda, serviceDir } from './template';

const ECHO = `exports.handler = async (event) => ({
  routeKey: event.routeKey, pathParameters: event.pathParameters ?? null, rawPath: event.rawPath,
  stage: event.requestContext.stage,
});`;

describe('local gateway, HTTP API: routes', () => {
  let dir: string;
  const gateways: LocalGateway[] = [];
  let base: string;
  let bare: string;
  let staged: string;

  before(async () => {
    dir = serviceDir({ 'echo.js': ECHO });
    const echo = { Echo: fn('echo.handler') };
    const route = (key: string) => ({ key, integration: lambda('Echo') });
    // The documentation's example API.
    const documented = httpTemplate(
      [
        route('GET /pets/dog/1'),
        route('GET /pets/dog/{id}'),
        route('GET /pets/{proxy+}'),
        route('ANY /{proxy+}'),
        route('$default'),
        route('POST /orders/{id}'),
      ],
      echo,
    );
    const withoutDefault = httpTemplate(
      [route('GET /orders/{id}'), route('GET /files/{path+}')],
      echo,
    );
    const namedStage = httpTemplate([route('GET /health')], echo, {}, { StageName: 'dev' });
    for (const template of [documented, withoutDefault, namedStage])
      gateways.push(
        await startLocalGateway({
          servicePath: dir,
          template,
          stage: 'dev',
          port: 0,
          httpPort: 0,
        }),
      );
    [base, bare, staged] = gateways.map((gateway) => gateway.urls.http as string);
  });

  after(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const routed = async (url: string, method = 'GET') => {
    const response = await fetch(url, { method });
    assert.equal(response.status, 200, url);
    return (await response.json()) as Record<string, unknown>;
  };

  it('serves the $default stage at the root, with no REST API in the template', () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(gateways[0].urls.rest, undefined);
  });

  it('selects the most specific route, as the documentation example does', async () => {
    assert.equal((await routed(`${base}/pets/dog/1`)).routeKey, 'GET /pets/dog/1');
    const byId = await routed(`${base}/pets/dog/2`);
    assert.equal(byId.routeKey, 'GET /pets/dog/{id}');
    assert.deepEqual(byId.pathParameters, { id: '2' });
    const greedy = await routed(`${base}/pets/cat/1`);
    assert.equal(greedy.routeKey, 'GET /pets/{proxy+}');
    assert.deepEqual(greedy.pathParameters, { proxy: 'cat/1' });
    assert.equal((await routed(`${base}/pets/dog/1`, 'POST')).routeKey, 'ANY /{proxy+}');
    assert.equal((await routed(`${base}/test`)).routeKey, 'ANY /{proxy+}');
  });

  it('the route of the method before ANY; no route for the method: a less specific one', async () => {
    assert.equal((await routed(`${base}/orders/7`, 'POST')).routeKey, 'POST /orders/{id}');
    assert.equal((await routed(`${base}/orders/7`, 'DELETE')).routeKey, 'ANY /{proxy+}');
  });

  it('$default catches what no route matches', async () => {
    const root = await routed(`${base}/`);
    assert.equal(root.routeKey, '$default');
    assert.equal(root.stage, '$default');
  });

  it('path variable values are URL-decoded', async () => {
    const decoded = await routed(`${base}/pets/dog/a%20b`);
    assert.deepEqual(decoded.pathParameters, { id: 'a b' });
  });

  it('no matching route and no $default: 404 {"message":"Not Found"}', async () => {
    for (const [url, method] of [
      [`${bare}/nowhere`, 'GET'],
      [`${bare}/orders/1`, 'POST'],
      [`${bare}/orders`, 'GET'],
      [`${bare}/files`, 'GET'],
    ]) {
      const response = await fetch(url, { method });
      assert.equal(response.status, 404, `${method} ${url}`);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.ok(response.headers.get('apigw-requestid'));
      assert.equal(await response.text(), '{"message":"Not Found"}');
    }
    assert.deepEqual((await routed(`${bare}/files/a/b.txt`)).pathParameters, { path: 'a/b.txt' });
  });

  it('a named stage is a path prefix: the URL has it, the event has it in rawPath', async () => {
    assert.match(staged, /^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    const health = await routed(`${staged}/health`);
    assert.equal(health.stage, 'dev');
    assert.equal(health.rawPath, '/dev/health');
    const outside = await fetch(staged.replace(/\/dev$/, '/health'));
    assert.equal(outside.status, 404);
    assert.equal(await outside.text(), '{"message":"Not Found"}');
  });
});
