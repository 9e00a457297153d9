import assert from 'node:assert/strict';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { compileHttpApi } from '../../../../src/features/http-api/compile';
import {
  normalizedResourceName,
  normalizedWebsocketsRouteKey,
} from '../../../../src/cloudformation/naming';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import { emptyEvents, type EventsByKind } from '../../../../src/common/events';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { resolveHttpApiStage } from '../../../../src/features/http-api/resolve';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings } from '../../../helpers/config-builders';

// Tests may read core's naming to prove ours matches it; src/ never does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const coreNaming = require('serverless/lib/plugins/aws/lib/naming.js') as {
  getNormalizedResourceName(name: string): string;
  getNormalizedWebsocketsRouteKey(route: string): string;
  normalizeName(name: string): string;
};

function httpApiEvents(
  list: Array<{ functionName?: string; event: Record<string, unknown>; settings?: unknown }>,
): EventsByKind {
  return {
    ...emptyEvents(),
    httpApi: list.map(({ functionName, event, settings }, eventIndex) => ({
      kind: 'httpApi' as const,
      functionName: functionName ?? 'orders',
      eventIndex,
      event: settings === undefined ? event : { ...event, apiGateway: settings },
      ...(settings === undefined ? {} : { settings }),
    })),
  };
}

const GET_ORDERS = { method: 'get', path: '/orders' };
const JWT = {
  type: 'jwt' as const,
  issuer: 'https://issuer.example.com',
  audience: ['client'],
};

function errorsOf(config: ApiGatewayConfig, events: EventsByKind, core?: CoreSettings) {
  return validateConfig(config, events, core ?? coreSettings()).errors;
}

