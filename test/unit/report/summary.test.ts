/**
 * The package summary describes what was packaged, from the model of the template (issue 20: it
 * said "REST API … stage declared" for HTTP-only and WebSocket-only services, "(shared)" where
 * there was no REST API and "endpoints (0)" in body mode).
 */
import assert from 'node:assert/strict';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { formatShortSummary, formatSummary, summarizeTemplate } from '../../../src/report/summary';

const httpApi: CfnTemplate = {
  Resources: {
    HttpApi: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: { Name: 'orders', ProtocolType: 'HTTP' },
    },
    HttpApiStage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true },
    },
    HttpApiRouteGetOrders: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: 'GET /orders' },
    },
    HttpApiRoutePostOrders: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: 'POST /orders' },
    },
  },
};

const websocketApi: CfnTemplate = {
  Resources: {
    WebsocketsApi: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: 'chat',
        ProtocolType: 'WEBSOCKET',
        RouteSelectionExpression: '$request.body.action',
      },
    },
    WebsocketsDeploymentStage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'WebsocketsApi' }, StageName: 'dev' },
    },
    SconnectWebsocketsRoute: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'WebsocketsApi' }, RouteKey: '$connect' },
    },
  },
};

const bodyModeRestApi: CfnTemplate = {
  Resources: {
    ApiGatewayRestApi: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: 'dev-orders',
        Body: {
          openapi: '3.0.1',
          info: { title: 'dev-orders', version: '1' },
          paths: {
            '/orders': {
              get: { 'x-amazon-apigateway-integration': { type: 'mock' } },
              post: { 'x-amazon-apigateway-integration': { type: 'mock' } },
            },
          },
        },
      },
    },
    ApiGatewayStage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'dev' },
    },
  },
};

const sharedRestApi: CfnTemplate = {
  Resources: {
    ApiGatewayMethodOrdersGet: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: 'abc123',
        ResourceId: 'xyz',
        HttpMethod: 'GET',
        AuthorizationType: 'NONE',
      },
    },
  },
};

describe('package summary', () => {
  it('an HTTP-only service gets one HTTP API line and no REST API line', () => {
    const summary = summarizeTemplate(httpApi);
    assert.deepEqual(summary.apis, ['http']);
    assert.deepEqual(formatShortSummary(summary), ['HTTP API, stage $default: 2 routes']);
    assert.deepEqual(formatSummary(summary), [
      'HTTP API, stage $default, routes (2): GET /orders, POST /orders',
    ]);
  });

  it('a WebSocket-only service gets one WebSocket line', () => {
    const summary = summarizeTemplate(websocketApi);
    assert.deepEqual(formatShortSummary(summary), ['WebSocket API, stage dev: 1 route']);
    assert.ok(!formatSummary(summary).some((line) => line.includes('REST API')));
  });

  it('counts the endpoints of a REST API defined by its OpenAPI Body', () => {
    const summary = summarizeTemplate(bodyModeRestApi);
    assert.deepEqual(summary.endpoints, ['GET /orders', 'POST /orders']);
    assert.deepEqual(formatShortSummary(summary), ['REST API dev-orders, stage dev: 2 endpoints']);
  });

  it('says "shared" only for methods of a REST API declared outside the stack', () => {
    const summary = summarizeTemplate(sharedRestApi);
    assert.equal(summary.restApi, 'shared');
    assert.match(
      formatShortSummary(summary)[0],
      /^REST API \(shared, declared outside this stack\): 1 endpoint$/,
    );
    assert.ok(!formatSummary(summary).some((line) => line.startsWith('  stage:')));
  });

  it('a template without any API says so instead of describing an empty REST API', () => {
    const summary = summarizeTemplate({ Resources: {} });
    assert.deepEqual(summary.apis, []);
    assert.deepEqual(formatShortSummary(summary), []);
    assert.deepEqual(formatSummary(summary), ['no API Gateway API in the template']);
  });
});
