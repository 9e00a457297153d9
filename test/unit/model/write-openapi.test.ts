import assert from 'node:assert/strict';
import { writeHttpApiDocument, writeRestApiDocument } from '../../../src/model/openapi';
import { readHttpApi, readRestApi, readRestBody } from '../../../src/model/read';
import type { RestApiModel } from '../../../src/model/types';
import { restTemplate } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are walked freely here
type Json = any;

const options = { stageName: 'dev', region: 'eu-west-1', fallbackTitle: 'fallback' } as const;

function model(): RestApiModel {
  return {
    kind: 'rest',
    name: 'orders',
    methods: [
      {
        path: '/orders',
        httpMethod: 'POST',
        authorization: { type: 'AWS_IAM', scopes: [], apiKeyRequired: false },
        requestParameters: { 'method.request.header.X-Trace': true },
        requestModels: { 'application/json': 'Order' },
        requestValidator: 'all',
        integration: {
          type: 'HTTP',
          httpMethod: 'POST',
          uri: { 'Fn::Join': ['', ['https://', { Ref: 'BackendHost' }, '/orders']] },
          responses: [{ statusCode: '201' }],
        },
        methodResponses: [{ statusCode: '201', responseParameters: {}, responseModels: {} }],
      },
    ],
    authorizers: [],
    requestValidators: [
      { name: 'all', validateRequestBody: true, validateRequestParameters: true },
    ],
    models: [{ name: 'Order', schema: { type: ['object', 'null'], $schema: 'draft-04' } }],
    gatewayResponses: [{ responseType: 'BAD_REQUEST_BODY', responseParameters: {} }],
    binaryMediaTypes: ['image/png'],
    stages: [],
    usagePlans: [],
    apiKeys: [],
  };
}

