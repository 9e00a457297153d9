import assert from 'node:assert/strict';
import { readHttpBody, readRestApi, readRestBody } from '../../../src/model/read';

const uri = { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/fn' };

const oas3 = {
  openapi: '3.0.1',
  info: { title: 'from-body', version: '1.0.0' },
  paths: {
    '/orders/{id}': {
      'x-amazon-apigateway-any-method': {
        operationId: 'anyOrder',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'tag', in: 'query', required: false, schema: { type: 'array', items: {} } },
          { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
        },
        responses: {
          '200': {
            description: '200 response',
            headers: { 'X-Count': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Empty' } } },
          },
        },
        security: [{ users: ['orders/read'], api_key: [] }],
        'x-amazon-apigateway-request-validator': 'all',
        'x-amazon-apigateway-integration': {
          type: 'aws',
          httpMethod: 'POST',
          uri,
          passthroughBehavior: 'when_no_templates',
          requestTemplates: { 'application/json': '{}' },
          responses: {
            default: { statusCode: '200' },
            '.*error.*': { statusCode: '500', responseTemplates: { 'application/json': '{}' } },
          },
        },
      },
    },
    '/health': {
      get: {
        responses: { default: { description: 'Integration response' } },
        security: [{ sigv4: [] }],
        'x-amazon-apigateway-integration': { type: 'mock' },
      },
    },
  },
  components: {
    schemas: {
      Empty: { title: 'Empty Schema', type: 'object' },
      Order: { type: 'object' },
    },
    securitySchemes: {
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      sigv4: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      },
      users: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': {
          type: 'cognito_user_pools',
          providerARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }],
        },
      },
    },
  },
  'x-amazon-apigateway-request-validators': {
    all: { validateRequestBody: true, validateRequestParameters: true },
  },
  'x-amazon-apigateway-gateway-responses': {
    UNAUTHORIZED: { statusCode: '401', responseTemplates: { 'application/json': '{}' } },
  },
  'x-amazon-apigateway-binary-media-types': ['image/png'],
};

describe('model: REST API read from a RestApi Body (OpenAPI with API Gateway extensions)', () => {
  const read = readRestBody(oas3);

  it('reads operations as methods: parameters, request models, responses, security, integration', () => {
    const any = read.methods.find((method) => method.httpMethod === 'ANY');
    assert.deepEqual(any, {
      path: '/orders/{id}',
      httpMethod: 'ANY',
      operationName: 'anyOrder',
      authorization: {
        type: 'COGNITO_USER_POOLS',
        authorizer: 'users',
        scopes: ['orders/read'],
        apiKeyRequired: true,
      },
      requestParameters: {
        'method.request.path.id': true,
        'method.request.multivaluequerystring.tag': false,
        'method.request.header.X-Trace': true,
      },
      requestModels: { 'application/json': 'Order' },
      requestValidator: 'all',
      integration: {
        type: 'AWS',
        httpMethod: 'POST',
        uri,
        passthroughBehavior: 'WHEN_NO_TEMPLATES',
        requestTemplates: { 'application/json': '{}' },
        responses: [
          { statusCode: '200' },
          {
            statusCode: '500',
            selectionPattern: '.*error.*',
            responseTemplates: { 'application/json': '{}' },
          },
        ],
      },
      methodResponses: [
        {
          statusCode: '200',
          responseParameters: { 'method.response.header.X-Count': false },
          responseModels: { 'application/json': 'Empty' },
        },
      ],
    });
  });

  it('reads a `default` response as no method response, and sigv4 as AWS_IAM', () => {
    const health = read.methods.find((method) => method.path === '/health');
    assert.deepEqual(health?.methodResponses, []);
    assert.deepEqual(health?.authorization, { type: 'AWS_IAM', scopes: [], apiKeyRequired: false });
    assert.deepEqual(health?.integration, { type: 'MOCK', responses: [] });
  });

  it('reads authorizers from security schemes, models from schemas (built-ins left out), validators, gateway responses', () => {
    assert.deepEqual(read.authorizers, [
      {
        name: 'users',
        type: 'COGNITO_USER_POOLS',
        identitySources: ['method.request.header.Authorization'],
        providerArns: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }],
      },
    ]);
    assert.deepEqual(read.models, [{ name: 'Order', schema: { type: 'object' } }]);
    assert.deepEqual(read.requestValidators, [
      { name: 'all', validateRequestBody: true, validateRequestParameters: true },
    ]);
    assert.deepEqual(read.gatewayResponses, [
      {
        responseType: 'UNAUTHORIZED',
        statusCode: '401',
        responseParameters: {},
        responseTemplates: { 'application/json': '{}' },
      },
    ]);
    assert.deepEqual(read.settings, { name: 'from-body', binaryMediaTypes: ['image/png'] });
  });

  it('reads Swagger 2.0: a body parameter, produces, multi-value headers', () => {
    const swagger = readRestBody({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {
        '/': {
          post: {
            consumes: ['application/json', 'text/plain'],
            produces: ['text/plain'],
            parameters: [
              {
                in: 'body',
                name: 'Order',
                required: true,
                schema: { $ref: '#/definitions/Order' },
              },
              {
                in: 'header',
                name: 'X-Tag',
                required: false,
                type: 'array',
                items: { type: 'string' },
              },
            ],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Order' } } },
          },
        },
      },
      definitions: { Order: { type: 'object' } },
    });
    assert.deepEqual(swagger.methods[0].requestModels, { 'application/json': 'Order' });
    assert.deepEqual(swagger.methods[0].requestParameters, {
      'method.request.multivalueheader.X-Tag': false,
    });
    assert.deepEqual(swagger.methods[0].methodResponses[0].responseModels, {
      'text/plain': 'Order',
    });
  });

  it('readRestApi reads the Body of the template RestApi, its own properties over the body', () => {
    const model = readRestApi({
      Resources: {
        Api: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: { Name: 'dev-orders', Body: oas3, MinimumCompressionSize: 1024 },
        },
      },
    });
    assert.equal(model.logicalId, 'Api');
    assert.equal(model.name, 'dev-orders');
    assert.equal(model.minimumCompressionSize, 1024);
    assert.deepEqual(model.binaryMediaTypes, ['image/png']);
    assert.equal(model.methods.length, 2);
  });
  it('reads the endpoint configuration where each version has it: Swagger 2.0 at the top, OpenAPI 3.0 in servers', () => {
    const endpoint = { disableExecuteApiEndpoint: true, vpcEndpointIds: ['vpce-0123'] };
    const expected = {
      endpointConfiguration: { vpcEndpointIds: ['vpce-0123'] },
      disableExecuteApiEndpoint: true,
    };
    const fromServers = readRestBody({
      openapi: '3.0.1',
      info: { title: 'api', version: '1' },
      servers: [
        {
          url: 'https://example.com/{basePath}',
          'x-amazon-apigateway-endpoint-configuration': endpoint,
        },
      ],
      paths: {},
    });
    const fromTop = readRestBody({
      swagger: '2.0',
      info: { title: 'api', version: '1' },
      paths: {},
      'x-amazon-apigateway-endpoint-configuration': endpoint,
    });
    for (const read of [fromServers, fromTop]) {
      assert.deepEqual(
        {
          endpointConfiguration: read.settings.endpointConfiguration,
          disableExecuteApiEndpoint: read.settings.disableExecuteApiEndpoint,
        },
        expected,
      );
    }
  });
});

