import assert from 'node:assert/strict';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { compileHttpApi } from '../../../../src/features/http-api/compile';
import {
  normalizedHttpApiRouteKey,
  standaloneV2Naming as v2Naming,
} from '../../../../src/cloudformation/naming';
import {
  httpApiRouteResources,
  subtypeResource,
} from '../../../../src/features/http-api/compile-routes';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import { emptyEvents, type EventsByKind } from '../../../../src/common/events';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings } from '../../../helpers/config-builders';

// Tests may read core's naming to prove ours matches it; src/ never does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const coreNaming = require('serverless/lib/plugins/aws/lib/naming.js') as {
  getHttpApiRouteLogicalId(routeKey: string): string;
  normalizePath(path: string): string;
  normalizePathPart(part: string): string;
  normalizeName(name: string): string;
};

function httpApiEvents(list: Array<Record<string, unknown>>): EventsByKind {
  return {
    ...emptyEvents(),
    httpApi: list.map((event, eventIndex) => ({
      kind: 'httpApi' as const,
      functionName: 'health',
      eventIndex,
      event,
    })),
  };
}

const HEALTH = httpApiEvents([{ method: 'get', path: '/health' }]);
const JWT = { type: 'jwt' as const, issuer: 'https://issuer.example.com', audience: ['client'] };
const SQS = {
  type: 'aws' as const,
  subtype: 'SQS-SendMessage' as const,
  parameters: {
    QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
    MessageBody: '$request.body',
  },
};
const ROUTES_PATH = 'custom.apiGateway.httpApi.routes';

function errorsOf(config: ApiGatewayConfig, events = HEALTH, core?: CoreSettings) {
  return validateConfig(config, events, core ?? coreSettings()).errors;
}

