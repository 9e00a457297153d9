/**
 * Response caching ("Cache settings for REST APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html): HTTP_PROXY
 * methods in front of a throwaway upstream on 127.0.0.1 that counts its calls, so each test sees
 * whether the backend ran; TTLs run on a fake clock.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CfnObject, CfnTemplate } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway, type LocalGatewayOptions } from '../../../src/local';
import { UNAUTHORIZED_INVALIDATION_WARNING } from '../../../src/local/rest/cache';
import { restTemplate } from './template';

function proxy(upstream: string, path: string, extra: CfnObject = {}): CfnObject {
  return { Type: 'HTTP_PROXY', IntegrationHttpMethod: 'ANY', Uri: `${upstream}${path}`, ...extra };
}

function template(upstream: string, cacheCluster = true): CfnTemplate {
  return restTemplate(
    [
      {
        path: '/items',
        httpMethod: 'GET',
        integration: proxy(upstream, '/items', {
          CacheKeyParameters: ['method.request.querystring.q'],
        }),
      },
      { path: '/items', httpMethod: 'POST', integration: proxy(upstream, '/items') },
      {
        path: '/shared/{id}',
        httpMethod: 'GET',
        integration: proxy(upstream, '/shared/{id}', {
          RequestParameters: { 'integration.request.path.id': 'method.request.path.id' },
        }),
      },
      {
        path: '/keyed/{id}',
        httpMethod: 'GET',
        integration: proxy(upstream, '/keyed/{id}', {
          RequestParameters: { 'integration.request.path.id': 'method.request.path.id' },
          CacheKeyParameters: ['integration.request.path.id'],
        }),
      },
      { path: '/fail', httpMethod: 'GET', integration: proxy(upstream, '/status/500') },
      { path: '/short', httpMethod: 'GET', integration: proxy(upstream, '/short') },
      { path: '/uncached', httpMethod: 'GET', integration: proxy(upstream, '/uncached') },
      { path: '/posted', httpMethod: 'POST', integration: proxy(upstream, '/posted') },
    ],
    {
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          StageName: 'dev',
          CacheClusterEnabled: cacheCluster,
          CacheClusterSize: '0.5',
          MethodSettings: [
            { ResourcePath: '/*', HttpMethod: '*', CachingEnabled: true },
            { ResourcePath: '/~1short', HttpMethod: 'GET', CacheTtlInSeconds: 10 },
            { ResourcePath: '/~1uncached', HttpMethod: 'GET', CachingEnabled: false },
            { ResourcePath: '/~1posted', HttpMethod: 'POST', CachingEnabled: true },
          ],
        },
      },
    },
  );
}

describe('local gateway: response caching', () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  let calls = 0;
  let gateway: LocalGateway | undefined;
  let clock = 0;

  before(async () => {
    upstream = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls += 1;
        const status = req.url?.startsWith('/status/') ? Number(req.url.split('/')[2]) : 200;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ call: calls, url: req.url }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => upstream.close(() => resolve())));
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  async function serve(options: Partial<LocalGatewayOptions> = {}, cacheCluster = true) {
    clock = 1_000_000;
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template: template(upstreamUrl, cacheCluster),
      stage: 'dev',
      port: 0,
      now: () => clock,
      ...options,
    });
    const base = gateway.urls.rest as string;
    return async (path: string, init: RequestInit = {}) => {
      const before = calls;
      const response = await fetch(`${base}${path}`, init);
      return {
        status: response.status,
        body: await response.text(),
        backend: calls > before,
        warning: response.headers.get('warning'),
      };
    };
  }

  it('a GET is answered from the cache until the TTL (default 300 s) runs out', async () => {
    const send = await serve();
    const first = await send('/items?q=1');
    assert.equal(first.backend, true);
    const second = await send('/items?q=1');
    assert.deepEqual([second.backend, second.body], [false, first.body]);
    clock += 299_000;
    assert.equal((await send('/items?q=1')).backend, false);
    clock += 1_000;
    assert.equal((await send('/items?q=1')).backend, true);
  });

  it('entries are keyed by the cache key parameters only', async () => {
    const send = await serve();
    assert.equal((await send('/items?q=1')).backend, true);
    assert.equal((await send('/items?q=2')).backend, true);
    assert.equal((await send('/items?q=1&page=9')).backend, false, 'page is not a key parameter');
    // A path parameter that is not a cache key parameter does not split entries, as on AWS.
    const one = await send('/shared/1');
    const two = await send('/shared/2');
    assert.deepEqual([one.backend, two.backend, two.body], [true, false, one.body]);
    // One that is (here through the integration parameter mapped from it) does.
    assert.equal((await send('/keyed/1')).backend, true);
    assert.equal((await send('/keyed/2')).backend, true);
    assert.equal((await send('/keyed/1')).backend, false);
  });

  it('only GET is cached by the stage-wide setting; another method needs a setting of its own', async () => {
    const send = await serve();
    assert.equal((await send('/items', { method: 'POST', body: '{}' })).backend, true);
    assert.equal((await send('/items', { method: 'POST', body: '{}' })).backend, true);
    assert.equal((await send('/posted', { method: 'POST', body: '{}' })).backend, true);
    assert.equal((await send('/posted', { method: 'POST', body: '{}' })).backend, false);
  });

  it('per-method settings: their own TTL, or caching off', async () => {
    const send = await serve();
    assert.equal((await send('/short')).backend, true);
    clock += 9_999;
    assert.equal((await send('/short')).backend, false);
    clock += 1;
    assert.equal((await send('/short')).backend, true);
    assert.equal((await send('/uncached')).backend, true);
    assert.equal((await send('/uncached')).backend, true);
  });

  it("the integration's non-2XX answers are cached too (API Gateway caches whatever it got)", async () => {
    const send = await serve();
    const first = await send('/fail');
    assert.deepEqual([first.status, first.backend], [500, true]);
    const second = await send('/fail');
    assert.deepEqual([second.status, second.backend], [500, false]);
  });

  it('nothing is cached when the stage has no cache cluster', async () => {
    const send = await serve({}, false);
    assert.equal((await send('/items?q=1')).backend, true);
    assert.equal((await send('/items?q=1')).backend, true);
  });

  describe('Cache-Control: max-age=0', () => {
    const fresh = { headers: { 'Cache-Control': 'max-age=0' } };

    it('by default (authorization required) the cached response comes back with a Warning header', async () => {
      const send = await serve();
      const first = await send('/items?q=1');
      const refused = await send('/items?q=1', fresh);
      assert.deepEqual(
        [refused.backend, refused.body, refused.warning],
        [false, first.body, UNAUTHORIZED_INVALIDATION_WARNING],
      );
    });

    it('SUCCEED_WITHOUT_RESPONSE_HEADER: the cached response, no warning', async () => {
      const send = await serve({
        cacheInvalidation: { unauthorizedStrategy: 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
      });
      await send('/items?q=1');
      const refused = await send('/items?q=1', fresh);
      assert.deepEqual([refused.backend, refused.warning], [false, null]);
    });

    it('FAIL_WITH_403: 403, and the backend does not run', async () => {
      const send = await serve({ cacheInvalidation: { unauthorizedStrategy: 'FAIL_WITH_403' } });
      await send('/items?q=1');
      const refused = await send('/items?q=1', fresh);
      assert.deepEqual([refused.status, refused.backend], [403, false]);
    });

    it('requireAuthorization false: any client gets a fresh response, which replaces the entry', async () => {
      const send = await serve({ cacheInvalidation: { requireAuthorization: false } });
      const first = await send('/items?q=1');
      const refreshed = await send('/items?q=1', {
        headers: { 'cache-control': 'no-store, max-age=0' },
      });
      assert.equal(refreshed.backend, true);
      assert.notEqual(refreshed.body, first.body);
      const after = await send('/items?q=1');
      assert.deepEqual([after.backend, after.body], [false, refreshed.body]);
    });
  });
});
