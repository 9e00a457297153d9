/**
 * The diff of whole sides: an OpenAPI 3 or Swagger 2 document read into the model (as API Gateway
 * imports it) against a packaged template, and the report, as text and JSON.
 */
import assert from 'node:assert/strict';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import {
  diffApis,
  formatReport,
  reportDocument,
  sideFromDocument,
  sideFromTemplate,
} from '../../../../src/openapi/diff';

const SWAGGER = {
  swagger: '2.0',
  info: { title: 'orders', version: '1' },
  securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
  paths: {
    '/orders': {
      get: {
        parameters: [{ name: 'status', in: 'query', type: 'string' }],
        responses: { '200': { description: 'ok' } },
      },
      delete: { responses: { '204': { description: 'gone' } } },
    },
  },
};

const OPENAPI = {
  openapi: '3.0.1',
  info: { title: 'orders', version: '2' },
  components: { securitySchemes: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
  'x-amazon-apigateway-request-validators': {
    all: { validateRequestBody: true, validateRequestParameters: true },
  },
  'x-amazon-apigateway-request-validator': 'all',
  paths: {
    '/orders': {
      get: {
        security: [{ api_key: [] }],
        parameters: [{ name: 'status', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' }, '400': { description: 'bad' } },
      },
    },
    '/orders/{id}': { get: { responses: { '200': { description: 'ok' } } } },
  },
};

const TEMPLATE: CfnTemplate = {
  Resources: {
    ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'dev-orders' } },
    ApiGatewayResourceOrders: {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
        PathPart: 'orders',
        RestApiId: { Ref: 'ApiGatewayRestApi' },
      },
    },
    ApiGatewayMethodOrdersGet: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'GET',
        ResourceId: { Ref: 'ApiGatewayResourceOrders' },
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        AuthorizationType: 'AWS_IAM',
        Integration: { Type: 'AWS_PROXY' },
      },
    },
  },
};

describe('apigateway diff: documents and templates', () => {
  it('a Swagger 2.0 document against an OpenAPI 3.0 one, API Gateway extensions included', () => {
    const diff = diffApis(
      sideFromDocument(SWAGGER, 'v1.json'),
      sideFromDocument(OPENAPI, 'v2.yaml'),
    );
    const summary = (list: typeof diff.breaking) =>
      list.map((c) => `${c.method} ${c.path}: ${c.message}`);
    assert.deepEqual(summary(diff.breaking), [
      'DELETE /orders: operation removed',
      'GET /orders: query parameter "status" is now required',
      'GET /orders: an API key is now required',
    ]);
    assert.deepEqual(summary(diff.nonBreaking), [
      'GET /orders: response 400 added',
      '* /orders/{id}: path added, with operations GET',
    ]);
  });

  it('a document against a packaged template: authorization the template adds', () => {
    const diff = diffApis(
      sideFromDocument(SWAGGER, 'v1.json'),
      sideFromTemplate(TEMPLATE, 'the package'),
    );
    assert.deepEqual(
      diff.breaking.map((c) => `${c.kind} ${c.method} ${c.path}`),
      ['operation-removed DELETE /orders', 'authorization-added GET /orders'],
    );
  });

  it('the report: breaking changes first, each with method and path; the same as JSON', () => {
    const diff = diffApis(
      sideFromDocument(SWAGGER, 'v1.json'),
      sideFromDocument(OPENAPI, 'v2.yaml'),
    );
    const report = reportDocument(diff, {
      against: 'v1.json',
      current: 'the package of stage dev',
    });
    assert.equal(
      formatReport(report),
      [
        'API changes: the package of stage dev against v1.json',
        'Breaking changes (3):',
        '  DELETE /orders  operation removed',
        '  GET /orders     query parameter "status" is now required',
        '  GET /orders     an API key is now required',
        'Non-breaking changes (2):',
        '  GET /orders   response 400 added',
        '  /orders/{id}  path added, with operations GET',
        '3 breaking, 2 non-breaking.',
      ].join('\n'),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(report)).summary, { breaking: 3, nonBreaking: 2 });
    assert.equal(report.breaking[0].kind, 'operation-removed');
    assert.equal(
      formatReport(
        reportDocument(diffApis(sideFromDocument(SWAGGER, 'a'), sideFromDocument(SWAGGER, 'a')), {
          against: 'a',
          current: 'b',
        }),
      ),
      'API changes: b against a\nNo changes.',
    );
  });
});