describe('HTTP API routes: validation', () => {
  it('accepts http_proxy and every aws subtype, with route settings in a stage entry', () => {
    const result = validateConfig(
      {
        httpApi: {
          defaultAuthorizer: 'users',
          authorizers: { users: JWT },
          stages: {
            '*': { variables: { backend: 'https://b.example.com' } },
            prod: { routes: { 'POST /orders': { throttling: { rateLimit: 1 } } } },
          },
          routes: {
            'ANY /legacy/{proxy+}': {
              integration: { type: 'http_proxy', uri: '${stageVariables.backend}/{proxy}' },
              authorizer: 'none',
              timeout: 29.5,
            },
            'POST /orders': { integration: SQS, scopes: ['orders/write'] },
            'POST /events': {
              integration: {
                type: 'aws',
                subtype: 'EventBridge-PutEvents',
                parameters: { Source: 's', DetailType: 'd', Detail: '$request.body.detail' },
              },
            },
            'POST /runs': {
              integration: {
                type: 'aws',
                subtype: 'StepFunctions-StartExecution',
                parameters: { StateMachineArn: { Ref: 'Machine' }, Input: '$request.body' },
              },
            },
            'POST /clicks': {
              integration: {
                type: 'aws',
                subtype: 'Kinesis-PutRecord',
                parameters: {
                  StreamName: 'clicks',
                  Data: '$request.body',
                  PartitionKey: '$context.requestId',
                },
              },
            },
            'GET /config': {
              integration: {
                type: 'aws',
                subtype: 'AppConfig-GetConfiguration',
                parameters: {
                  Application: 'a',
                  Environment: 'e',
                  Configuration: 'c',
                  ClientId: '$request.header.X-Client',
                },
              },
            },
            $default: {
              integration: {
                ...SQS,
                role: 'arn:aws:iam::123456789012:role/r',
                parameters: { ...SQS.parameters, QueueUrl: '$stageVariables.backend' },
              },
            },
          },
        },
      },
      HEALTH,
      coreSettings(),
    );
    assert.deepEqual(result, { errors: [], warnings: [] });
  });

  it("accepts routes with no httpApi event (the plugin creates the API), but not core's CORS for it", () => {
    const config = { httpApi: { routes: { 'POST /orders': { integration: SQS } } } };
    assert.deepEqual(errorsOf(config, emptyEvents()), []);
    assert.deepEqual(
      errorsOf(config, emptyEvents(), { ...coreSettings(), httpApi: { cors: true } }),
      [
        {
          path: 'provider.httpApi.cors',
          message:
            'core applies provider.httpApi.cors only to the HTTP API it makes from httpApi events, and no function has one, so the plugin creates the API for custom.apiGateway.httpApi.routes; set the CORS there with custom.apiGateway.httpApi.cors instead',
        },
      ],
    );
  });

  it('refuses routes when the API belongs to another stack', () => {
    const config = { httpApi: { routes: { 'POST /orders': { integration: SQS } } } };
    assert.deepEqual(errorsOf(config, HEALTH, { ...coreSettings(), httpApi: { id: 'abc123' } }), [
      {
        path: ROUTES_PATH,
        message:
          'provider.httpApi.id attaches the service to an HTTP API another stack owns, and the plugin adds routes only to the HTTP API this stack creates; define these routes in the stack that owns the API, or remove provider.httpApi.id',
      },
    ]);
  });

  it('refuses a route an httpApi event also declares', () => {
    assert.deepEqual(
      errorsOf({
        httpApi: {
          routes: {
            'GET /health': { integration: { type: 'http_proxy', uri: 'https://h.example.com' } },
          },
        },
      }),
      [
        {
          path: `${ROUTES_PATH}['GET /health']`,
          message:
            'functions.health.events[0].httpApi also declares the route "GET /health", and an HTTP API has one route per route key; keep one of them',
        },
      ],
    );
  });

  it('checks http_proxy URLs, their stage variables and keys of the other type', () => {
    const path = `${ROUTES_PATH}['GET /a']`;
    assert.deepEqual(
      errorsOf({
        httpApi: {
          stages: {
            '*': { variables: { backend: 'https://b.example.com' } },
            dev: { variables: { other: 'x' } },
          },
          routes: {
            'GET /a': {
              integration: {
                type: 'http_proxy',
                uri: '${stageVariables.backnd}/a',
                subtype: 'SQS-SendMessage',
              },
            },
            'GET /b': { integration: { type: 'http_proxy', uri: 'backend.example.com/b' } },
            'GET /c': { integration: { type: 'http_proxy' } },
          },
        },
      }),
      [
        {
          path: `${path}.integration.subtype`,
          message:
            '"subtype" does not apply to an http_proxy integration; http_proxy integrations take "uri", "method", "vpcLink", "tlsServerName"',
        },
        {
          path: `${path}.integration.uri`,
          message:
            'stage variable "backnd" is not defined for the prod stage (did you mean "backend"?); defined: "backend"; define it under custom.apiGateway.httpApi.stages.<stage>.variables (\'*\' for every stage)',
        },
        {
          path: `${ROUTES_PATH}['GET /b'].integration.uri`,
          message:
            '"backend.example.com/b" is not an HTTP backend URL; API Gateway needs an absolute http:// or https:// URL, which may start with a stage variable: ${stageVariables.backend}/orders',
        },
        {
          path: `${ROUTES_PATH}['GET /c'].integration.uri`,
          message:
            'an http_proxy integration needs uri: the backend URL, e.g. https://backend.example.com/orders or ${stageVariables.backend}/orders',
        },
      ],
    );
  });

  it('checks private integrations: a listener or Cloud Map ARN through vpcLink, TLS name only with it', () => {
    const listener =
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2';
    assert.deepEqual(
      errorsOf({
        httpApi: {
          routes: {
            'GET /a': {
              integration: {
                type: 'http_proxy',
                uri: listener,
                vpcLink: 'abc123',
                tlsServerName: 'orders.internal',
              },
            },
            'GET /b': {
              integration: {
                type: 'http_proxy',
                uri: 'arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abcd',
                vpcLink: { Ref: 'OrdersLink' },
              },
            },
            'GET /c': {
              integration: {
                type: 'http_proxy',
                uri: 'https://orders.internal',
                vpcLink: 'abc123',
              },
            },
            'GET /d': {
              integration: { type: 'http_proxy', uri: 'https://d.example.com', tlsServerName: 'd' },
            },
          },
        },
      }),
      [
        {
          path: `${ROUTES_PATH}['GET /c'].integration.uri`,
          message:
            '"https://orders.internal" is not a target of a VPC link; through vpcLink, uri is the ARN of an Application or Network Load Balancer listener (arn:aws:elasticloadbalancing:…:listener/…) or of a Cloud Map service (arn:aws:servicediscovery:…:service/…)',
        },
        {
          path: `${ROUTES_PATH}['GET /d'].integration.tlsServerName`,
          message:
            'tlsServerName applies to a private integration only (API Gateway verifies the name in the certificate of a backend behind a VPC link); add vpcLink, or remove tlsServerName',
        },
      ],
    );
  });

  it('checks the subtype, its required and known parameters, mappings and fixed targets', () => {
    const path = `${ROUTES_PATH}['POST /orders'].integration`;
    assert.deepEqual(
      errorsOf({
        httpApi: {
          routes: {
            'POST /orders': {
              integration: {
                type: 'aws',
                subtype: 'SQS-SendMessage',
                uri: 'https://x.example.com',
                parameters: {
                  QueueUrl: '$request.header.X-Queue',
                  MesageBody: '$request.body',
                  DelaySeconds: '$request.bogus',
                },
              },
            },
            'POST /x': { integration: { type: 'aws' } },
          },
        },
      }),
      [
        {
          path: `${path}.uri`,
          message:
            '"uri" does not apply to an aws integration; aws integrations take "subtype", "parameters", "role"',
        },
        {
          path: `${path}.parameters`,
          message:
            'SQS-SendMessage needs the parameters "QueueUrl", "MessageBody" (API Gateway rule); missing: "MessageBody"',
        },
        {
          path: `${path}.parameters.QueueUrl`,
          message:
            'QueueUrl is mapped from the request ($request.header.X-Queue), so the role the plugin creates cannot be limited to one resource; give a fixed value (or an intrinsic function such as { Ref: … }), or name your own role with integration.role',
        },
        {
          path: `${path}.parameters.MesageBody`,
          message:
            'SQS-SendMessage takes no parameter "MesageBody" (did you mean "MessageBody"?); it takes "QueueUrl", "MessageBody", "DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes", "Region"',
        },
        {
          path: `${path}.parameters.DelaySeconds`,
          message:
            '"$request.bogus" is not a mapping API Gateway knows; use $request.body, $request.body.<name>, $request.header.<name>, $request.querystring.<name>, $request.path.<name>, $context.<name>, $stageVariables.<name>, or static text',
        },
        {
          path: `${ROUTES_PATH}['POST /x'].integration.subtype`,
          message:
            'an aws integration needs subtype: one of "SQS-SendMessage", "SQS-ReceiveMessage", "SQS-DeleteMessage", "SQS-PurgeQueue", "EventBridge-PutEvents", "StepFunctions-StartExecution", "StepFunctions-StartSyncExecution", "StepFunctions-StopExecution", "Kinesis-PutRecord", "AppConfig-GetConfiguration"',
        },
      ],
    );
  });

  it('checks the route authorizer and scopes, and route settings for routes that exist', () => {
    assert.deepEqual(
      errorsOf({
        httpApi: {
          authorizers: { users: JWT, signed: { type: 'iam' } },
          stages: { prod: { routes: { 'POST /order': { metrics: true } } } },
          routes: {
            'POST /orders': { integration: SQS, authorizer: 'user' },
            'POST /other': { integration: SQS, authorizer: 'signed', scopes: ['a'] },
            'POST /open': { integration: SQS, scopes: ['a'] },
          },
        },
      }),
      [
        {
          path: `${ROUTES_PATH}['POST /orders'].authorizer`,
          message:
            'no HTTP API authorizer is named "user" (did you mean "users"?); custom.apiGateway.httpApi.authorizers (or \'none\') define: "users", "signed"',
        },
        {
          path: `${ROUTES_PATH}['POST /other'].scopes`,
          message:
            'scopes apply to JWT authorizers only (API Gateway rule), but "signed" is a iam authorizer; remove scopes',
        },
        {
          path: `${ROUTES_PATH}['POST /open'].scopes`,
          message:
            'scopes need a JWT authorizer on the route; set authorizer (or custom.apiGateway.httpApi.defaultAuthorizer) to a jwt authorizer',
        },
        {
          path: "custom.apiGateway.httpApi.stages.prod.routes['POST /order']",
          message:
            'no httpApi event declares the route "POST /order" (did you mean "POST /orders"?), and API Gateway refuses route settings for a route that does not exist; routes: "GET /health", "POST /orders", "POST /other", "POST /open"',
        },
      ],
    );
  });

  it('refuses a timeout above 30 s (HTTP API limit)', () => {
    const errors = errorsOf({
      httpApi: { routes: { 'POST /orders': { integration: SQS, timeout: 31 } } },
    });
    assert.equal(errors.length, 1);
    assert.equal(errors[0].path, `${ROUTES_PATH}['POST /orders'].timeout`);
  });
});

