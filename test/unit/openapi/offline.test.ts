/**
 * The offline OpenAPI generator, feature family by feature family, on hand-written templates
 * shaped like core's output. Every document is validated with @apidevtools/swagger-parser.
 */
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { CfnResource, CfnTemplate } from '../../../src/cloudformation/template';
import { buildOfflineDocument, type OfflineOptions } from '../../../src/openapi/offline';
import { toSchemaObject } from '../../../src/openapi/schema';
import type { OpenApiDocument } from '../../../src/openapi/types';

/** Documents are deep JSON read by path in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const API = { Ref: 'ApiGatewayRestApi' };
const ROOT = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
const LAMBDA_URI = (fn: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:',
      { Ref: 'AWS::Region' },
      ':lambda:path/2015-03-31/functions/',
      { 'Fn::GetAtt': [fn, 'Arn'] },
      '/invocations',
    ],
  ],
});
const PROXY = (fn: string) => ({
  Type: 'AWS_PROXY',
  IntegrationHttpMethod: 'POST',
  Uri: LAMBDA_URI(fn),
});

function resource(pathPart: string, parent: unknown = ROOT): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Resource',
    Properties: { ParentId: parent, PathPart: pathPart, RestApiId: API },
  };
}

function method(
  resourceId: unknown,
  httpMethod: string,
  extra: Record<string, unknown> = {},
): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: httpMethod,
      ResourceId: resourceId,
      RestApiId: API,
      AuthorizationType: 'NONE',
      ApiKeyRequired: false,
      Integration: PROXY('HandlerLambdaFunction'),
      MethodResponses: [],
      ...extra,
    },
  };
}

/** A REST API with root, nested, path-variable and greedy resources. */
function restTemplate(
  resources: Record<string, CfnResource> = {},
  api: Record<string, unknown> = {},
): CfnTemplate {
  return {
    Resources: {
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'dev-orders', EndpointConfiguration: { Types: ['REGIONAL'] }, ...api },
      },
      ApiGatewayResourceOrders: resource('orders'),
      ApiGatewayResourceOrdersIdVar: resource('{id}', { Ref: 'ApiGatewayResourceOrders' }),
      ApiGatewayResourceProxyVar: resource('{proxy+}'),
      ...resources,
    },
  };
}

const OPTIONS: OfflineOptions = {
  type: 'oas30',
  stageName: 'dev',
  region: 'eu-west-1',
  fallbackTitle: 'dev-orders',
};

async function assertValid(document: OpenApiDocument): Promise<void> {
  await SwaggerParser.validate(structuredClone(document) as never);
}

function build(template: CfnTemplate, options: Partial<OfflineOptions> = {}) {
  return buildOfflineDocument(template, { ...OPTIONS, ...options });
}

function op(document: OpenApiDocument, path: string, key: string): Record<string, Json> {
  return (document.paths as Record<string, Record<string, Json>>)[path][key];
}

