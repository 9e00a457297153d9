/** From model elements to the config paths a user edits. */
import assert from 'node:assert/strict';
import { httpApiRouteKey } from '../../../src/features/http-api/resolve';
import { createLocator } from '../../../src/lint/locator';
import { events } from './builders';

describe('lint locator', () => {
  const locate = createLocator({
    stageName: 'prod',
    config: {
      stages: { '*': { tracing: false }, prod: { logging: { level: 'INFO' } } },
      routes: { 'GET /health': { integration: { type: 'mock' } } },
      httpApi: {
        routes: {
          'POST /hooks': { integration: { type: 'http_proxy', uri: 'https://example.com' } },
        },
      },
    },
    events: events([
      { functionName: 'getOrder', event: { method: 'GET', path: '/orders/{id}/' } },
      { functionName: 'list-orders', kind: 'httpApi', event: { method: '*', path: '/orders' } },
      { functionName: 'fallback', kind: 'httpApi', event: '*' },
      { functionName: 'connect', kind: 'websocket', event: { route: '$connect' } },
    ]),
    provider: { apiGateway: { resourcePolicy: [] } },
  });

  it("a stage key: the named entry, else the '*' entry that sets it, else the named entry", () => {
    assert.equal(
      locate.stageSetting('rest', ['logging', 'level']),
      'custom.apiGateway.stages.prod.logging.level',
    );
    assert.equal(locate.stageSetting('rest', ['tracing']), "custom.apiGateway.stages['*'].tracing");
    assert.equal(locate.stageSetting('rest', ['waf']), 'custom.apiGateway.stages.prod.waf');
    assert.equal(
      locate.stageSetting('websocket', ['logging', 'accessLog']),
      'custom.apiGateway.websocket.stages.prod.logging.accessLog',
    );
  });

  it('a REST method: its event (paths compared as core normalises them) or its route', () => {
    assert.deepEqual(locate.restMethod('/orders/{id}', 'GET'), {
      endpoint: 'GET /orders/{id}',
      settingsPath: 'functions.getOrder.events[0].http.apiGateway',
      declarationPath: 'functions.getOrder.events[0].http',
      coreEvent: { method: 'GET', path: '/orders/{id}/' },
    });
    assert.equal(
      locate.restMethod('/health', 'GET')?.settingsPath,
      "custom.apiGateway.routes['GET /health']",
    );
    assert.equal(locate.restMethod('/nowhere', 'GET'), undefined);
  });

  it('HTTP API and WebSocket routes: their events, or custom.apiGateway.httpApi.routes', () => {
    assert.equal(
      locate.v2Route('http', 'ANY /orders')?.settingsPath,
      'functions.list-orders.events[0].httpApi.apiGateway',
    );
    assert.equal(
      locate.v2Route('http', '$default')?.declarationPath,
      'functions.fallback.events[0].httpApi',
    );
    assert.equal(
      locate.v2Route('http', 'POST /hooks')?.settingsPath,
      "custom.apiGateway.httpApi.routes['POST /hooks']",
    );
    assert.equal(
      locate.v2Route('websocket', '$connect')?.settingsPath,
      'functions.connect.events[0].websocket.apiGateway',
    );
  });

  it("the resource policy and CORS where they are written: the plugin's key, else core's", () => {
    assert.equal(locate.restApiPolicy(), 'provider.apiGateway.resourcePolicy');
    assert.equal(locate.httpApiCors(), 'custom.apiGateway.httpApi.cors');
    assert.equal(locate.restCors('/orders/{id}'), 'custom.apiGateway.cors');
  });

  it("core's httpApi event forms as route keys", () => {
    assert.equal(httpApiRouteKey('*'), '$default');
    assert.equal(httpApiRouteKey('get /orders'), 'GET /orders');
    assert.equal(httpApiRouteKey({ method: '*', path: '/x' }), 'ANY /x');
    assert.equal(httpApiRouteKey({ path: '/x' }), undefined);
  });
});
