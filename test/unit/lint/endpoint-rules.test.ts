/** Rules about endpoints: one failing and one passing config each, at the endpoint's config path. */
import assert from 'node:assert/strict';
import { authorizationRule } from '../../../src/lint/rules/authorization';
import { corsRule } from '../../../src/lint/rules/cors';
import { requestValidationRule } from '../../../src/lint/rules/request-validation';
import { events, found, lint, restTemplate } from './builders';

describe('lint APIGW-AUTH-001: endpoint without authorization', () => {
  const getOrder = events([{ functionName: 'getOrder', event: { method: 'get', path: 'orders' } }]);

  it("reports an open method at its event's apiGateway.authorizer", () => {
    assert.deepEqual(found(lint(authorizationRule, restTemplate(), { events: getOrder })), [
      [
        'functions.getOrder.events[0].http.apiGateway.authorizer',
        'GET /orders has no authorization and no API key: anyone who knows the URL can call it',
      ],
    ]);
  });

  it("points at core's own authorizer key when the event uses it", () => {
    const coreKey = events([
      {
        functionName: 'getOrder',
        event: { method: 'get', path: 'orders', authorizer: { name: 'x', type: 'none' } },
      },
    ]);
    assert.deepEqual(
      found(lint(authorizationRule, restTemplate(), { events: coreKey })).map(([path]) => path),
      ['functions.getOrder.events[0].http.authorizer'],
    );
  });

  it('reports a route of custom.apiGateway.routes at its own key', () => {
    const config = {
      routes: { 'GET /health': { integration: { type: 'mock' as const } } },
    };
    const template = restTemplate({ methods: [{ path: '/health', method: 'GET' }] });
    assert.deepEqual(
      found(lint(authorizationRule, template, { config })).map(([path]) => path),
      ["custom.apiGateway.routes['GET /health'].authorizer"],
    );
  });

  it('passes methods with an authorizer, IAM or an API key, and CORS preflights', () => {
    const template = restTemplate({
      methods: [
        {
          path: '/a',
          method: 'GET',
          properties: { AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Auth' } },
        },
        { path: '/b', method: 'GET', properties: { AuthorizationType: 'AWS_IAM' } },
        { path: '/c', method: 'GET', properties: { ApiKeyRequired: true } },
        { path: '/c', method: 'OPTIONS' },
      ],
    });
    assert.deepEqual(found(lint(authorizationRule, template)), []);
  });

  it('reports an open HTTP API route at its httpApi event, and passes an authorized one', () => {
    const template = restTemplate({ methods: [] });
    template.Resources = {
      HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'x', ProtocolType: 'HTTP' } },
      HttpApiRouteGetOrders: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: 'GET /orders',
          AuthorizationType: 'NONE',
        },
      },
    };
    const httpEvents = events([
      { functionName: 'listOrders', kind: 'httpApi', event: 'GET /orders' },
    ]);
    assert.deepEqual(found(lint(authorizationRule, template, { events: httpEvents })), [
      [
        'functions.listOrders.events[0].httpApi.apiGateway.authorizer',
        'the HTTP API route GET /orders has no authorization: anyone can call it',
      ],
    ]);
    (template.Resources.HttpApiRouteGetOrders.Properties ?? {}).AuthorizationType = 'JWT';
    assert.deepEqual(found(lint(authorizationRule, template, { events: httpEvents })), []);
  });
});

