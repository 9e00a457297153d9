/**
 * Throttling and quotas ("Throttle requests to your REST APIs for better throughput in API
 * Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html,
 * and "Usage plans and API keys for REST APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html):
 * token buckets and quota counters on a fake clock, so every test counts requests and responses
 * and none sleeps.
 */
import { strict as assert } from 'node:assert';
import type { CfnObject, CfnTemplate } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { periodStart } from '../../../src/local/rest/access/quota';
import { mock, restTemplate } from './template';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';

interface Options {
  methodSettings?: CfnObject[];
  plan?: CfnObject;
  stageThrottle?: Record<string, CfnObject>;
}

/** /a and /b open, /keyed and /keyed2 keyed; keys A and B in one plan for stage dev. */
function template(options: Options): CfnTemplate {
  const result = restTemplate(
    [
      { path: '/a', httpMethod: 'GET', integration: mock() },
      { path: '/b', httpMethod: 'GET', integration: mock() },
      { path: '/keyed', httpMethod: 'GET', integration: mock() },
      { path: '/keyed2', httpMethod: 'GET', integration: mock() },
    ],
    {
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { StageName: 'dev', MethodSettings: options.methodSettings ?? [] },
      },
      Plan: {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: {
          ApiStages: [
            {
              ApiId: { Ref: 'ApiGatewayRestApi' },
              Stage: 'dev',
              ...(options.stageThrottle ? { Throttle: options.stageThrottle } : {}),
            },
          ],
          ...options.plan,
        },
      },
      KeyA: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true, Value: KEY_A } },
      KeyB: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true, Value: KEY_B } },
      PlanKeyA: {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        Properties: { KeyId: { Ref: 'KeyA' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'Plan' } },
      },
      PlanKeyB: {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        Properties: { KeyId: { Ref: 'KeyB' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'Plan' } },
      },
    },
  );
  for (const index of [3, 4])
    (result.Resources[`Method${index}`].Properties as CfnObject).ApiKeyRequired = true;
  return result;
}