describe('offline OpenAPI: paths and methods', () => {
  const template = restTemplate({
    ApiGatewayMethodGet: method(ROOT, 'GET'),
    ApiGatewayMethodOrdersPost: method({ Ref: 'ApiGatewayResourceOrders' }, 'POST', {
      OperationName: 'createOrder',
    }),
    ApiGatewayMethodOrdersGet: method({ Ref: 'ApiGatewayResourceOrders' }, 'GET'),
    ApiGatewayMethodOrdersIdVarDelete: method({ Ref: 'ApiGatewayResourceOrdersIdVar' }, 'DELETE'),
    ApiGatewayMethodProxyVarAny: method({ Ref: 'ApiGatewayResourceProxyVar' }, 'ANY'),
  });

  it('has every method at its path, in a stable order, with path variables as parameters', async () => {
    const { document, kind, warnings } = build(template);
    await assertValid(document);
    assert.equal(kind, 'rest');
    assert.deepEqual(warnings, []);
    assert.deepEqual(Object.keys(document), ['openapi', 'info', 'servers', 'paths']);
    assert.equal(document.openapi, '3.0.1');
    assert.deepEqual(document.info, { title: 'dev-orders', version: '1.0.0' });
    assert.deepEqual(document.servers, [
      {
        url: 'https://{restApiId}.execute-api.eu-west-1.amazonaws.com/{basePath}',
        variables: {
          restApiId: {
            default: 'restApiId',
            description: 'Id of the REST API: the stack output ApiGatewayRestApiId after deploy',
          },
          basePath: { default: 'dev' },
        },
      },
    ]);
    const paths = document.paths as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(paths), ['/', '/orders', '/orders/{id}', '/{proxy+}']);
    assert.deepEqual(Object.keys(paths['/orders']), ['get', 'post']);
    assert.deepEqual(Object.keys(paths['/{proxy+}']), ['x-amazon-apigateway-any-method']);
    assert.equal(op(document, '/orders', 'post').operationId, 'createOrder');
    assert.deepEqual(op(document, '/orders/{id}', 'delete').parameters, [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    assert.deepEqual(op(document, '/{proxy+}', 'x-amazon-apigateway-any-method').parameters, [
      { name: 'proxy', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    assert.deepEqual(op(document, '/', 'get').responses, {
      default: {
        description:
          'The response of the Lambda function (proxy integration): status code, headers and body as the function returns them',
      },
    });
  });

  it('gives the same bytes for the same template, whatever the resource order, and does not mutate it', () => {
    const before = JSON.stringify(template);
    const reversed: CfnTemplate = {
      Resources: Object.fromEntries(Object.entries(template.Resources).reverse()),
    };
    const first = JSON.stringify(build(template).document);
    assert.equal(JSON.stringify(build(reversed).document), first);
    assert.equal(JSON.stringify(build(template).document), first);
    assert.equal(JSON.stringify(template), before);
  });

  it('writes Swagger 2.0 with a basePath and no host (the API id is known after deploy)', async () => {
    const { document } = build(template, { type: 'swagger' });
    await assertValid(document);
    assert.equal(document.swagger, '2.0');
    assert.equal(document.basePath, '/dev');
    assert.deepEqual(document.schemes, ['https']);
    assert.equal(document.host, undefined);
    assert.deepEqual(op(document, '/orders/{id}', 'delete').parameters, [
      { name: 'id', in: 'path', required: true, type: 'string' },
    ]);
  });

  it('takes the title and description from the RestApi, else the fallback title', () => {
    const described = build(
      restTemplate({ M: method(ROOT, 'GET') }, { Description: 'Orders' }),
    ).document;
    assert.deepEqual(described.info, {
      title: 'dev-orders',
      description: 'Orders',
      version: '1.0.0',
    });
    const shared: CfnTemplate = { Resources: { M: method('abc123root', 'GET') } };
    assert.equal((build(shared).document.info as { title: string }).title, 'dev-orders');
    assert.deepEqual(Object.keys(build(shared).document.paths as object), ['/']);
  });
});

describe('offline OpenAPI: parameters and request bodies', () => {
  const template = restTemplate({
    ApiGatewayMethodOrdersIdVarPut: method({ Ref: 'ApiGatewayResourceOrdersIdVar' }, 'PUT', {
      RequestParameters: {
        'method.request.querystring.limit': true,
        'method.request.querystring.status': false,
        'method.request.header.X-Request-Id': false,
        'method.request.path.id': true,
        'method.request.multivaluequerystring.tag': false,
      },
      RequestModels: { 'application/json': { Ref: 'ApiGatewayOrderModel' }, 'text/plain': 'Empty' },
    }),
    ApiGatewayOrderModel: {
      Type: 'AWS::ApiGateway::Model',
      Properties: {
        RestApiId: API,
        Name: 'Order',
        ContentType: 'application/json',
        Schema: {
          $schema: 'http://json-schema.org/draft-04/schema#',
          type: 'object',
          required: ['item'],
          properties: {
            item: { type: 'string' },
            note: { type: ['string', 'null'] },
            kind: { const: 'order' },
            customer: { $ref: 'https://apigateway.amazonaws.com/restapis/abc/models/Customer' },
          },
        },
      },
    },
    ApiGatewayCustomerModel: {
      Type: 'AWS::ApiGateway::Model',
      Properties: {
        RestApiId: API,
        Name: 'Customer',
        ContentType: 'application/json',
        Schema: '{"type":"object"}',
      },
    },
  });

  it('declares path, query (required or not, multi-value) and header parameters, sorted', async () => {
    const { document } = build(template);
    await assertValid(document);
    assert.deepEqual(op(document, '/orders/{id}', 'put').parameters, [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'status', in: 'query', required: false, schema: { type: 'string' } },
      {
        name: 'tag',
        in: 'query',
        required: false,
        schema: { type: 'array', items: { type: 'string' } },
      },
      { name: 'X-Request-Id', in: 'header', required: false, schema: { type: 'string' } },
    ]);
  });

  it('turns request models into a request body and the models into schemas (OpenAPI 3.0)', async () => {
    const { document } = build(template);
    assert.deepEqual(op(document, '/orders/{id}', 'put').requestBody, {
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Order' } },
        'text/plain': { schema: { $ref: '#/components/schemas/Empty' } },
      },
      required: true,
    });
    assert.deepEqual((document.components as { schemas: unknown }).schemas, {
      Customer: { type: 'object' },
      Empty: { title: 'Empty Schema', type: 'object' },
      Order: {
        type: 'object',
        required: ['item'],
        properties: {
          item: { type: 'string' },
          note: { type: 'string', nullable: true },
          kind: { enum: ['order'] },
          customer: { $ref: '#/components/schemas/Customer' },
        },
      },
    });
    const dereferenced = (await SwaggerParser.dereference(
      structuredClone(document) as never,
    )) as OpenApiDocument;
    assert.equal(
      op(dereferenced, '/orders/{id}', 'put').requestBody.content['application/json'].schema
        .properties.customer.type,
      'object',
    );
  });

  it('writes a body parameter, consumes and definitions in Swagger 2.0', async () => {
    const { document } = build(template, { type: 'swagger' });
    await assertValid(document);
    const put = op(document, '/orders/{id}', 'put');
    assert.deepEqual(put.consumes, ['application/json', 'text/plain']);
    assert.deepEqual(put.parameters.at(-1), {
      in: 'body',
      name: 'Order',
      required: true,
      schema: { $ref: '#/definitions/Order' },
    });
    assert.deepEqual(put.parameters[3], {
      name: 'tag',
      in: 'query',
      required: false,
      type: 'array',
      items: { type: 'string' },
      collectionFormat: 'multi',
    });
    assert.deepEqual((document.definitions as Record<string, Json>).Order.properties.note, {
      type: 'string',
      'x-nullable': true,
    });
  });

  it("points a model's $ref at the model in the document written, whatever the source named it by", () => {
    const refs = (type: 'swagger' | 'oas30', refPrefix: string) =>
      toSchemaObject(
        {
          type: 'object',
          properties: {
            byUrl: { $ref: 'https://apigateway.amazonaws.com/restapis/abc/models/Pet' },
            fromOas3: { $ref: '#/components/schemas/Pet' },
            fromSwagger: { $ref: '#/definitions/Pet' },
          },
        },
        { type, refPrefix, subject: 'model M', warn: () => undefined },
      );
    for (const [type, prefix] of [
      ['swagger', '#/definitions/'],
      ['oas30', '#/components/schemas/'],
    ] as const) {
      assert.deepEqual(refs(type, prefix), {
        type: 'object',
        properties: {
          byUrl: { $ref: `${prefix}Pet` },
          fromOas3: { $ref: `${prefix}Pet` },
          fromSwagger: { $ref: `${prefix}Pet` },
        },
      });
    }
  });

  it('leaves out what a Schema Object cannot say, with a warning', () => {
    const warnings: string[] = [];
    const schema = toSchemaObject(
      {
        type: 'object',
        patternProperties: { '^x': {} },
        properties: { a: { oneOf: [{ type: 'string' }] } },
      },
      {
        type: 'swagger',
        refPrefix: '#/definitions/',
        subject: 'model M',
        warn: (m) => warnings.push(m),
      },
    );
    assert.deepEqual(schema, { type: 'object', properties: { a: {} } });
    assert.deepEqual(warnings, [
      'model M: /patternProperties (patternProperties) has no equivalent in Swagger 2.0 and was left out',
      'model M: /properties/a/oneOf (oneOf) has no equivalent in Swagger 2.0 and was left out',
    ]);
  });
});

describe('offline OpenAPI: responses, CORS and gateway responses', () => {
  const cors = method({ Ref: 'ApiGatewayResourceOrders' }, 'OPTIONS', {
    Integration: {
      Type: 'MOCK',
      RequestTemplates: { 'application/json': '{statusCode:200}' },
      IntegrationResponses: [
        {
          StatusCode: '200',
          ResponseParameters: {
            'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
            'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,GET'",
          },
        },
      ],
    },
    MethodResponses: [
      {
        StatusCode: '200',
        ResponseParameters: {
          'method.response.header.Access-Control-Allow-Origin': true,
          'method.response.header.Access-Control-Allow-Methods': true,
        },
        ResponseModels: {},
      },
    ],
  });
  const lambda = method({ Ref: 'ApiGatewayResourceOrders' }, 'GET', {
    AuthorizationType: 'COGNITO_USER_POOLS',
    AuthorizerId: { Ref: 'UsersApiGatewayAuthorizer' },
    ApiKeyRequired: true,
    Integration: {
      Type: 'AWS',
      IntegrationHttpMethod: 'POST',
      Uri: LAMBDA_URI('ListLambdaFunction'),
      IntegrationResponses: [
        {
          StatusCode: '200',
          SelectionPattern: '',
          ResponseParameters: {
            'method.response.header.X-Trace': 'integration.response.header.X-Trace',
          },
        },
        { StatusCode: '404', SelectionPattern: '.*\\[404\\].*' },
      ],
    },
    MethodResponses: [
      {
        StatusCode: '200',
        ResponseParameters: { 'method.response.header.X-Trace': true },
        ResponseModels: { 'application/json': 'Empty' },
      },
      { StatusCode: '404', ResponseModels: { 'application/json': 'Error' } },
    ],
  });
  const gatewayResponse = (type: string, extra: Record<string, unknown> = {}): CfnResource => ({
    Type: 'AWS::ApiGateway::GatewayResponse',
    Properties: { RestApiId: API, ResponseType: type, ...extra },
  });
  const template = restTemplate({
    ApiGatewayMethodOrdersOptions: cors,
    ApiGatewayMethodOrdersGet: lambda,
    UsersApiGatewayAuthorizer: {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: {
        Name: 'users',
        RestApiId: API,
        Type: 'COGNITO_USER_POOLS',
        IdentitySource: 'method.request.header.Authorization',
        ProviderARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x'],
      },
    },
    GatewayResponseUnauthorized: gatewayResponse('UNAUTHORIZED', {
      ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      ResponseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
    }),
    GatewayResponseQuota: gatewayResponse('QUOTA_EXCEEDED'),
    GatewayResponseThrottled: gatewayResponse('THROTTLED', { StatusCode: '429' }),
    GatewayResponseDefault4XX: gatewayResponse('DEFAULT_4XX', {
      ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    }),
    GatewayResponseSignature: gatewayResponse('INVALID_SIGNATURE'),
  });

  it('documents CORS preflights with the header values the integration sets', async () => {
    const { document } = build(template);
    await assertValid(document);
    assert.deepEqual(op(document, '/orders', 'options').responses['200'], {
      description: '200 response',
      headers: {
        'Access-Control-Allow-Methods': { schema: { type: 'string', enum: ['OPTIONS,GET'] } },
        'Access-Control-Allow-Origin': {
          schema: { type: 'string', enum: ['https://shop.example.com'] },
        },
      },
    });
  });

  it('has the method responses with their models and headers, and the gateway responses that apply', async () => {
    const { document } = build(template);
    const responses = op(document, '/orders', 'get').responses;
    assert.deepEqual(Object.keys(responses), ['200', '401', '404', '429', '4XX']);
    assert.deepEqual(responses['200'], {
      description: '200 response',
      headers: { 'X-Trace': { schema: { type: 'string' } } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Empty' } } },
    });
    assert.deepEqual(responses['404'].content, {
      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    });
    assert.deepEqual(responses['401'], {
      description: 'API Gateway response UNAUTHORIZED',
      headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string', enum: ['*'] } } },
    });
    assert.deepEqual(responses['429'], {
      description: 'API Gateway response QUOTA_EXCEEDED, THROTTLED',
    });
    // The preflight has no authorizer and no API key: only what can answer any method.
    assert.deepEqual(Object.keys(op(document, '/orders', 'options').responses), [
      '200',
      '429',
      '4XX',
    ]);
  });

  it('leaves status code ranges (DEFAULT_4XX without a status) out of Swagger 2.0', async () => {
    const { document } = build(template, { type: 'swagger' });
    await assertValid(document);
    const get = op(document, '/orders', 'get');
    assert.deepEqual(Object.keys(get.responses), ['200', '401', '404', '429']);
    assert.deepEqual(get.responses['200'].schema, { $ref: '#/definitions/Empty' });
    assert.deepEqual(get.produces, ['application/json']);
  });

  it('writes x-amazon-apigateway-gateway-responses and the integration responses with extensions', async () => {
    const { document } = build(template, { extensions: 'apigateway' });
    await assertValid(document);
    assert.deepEqual(document['x-amazon-apigateway-gateway-responses'], {
      DEFAULT_4XX: {
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      },
      INVALID_SIGNATURE: {},
      QUOTA_EXCEEDED: {},
      THROTTLED: { statusCode: '429' },
      UNAUTHORIZED: {
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
      },
    });
    assert.deepEqual(op(document, '/orders', 'get')['x-amazon-apigateway-integration'], {
      type: 'aws',
      httpMethod: 'POST',
      uri: 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ListLambdaFunction.Arn}/invocations',
      responses: {
        '.*\\[404\\].*': { statusCode: '404' },
        default: {
          statusCode: '200',
          responseParameters: {
            'method.response.header.X-Trace': 'integration.response.header.X-Trace',
          },
        },
      },
    });
    assert.deepEqual(op(document, '/orders', 'options')['x-amazon-apigateway-integration'], {
      type: 'mock',
      requestTemplates: { 'application/json': '{statusCode:200}' },
      responses: {
        default: {
          statusCode: '200',
          responseParameters: {
            'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,GET'",
            'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
          },
        },
      },
    });
  });
});

describe('offline OpenAPI: security schemes', () => {
  const authorizer = (name: string, properties: Record<string, unknown>): CfnResource => ({
    Type: 'AWS::ApiGateway::Authorizer',
    Properties: { Name: name, RestApiId: API, AuthorizerResultTtlInSeconds: 300, ...properties },
  });
  const template = restTemplate({
    TokenAuthorizer: authorizer('token', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.X-Token',
      AuthorizerUri: LAMBDA_URI('AuthLambdaFunction'),
      IdentityValidationExpression: '^Bearer ',
    }),
    RequestAuthorizer: authorizer('request', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization, method.request.querystring.token',
      AuthorizerUri: LAMBDA_URI('AuthLambdaFunction'),
    }),
    QueryAuthorizer: authorizer('query', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.querystring.key',
      AuthorizerUri: LAMBDA_URI('AuthLambdaFunction'),
    }),
    CognitoAuthorizer: authorizer('users', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': ['UserPool', 'Arn'] }],
    }),
    M1: method(ROOT, 'GET', {
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: 'TokenAuthorizer' },
    }),
    M2: method(ROOT, 'POST', {
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: 'RequestAuthorizer' },
      ApiKeyRequired: true,
    }),
    M3: method(ROOT, 'PUT', {
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: 'CognitoAuthorizer' },
      AuthorizationScopes: ['orders/write'],
    }),
    M4: method(ROOT, 'DELETE', { AuthorizationType: 'AWS_IAM' }),
    M5: method(ROOT, 'PATCH', {
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: 'QueryAuthorizer' },
    }),
    M6: method(ROOT, 'HEAD', { ApiKeyRequired: true }),
  });

  it('declares a scheme per authorizer, IAM and API keys, and requires them per operation', async () => {
    const { document } = build(template);
    await assertValid(document);
    assert.deepEqual((document.components as { securitySchemes: unknown }).securitySchemes, {
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      query: { type: 'apiKey', name: 'key', in: 'query' },
      request: { type: 'apiKey', name: 'Unused', in: 'header' },
      sigv4: { type: 'apiKey', name: 'Authorization', in: 'header' },
      token: { type: 'apiKey', name: 'X-Token', in: 'header' },
      users: { type: 'apiKey', name: 'Authorization', in: 'header' },
    });
    assert.deepEqual(op(document, '/', 'get').security, [{ token: [] }]);
    assert.deepEqual(op(document, '/', 'post').security, [{ request: [], api_key: [] }]);
    // OpenAPI allows scopes only on OAuth2/OpenID schemes: the plain document leaves them out.
    assert.deepEqual(op(document, '/', 'put').security, [{ users: [] }]);
    assert.deepEqual(op(document, '/', 'delete').security, [{ sigv4: [] }]);
    assert.deepEqual(op(document, '/', 'head').security, [{ api_key: [] }]);
  });

  it('adds the authorizer extensions (and Cognito scopes, as API Gateway does) with --extensions authorizers only', async () => {
    const { document } = build(template, { extensions: 'authorizers' });
    await assertValid(document);
    const schemes = (document.components as { securitySchemes: Record<string, unknown> })
      .securitySchemes;
    assert.deepEqual(schemes.token, {
      type: 'apiKey',
      name: 'X-Token',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'token',
        authorizerUri:
          'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthLambdaFunction.Arn}/invocations',
        identityValidationExpression: '^Bearer ',
        authorizerResultTtlInSeconds: 300,
      },
    });
    assert.deepEqual(
      (schemes.request as Record<string, Json>)['x-amazon-apigateway-authorizer'].identitySource,
      'method.request.header.Authorization, method.request.querystring.token',
    );
    assert.deepEqual(schemes.users, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: ['${UserPool.Arn}'],
        authorizerResultTtlInSeconds: 300,
      },
    });
    assert.deepEqual(schemes.sigv4, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    });
    assert.deepEqual(op(document, '/', 'put').security, [{ users: ['orders/write'] }]);
    // Only the authorizer extensions: no integrations.
    assert.equal(op(document, '/', 'get')['x-amazon-apigateway-integration'], undefined);
  });

  it('writes securityDefinitions in Swagger 2.0', async () => {
    const { document } = build(template, { type: 'swagger', extensions: 'apigateway' });
    await assertValid(document);
    assert.deepEqual(Object.keys(document.securityDefinitions as object), [
      'api_key',
      'query',
      'request',
      'sigv4',
      'token',
      'users',
    ]);
  });
});

