/**
 * API keys and usage plans on methods with `apiKeyRequired` ("Usage plans and API keys for REST APIs
 * in API Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html),
 * served by startLocalGateway from a hand-built template.
 */
import { strict as assert } from 'node:assert';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { LocalApiKeys, localKeyValue } from '../../../src/local/rest/access/api-keys';
import { readRestApi } from '../../../src/model';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { mock, restTemplate } from './template';

/** The template's Method resource for a path and method, to set properties the helper does not. */
function methodResource(template: CfnTemplate, index: number): Record<string, unknown> {
  return template.Resources[`Method${index}`].Properties as Record<string, unknown>;
}

function keyedTemplate(): CfnTemplate {
  const template = restTemplate(
    [
      { path: '/open', httpMethod: 'GET', integration: mock() },
      { path: '/keyed', httpMethod: 'GET', integration: mock() },
    ],
    {
      ApiGatewayStage: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'dev' } },
      Plan: {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'dev' }] },
      },
      OtherStagePlan: {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'prod' }] },
      },
      PartnerKey: {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: { Name: 'partner', Enabled: true, Value: 'partner-key-0123456789' },
      },
      GeneratedKey: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Name: 'gen', Enabled: true } },
      DisabledKey: {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: { Name: 'off', Enabled: false, Value: 'disabled-key-0123456789' },
      },
      ProdKey: {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: { Name: 'prod', Enabled: true, Value: 'prod-only-key-0123456789' },
      },
      LooseKey: {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: { Name: 'loose', Enabled: true, Value: 'no-plan-key-0123456789' },
      },
      ...Object.fromEntries(
        [
          ['Plan', 'PartnerKey'],
          ['Plan', 'GeneratedKey'],
          ['Plan', 'DisabledKey'],
          ['OtherStagePlan', 'ProdKey'],
        ].map(([plan, key]) => [
          `${plan}${key}`,
          {
            Type: 'AWS::ApiGateway::UsagePlanKey',
            Properties: { KeyId: { Ref: key }, KeyType: 'API_KEY', UsagePlanId: { Ref: plan } },
          },
        ]),
      ),
    },
  );
  methodResource(template, 2).ApiKeyRequired = true;
  return template;
}

describe('local gateway: API keys and usage plans', () => {
  let gateway: LocalGateway;
  let base: string;

  before(async () => {
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template: keyedTemplate(),
      stage: 'dev',
      port: 0,
    });
    base = gateway.urls.rest as string;
  });
  after(() => gateway.close());

  const get = (path: string, key?: string) =>
    fetch(`${base}${path}`, key === undefined ? {} : { headers: { 'x-api-key': key } });

  async function assertForbidden(response: Response) {
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ForbiddenException');
    assert.equal(await response.text(), '{"message":"Forbidden"}');
  }

  it('a method without apiKeyRequired needs no key', async () => {
    assert.equal((await get('/open')).status, 200);
  });

  it('a missing key answers 403 {"message":"Forbidden"} (INVALID_API_KEY)', async () => {
    await assertForbidden(await get('/keyed'));
  });

  it('an enabled key of a plan for this stage passes, in x-api-key of any case', async () => {
    assert.equal((await get('/keyed', 'partner-key-0123456789')).status, 200);
    const response = await fetch(`${base}/keyed`, {
      headers: { 'X-API-Key': 'partner-key-0123456789' },
    });
    assert.equal(response.status, 200);
  });

  it('unknown, disabled, other-stage and plan-less keys are refused', async () => {
    await assertForbidden(await get('/keyed', 'nobody-knows-this-key'));
    await assertForbidden(await get('/keyed', 'disabled-key-0123456789'));
    await assertForbidden(await get('/keyed', 'prod-only-key-0123456789'));
    await assertForbidden(await get('/keyed', 'no-plan-key-0123456789'));
  });

  it('a key without Value gets a fixed local value of at least 20 characters, which works', async () => {
    const generated = gateway.apiKeys.find((key) => key.name === 'gen');
    assert.deepEqual(generated, {
      name: 'gen',
      value: localKeyValue('GeneratedKey'),
      generated: true,
      enabled: true,
      plans: ['Plan'],
    });
    assert.ok(localKeyValue('GeneratedKey').length >= 20);
    assert.equal(localKeyValue('GeneratedKey'), localKeyValue('GeneratedKey'));
    assert.equal((await get('/keyed', localKeyValue('GeneratedKey'))).status, 200);
  });

  it('lists every key of the template (by logical id) with the plans for this stage', () => {
    assert.deepEqual(
      gateway.apiKeys.map((key) => [key.name, key.enabled, key.plans]),
      [
        ['off', false, ['Plan']],
        ['gen', true, ['Plan']],
        ['loose', true, []],
        ['partner', true, ['Plan']],
        ['prod', true, []],
      ],
    );
  });

  it('a customised INVALID_API_KEY gateway response applies', async () => {
    const template = keyedTemplate();
    template.Resources.BadKey = {
      Type: 'AWS::ApiGateway::GatewayResponse',
      Properties: {
        ResponseType: 'INVALID_API_KEY',
        StatusCode: '401',
        ResponseTemplates: { 'application/json': '{"error":"$context.error.responseType"}' },
      },
    };
    const custom = await startLocalGateway({
      servicePath: __dirname,
      template,
      stage: 'dev',
      port: 0,
    });
    try {
      const response = await fetch(`${custom.urls.rest as string}/keyed`);
      assert.equal(response.status, 401);
      assert.equal(await response.text(), '{"error":"INVALID_API_KEY"}');
    } finally {
      await custom.close();
    }
  });
});

// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
describe('local gateway: API key source AUTHORIZER', () => {
  it("reads the key from the authorizer's usageIdentifierKey, not from x-api-key", () => {
    const template = keyedTemplate();
    (template.Resources.ApiGatewayRestApi.Properties as Record<string, unknown>).ApiKeySourceType =
      'AUTHORIZER';
    const keys = new LocalApiKeys(readRestApi(template), 'dev');
    const request = {
      headers: { 'x-api-key': 'partner-key-0123456789' },
    } as unknown as Parameters<LocalApiKeys['identify']>[0];
    assert.equal(keys.source, 'AUTHORIZER');
    assert.equal(keys.identify(request), undefined);
    assert.equal(keys.identify(request, 'partner-key-0123456789')?.key.name, 'partner');
    assert.equal(keys.identify(request, 'nobody-knows-this-key'), undefined);
  });
});
