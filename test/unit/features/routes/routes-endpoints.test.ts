/**
 * Routes as first-class REST endpoints: the shared endpoint list (src/common/rest-endpoints.ts), and
 * authorizers, API keys, caching, throttling and CORS on routes, compiled and checked exactly like
 * on http events, with issues at the route's config path.
 */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnObject, CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../../src/pipeline/compile';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import { restEndpoints } from '../../../../src/common/rest-endpoints';
import type { EventsByKind } from '../../../../src/common/events';
import type { ConfigIssue } from '../../../../src/pipeline/issues';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

const naming = standaloneNaming('orders', 'prod');
const API = { Ref: 'ApiGatewayRestApi' };
const ROOT = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
const at = (key: string) => `custom.apiGateway.routes['${key}']`;

/** Core's template for a function `hello` with GET /orders. */
function coreTemplate(): CfnTemplate {
  return {
    Resources: {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'prod-orders' } },
      ApiGatewayResourceOrders: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { ParentId: ROOT, PathPart: 'orders', RestApiId: API },
      },
      ApiGatewayMethodOrdersGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { Ref: 'ApiGatewayResourceOrders' },
          RestApiId: API,
          AuthorizationType: 'NONE',
          RequestParameters: {},
          Integration: { Type: 'AWS_PROXY' },
        },
      },
      HelloLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
    },
  };
}

function events(settings?: unknown): EventsByKind {
  return httpEvents([
    { functionName: 'hello', eventIndex: 0, settings, event: { method: 'get', path: 'orders' } },
  ]);
}

function core(overrides: Partial<CoreSettings> = {}): CoreSettings {
  return coreSettings({ functionNames: ['hello'], ...overrides });
}

const CLUSTER = { stages: { prod: { caching: { enabled: true, clusterSize: '0.5' as const } } } };

function compile(config: ApiGatewayConfig, httpEvents: EventsByKind = events()): CfnTemplate {
  const template = coreTemplate();
  const result = compileRestApiStack(resolveConfig(config, core(), httpEvents), template, naming);
  for (const fragment of result.fragments) applyFragment(template, fragment);
  return template;
}

function props(template: CfnTemplate, id: string): CfnObject {
  assert.ok(template.Resources[id], `${id} is in the template`);
  return template.Resources[id].Properties ?? {};
}

function methodSettings(template: CfnTemplate): CfnObject[] {
  return (props(template, 'ApiGatewayStage').MethodSettings as CfnObject[]).filter(
    (entry) => entry.ResourcePath !== '/*',
  );
}

function check(
  config: ApiGatewayConfig,
  httpEvents: EventsByKind = events(),
): { errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  return validateConfig(config, httpEvents, core());
}

describe('routes as endpoints: the shared endpoint list', () => {
  it('lists http events then routes, each with its config path and settings', () => {
    const endpoints = restEndpoints(
      {
        routes: {
          'GET /health': { integration: 'mock', authorizer: 'none' },
          'POST /': { integration: 'mock' },
        },
      },
      events({ apiKeyRequired: true }),
    );
    assert.deepEqual(
      endpoints.map(({ source, method, path, settings, configPath, coreCors }) => ({
        source,
        method,
        path,
        settings,
        configPath,
        coreCors,
      })),
      [
        {
          source: 'event',
          method: 'GET',
          path: 'orders',
          settings: { apiKeyRequired: true },
          configPath: 'functions.hello.events[0].http.apiGateway',
          coreCors: false,
        },
        {
          source: 'route',
          method: 'GET',
          path: 'health',
          settings: { integration: 'mock', authorizer: 'none' },
          configPath: at('GET /health'),
          coreCors: false,
        },
        {
          source: 'route',
          method: 'POST',
          path: '',
          settings: { integration: 'mock' },
          configPath: at('POST /'),
          coreCors: false,
        },
      ],
    );
    assert.equal(endpoints[0].coreEvent?.functionName, 'hello');
    assert.equal(endpoints[1].coreEvent, undefined);
  });
});