describe('HTTP API: validation', () => {
  it('accepts a complete HTTP API config', () => {
    const result = validateConfig(
      {
        httpApi: {
          defaultAuthorizer: 'users',
          authorizers: {
            users: JWT,
            partner: {
              type: 'lambda',
              functionName: 'authorize',
              resultTtlInSeconds: 60,
              identitySource: ['$request.header.X-Key'],
            },
            signed: { type: 'iam' },
          },
          stages: {
            '*': { metrics: true, logging: { accessLog: 'json', retentionInDays: 14 } },
            prod: { routes: { 'GET /orders': { throttling: { rateLimit: 1 } } } },
          },
        },
      },
      httpApiEvents([{ event: GET_ORDERS, settings: { scopes: ['a/b'], timeout: 10 } }]),
      coreSettings(),
    );
    assert.deepEqual(result, { errors: [], warnings: [] });
  });

  it('requires issuer and audience on a JWT authorizer', () => {
    assert.deepEqual(
      errorsOf({ httpApi: { authorizers: { users: { type: 'jwt' } } } }, emptyEvents()),
      [
        {
          path: 'custom.apiGateway.httpApi.authorizers.users.issuer',
          message:
            'JWT authorizer "users" needs an issuer: the https URL of the token issuer (iss claim), e.g. https://cognito-idp.<region>.amazonaws.com/<userPoolId>',
        },
        {
          path: 'custom.apiGateway.httpApi.authorizers.users.audience',
          message:
            'JWT authorizer "users" needs an audience: the list of accepted aud (or Cognito client_id) values',
        },
      ],
    );
  });

  it('refuses route settings for a route no httpApi event declares', () => {
    assert.deepEqual(
      errorsOf(
        {
          httpApi: {
            stages: { prod: { routes: { 'GET /order': { throttling: { rateLimit: 1 } } } } },
          },
        },
        httpApiEvents([{ event: GET_ORDERS }]),
      ),
      [
        {
          path: "custom.apiGateway.httpApi.stages.prod.routes['GET /order']",
          message:
            'no httpApi event declares the route "GET /order" (did you mean "GET /orders"?), and API Gateway refuses route settings for a route that does not exist; routes: "GET /orders"',
        },
      ],
    );
  });

  it('refuses apiKeyRequired on an HTTP API route', () => {
    assert.deepEqual(
      errorsOf({}, httpApiEvents([{ event: GET_ORDERS, settings: { apiKeyRequired: true } }])),
      [
        {
          path: 'functions.orders.events[0].httpApi.apiGateway.apiKeyRequired',
          message:
            'HTTP APIs have no API keys or usage plans (API Gateway supports them on REST APIs only); use an http event (REST API) for this endpoint, or protect it with an authorizer',
        },
      ],
    );
  });

  it('names unknown authorizers with a suggestion', () => {
    assert.deepEqual(
      errorsOf(
        { httpApi: { defaultAuthorizer: 'user', authorizers: { users: JWT } } },
        httpApiEvents([{ event: GET_ORDERS, settings: { authorizer: 'userz' } }]),
      ),
      [
        {
          path: 'custom.apiGateway.httpApi.defaultAuthorizer',
          message:
            'no HTTP API authorizer is named "user" (did you mean "users"?); custom.apiGateway.httpApi.authorizers define: "users"',
        },
        {
          path: 'functions.orders.events[0].httpApi.apiGateway.authorizer',
          message:
            'no HTTP API authorizer is named "userz" (did you mean "users"?); custom.apiGateway.httpApi.authorizers (or \'none\') define: "users"',
        },
      ],
    );
  });

  it('refuses keys of another authorizer type, lambda without a function, caching without identity', () => {
    assert.deepEqual(
      errorsOf(
        {
          httpApi: {
            authorizers: {
              a: { ...JWT, payloadVersion: '2.0' },
              b: { type: 'lambda', resultTtlInSeconds: 30 },
            },
          },
        },
        emptyEvents(),
      ),
      [
        {
          path: 'custom.apiGateway.httpApi.authorizers.a.payloadVersion',
          message:
            '"payloadVersion" does not apply to a jwt authorizer; jwt authorizers take "issuer", "audience", "identitySource"',
        },
        {
          path: 'custom.apiGateway.httpApi.authorizers.b',
          message:
            'Lambda authorizer "b" needs exactly one of functionName (a function of this service) or functionArn, found neither',
        },
        {
          path: 'custom.apiGateway.httpApi.authorizers.b.resultTtlInSeconds',
          message:
            'API Gateway caches a Lambda authorizer decision per identity, so caching (resultTtlInSeconds > 0) needs identitySource; add identitySource (e.g. [$request.header.Authorization]) or set resultTtlInSeconds: 0',
        },
      ],
    );
  });

  it('refuses a Lambda authorizer naming a function the service does not have (issue 20)', () => {
    const config: ApiGatewayConfig = {
      httpApi: { authorizers: { partner: { type: 'lambda', functionName: 'authorise' } } },
    };
    assert.deepEqual(
      errorsOf(config, emptyEvents(), coreSettings({ functionNames: ['authorize', 'orders'] })),
      [
        {
          path: 'custom.apiGateway.httpApi.authorizers.partner.functionName',
          message:
            '"authorise" is not a function of this service (did you mean "authorize"?); use one of "authorize", "orders", or functionArn for a function outside the service',
        },
      ],
    );
    assert.deepEqual(
      errorsOf(config, emptyEvents(), coreSettings({ functionNames: ['authorise'] })),
      [],
    );
  });

  it('refuses a timeout above 30 s, and events of one function that disagree', () => {
    assert.deepEqual(
      errorsOf({}, httpApiEvents([{ event: GET_ORDERS, settings: { timeout: 31 } }])).map(
        (issue) => issue.path,
      ),
      ['functions.orders.events[0].httpApi.apiGateway.timeout'],
    );
    assert.deepEqual(
      errorsOf(
        {},
        httpApiEvents([
          { event: GET_ORDERS, settings: { timeout: 10 } },
          { event: { method: 'post', path: '/orders' }, settings: { timeout: 20 } },
        ]),
      ),
      [
        {
          path: 'functions.orders.events[1].httpApi.apiGateway.timeout',
          message:
            'core gives each function one HTTP API integration, shared by all its httpApi events, so they need the same timeout; function "orders" has 10 and 20: set the same value on every httpApi event of "orders"',
        },
      ],
    );
  });

  it("refuses CORS allowCredentials with the '*' origin, and duplicates of core's authorizers", () => {
    const core = {
      ...coreSettings(),
      httpApi: { cors: { allowCredentials: true }, authorizers: { users: {} } },
    } as CoreSettings;
    assert.deepEqual(
      errorsOf(
        { httpApi: { authorizers: { users: JWT } } },
        httpApiEvents([{ event: GET_ORDERS }]),
        core,
      ),
      [
        {
          path: 'custom.apiGateway.httpApi.authorizers.users',
          message:
            'provider.httpApi.authorizers also defines "users", and both would be the same AWS::ApiGatewayV2::Authorizer; define it in one place (rename one, or remove it from provider.httpApi.authorizers)',
        },
        {
          path: 'provider.httpApi.cors.allowedOrigins',
          message:
            "allowCredentials: true cannot be combined with the origin '*' (API Gateway and browsers refuse credentialed requests to a wildcard origin); list the allowed origins, e.g. [https://app.example.com]",
        },
      ],
    );
  });
});