describe('model: OpenAPI writer', () => {
  it('writes a REST export: servers, schemas as Schema Objects, gateway responses that apply, Fn::Sub text', () => {
    const { document, warnings } = writeRestApiDocument(model(), {
      ...options,
      type: 'oas30',
      extensions: 'apigateway',
    }) as { document: Json; warnings: string[] };
    assert.deepEqual(warnings, []);
    assert.equal(document.servers[0].variables.basePath.default, 'dev');
    assert.deepEqual(document.components.schemas.Order, { type: 'object', nullable: true });
    const post = document.paths['/orders'].post;
    assert.deepEqual(post.parameters, [
      { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
    ]);
    // BAD_REQUEST_BODY applies: the method validates a body it has a model for.
    assert.deepEqual(Object.keys(post.responses), ['201', '400']);
    assert.equal(post['x-amazon-apigateway-integration'].uri, 'https://${BackendHost}/orders');
    assert.equal(post['x-amazon-apigateway-integration'].type, 'http');
    assert.deepEqual(document['x-amazon-apigateway-binary-media-types'], ['image/png']);
  });

  it('writes a body: intrinsic values kept (Join as Sub), no servers, no API settings, no gateway answers', () => {
    const { document } = writeRestApiDocument(model(), {
      ...options,
      type: 'oas30',
      target: 'body',
    }) as { document: Json };
    assert.equal(document.servers, undefined);
    assert.equal(document['x-amazon-apigateway-binary-media-types'], undefined);
    const post = document.paths['/orders'].post;
    assert.deepEqual(Object.keys(post.responses), ['201']);
    assert.deepEqual(post['x-amazon-apigateway-integration'].uri, {
      'Fn::Sub': 'https://${BackendHost}/orders',
    });
  });

  it('writes Swagger 2.0 with a body parameter and no status code ranges', () => {
    const { document } = writeRestApiDocument(model(), { ...options, type: 'swagger' }) as {
      document: Json;
    };
    assert.equal(document.basePath, '/dev');
    const post = document.paths['/orders'].post;
    assert.deepEqual(post.consumes, ['application/json']);
    assert.deepEqual(post.parameters[1], {
      in: 'body',
      name: 'Order',
      required: true,
      schema: { $ref: '#/definitions/Order' },
    });
  });

  it('warns about a second method on one path and a model it does not know', () => {
    const twice = model();
    twice.methods.push({
      ...twice.methods[0],
      logicalId: 'Second',
      requestModels: { 'text/plain': 'Nowhere' },
    });
    twice.methods.push({
      ...twice.methods[0],
      httpMethod: 'PUT',
      requestModels: { 'a/b': 'Nowhere' },
    });
    const { warnings } = writeRestApiDocument(twice, { ...options, type: 'oas30' });
    // PUT is written before POST (API Gateway's operation order).
    assert.deepEqual(warnings, [
      'model Nowhere is not defined in the template; described as an object',
      'Second: a second POST /orders was left out of the document',
    ]);
  });

  it('a template read, written as a body and read back gives the methods it had', () => {
    const read = readRestApi(restTemplate());
    const { document } = writeRestApiDocument(read, { ...options, type: 'oas30', target: 'body' });
    const back = readRestBody(document);
    // The document lists paths in order; the template, methods by logical id.
    const summary = (methods: RestApiModel['methods']) =>
      methods
        .map((method) => [method.path, method.httpMethod, method.authorization])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(summary(back.methods), summary(read.methods));
    assert.deepEqual(back.requestValidators, [
      { name: 'body-only', validateRequestBody: true, validateRequestParameters: false },
    ]);
  });

  it('a request body schema written inline is read as a model and written back inline', () => {
    const inline = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, tag: { $ref: '#/components/schemas/Tag' } },
    };
    const tag = { type: 'object', properties: { id: { type: 'integer' } } };
    const oas3 = {
      openapi: '3.0.1',
      info: { title: 'pets', version: '1' },
      components: { schemas: { Tag: tag } },
      paths: {
        '/pets': {
          post: {
            requestBody: { content: { 'application/json': { schema: inline } } },
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    };
    const read = readRestBody(oas3);
    assert.deepEqual(read.methods[0].requestModels, {
      'application/json': 'POST /pets application/json',
    });
    const api: RestApiModel = {
      kind: 'rest',
      ...read,
      stages: [],
      usagePlans: [],
      apiKeys: [],
    };
    const { document, warnings } = writeRestApiDocument(api, {
      ...options,
      type: 'oas30',
      target: 'body',
    });
    const written = document as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> } }>>;
      components: { schemas: Record<string, unknown> };
    };
    assert.deepEqual(written.paths['/pets'].post.requestBody.content['application/json'], {
      schema: inline,
    });
    assert.deepEqual(Object.keys(written.components.schemas), ['Tag']);
    assert.deepEqual(warnings, []);

    // Swagger 2.0: the body parameter's schema, inline both ways.
    const swagger = {
      swagger: '2.0',
      info: { title: 'pets', version: '1' },
      paths: {
        '/pets': {
          post: {
            consumes: ['application/json'],
            parameters: [
              { in: 'body', name: 'pet', schema: { type: 'object', required: ['name'] } },
            ],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    };
    const fromSwagger = readRestBody(swagger);
    const swaggerApi: RestApiModel = {
      kind: 'rest',
      ...fromSwagger,
      stages: [],
      usagePlans: [],
      apiKeys: [],
    };
    const back = writeRestApiDocument(swaggerApi, { ...options, type: 'swagger', target: 'body' })
      .document as {
      paths: Record<string, Record<string, { parameters: Array<{ schema: unknown }> }>>;
    };
    assert.deepEqual(back.paths['/pets'].post.parameters[0].schema, {
      type: 'object',
      required: ['name'],
    });
  });

  it('writes an HTTP API: routes as operations, JWT as OpenID Connect, CORS with extensions', () => {
    const http = readHttpApi({
      Resources: {
        Api: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: { ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'] } },
        },
        Auth: {
          Type: 'AWS::ApiGatewayV2::Authorizer',
          Properties: {
            ApiId: { Ref: 'Api' },
            Name: 'jwt',
            AuthorizerType: 'JWT',
            IdentitySource: ['$request.header.Authorization'],
            JwtConfiguration: { Audience: ['a'], Issuer: 'https://issuer/' },
          },
        },
        Route: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: {
            ApiId: { Ref: 'Api' },
            RouteKey: 'GET /orders/{id}',
            AuthorizationType: 'JWT',
            AuthorizerId: { Ref: 'Auth' },
          },
        },
      },
    });
    assert.ok(http);
    const { document } = writeHttpApiDocument(http, {
      ...options,
      type: 'oas30',
      extensions: 'integrations',
    }) as { document: Json };
    assert.equal(document.info.title, 'fallback');
    assert.deepEqual(document.paths['/orders/{id}'].get.security, [{ jwt: [] }]);
    assert.equal(
      document.components.securitySchemes.jwt.openIdConnectUrl,
      'https://issuer/.well-known/openid-configuration',
    );
    assert.deepEqual(document['x-amazon-apigateway-cors'], { allowOrigins: ['*'] });
  });
});