describe('routes as endpoints: access control', () => {
  const config: ApiGatewayConfig = {
    authorizers: {
      users: { type: 'cognito', userPoolArn: POOL, scopes: ['orders/read'] },
      partners: { type: 'iam' },
    },
    defaultAuthorizer: 'users',
    routes: {
      'GET /health': { integration: 'mock', authorizer: 'none' },
      'GET /reports': { integration: 'mock', scopes: ['reports/read'], apiKeyRequired: true },
      'GET /partners': { integration: 'mock', authorizer: 'partners' },
      'GET /status': { integration: 'mock' },
    },
  };

  it('sets authorizer, scopes and API key on route Methods; defaultAuthorizer applies; none stays public', () => {
    const template = compile(config);
    const auth = (id: string) => {
      const { AuthorizationType, AuthorizerId, AuthorizationScopes, ApiKeyRequired } = props(
        template,
        id,
      );
      return { AuthorizationType, AuthorizerId, AuthorizationScopes, ApiKeyRequired };
    };
    assert.deepEqual(auth('ApiGatewayMethodHealthGet'), {
      AuthorizationType: 'NONE',
      AuthorizerId: undefined,
      AuthorizationScopes: undefined,
      ApiKeyRequired: undefined,
    });
    assert.deepEqual(auth('ApiGatewayMethodReportsGet'), {
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' },
      AuthorizationScopes: ['reports/read'],
      ApiKeyRequired: true,
    });
    assert.deepEqual(auth('ApiGatewayMethodPartnersGet'), {
      AuthorizationType: 'AWS_IAM',
      AuthorizerId: undefined,
      AuthorizationScopes: undefined,
      ApiKeyRequired: undefined,
    });
    // No key of its own: the default authorizer with its default scopes.
    assert.deepEqual(auth('ApiGatewayMethodStatusGet'), {
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' },
      AuthorizationScopes: ['orders/read'],
      ApiKeyRequired: undefined,
    });
    // The authorizer is emitted once, whoever uses it.
    assert.equal(
      Object.values(template.Resources).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer')
        .length,
      1,
    );
  });

  it('applies the service apiKeyRequired to routes, and a route can opt out', () => {
    const template = compile({
      apiKeyRequired: true,
      routes: {
        'GET /health': { integration: 'mock', apiKeyRequired: false },
        'GET /status': { integration: 'mock' },
      },
    });
    assert.equal(props(template, 'ApiGatewayMethodHealthGet').ApiKeyRequired, false);
    assert.equal(props(template, 'ApiGatewayMethodStatusGet').ApiKeyRequired, true);
    assert.equal(props(template, 'ApiGatewayMethodOrdersGet').ApiKeyRequired, true);
  });

  it('reports unknown authorizers and misplaced scopes at the route path', () => {
    assert.deepEqual(
      check({
        authorizers: { users: { type: 'cognito', userPoolArn: POOL }, partners: { type: 'iam' } },
        routes: {
          'GET /a': { integration: 'mock', authorizer: 'user' },
          'GET /b': { integration: 'mock', authorizer: 'partners', scopes: ['x/y'] },
          'GET /c': { integration: 'mock', scopes: ['x/y'] },
        },
      }).errors,
      [
        {
          path: `${at('GET /a')}.authorizer`,
          message:
            '"user" is not an authorizer of custom.apiGateway.authorizers (did you mean "users"?); use one of users, partners, or none for a public endpoint',
        },
        {
          path: `${at('GET /b')}.scopes`,
          message:
            'OAuth scopes apply only to cognito authorizers, but this endpoint uses "partners" (iam); remove scopes, or use a cognito authorizer',
        },
        {
          path: `${at('GET /c')}.scopes`,
          message: `OAuth scopes need a cognito authorizer, but this endpoint has none; set ${at('GET /c')}.authorizer (or custom.apiGateway.defaultAuthorizer) to a cognito authorizer, or remove scopes`,
        },
      ],
    );
  });

  it('accepts usage plan method throttles for routes, and points the API key warning at the route', () => {
    const result = check({
      usagePlans: { basic: { methodThrottles: { 'GET /health': { rateLimit: 5 } } } },
      routes: { 'GET /health': { integration: 'mock' } },
    });
    assert.deepEqual(result.errors, []);
    const warned = check(
      { routes: { 'GET /health': { integration: 'mock', apiKeyRequired: true } } },
      events(),
    ).warnings.filter((w) => w.path.endsWith('apiKeyRequired'));
    assert.deepEqual(warned, [
      {
        path: `${at('GET /health')}.apiKeyRequired`,
        message:
          '1 endpoint(s) require an API key, but no usage plan of this service applies to stage "prod"; every call gets 403 until a key of a usage plan for this stage is sent (add custom.apiGateway.usagePlans, or attach keys managed elsewhere)',
      },
    ]);
  });
});