describe('HTTP API: stage resolution', () => {
  it("merges '*' and the named entry, then each event's own route settings", () => {
    const stage = resolveHttpApiStage(
      {
        httpApi: {
          stages: {
            '*': { throttling: { rateLimit: 1, burstLimit: 2 }, variables: { a: 'x' } },
            prod: {
              throttling: { rateLimit: 10 },
              variables: { b: 'y' },
              routes: { 'GET /orders': { throttling: { burstLimit: 3 } } },
            },
          },
        },
      },
      httpApiEvents([{ event: GET_ORDERS, settings: { throttling: { rateLimit: 4 } } }]).httpApi,
      'prod',
    );
    assert.deepEqual(stage, {
      variables: { a: 'x', b: 'y' },
      throttling: { rateLimit: 10, burstLimit: 2 },
      logging: {},
      routes: { 'GET /orders': { throttling: { burstLimit: 3, rateLimit: 4 } } },
      tags: {},
    });
  });
});

describe('HTTP API: compile', () => {
  const template = (): CfnTemplate => ({
    Resources: {
      HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'x', ProtocolType: 'HTTP' } },
      HttpApiStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          StageName: '$default',
          AutoDeploy: true,
          DefaultRouteSettings: { DetailedMetricsEnabled: false },
        },
      },
      HttpApiRouteGetOrders: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: 'GET /orders' },
      },
    },
  });
  const config = () =>
    resolveConfig(
      {
        httpApi: {
          defaultAuthorizer: 'users',
          authorizers: { users: JWT },
          stages: { '*': { logging: { accessLog: false } } },
        },
      },
      coreSettings(),
      httpApiEvents([{ event: GET_ORDERS, settings: { throttling: { rateLimit: 5 } } }]),
    );

  it('is deterministic and does not mutate its input', () => {
    const input = template();
    const before = structuredClone(input);
    const ctx = { template: input, naming: standaloneNaming('orders', 'prod') };
    const first = compileHttpApi(config(), ctx);
    assert.deepEqual(compileHttpApi(config(), ctx), first);
    assert.deepEqual(input, before);
    const stage = first[0].Resources?.HttpApiStage;
    assert.deepEqual(stage?.DependsOn, ['HttpApiRouteGetOrders']);
    assert.deepEqual(first[0].patches, [
      {
        logicalId: 'HttpApiRouteGetOrders',
        setProperties: {
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: 'HttpApiAuthorizerUsers' },
        },
      },
    ]);
  });

  it("keeps core's HTTP API byte for byte when the plugin changes nothing in it", () => {
    const logFormat = '{"requestId":"$context.requestId"}';
    const core = (): CfnTemplate => {
      const base = template();
      base.Resources.HttpApiLogGroup = {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/http-api/orders-prod' },
      };
      base.Resources.HttpApiStage = {
        ...base.Resources.HttpApiStage,
        Properties: {
          ...base.Resources.HttpApiStage.Properties,
          AccessLogSettings: {
            DestinationArn: { 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] },
            Format: logFormat,
          },
        },
        DependsOn: 'HttpApiLogGroup',
      };
      return base;
    };
    const compiled = (apiGateway: ApiGatewayConfig): CfnTemplate => {
      const input = core();
      const ctx = { template: input, naming: standaloneNaming('orders', 'prod') };
      const resolvedConfig = resolveConfig(
        apiGateway,
        coreSettings(),
        httpApiEvents([{ event: GET_ORDERS }]),
      );
      for (const fragment of compileHttpApi(resolvedConfig, ctx)) applyFragment(input, fragment);
      return input;
    };
    for (const apiGateway of [
      {},
      { stages: { '*': { tracing: true, logging: { level: 'ERROR' } } } },
      { httpApi: {} },
      { httpApi: { stages: { '*': { metrics: false } } } },
    ] satisfies ApiGatewayConfig[]) {
      assert.equal(
        JSON.stringify(compiled(apiGateway)),
        JSON.stringify(core()),
        JSON.stringify(apiGateway),
      );
    }
    // A stage the plugin does change is the plugin's: no DependsOn the GetAtt already gives.
    const changed = compiled({ httpApi: { stages: { '*': { metrics: true } } } });
    assert.deepEqual(changed.Resources.HttpApiStage.Properties?.DefaultRouteSettings, {
      DetailedMetricsEnabled: true,
    });
    assert.equal(changed.Resources.HttpApiStage.DependsOn, undefined);
  });

  it('does nothing without an HTTP API', () => {
    const ctx = { template: { Resources: {} }, naming: standaloneNaming('orders', 'prod') };
    assert.deepEqual(compileHttpApi(config(), ctx), []);
  });

  it("normalises names exactly like core's naming", () => {
    for (const name of ['users', 'my-auth_v2', 'X']) {
      assert.equal(normalizedResourceName(name), coreNaming.getNormalizedResourceName(name));
    }
    for (const route of ['$connect', 'chat/send-message_v1.x']) {
      assert.equal(
        normalizedWebsocketsRouteKey(route),
        coreNaming.getNormalizedWebsocketsRouteKey(route),
      );
    }
  });
});