describe('lint APIGW-VALID-001: no request validation on a method with a body', () => {
  const createOrder = events([
    { functionName: 'createOrder', event: { method: 'post', path: 'orders' } },
  ]);

  it("reports a POST without a body validator at its event's apiGateway.validate", () => {
    const template = restTemplate({ methods: [{ path: '/orders', method: 'POST' }] });
    assert.deepEqual(found(lint(requestValidationRule, template, { events: createOrder })), [
      [
        'functions.createOrder.events[0].http.apiGateway.validate',
        'POST /orders takes a body that API Gateway does not validate',
      ],
    ]);
  });

  it('passes a POST whose body is validated against a model, and a GET', () => {
    const template = restTemplate({
      methods: [
        {
          path: '/orders',
          method: 'POST',
          properties: {
            RequestValidatorId: { Ref: 'ApiGatewayRequestValidatorBody' },
            RequestModels: { 'application/json': { Ref: 'OrderModel' } },
          },
        },
        { path: '/orders', method: 'GET' },
      ],
      resources: {
        ApiGatewayRequestValidatorBody: {
          Type: 'AWS::ApiGateway::RequestValidator',
          Properties: {
            RestApiId: { Ref: 'ApiGatewayRestApi' },
            ValidateRequestBody: true,
            ValidateRequestParameters: false,
          },
        },
        OrderModel: {
          Type: 'AWS::ApiGateway::Model',
          Properties: {
            RestApiId: { Ref: 'ApiGatewayRestApi' },
            ContentType: 'application/json',
            Schema: {},
          },
        },
      },
    });
    assert.deepEqual(found(lint(requestValidationRule, template, { events: createOrder })), []);
  });
});

describe("lint APIGW-CORS-001: CORS '*' with credentials", () => {
  const preflight = (headers: Record<string, string>) =>
    restTemplate({
      methods: [
        { path: '/orders', method: 'GET' },
        {
          path: '/orders',
          method: 'OPTIONS',
          properties: {
            Integration: {
              Type: 'MOCK',
              IntegrationResponses: [
                {
                  StatusCode: '200',
                  ResponseParameters: Object.fromEntries(
                    Object.entries(headers).map(([name, value]) => [
                      `method.response.header.${name}`,
                      value,
                    ]),
                  ),
                },
              ],
            },
          },
        },
      ],
    });
  const corsEvents = events([
    { functionName: 'listOrders', event: { method: 'get', path: 'orders', cors: true } },
  ]);

  it("reports '*' with credentials at the event's cors, as medium", () => {
    const template = preflight({
      'Access-Control-Allow-Origin': "'*'",
      'Access-Control-Allow-Credentials': "'true'",
    });
    const report = lint(corsRule, template, { events: corsEvents });
    assert.deepEqual(found(report), [
      [
        'functions.listOrders.events[0].http.cors',
        'the CORS of /orders allows any origin (*) with credentials (cookies)',
      ],
    ]);
    assert.equal(report.findings[0].severity, 'medium');
  });

  it("reports '*' with the Authorization header allowed, as low", () => {
    const template = preflight({
      'Access-Control-Allow-Origin': "'*'",
      'Access-Control-Allow-Headers': "'Content-Type,Authorization'",
    });
    const report = lint(corsRule, template, { events: corsEvents });
    assert.deepEqual(found(report), [
      [
        'functions.listOrders.events[0].http.cors',
        'the CORS of /orders allows any origin (*) to send credential-bearing headers (Authorization)',
      ],
    ]);
    assert.equal(report.findings[0].severity, 'low');
  });

  it('passes named origins with credentials, and * without credential-bearing headers', () => {
    const named = preflight({
      'Access-Control-Allow-Origin': "'https://app.example.com'",
      'Access-Control-Allow-Credentials': "'true'",
      'Access-Control-Allow-Headers': "'Authorization'",
    });
    assert.deepEqual(found(lint(corsRule, named, { events: corsEvents })), []);
    const anyOrigin = preflight({
      'Access-Control-Allow-Origin': "'*'",
      'Access-Control-Allow-Headers': "'Content-Type'",
    });
    assert.deepEqual(found(lint(corsRule, anyOrigin, { events: corsEvents })), []);
  });

  it("reports an HTTP API's CORS at provider.httpApi.cors when core's key sets it", () => {
    const template = restTemplate({ methods: [] });
    template.Resources = {
      HttpApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: 'x',
          ProtocolType: 'HTTP',
          CorsConfiguration: { AllowOrigins: ['*'], AllowHeaders: ['Authorization'] },
        },
      },
    };
    const provider = { httpApi: { cors: true } };
    assert.deepEqual(
      found(lint(corsRule, template, { provider })).map(([path]) => path),
      ['provider.httpApi.cors'],
    );
  });
});