describe('local gateway: throttling and quotas', () => {
  let gateway: LocalGateway | undefined;
  let clock = 0;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  async function serve(options: Options, start = Date.UTC(2024, 0, 3, 12)) {
    clock = start;
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template: template(options),
      stage: 'dev',
      port: 0,
      now: () => clock,
    });
    const base = gateway.urls.rest as string;
    return async (path: string, key?: string) => {
      const response = await fetch(`${base}${path}`, key ? { headers: { 'x-api-key': key } } : {});
      return {
        status: response.status,
        type: response.headers.get('x-amzn-errortype'),
        body: await response.text(),
      };
    };
  }

  const statuses = async (send: () => Promise<{ status: number }>, count: number) => {
    const found: number[] = [];
    for (let index = 0; index < count; index += 1) found.push((await send()).status);
    return found;
  };

  it('stage-wide limits: burst 2 lets 2 through, the 3rd gets 429 Too Many Requests; 1 s at rate 1 refills one token', async () => {
    const get = await serve({
      methodSettings: [
        { ResourcePath: '/*', HttpMethod: '*', ThrottlingBurstLimit: 2, ThrottlingRateLimit: 1 },
      ],
    });
    assert.equal((await get('/a')).status, 200);
    assert.equal((await get('/a')).status, 200);
    assert.deepEqual(await get('/a'), {
      status: 429,
      type: 'TooManyRequestsException',
      body: '{"message":"Too Many Requests"}',
    });
    clock += 1000;
    assert.deepEqual(await statuses(() => get('/a'), 2), [200, 429]);
  });

  it('the stage-wide limits are per method: each method has a bucket of its own', async () => {
    const get = await serve({
      methodSettings: [
        { ResourcePath: '/*', HttpMethod: '*', ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0 },
      ],
    });
    assert.deepEqual(await statuses(() => get('/a'), 2), [200, 429]);
    assert.deepEqual(await statuses(() => get('/b'), 2), [200, 429]);
  });

  it('a per-method setting (/~1a GET) overrides the stage-wide one for that method only', async () => {
    const get = await serve({
      methodSettings: [
        { ResourcePath: '/*', HttpMethod: '*', ThrottlingBurstLimit: 3, ThrottlingRateLimit: 0 },
        { ResourcePath: '/~1a', HttpMethod: 'GET', ThrottlingBurstLimit: 1 },
      ],
    });
    assert.deepEqual(await statuses(() => get('/a'), 2), [200, 429]);
    assert.deepEqual(await statuses(() => get('/b'), 4), [200, 200, 200, 429]);
  });

  it('a fractional rate refills accordingly (rate 0.5: one token in 2 s)', async () => {
    const get = await serve({
      methodSettings: [
        { ResourcePath: '/*', HttpMethod: '*', ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.5 },
      ],
    });
    assert.deepEqual(await statuses(() => get('/a'), 2), [200, 429]);
    clock += 1000;
    assert.equal((await get('/a')).status, 429);
    clock += 1000;
    assert.deepEqual(await statuses(() => get('/a'), 2), [200, 429]);
  });

  it('usage plan throttle: per client (each key its own bucket), only on methods that require a key', async () => {
    const get = await serve({ plan: { Throttle: { BurstLimit: 2, RateLimit: 1 } } });
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 3), [200, 200, 429]);
    assert.deepEqual(await statuses(() => get('/keyed', KEY_B), 2), [200, 200]);
    assert.deepEqual(await statuses(() => get('/a'), 3), [200, 200, 200]);
    clock += 1000;
    assert.deepEqual(await statuses(() => get('/keyed2', KEY_A), 2), [200, 429]);
  });

  it('usage plan per-method throttle (/keyed/GET) comes first, the plan throttle covers the rest', async () => {
    const get = await serve({
      plan: { Throttle: { BurstLimit: 3, RateLimit: 0 } },
      stageThrottle: { '/keyed/GET': { BurstLimit: 1, RateLimit: 0 } },
    });
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 2), [200, 429]);
    // The refused request took no plan token: 2 of the plan's 3 are left.
    assert.deepEqual(await statuses(() => get('/keyed2', KEY_A), 3), [200, 200, 429]);
  });

  it('quota: limit 3 per DAY, the 4th gets 429 Limit Exceeded; the next day counts afresh', async () => {
    const get = await serve({ plan: { Quota: { Limit: 3, Period: 'DAY' } } });
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 3), [200, 200, 200]);
    assert.deepEqual(await get('/keyed2', KEY_A), {
      status: 429,
      type: 'LimitExceededException',
      body: '{"message":"Limit Exceeded"}',
    });
    assert.deepEqual(await statuses(() => get('/keyed', KEY_B), 3), [200, 200, 200]);
    clock += 12 * 3600 * 1000; // midnight UTC
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 4), [200, 200, 200, 429]);
  });

  it('quota offset: that many requests fewer in the initial period only', async () => {
    const get = await serve({ plan: { Quota: { Limit: 3, Offset: 1, Period: 'WEEK' } } });
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 3), [200, 200, 429]);
    clock = Date.UTC(2024, 0, 7); // Sunday: the next week
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 4), [200, 200, 200, 429]);
  });

  it('throttled requests do not count against the quota', async () => {
    const get = await serve({
      plan: { Quota: { Limit: 2, Period: 'MONTH' }, Throttle: { BurstLimit: 1, RateLimit: 1 } },
    });
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 3), [200, 429, 429]);
    clock += 1000;
    assert.deepEqual(await statuses(() => get('/keyed', KEY_A), 1), [200]);
    clock += 1000;
    assert.equal((await get('/keyed', KEY_A)).body, '{"message":"Limit Exceeded"}');
  });

  it('quota periods are UTC calendar periods: a day from midnight, a week from Sunday, a month from the 1st', () => {
    const wednesdayNoon = Date.UTC(2024, 0, 3, 12);
    assert.equal(periodStart('DAY', wednesdayNoon), Date.UTC(2024, 0, 3));
    assert.equal(periodStart('WEEK', wednesdayNoon), Date.UTC(2023, 11, 31));
    assert.equal(periodStart('MONTH', wednesdayNoon), Date.UTC(2024, 0, 1));
  });
});
