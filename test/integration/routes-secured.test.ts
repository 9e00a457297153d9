/**
 * `serverless package` on a service whose routes use the per-endpoint keys of http events: a
 * cognito route with scopes and an API key, a cached route in a stage with a cluster, a throttled
 * route behind a Lambda authorizer, a route with its own CORS, and a public route while a
 * defaultAuthorizer is set. Templates valid against the CloudFormation schemas.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnObject, CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import { FIXTURES, packageService, type PackageResult } from '../helpers/serverless';

function props(template: CfnTemplate, id: string): CfnObject {
  assert.ok(template.Resources[id], `${id} is in the template`);
  return template.Resources[id].Properties ?? {};
}

function auth(template: CfnTemplate, id: string): CfnObject {
  const { AuthorizationType, AuthorizerId, AuthorizationScopes, ApiKeyRequired } = props(
    template,
    id,
  );
  return { AuthorizationType, AuthorizerId, AuthorizationScopes, ApiKeyRequired };
}

function stageEntry(template: CfnTemplate, resourcePath: string, verb: string): CfnObject {
  const entries = props(template, 'ApiGatewayStage').MethodSettings as CfnObject[];
  const entry = entries.find((e) => e.ResourcePath === resourcePath && e.HttpMethod === verb);
  assert.ok(entry, `the stage has method settings for ${verb} ${resourcePath}`);
  return entry;
}

function preflightHeaders(template: CfnTemplate, id: string): Record<string, string> {
  const integration = props(template, id).Integration as CfnObject;
  return (integration.IntegrationResponses as CfnObject[])[0].ResponseParameters as Record<
    string,
    string
  >;
}

describe('serverless package: routes with authorizers, API keys, caching, throttling and CORS', () => {
  let prod: PackageResult;

  before(() => {
    prod = packageService(path.join(FIXTURES, 'routes-secured'), { stage: 'prod' });
  });

  it('emits a template valid against the CloudFormation schemas, references resolving', () => {
    assertValidTemplate(prod.template);
  });

  it('secures routes like http events: cognito + scopes + API key, Lambda authorizer, default, none', () => {
    const { template } = prod;
    assert.deepEqual(auth(template, 'ApiGatewayMethodReportsPost'), {
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' },
      AuthorizationScopes: ['reports/write'],
      ApiKeyRequired: true,
    });
    assert.deepEqual(auth(template, 'ApiGatewayMethodPartnersFeedGet'), {
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: 'ApiGatewayAuthorizerPartners' },
      AuthorizationScopes: undefined,
      ApiKeyRequired: undefined,
    });
    // defaultAuthorizer: the route without a key of its own and core's event.
    for (const id of ['ApiGatewayMethodReportsIdVarGet', 'ApiGatewayMethodOrdersGet']) {
      assert.deepEqual(auth(template, id), {
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' },
        AuthorizationScopes: ['orders/read'],
        ApiKeyRequired: id === 'ApiGatewayMethodOrdersGet' ? false : undefined,
      });
    }
    for (const id of ['ApiGatewayMethodHealthGet', 'ApiGatewayMethodWidgetGet']) {
      assert.equal(props(template, id).AuthorizationType, 'NONE');
      assert.equal(props(template, id).AuthorizerId, undefined);
    }
    // The Lambda authorizer's function may be invoked by API Gateway, once.
    const permissions = Object.keys(template.Resources).filter(
      (id) =>
        template.Resources[id].Type === 'AWS::Lambda::Permission' &&
        JSON.stringify(template.Resources[id].Properties?.FunctionName).includes('Authorize'),
    );
    assert.deepEqual(permissions, ['ApiGatewayAuthorizerPartnersPermission']);
  });

  it('caches the GET route in the cluster with its keys, and throttles the feed route', () => {
    const { template } = prod;
    const cached = stageEntry(template, '/~1reports~1{id}', 'GET');
    assert.equal(cached.CachingEnabled, true);
    assert.equal(cached.CacheTtlInSeconds, 300);
    const method = props(template, 'ApiGatewayMethodReportsIdVarGet');
    assert.deepEqual(method.RequestParameters, {
      'method.request.path.id': true,
      'method.request.querystring.lang': false,
    });
    assert.deepEqual((method.Integration as CfnObject).CacheKeyParameters, [
      'method.request.path.id',
      'method.request.querystring.lang',
    ]);
    const throttled = stageEntry(template, '/~1partners~1feed', 'GET');
    assert.equal(throttled.ThrottlingRateLimit, 5);
    assert.equal(throttled.ThrottlingBurstLimit, 10);
    assert.equal(throttled.CachingEnabled, false);
    // An uncached route inherits the stage-wide entry, which turns caching off explicitly.
    assert.equal(stageEntry(template, '/*', '*').CachingEnabled, false);
  });

  it('applies usage plan method throttles to a route path', () => {
    const plan = props(prod.template, 'ApiGatewayKitUsagePlanPartners');
    const [apiStage] = plan.ApiStages as CfnObject[];
    assert.deepEqual(apiStage.Throttle, { '/reports/POST': { RateLimit: 1, BurstLimit: 2 } });
  });

  it("gives the widget route its own preflight and the others the service's", () => {
    const { template } = prod;
    const widget = preflightHeaders(template, 'ApiGatewayMethodWidgetOptions');
    assert.equal(widget['method.response.header.Access-Control-Allow-Credentials'], "'true'");
    // Two origins: the template echoes the allowed one.
    assert.equal(widget['method.response.header.Access-Control-Allow-Origin'], undefined);
    const templates = (
      (props(template, 'ApiGatewayMethodWidgetOptions').Integration as CfnObject)
        .IntegrationResponses as CfnObject[]
    )[0].ResponseTemplates as Record<string, string>;
    assert.match(templates['application/json'], /https:\/\/embed\.example\.com/);
    assert.equal(
      preflightHeaders(template, 'ApiGatewayMethodHealthOptions')[
        'method.response.header.Access-Control-Allow-Origin'
      ],
      "'https://app.example.com'",
    );
  });
});