describe('HTTP API CORS: validation', () => {
  it("refuses allowCredentials with '*'", () => {
    assert.deepEqual(errorsOf({ httpApi: { cors: { origins: '*', allowCredentials: true } } }), [
      {
        path: 'custom.apiGateway.httpApi.cors.origins',
        message:
          "allowCredentials: true cannot be combined with the origin '*' (API Gateway and browsers refuse credentialed requests to a wildcard origin); list the allowed origins, e.g. [https://app.example.com]",
      },
    ]);
  });

  it("accepts core's provider.httpApi.cors when it agrees, and names both when it contradicts", () => {
    const core = (cors: unknown) => ({ ...coreSettings(), httpApi: { cors } }) as CoreSettings;
    const ours = { httpApi: { cors: { origins: ['https://a.example.com'], maxAge: 60 } } };
    assert.deepEqual(
      errorsOf(ours, HEALTH, core({ allowedOrigins: ['https://a.example.com'], maxAge: 60 })),
      [],
    );
    assert.deepEqual(errorsOf(ours, HEALTH, core({ allowedOrigins: 'https://b.example.com' })), [
      {
        path: 'custom.apiGateway.httpApi.cors.origins',
        message:
          '["https://a.example.com"] contradicts provider.httpApi.cors.allowedOrigins (["https://b.example.com"]); both set the HTTP API\'s CorsConfiguration: configure CORS in one place (remove provider.httpApi.cors, or custom.apiGateway.httpApi.cors)',
      },
      {
        path: 'custom.apiGateway.httpApi.cors.maxAge',
        message:
          "60 contradicts provider.httpApi.cors.maxAge (null); both set the HTTP API's CorsConfiguration: configure CORS in one place (remove provider.httpApi.cors, or custom.apiGateway.httpApi.cors)",
      },
    ]);
    assert.deepEqual(errorsOf(ours, HEALTH, core(true)), [
      {
        path: 'custom.apiGateway.httpApi.cors.origins',
        message:
          '["https://a.example.com"] contradicts provider.httpApi.cors (["*"]); both set the HTTP API\'s CorsConfiguration: configure CORS in one place (remove provider.httpApi.cors, or custom.apiGateway.httpApi.cors)',
      },
      {
        path: 'custom.apiGateway.httpApi.cors.maxAge',
        message:
          "60 contradicts provider.httpApi.cors (null); both set the HTTP API's CorsConfiguration: configure CORS in one place (remove provider.httpApi.cors, or custom.apiGateway.httpApi.cors)",
      },
    ]);
  });
});

