/**
 * Runs the real `serverless package` on the caching and CORS fixtures: caching on some endpoints,
 * in one stage only; a preflight for three origins; gateway responses with CORS and the json preset;
 * and every error of a misconfigured service reported at once.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { render } from 'velocityjs';
import type { CfnObject, CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  normalizeTemplate,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
} from '../helpers/serverless';

interface IntegrationShape {
  Type?: string;
  RequestTemplates: Record<string, string>;
  IntegrationResponses: Array<{
    StatusCode: string;
    ResponseParameters: Record<string, string | undefined>;
    ResponseTemplates: Record<string, string>;
  }>;
  CacheKeyParameters?: string[];
  RequestParameters: Record<string, string>;
}

function methodSettings(template: CfnTemplate): CfnObject[] {
  return (template.Resources.ApiGatewayStage.Properties?.MethodSettings ?? []) as CfnObject[];
}

function integrationOf(template: CfnTemplate, logicalId: string): IntegrationShape {
  return template.Resources[logicalId].Properties?.Integration as IntegrationShape;
}

describe('serverless package: per-endpoint caching and throttling', () => {
  const dir = path.join(FIXTURES, 'caching');
  let dev: PackageResult;
  let prod: PackageResult;

  before(() => {
    dev = packageService(dir, { stage: 'dev' });
    prod = packageService(dir, { stage: 'prod' });
  });

  it('emits valid templates', () => {
    assertValidTemplate(dev.template);
    assertValidTemplate(prod.template);
  });

  it('caches GET /orders/{id} in prod only, with its keys', () => {
    const cached = methodSettings(prod.template).find(
      (entry) => entry.ResourcePath === '/~1orders~1{id}' && entry.HttpMethod === 'GET',
    );
    assert.deepEqual(
      {
        CachingEnabled: cached?.CachingEnabled,
        CacheTtlInSeconds: cached?.CacheTtlInSeconds,
        CacheDataEncrypted: cached?.CacheDataEncrypted,
        ThrottlingRateLimit: cached?.ThrottlingRateLimit,
        ThrottlingBurstLimit: cached?.ThrottlingBurstLimit,
        LoggingLevel: cached?.LoggingLevel,
      },
      {
        CachingEnabled: true,
        CacheTtlInSeconds: 60,
        CacheDataEncrypted: true,
        ThrottlingRateLimit: 20,
        ThrottlingBurstLimit: 40,
        LoggingLevel: 'ERROR',
      },
    );
    const integration = integrationOf(prod.template, 'ApiGatewayMethodOrdersIdVarGet');
    assert.deepEqual(integration.CacheKeyParameters, [
      'method.request.path.id',
      'method.request.querystring.lang',
      'method.request.header.Accept-Language',
    ]);
    assert.equal(
      integration.RequestParameters['integration.request.querystring.lang'],
      'method.request.querystring.lang',
    );
    assert.deepEqual(
      prod.template.Resources.ApiGatewayMethodOrdersIdVarGet.Properties?.RequestParameters,
      {
        'method.request.header.Accept-Language': false,
        'method.request.path.id': true,
        'method.request.querystring.lang': false,
      },
    );
  });

  it('turns caching off explicitly for the other prod endpoints (stage-wide)', () => {
    const off = methodSettings(prod.template)
      .filter((entry) => entry.CachingEnabled === false)
      .map((entry) => `${String(entry.HttpMethod)} ${String(entry.ResourcePath)}`);
    // Once, stage-wide, for every method without an entry of its own; GET /orders has one for its throttle.
    assert.deepEqual(off, ['* /*', 'GET /~1orders']);
  });

  it('in dev (no cluster) keeps only the throttles and leaves the methods as core made them', () => {
    assert.equal(dev.template.Resources.ApiGatewayStage.Properties?.CacheClusterEnabled, false);
    assert.deepEqual(
      methodSettings(dev.template).map((entry) => [
        entry.ResourcePath,
        entry.HttpMethod,
        entry.CachingEnabled,
        entry.ThrottlingRateLimit,
      ]),
      [
        ['/*', '*', undefined, 100],
        ['/~1orders', 'GET', undefined, 500],
        ['/~1orders~1{id}', 'GET', undefined, 20],
      ],
    );
    assert.equal(
      integrationOf(dev.template, 'ApiGatewayMethodOrdersIdVarGet').CacheKeyParameters,
      undefined,
    );
  });

  it('warns about an endpoint throttle above the stage value', () => {
    assert.match(
      plain(prod.stdout + prod.stderr),
      /functions\.orders\.events\[1\]\.http\.apiGateway\.throttling\.rateLimit: 500 for GET \/orders is above the stage-wide rateLimit 100 of stage "prod"/,
    );
  });
});

describe('serverless package: CORS with three origins and gateway responses', () => {
  const dir = path.join(FIXTURES, 'cors');
  let prod: PackageResult;

  before(() => {
    prod = packageService(dir, { stage: 'prod' });
  });

  it('emits a valid, deterministic template', () => {
    assertValidTemplate(prod.template);
    assert.equal(
      normalizeTemplate(packageService(dir, { stage: 'prod' }).template),
      normalizeTemplate(prod.template),
    );
  });

  it("adds one preflight per path, none for cors: false, and keeps core's own", () => {
    const options = Object.entries(prod.template.Resources)
      .filter(
        ([, r]) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.HttpMethod === 'OPTIONS',
      )
      .map(([id]) => id)
      .sort();
    assert.deepEqual(options, [
      'ApiGatewayMethodLegacyOptions',
      'ApiGatewayMethodOrdersIdVarOptions',
      'ApiGatewayMethodOrdersOptions',
      'ApiGatewayMethodPublicOptions',
      'ApiGatewayMethodReportOptions',
      'ApiGatewayMethodStatusOptions',
    ]);
    // core's preflight for `cors: true` is untouched (its own request template).
    assert.equal(
      integrationOf(prod.template, 'ApiGatewayMethodLegacyOptions').RequestTemplates[
        'application/json'
      ],
      '{statusCode:200}',
    );
    assert.match(
      plain(prod.stdout + prod.stderr),
      /custom\.apiGateway\.cors: \/legacy keeps the OPTIONS preflight core makes/,
    );
    const deployment = Object.values(prod.template.Resources).find(
      (r) => r.Type === 'AWS::ApiGateway::Deployment',
    );
    for (const id of options)
      assert.ok((deployment?.DependsOn as string[]).includes(id), `deployment waits for ${id}`);
  });

  it('answers the preflight of /orders for its three methods, echoing an allowed origin', () => {
    const response = integrationOf(prod.template, 'ApiGatewayMethodOrdersOptions')
      .IntegrationResponses[0];
    assert.deepEqual(response.ResponseParameters, {
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
      'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
      'method.response.header.Access-Control-Allow-Methods': "'DELETE,GET,OPTIONS,POST'",
      'method.response.header.Access-Control-Max-Age': "'600'",
      'method.response.header.Vary': "'Origin'",
    });
    const template: string = response.ResponseTemplates['application/json'];
    const allowOrigin = (origin: string) => {
      const context = { responseOverride: { header: {} as Record<string, unknown> } };
      const value = (v: string) =>
        Object.assign(new String(v), { matches: (p: string) => new RegExp(`^(?:${p})$`).test(v) });
      render(template, {
        input: { params: (n: string) => value(n === 'Origin' ? origin : '') },
        context,
      });
      const header = context.responseOverride.header['Access-Control-Allow-Origin'];
      return header === undefined ? undefined : String(header);
    };
    assert.equal(allowOrigin('https://admin.example.com'), 'https://admin.example.com');
    assert.equal(
      allowOrigin('https://feature-1.preview.example.com'),
      'https://feature-1.preview.example.com',
    );
    assert.equal(allowOrigin('https://evil.example.net'), undefined);
  });

  it("adds the CORS headers to the actual responses of non-proxy integrations (a mock route, core's lambda)", () => {
    for (const id of ['ApiGatewayMethodStatusGet', 'ApiGatewayMethodReportGet']) {
      const method = prod.template.Resources[id].Properties as {
        MethodResponses: Array<{ StatusCode: string; ResponseParameters: Record<string, boolean> }>;
      };
      const integration = integrationOf(prod.template, id);
      assert.ok(integration.IntegrationResponses.length > 0, id);
      for (const response of integration.IntegrationResponses) {
        assert.equal(
          response.ResponseParameters['method.response.header.Access-Control-Allow-Credentials'],
          "'true'",
          `${id} ${response.StatusCode}`,
        );
        assert.equal(response.ResponseParameters['method.response.header.Vary'], "'Origin'");
        assert.equal(
          response.ResponseParameters['method.response.header.Access-Control-Expose-Headers'],
          "'X-Request-Id'",
        );
        // Three origins: chosen per request by the template.
        assert.match(
          response.ResponseTemplates['application/json'],
          /^#set\(\$origin = \$input\.params\("Origin"\)\).*#\{end\}/,
        );
      }
      for (const response of method.MethodResponses) {
        assert.equal(
          response.ResponseParameters['method.response.header.Access-Control-Allow-Origin'],
          true,
        );
      }
    }
    // A proxy integration passes the function's headers through: untouched.
    const proxy = integrationOf(prod.template, 'ApiGatewayMethodOrdersGet');
    assert.equal(proxy.IntegrationResponses, undefined);
  });

  it('lets an endpoint override the default: /public answers any origin', () => {
    const response = integrationOf(prod.template, 'ApiGatewayMethodPublicOptions')
      .IntegrationResponses[0];
    assert.equal(
      response.ResponseParameters['method.response.header.Access-Control-Allow-Origin'],
      "'*'",
    );
    assert.equal(
      response.ResponseParameters['method.response.header.Access-Control-Allow-Credentials'],
      undefined,
    );
    assert.equal(response.ResponseTemplates['application/json'], '');
  });

  it('puts the CORS headers and the json body on the gateway responses', () => {
    const responses = Object.values(prod.template.Resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::GatewayResponse',
    );
    assert.deepEqual(
      responses.map((r) => [r.Properties?.ResponseType, r.Properties?.StatusCode]).sort(),
      [
        ['ACCESS_DENIED', '403'],
        ['BAD_REQUEST_BODY', '400'],
        ['BAD_REQUEST_PARAMETERS', '400'],
        ['DEFAULT_4XX', undefined],
        ['DEFAULT_5XX', undefined],
        ['INTEGRATION_FAILURE', '502'],
        ['INTEGRATION_TIMEOUT', '504'],
        ['QUOTA_EXCEEDED', '429'],
        ['THROTTLED', '429'],
      ],
    );
    const throttled = prod.template.Resources.ApiGatewayResponseThrottled.Properties ?? {};
    assert.deepEqual(throttled.ResponseParameters, {
      'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
      'gatewayresponse.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
      'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      'gatewayresponse.header.Access-Control-Expose-Headers': "'X-Request-Id'",
      'gatewayresponse.header.Retry-After': "'1'",
      'gatewayresponse.header.Vary': "'Origin'",
    });
    assert.equal(
      (throttled.ResponseTemplates as Record<string, string>)['application/json'],
      '{"message":$context.error.messageString,"type":"$context.error.responseType","requestId":"$context.requestId"}',
    );
  });
});

describe('serverless package: gateway responses with several origins and cors: true', () => {
  it('sends no CORS headers on gateway responses, never the echoed Origin, and says why', () => {
    const dev = packageService(path.join(FIXTURES, 'cors'), { stage: 'dev' });
    assertValidTemplate(dev.template);
    const responses = Object.entries(dev.template.Resources).filter(
      ([, r]) => r.Type === 'AWS::ApiGateway::GatewayResponse',
    );
    assert.ok(responses.length > 0);
    for (const [id, response] of responses) {
      const parameters = (response.Properties?.ResponseParameters ?? {}) as Record<string, string>;
      assert.equal(parameters['gatewayresponse.header.Access-Control-Allow-Origin'], undefined, id);
      assert.equal(
        parameters['gatewayresponse.header.Access-Control-Allow-Credentials'],
        undefined,
        id,
      );
    }
    assert.deepEqual(
      dev.template.Resources.ApiGatewayResponseThrottled.Properties?.ResponseParameters,
      { 'gatewayresponse.header.Retry-After': "'1'" },
    );
    assert.match(
      plain(dev.stdout + dev.stderr),
      /custom\.apiGateway\.gatewayResponses\.cors: custom\.apiGateway\.cors allows several origins \(https:\/\/app\.example\.com, https:\/\/admin\.example\.com, https:\/\/\*\.preview\.example\.com\), but a gateway response can send only one fixed Access-Control-Allow-Origin/,
    );
  });
});

describe('serverless package: caching and CORS errors', () => {
  it('reports every problem at once, with paths and fixes', () => {
    const result = packageServiceExpectingFailure(path.join(FIXTURES, 'caching-invalid'), {
      stage: 'dev',
    });
    const output = plain(result.stdout + result.stderr);
    assert.match(output, /serverless-apigateway-kit found 5 problems in the configuration:/);
    for (const line of [
      "functions.orders.events[0].http.apiGateway.caching: POST /orders changes state, and a cached POST would serve one caller's result to the next without calling the backend; remove caching, or set caching.allowNonGetMethod: true if this POST only reads (a search, for example)",
      'functions.orders.events[1].http.apiGateway.caching: caching is on for GET /orders/{id} but stage "dev" has no cache cluster',
      'functions.orders.events[1].http.apiGateway.caching.keys[0]: "path.orderId" is not a path parameter of GET /orders/{id}: its path parameters are id',
      "custom.apiGateway.cors.allowCredentials: allowCredentials with origins '*' (the default) applies to every endpoint",
    ]) {
      assert.ok(output.includes(line), `missing: ${line}\n${output}`);
    }
  });
});
