import assert from 'node:assert/strict';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { readApiModels, readHttpApi, readWebSocketApi } from '../../../src/model/read';

const target = (id: string) => ({ 'Fn::Join': ['/', ['integrations', { Ref: id }]] });

function template(): CfnTemplate {
  return {
    Resources: {
      HttpApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: 'dev-orders',
          ProtocolType: 'HTTP',
          CorsConfiguration: { AllowOrigins: ['*'], MaxAge: 60 },
        },
      },
      HttpApiStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true },
      },
      HttpApiAuthorizerJwt: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          Name: 'jwt',
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: { Audience: ['client'], Issuer: 'https://issuer.example.com' },
        },
      },
      HttpApiIntegrationOrders: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': ['OrdersLambdaFunction', 'Arn'] },
          PayloadFormatVersion: '2.0',
        },
      },
      HttpApiRouteGetOrders: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: 'GET /orders',
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: 'HttpApiAuthorizerJwt' },
          AuthorizationScopes: ['orders/read'],
          Target: target('HttpApiIntegrationOrders'),
        },
      },
      WebsocketsApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: 'dev-orders-websockets',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
        },
      },
      ConnectWebsocketsIntegration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'WebsocketsApi' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: 'arn:connect',
        },
      },
      SconnectWebsocketsRoute: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'WebsocketsApi' },
          RouteKey: '$connect',
          AuthorizationType: 'NONE',
          RouteResponseSelectionExpression: '$default',
          Target: target('ConnectWebsocketsIntegration'),
        },
      },
      SconnectWebsocketsRouteResponse: {
        Type: 'AWS::ApiGatewayV2::RouteResponse',
        Properties: {
          ApiId: { Ref: 'WebsocketsApi' },
          RouteId: { Ref: 'SconnectWebsocketsRoute' },
          RouteResponseKey: '$default',
        },
      },
    },
  };
}

describe('model: HTTP and WebSocket APIs read from ApiGatewayV2 resources', () => {
  it('reads the HTTP API: routes with their authorizer and integration, CORS, stage; not the WebSocket routes', () => {
    const http = readHttpApi(template());
    assert.ok(http);
    assert.deepEqual(http.cors, { allowOrigins: ['*'], maxAge: 60 });
    assert.deepEqual(http.stages, [
      { logicalId: 'HttpApiStage', stageName: '$default', autoDeploy: true },
    ]);
    assert.deepEqual(http.authorizers, [
      {
        logicalId: 'HttpApiAuthorizerJwt',
        name: 'jwt',
        authorizerType: 'JWT',
        identitySources: ['$request.header.Authorization'],
        jwt: { audience: ['client'], issuer: 'https://issuer.example.com' },
      },
    ]);
    assert.deepEqual(http.routes, [
      {
        logicalId: 'HttpApiRouteGetOrders',
        routeKey: 'GET /orders',
        authorizationType: 'JWT',
        authorizer: 'jwt',
        scopes: ['orders/read'],
        integration: {
          logicalId: 'HttpApiIntegrationOrders',
          type: 'AWS_PROXY',
          uri: { 'Fn::GetAtt': ['OrdersLambdaFunction', 'Arn'] },
          payloadFormatVersion: '2.0',
          responses: [],
        },
        routeResponses: [],
      },
    ]);
  });

  it('reads the WebSocket API: route selection expression, routes with route responses', () => {
    const websocket = readWebSocketApi(template());
    assert.ok(websocket);
    assert.equal(websocket.routeSelectionExpression, '$request.body.action');
    assert.deepEqual(websocket.routes, [
      {
        logicalId: 'SconnectWebsocketsRoute',
        routeKey: '$connect',
        authorizationType: 'NONE',
        scopes: [],
        routeResponseSelectionExpression: '$default',
        integration: {
          logicalId: 'ConnectWebsocketsIntegration',
          type: 'AWS_PROXY',
          uri: 'arn:connect',
          responses: [],
        },
        routeResponses: [{ routeResponseKey: '$default' }],
      },
    ]);
  });

  it('readApiModels returns both, and nothing for a template without them', () => {
    assert.deepEqual(
      readApiModels(template()).map((api) => api.kind),
      ['http', 'websocket'],
    );
    assert.equal(readHttpApi({ Resources: {} }), undefined);
  });
});