describe('model: an HTTP API read from its OpenAPI document', () => {
  it('reads routes ($default included), IAM, Lambda and JWT authorization and CORS', () => {
    const http = readHttpBody({
      openapi: '3.0.1',
      info: { title: 'orders', version: '1' },
      paths: {
        '/$default': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true, responses: {} } },
        '/orders': {
          get: { security: [{ users: ['orders/read'] }], responses: {} },
          post: { security: [{ sigv4: [] }], responses: {} },
          delete: { security: [{ partner: [] }], responses: {} },
        },
      },
      components: {
        securitySchemes: {
          sigv4: {
            type: 'apiKey',
            name: 'Authorization',
            in: 'header',
            'x-amazon-apigateway-authtype': 'awsSigv4',
          },
          users: {
            type: 'openIdConnect',
            'x-amazon-apigateway-authorizer': {
              type: 'jwt',
              identitySource: '$request.header.Authorization',
              jwtConfiguration: { audience: ['client'], issuer: 'https://issuer.example.com' },
            },
          },
          partner: {
            type: 'apiKey',
            name: 'X-Partner',
            in: 'header',
            'x-amazon-apigateway-authorizer': {
              type: 'request',
              identitySource: '$request.header.X-Partner, $context.stage',
            },
          },
        },
      },
      'x-amazon-apigateway-cors': { allowOrigins: ['https://app.example.com'] },
    });
    assert.deepEqual(
      http.routes.map((route) => [
        route.routeKey,
        route.authorizationType,
        route.authorizer ?? '-',
        route.scopes,
      ]),
      [
        ['$default', 'NONE', '-', []],
        ['GET /orders', 'JWT', 'users', ['orders/read']],
        ['POST /orders', 'AWS_IAM', '-', []],
        ['DELETE /orders', 'CUSTOM', 'partner', []],
      ],
    );
    assert.deepEqual(
      http.authorizers.map((a) => [a.name, a.authorizerType, a.identitySources]),
      [
        ['users', 'JWT', ['$request.header.Authorization']],
        ['partner', 'REQUEST', ['$request.header.X-Partner', '$context.stage']],
      ],
    );
    assert.deepEqual(http.cors, { allowOrigins: ['https://app.example.com'] });
  });
});

describe('model: a RestApi with a Body and an endpoint configuration of its own', () => {
  it('takes the RestApi endpoint types and the body VPC endpoints, the RestApi own ones first', () => {
    const body = {
      openapi: '3.0.1',
      info: { title: 'private', version: '1' },
      servers: [
        {
          url: 'https://example.com',
          'x-amazon-apigateway-endpoint-configuration': { vpcEndpointIds: ['vpce-body'] },
        },
      ],
      paths: {},
    };
    const template = (endpoint: Record<string, unknown>) => ({
      Resources: {
        ApiGatewayRestApi: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: { Body: body, EndpointConfiguration: endpoint },
        },
      },
    });
    assert.deepEqual(readRestApi(template({ Types: ['PRIVATE'] })).endpointConfiguration, {
      vpcEndpointIds: ['vpce-body'],
      types: ['PRIVATE'],
    });
    assert.deepEqual(
      readRestApi(template({ Types: ['PRIVATE'], VpcEndpointIds: ['vpce-own'] }))
        .endpointConfiguration,
      { vpcEndpointIds: ['vpce-own'], types: ['PRIVATE'] },
    );
  });
});