describe('offline OpenAPI: API-level extensions', () => {
  const template = restTemplate(
    {
      M: method(ROOT, 'GET', { RequestValidatorId: { Ref: 'Validator' } }),
      Validator: {
        Type: 'AWS::ApiGateway::RequestValidator',
        Properties: {
          RestApiId: API,
          Name: 'body-and-params',
          ValidateRequestBody: true,
          ValidateRequestParameters: true,
        },
      },
    },
    {
      ApiKeySourceType: 'AUTHORIZER',
      BinaryMediaTypes: ['image/png'],
      MinimumCompressionSize: 1024,
      DisableExecuteApiEndpoint: true,
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-123'] },
      Policy: { Version: '2012-10-17', Statement: [] },
    },
  );

  it('writes the API settings as API Gateway does (OpenAPI 3.0: endpoint configuration on the server)', async () => {
    const { document } = build(template, { extensions: 'integrations' });
    await assertValid(document);
    assert.deepEqual(
      (document.servers as Array<Record<string, unknown>>)[0][
        'x-amazon-apigateway-endpoint-configuration'
      ],
      {
        disableExecuteApiEndpoint: true,
        vpcEndpointIds: ['vpce-123'],
      },
    );
    assert.equal(document['x-amazon-apigateway-api-key-source'], 'AUTHORIZER');
    assert.deepEqual(document['x-amazon-apigateway-binary-media-types'], ['image/png']);
    assert.equal(document['x-amazon-apigateway-minimum-compression-size'], 1024);
    assert.deepEqual(document['x-amazon-apigateway-policy'], {
      Version: '2012-10-17',
      Statement: [],
    });
    assert.deepEqual(document['x-amazon-apigateway-request-validators'], {
      'body-and-params': { validateRequestBody: true, validateRequestParameters: true },
    });
    assert.equal(
      op(document, '/', 'get')['x-amazon-apigateway-request-validator'],
      'body-and-params',
    );
  });

  it('puts the endpoint configuration at the root in Swagger 2.0, and nothing without --extensions', async () => {
    const swagger = build(template, { type: 'swagger', extensions: 'apigateway' }).document;
    await assertValid(swagger);
    assert.deepEqual(swagger['x-amazon-apigateway-endpoint-configuration'], {
      disableExecuteApiEndpoint: true,
      vpcEndpointIds: ['vpce-123'],
    });
    const plain = build(template).document;
    assert.deepEqual(
      Object.keys(plain).filter((key) => key.startsWith('x-')),
      [],
    );
    assert.equal(JSON.stringify(plain).includes('x-amazon-apigateway'), false);
  });
});

