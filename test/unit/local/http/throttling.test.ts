/**
 * Route throttling of HTTP APIs in the local gateway, as "Throttling requests to your HTTP API"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html) describes
 * it: the stage's default route settings (`DefaultRouteSettings`) limit every route, a route's own
 * settings (`RouteSettings` by route key) override them, and a request over the limit gets 429
 * `{"message":"Too Many Requests"}`. Each route has its own token bucket (burst tokens, refilled
 * at the rate per second, as "Throttle requests to your REST APIs"
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 * explains the algorithm). The clock is injected: no sleeps.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { fn, httpTemplate, lambda, serviceDir } from './template';

describe('local gateway, HTTP API: route throttling', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  let clock = Date.UTC(2030, 0, 1);

  before(async () => {
    dir = serviceDir({ 'ok.js': `exports.handler = async () => 'ok';` });
    const template = httpTemplate(
      [
        { key: 'GET /default', integration: lambda('Ok') },
        { key: 'GET /other', integration: lambda('Ok') },
        { key: 'GET /strict', integration: lambda('Ok') },
        { key: 'GET /closed', integration: lambda('Ok') },
      ],
      { Ok: fn('ok.handler') },
      {},
      {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 },
        RouteSettings: {
          'GET /strict': { ThrottlingBurstLimit: 1 },
          'GET /closed': { ThrottlingRateLimit: 0, ThrottlingBurstLimit: 0 },
        },
      },
    );
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'dev',
      port: 0,
      httpPort: 0,
      now: () => clock,
    });
    base = gateway.urls.http as string;
  });

  after(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const statuses = async (pathname: string, count: number) => {
    const found: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await fetch(`${base}${pathname}`);
      found.push(response.status);
      if (response.status === 429) {
        assert.equal(response.headers.get('content-type'), 'application/json');
        assert.equal(await response.text(), '{"message":"Too Many Requests"}');
      } else await response.arrayBuffer();
    }
    return found;
  };

  it('the default route settings: the burst passes, the next request is 429 {"message":"Too Many Requests"}', async () => {
    assert.deepEqual(await statuses('/default', 3), [200, 200, 429]);
  });

  it('each route has a bucket of its own', async () => {
    assert.deepEqual(await statuses('/other', 3), [200, 200, 429]);
  });

  it('tokens come back at the rate per second (injected clock)', async () => {
    assert.deepEqual(await statuses('/default', 1), [429]);
    clock += 1000;
    assert.deepEqual(await statuses('/default', 2), [200, 429]);
    clock += 5000;
    assert.deepEqual(await statuses('/default', 3), [200, 200, 429], 'at most the burst');
  });

  it("a route's settings override the defaults field by field", async () => {
    assert.deepEqual(await statuses('/strict', 2), [200, 429]);
    clock += 1000;
    assert.deepEqual(await statuses('/strict', 2), [200, 429], 'the default rate still applies');
  });

  it('limits of 0 throttle every request', async () => {
    assert.deepEqual(await statuses('/closed', 2), [429, 429]);
    clock += 60_000;
    assert.deepEqual(await statuses('/closed', 1), [429]);
  });
});
