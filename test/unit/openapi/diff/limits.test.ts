import assert from 'node:assert/strict';
import type { MethodSetting, UsagePlan } from '../../../../src/model';
import { sideFromDeployedStage } from '../../../../src/openapi/diff';
import { diffLimits } from '../../../../src/openapi/diff/limits';
import { api, lines, method, side } from './models';

const METHODS = [method('GET', '/orders'), method('GET', '/orders/{id}')];

function staged(
  settings: MethodSetting[],
  extra: { cacheClusterEnabled?: boolean; usagePlans?: UsagePlan[] } = {},
) {
  return api(METHODS, {
    stages: [
      {
        logicalId: 'Stage',
        methodSettings: settings,
        ...(extra.cacheClusterEnabled !== undefined
          ? { cacheClusterEnabled: extra.cacheClusterEnabled }
          : {}),
      },
    ],
    usagePlans: extra.usagePlans ?? [],
  });
}

function plan(name: string, fields: Partial<UsagePlan> = {}): UsagePlan {
  return { logicalId: `Plan${name}`, name, apiStages: [], apiKeys: [], ...fields };
}

describe('apigateway diff: throttling, quotas and caching', () => {
  it('stage-wide and per-method throttling lowered is breaking, raised is not', () => {
    const before = staged([
      { resourcePath: '/*', httpMethod: '*', throttlingRateLimit: 100, throttlingBurstLimit: 200 },
      { resourcePath: '/~1orders~1{id}', httpMethod: 'GET', throttlingRateLimit: 20 },
    ]);
    const after = staged([
      { resourcePath: '/*', httpMethod: '*', throttlingRateLimit: 100, throttlingBurstLimit: 400 },
      { resourcePath: '/~1orders', httpMethod: 'GET', throttlingRateLimit: 10 },
      { resourcePath: '/~1orders~1{id}', httpMethod: 'GET', throttlingRateLimit: 50 },
    ]);
    assert.deepEqual(lines(diffLimits(side(before), side(after))), [
      'non-breaking throttling-raised * *: throttling burst limit 200 → 400',
      'breaking throttling-lowered GET /orders: throttling rate limit 100 → 10',
      'non-breaking throttling-raised GET /orders: throttling burst limit 200 → 400',
      'non-breaking throttling-raised GET /orders/{id}: throttling rate limit 20 → 50',
      'non-breaking throttling-raised GET /orders/{id}: throttling burst limit 200 → 400',
    ]);
  });

  it('caching turned off (a method or the cache cluster) is breaking, turned on is not', () => {
    const cached = staged(
      [{ resourcePath: '/~1orders', httpMethod: 'GET', cachingEnabled: true }],
      { cacheClusterEnabled: true },
    );
    const uncached = staged([
      { resourcePath: '/~1orders', httpMethod: 'GET', cachingEnabled: false },
    ]);
    assert.deepEqual(lines(diffLimits(side(cached), side(uncached))), [
      'breaking caching-off GET /orders: caching turned off',
      "breaking caching-off * *: the stage's cache cluster is turned off",
    ]);
    assert.deepEqual(lines(diffLimits(side(uncached), side(cached))), [
      'non-breaking caching-on GET /orders: caching turned on',
      "non-breaking caching-on * *: the stage's cache cluster is turned on",
    ]);
  });

  it('usage plan quotas and throttles lowered are breaking; a removed plan is breaking', () => {
    const before = staged([], {
      usagePlans: [
        plan('gold', {
          quota: { limit: 3000, period: 'MONTH' },
          throttle: { rateLimit: 100, burstLimit: 50 },
        }),
        plan('silver', { quota: { limit: 100, period: 'DAY' } }),
        plan('bronze'),
      ],
    });
    const after = staged([], {
      usagePlans: [
        plan('gold', {
          quota: { limit: 50, period: 'DAY' },
          throttle: { rateLimit: 100, burstLimit: 50 },
          apiStages: [{ throttle: { '/orders/GET': { rateLimit: 10 } } }],
        }),
        plan('silver', { quota: { limit: 1000, period: 'WEEK' } }),
      ],
    });
    assert.deepEqual(lines(diffLimits(side(before), side(after))), [
      'breaking usage-plan-removed * *: usage plan bronze removed: its API keys lose access',
      'breaking quota-lowered * *: usage plan gold: quota 3000 per month → 50 per day',
      'breaking throttling-lowered GET /orders: usage plan gold: throttling rate limit 100 → 10',
      'non-breaking quota-raised * *: usage plan silver: quota 100 per day → 1000 per week',
    ]);
  });

  it('one plan renamed on each side (its name carries the stage) is the same plan', () => {
    const before = staged([], {
      usagePlans: [plan('orders-dev', { throttle: { rateLimit: 10 } })],
    });
    const after = staged([], { usagePlans: [plan('orders-prod', { throttle: { rateLimit: 5 } })] });
    assert.deepEqual(lines(diffLimits(side(before), side(after))), [
      'breaking throttling-lowered * *: usage plan orders-prod: throttling rate limit 10 → 5',
    ]);
  });

  it('is not compared when one side (an OpenAPI document) does not know its stage', () => {
    const before = staged([{ resourcePath: '/*', httpMethod: '*', cachingEnabled: true }]);
    assert.deepEqual(diffLimits(side(before, false), side(staged([]))), []);
  });

  it("reads a deployed stage's GetStage method settings and usage plans", () => {
    const deployed = sideFromDeployedStage(
      { openapi: '3.0.1', paths: { '/orders': { get: {} }, '/orders/{id}': { get: {} } } },
      {
        stageName: 'prod',
        cacheClusterEnabled: true,
        methodSettings: {
          '*/*': { throttlingRateLimit: 100, throttlingBurstLimit: 200, cachingEnabled: false },
          '~1orders~1{id}/GET': {
            cachingEnabled: true,
            throttlingRateLimit: 100,
            throttlingBurstLimit: 200,
          },
        },
        usagePlans: [{ id: 'p1', name: 'gold', quota: { limit: 1000, period: 'DAY' } }],
      },
      'stage prod',
    );
    const packaged = staged(
      [
        {
          resourcePath: '/*',
          httpMethod: '*',
          throttlingRateLimit: 100,
          throttlingBurstLimit: 200,
        },
        { resourcePath: '/~1orders~1{id}', httpMethod: 'GET', cachingEnabled: false },
      ],
      {
        cacheClusterEnabled: true,
        usagePlans: [plan('gold', { quota: { limit: 500, period: 'DAY' } })],
      },
    );
    assert.deepEqual(lines(diffLimits(deployed, side(packaged))), [
      'breaking caching-off GET /orders/{id}: caching turned off',
      'breaking quota-lowered * *: usage plan gold: quota 1000 per day → 500 per day',
    ]);
  });
});