describe('HTTP API routes: compile', () => {
  const template = (): CfnTemplate => ({
    Resources: {
      HttpApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: { Name: 'x', ProtocolType: 'HTTP', Tags: { owner: 'core' } },
      },
      HttpApiStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          StageName: '$default',
          AutoDeploy: true,
          Tags: { owner: 'core', cost: 'a' },
        },
      },
      HttpApiRouteGetHealth: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: 'GET /health' },
      },
    },
  });
  const raw: ApiGatewayConfig = {
    httpApi: {
      defaultAuthorizer: 'users',
      authorizers: { users: JWT },
      cors: { origins: ['https://a.example.com'], methods: ['GET', 'POST'] },
      stages: { '*': { tags: { owner: 'orders', team: 't' } } },
      routes: {
        'POST /orders': { integration: SQS, scopes: ['w'], throttling: { rateLimit: 3 } },
        'GET /legacy/{id}': {
          integration: { type: 'http_proxy', uri: 'https://legacy.example.com/{id}' },
          authorizer: 'none',
          timeout: 5,
        },
      },
    },
  };
  const compile = (input: CfnTemplate) =>
    compileHttpApi(resolveConfig(raw, coreSettings(), HEALTH), {
      template: input,
      naming: standaloneNaming('orders', 'prod'),
    });

  it('adds routes, integrations and a least-privilege role; RouteSettings wait for the route', () => {
    const [fragment] = compile(template());
    const resources = fragment.Resources ?? {};
    assert.deepEqual(resources.HttpApiRoutePostOrders, {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        RouteKey: 'POST /orders',
        Target: {
          'Fn::Join': [
            '/',
            ['integrations', { Ref: 'ApiGatewayHttpApiRouteIntegrationPostOrders' }],
          ],
        },
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: 'HttpApiAuthorizerUsers' },
        AuthorizationScopes: ['w'],
      },
    });
    assert.deepEqual(resources.ApiGatewayHttpApiRouteIntegrationPostOrders.Properties, {
      ApiId: { Ref: 'HttpApi' },
      IntegrationType: 'AWS_PROXY',
      IntegrationSubtype: 'SQS-SendMessage',
      PayloadFormatVersion: '1.0',
      RequestParameters: SQS.parameters,
      CredentialsArn: { 'Fn::GetAtt': ['ApiGatewayHttpApiRouteRolePostOrders', 'Arn'] },
    });
    const role = resources.ApiGatewayHttpApiRouteRolePostOrders.Properties as {
      Policies: Array<{ PolicyDocument: { Statement: unknown[] } }>;
    };
    assert.deepEqual(role.Policies[0].PolicyDocument.Statement, [
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':sqs:eu-west-1:123456789012:orders'],
          ],
        },
      },
    ]);
    assert.deepEqual(resources.ApiGatewayHttpApiRouteIntegrationGetLegacyIdVar.Properties, {
      ApiId: { Ref: 'HttpApi' },
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://legacy.example.com/{id}',
      IntegrationMethod: 'GET',
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 5000,
    });
    assert.equal(resources.HttpApiRouteGetLegacyIdVar.Properties?.AuthorizationType, 'NONE');
    const stage = resources.HttpApiStage;
    assert.deepEqual(stage.Properties?.RouteSettings, {
      'POST /orders': { ThrottlingRateLimit: 3 },
    });
    assert.deepEqual(stage.DependsOn, ['HttpApiRoutePostOrders']);
    assert.deepEqual(stage.Properties?.Tags, { cost: 'a', owner: 'orders', team: 't' });
    assert.ok(fragment.patches?.some((patch) => patch.logicalId === 'HttpApi'));
    assert.deepEqual(
      fragment.patches?.find((patch) => patch.logicalId === 'HttpApi'),
      {
        logicalId: 'HttpApi',
        setProperties: {
          CorsConfiguration: {
            AllowOrigins: ['https://a.example.com'],
            AllowHeaders: [
              'Content-Type',
              'X-Amz-Date',
              'Authorization',
              'X-Api-Key',
              'X-Amz-Security-Token',
              'X-Amz-User-Agent',
              'X-Amzn-Trace-Id',
            ],
            AllowMethods: ['GET', 'POST'],
          },
        },
      },
    );
  });

  it('is deterministic and does not mutate its input', () => {
    const input = template();
    const before = structuredClone(input);
    const rawBefore = structuredClone(raw);
    assert.deepEqual(compile(input), compile(input));
    assert.deepEqual(input, before);
    assert.deepEqual(raw, rawBefore);
  });

  it('connects a private http_proxy integration through its VPC link', () => {
    const privateRaw: ApiGatewayConfig = {
      httpApi: {
        routes: {
          'GET /orders': {
            integration: {
              type: 'http_proxy',
              uri: { Ref: 'OrdersListener' },
              vpcLink: { Ref: 'OrdersLink' },
              tlsServerName: 'orders.internal',
            },
          },
        },
      },
    };
    const [fragment] = compileHttpApi(resolveConfig(privateRaw, coreSettings(), HEALTH), {
      template: template(),
      naming: standaloneNaming('orders', 'prod'),
    });
    assert.deepEqual(fragment.Resources?.ApiGatewayHttpApiRouteIntegrationGetOrders?.Properties, {
      ApiId: { Ref: 'HttpApi' },
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: { Ref: 'OrdersListener' },
      IntegrationMethod: 'GET',
      PayloadFormatVersion: '1.0',
      ConnectionType: 'VPC_LINK',
      ConnectionId: { Ref: 'OrdersLink' },
      TlsConfig: { ServerNameToVerify: 'orders.internal' },
    });
  });

  it('derives each subtype target ARN, with the Region parameter when given', () => {
    const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
    const P = { Ref: 'AWS::Partition' };
    const A = { Ref: 'AWS::AccountId' };
    assert.deepEqual(
      subtypeResource('Kinesis-PutRecord', { StreamName: 'clicks', Region: 'us-east-1' }),
      join('arn:', P, ':kinesis:us-east-1:', A, ':stream/clicks'),
    );
    assert.deepEqual(
      subtypeResource('EventBridge-PutEvents', {}),
      join('arn:', P, ':events:', { Ref: 'AWS::Region' }, ':', A, ':event-bus/default'),
    );
    assert.equal(
      subtypeResource('EventBridge-PutEvents', {
        EventBusName: 'arn:aws:events:eu-west-1:1:event-bus/b',
      }),
      'arn:aws:events:eu-west-1:1:event-bus/b',
    );
    assert.deepEqual(
      subtypeResource('StepFunctions-StartExecution', { StateMachineArn: { Ref: 'M' } }),
      {
        Ref: 'M',
      },
    );
    for (const subtype of ['SQS-ReceiveMessage', 'SQS-DeleteMessage', 'SQS-PurgeQueue'] as const) {
      assert.deepEqual(
        subtypeResource(subtype, {
          QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
        }),
        subtypeResource('SQS-SendMessage', {
          QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
        }),
        subtype,
      );
    }
    assert.deepEqual(
      subtypeResource('StepFunctions-StartSyncExecution', { StateMachineArn: { Ref: 'M' } }),
      { Ref: 'M' },
    );
    // The execution to stop usually comes with the request: any execution in the region.
    assert.deepEqual(
      subtypeResource('StepFunctions-StopExecution', {
        ExecutionArn: '$request.body.executionArn',
      }),
      join('arn:', P, ':states:', { Ref: 'AWS::Region' }, ':', A, ':execution:*'),
    );
    assert.equal(
      subtypeResource('StepFunctions-StopExecution', {
        ExecutionArn: 'arn:aws:states:eu-west-1:1:execution:m:run-1',
      }),
      'arn:aws:states:eu-west-1:1:execution:m:run-1',
    );
    assert.deepEqual(
      subtypeResource('AppConfig-GetConfiguration', {
        Application: 'a',
        Environment: 'e',
        Configuration: 'c',
      }),
      join(
        'arn:',
        P,
        ':appconfig:',
        { Ref: 'AWS::Region' },
        ':',
        A,
        ':application/a/environment/e/configuration/c',
      ),
    );
  });

  it("uses the user's role and creates none", () => {
    const { httpApi } = resolveConfig(
      {
        httpApi: {
          routes: { $default: { integration: { ...SQS, role: { 'Fn::GetAtt': ['R', 'Arn'] } } } },
        },
      },
      coreSettings(),
    );
    assert.ok(httpApi);
    const resources = httpApiRouteResources(httpApi, v2Naming);
    assert.deepEqual(Object.keys(resources), [
      'ApiGatewayHttpApiRouteIntegrationDefault',
      'HttpApiRouteDefault',
    ]);
    assert.deepEqual(
      resources.ApiGatewayHttpApiRouteIntegrationDefault.Properties?.CredentialsArn,
      {
        'Fn::GetAtt': ['R', 'Arn'],
      },
    );
    assert.equal(resources.HttpApiRouteDefault.Properties?.AuthorizationType, 'NONE');
  });

  it("names routes exactly like core's getHttpApiRouteLogicalId", () => {
    for (const key of [
      'GET /orders',
      'POST /orders/{id}',
      'ANY /files/{proxy+}',
      'GET /a-b/c_d',
      'GET /',
    ]) {
      assert.equal(
        v2Naming.httpApiRoute(key),
        coreNaming.getHttpApiRouteLogicalId.call(coreNaming, key),
      );
    }
    assert.equal(
      v2Naming.httpApiRoute('$default'),
      coreNaming.getHttpApiRouteLogicalId.call(coreNaming, '*'),
    );
    assert.equal(normalizedHttpApiRouteKey('$default'), 'Default');
  });
});