describe('offline OpenAPI: which API', () => {
  const http: CfnTemplate = {
    Resources: {
      HttpApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: 'dev-orders',
          ProtocolType: 'HTTP',
          CorsConfiguration: {
            AllowOrigins: ['https://shop.example.com'],
            AllowMethods: ['GET'],
            MaxAge: 300,
          },
        },
      },
      HttpApiIntegrationGet: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': ['GetLambdaFunction', 'Arn'] },
          PayloadFormatVersion: '2.0',
        },
      },
      HttpApiRouteGetOrdersIdVar: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: 'GET /orders/{id}',
          Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationGet' }]] },
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: 'HttpApiAuthorizerUsers' },
          AuthorizationScopes: ['orders/read'],
        },
      },
      HttpApiRouteAnyProxyVar: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: 'ANY /{proxy+}',
          Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationGet' }]] },
        },
      },
      HttpApiRouteDefault: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: '$default',
          Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationGet' }]] },
        },
      },
      HttpApiAuthorizerUsers: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          Name: 'users',
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: {
            Audience: ['client'],
            Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x',
          },
        },
      },
    },
  };

  it('describes an HTTP API in OpenAPI 3.0: routes, path parameters, JWT as OpenID Connect', async () => {
    const { document, kind, warnings } = build(http);
    await assertValid(document);
    assert.equal(kind, 'http');
    assert.deepEqual(warnings, []);
    // The catch-all route as API Gateway's export writes it.
    assert.deepEqual(Object.keys(document.paths as object), [
      '/$default',
      '/orders/{id}',
      '/{proxy+}',
    ]);
    assert.equal(
      (document.paths as Record<string, Record<string, { isDefaultRoute?: boolean }>>)['/$default'][
        'x-amazon-apigateway-any-method'
      ].isDefaultRoute,
      true,
    );
    assert.deepEqual(op(document, '/orders/{id}', 'get').security, [{ users: ['orders/read'] }]);
    assert.deepEqual((document.components as { securitySchemes: unknown }).securitySchemes, {
      users: {
        type: 'openIdConnect',
        openIdConnectUrl:
          'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x/.well-known/openid-configuration',
      },
    });
    assert.equal(document['x-amazon-apigateway-cors'], undefined);
  });

  it('adds the HTTP API extensions as ExportApi writes them', async () => {
    const { document } = build(http, { extensions: 'apigateway' });
    await assertValid(document);
    assert.deepEqual(document['x-amazon-apigateway-cors'], {
      allowMethods: ['GET'],
      allowOrigins: ['https://shop.example.com'],
      maxAge: 300,
    });
    assert.deepEqual(op(document, '/orders/{id}', 'get')['x-amazon-apigateway-integration'], {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: '${GetLambdaFunction.Arn}',
      payloadFormatVersion: '2.0',
      connectionType: 'INTERNET',
    });
  });

  it('refuses Swagger 2.0 for HTTP APIs, Postman offline, WebSocket APIs, and asks which API when both exist', () => {
    assert.throws(() => build(http, { type: 'swagger' }), {
      message:
        'HTTP APIs are described in OpenAPI 3.0 only (as API Gateway exports them): use --type oas30.',
    });
    assert.throws(
      () => build(http, { extensions: 'postman' }),
      /Postman extensions are written by API Gateway's export only/,
    );
    const websocket: CfnTemplate = {
      Resources: {
        WebsocketsApi: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: { ProtocolType: 'WEBSOCKET' },
        },
      },
    };
    assert.throws(() => build(websocket), {
      message:
        'WebSocket APIs cannot be described in OpenAPI: API Gateway exports REST APIs (OpenAPI 3.0 and Swagger 2.0) and HTTP APIs (OpenAPI 3.0) only.',
    });
    assert.throws(() => build(http, { api: 'websocket' }), /WebSocket APIs cannot be described/);
    const both: CfnTemplate = {
      Resources: { ...restTemplate({ M: method(ROOT, 'GET') }).Resources, ...http.Resources },
    };
    assert.throws(() => build(both), {
      message:
        'The service has both a REST API (http events) and an HTTP API (httpApi events): choose one with --api rest or --api http.',
    });
    assert.equal(build(both, { api: 'rest' }).kind, 'rest');
    assert.equal(build(both, { api: 'http' }).kind, 'http');
    assert.throws(() => build(http, { api: 'rest' }), {
      message:
        'The packaged template has no REST API methods (http events); it has an HTTP API: use --api http.',
    });
    assert.throws(() => build({ Resources: {} }), {
      message:
        'The packaged template has no REST or HTTP API to describe: add http or httpApi events to a function.',
    });
  });
});