describe('routes as endpoints: caching and throttling', () => {
  it('caches a GET route (method settings, request parameters, cache keys) and throttles another', () => {
    const template = compile({
      ...CLUSTER,
      routes: {
        'GET /reports/{id}': {
          integration: { type: 'http', uri: 'https://backend.example.com/reports/{id}' },
          caching: { ttlInSeconds: 120, keys: ['path.id', 'querystring.lang'] },
        },
        'POST /events': { integration: 'mock', throttling: { rateLimit: 10, burstLimit: 20 } },
      },
    });
    const method = props(template, 'ApiGatewayMethodReportsIdVarGet');
    assert.deepEqual(method.RequestParameters, {
      'method.request.path.id': true,
      'method.request.querystring.lang': false,
    });
    assert.deepEqual((method.Integration as CfnObject).CacheKeyParameters, [
      'method.request.path.id',
      'method.request.querystring.lang',
    ]);
    const entries = methodSettings(template).map(
      ({
        ResourcePath,
        HttpMethod,
        CachingEnabled,
        CacheTtlInSeconds,
        ThrottlingRateLimit,
        ThrottlingBurstLimit,
      }) => ({
        ResourcePath,
        HttpMethod,
        CachingEnabled,
        CacheTtlInSeconds,
        ThrottlingRateLimit,
        ThrottlingBurstLimit,
      }),
    );
    const entry = (path: string, verb: string) =>
      entries.find((e) => e.ResourcePath === path && e.HttpMethod === verb);
    assert.deepEqual(entry('/~1reports~1{id}', 'GET'), {
      ResourcePath: '/~1reports~1{id}',
      HttpMethod: 'GET',
      CachingEnabled: true,
      CacheTtlInSeconds: 120,
      ThrottlingRateLimit: undefined,
      ThrottlingBurstLimit: undefined,
    });
    assert.deepEqual(entry('/~1events', 'POST'), {
      ResourcePath: '/~1events',
      HttpMethod: 'POST',
      CachingEnabled: false,
      CacheTtlInSeconds: undefined,
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
    });
    // Neither cached nor throttled: no entry of its own; the stage-wide entry turns caching off.
    assert.equal(entry('/~1orders', 'GET'), undefined);
    assert.equal(methodSettings(template)[0].CachingEnabled, false);
  });

  it('reports caching errors on routes at the route path', () => {
    assert.deepEqual(
      check({
        routes: {
          'GET /reports/{id}': { integration: 'mock', caching: { keys: ['path.ide'] } },
          'POST /search': { integration: 'mock', caching: {} },
        },
      }).errors,
      [
        {
          path: `${at('GET /reports/{id}')}.caching`,
          message:
            "caching is on for GET /reports/{id} but stage \"prod\" has no cache cluster (custom.apiGateway.stages.prod.caching.enabled is not true, nor in '*'); turn the cluster on for this stage, or turn this endpoint's caching off where there is none, e.g. caching.enabled: ${param:cacheEnabled} with a per-stage param",
        },
        {
          path: `${at('GET /reports/{id}')}.caching.keys[0]`,
          message:
            '"path.ide" is not a path parameter of GET /reports/{id}: its path parameters are id; did you mean "path.id"?',
        },
        {
          path: `${at('POST /search')}.caching`,
          message:
            "POST /search changes state, and a cached POST would serve one caller's result to the next without calling the backend; remove caching, or set caching.allowNonGetMethod: true if this POST only reads (a search, for example)",
        },
        {
          path: `${at('POST /search')}.caching`,
          message:
            "caching is on for POST /search but stage \"prod\" has no cache cluster (custom.apiGateway.stages.prod.caching.enabled is not true, nor in '*'); turn the cluster on for this stage, or turn this endpoint's caching off where there is none, e.g. caching.enabled: ${param:cacheEnabled} with a per-stage param",
        },
      ],
    );
  });

  it('warns when a route throttle is above the stage throttle', () => {
    const { warnings } = check({
      stages: { prod: { throttling: { rateLimit: 5 } } },
      routes: { 'GET /health': { integration: 'mock', throttling: { rateLimit: 50 } } },
    });
    assert.deepEqual(
      warnings.filter((w) => w.path.startsWith('custom.apiGateway.routes')),
      [
        {
          path: `${at('GET /health')}.throttling.rateLimit`,
          message:
            '50 for GET /health is above the stage-wide rateLimit 5 of stage "prod"; the stage limit still caps the method, so the higher value has no effect: lower it, or raise the stage\'s throttling.rateLimit',
        },
      ],
    );
  });
});

describe('routes as endpoints: CORS', () => {
  it('gives a route its own CORS preflight, and others the service default or none', () => {
    const template = compile({
      cors: { origins: ['https://app.example.com'] },
      routes: {
        'GET /widget': { integration: 'mock', cors: { origins: ['https://widget.example.com'] } },
        'GET /health': { integration: 'mock' },
        'GET /internal': { integration: 'mock', cors: false },
      },
    });
    const origin = (id: string) =>
      ((props(template, id).Integration as CfnObject).IntegrationResponses as CfnObject[])[0]
        .ResponseParameters as Record<string, string>;
    assert.equal(
      origin('ApiGatewayMethodWidgetOptions')['method.response.header.Access-Control-Allow-Origin'],
      "'https://widget.example.com'",
    );
    assert.equal(
      origin('ApiGatewayMethodHealthOptions')['method.response.header.Access-Control-Allow-Origin'],
      "'https://app.example.com'",
    );
    assert.equal(template.Resources.ApiGatewayMethodInternalOptions, undefined);
  });

  it('reports a route whose CORS differs from an event on the same path, and credentials with *', () => {
    assert.deepEqual(
      check(
        {
          routes: {
            'POST /orders': { integration: 'mock', cors: { origins: ['https://b.example.com'] } },
            'GET /open': { integration: 'mock', cors: { allowCredentials: true } },
          },
        },
        events({ cors: { origins: ['https://a.example.com'] } }),
      ).errors,
      [
        {
          path: `${at('GET /open')}.cors.allowCredentials`,
          message:
            "allowCredentials with origins '*' on GET /open: browsers reject credentials from a wildcard origin; list the allowed origins or remove allowCredentials",
        },
        {
          path: `${at('POST /orders')}.cors`,
          message:
            'POST /orders and GET /orders (functions.hello.events[0].http.apiGateway) share one OPTIONS preflight but their CORS settings differ (origins); make them the same on every method of /orders',
        },
      ],
    );
  });
});

describe('routes as endpoints: CORS beside a preflight that already exists', () => {
  it("reports route CORS on a path whose preflight is core's or an OPTIONS route", () => {
    const coreCors = httpEvents([
      {
        functionName: 'hello',
        eventIndex: 0,
        settings: undefined,
        event: { method: 'get', path: 'orders', cors: true },
      },
    ]);
    assert.deepEqual(
      check(
        {
          routes: {
            'POST /orders': { integration: 'mock', cors: true },
            'OPTIONS /files': { integration: 'mock' },
            'GET /files': { integration: 'mock', cors: { origins: ['https://a.example.com'] } },
          },
        },
        coreCors,
      ).errors,
      [
        {
          path: `${at('POST /orders')}.cors`,
          message:
            "/orders already gets its OPTIONS preflight from core's cors on functions.hello.events[0].http.cors, and a path has one preflight; set CORS in one place: remove that http.cors (this plugin's cors covers every method of the path) or this route's cors",
        },
        {
          path: `${at('GET /files')}.cors`,
          message: `/files has the route ${at('OPTIONS /files')}, which answers its OPTIONS requests itself, so no CORS preflight is generated for the path; set the Access-Control-* headers in that route's response and remove this cors, or remove the OPTIONS route`,
        },
      ],
    );
  });
});

describe('routes as endpoints: schema', () => {
  it('checks the per-endpoint keys of a route with the http event schemas', () => {
    const { errors } = check({
      routes: {
        // @ts-expect-error: wrong on purpose
        'GET /a': { integration: 'mock', caching: { ttlInSeconds: 4000 }, apiKeyRequired: 'yes' },
      },
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      [`${at('GET /a')}.apiKeyRequired`, `${at('GET /a')}.caching.ttlInSeconds`],
    );
  });

  it('is deterministic and does not mutate the config', () => {
    const config: ApiGatewayConfig = {
      ...CLUSTER,
      authorizers: { users: { type: 'cognito', userPoolArn: POOL } },
      routes: {
        'GET /reports': {
          integration: 'mock',
          authorizer: 'users',
          caching: { keys: ['querystring.q'] },
        },
      },
    };
    const frozen = JSON.stringify(config);
    assert.deepEqual(compile(config), compile(config));
    assert.equal(JSON.stringify(config), frozen);
  });
});
