/**
 * `render-template --route` renders what the route compiles to (issue 20: on a mock route it said
 * "no template" though the deployed method has one), and `--status` picks the response.
 */
import assert from 'node:assert/strict';
import { standaloneNaming } from '../../../src/cloudformation/naming';
import { compiledRouteTemplate } from '../../../src/commands/route-templates';
import { RenderTemplateError } from '../../../src/commands/render-template';
import { emptyEvents } from '../../../src/common/events';
import type { ApiGatewayConfig } from '../../../src/config/types.generated';
import { resolveConfig } from '../../../src/pipeline/resolve';
import { coreSettings } from '../../helpers/config-builders';

const naming = standaloneNaming('orders', 'prod');

const config = resolveConfig(
  {
    stages: { '*': { variables: { flavour: 'plain' } } },
    routes: {
      'GET /health': {
        integration: 'mock',
        response: { headers: { 'Cache-Control': 'no-store' }, body: { ok: true } },
      },
      'GET /status': {
        integration: 'mock',
        request: { template: '{"statusCode": 503}' },
        responses: {
          '200': { body: { status: 'up' } },
          '503': { pattern: '503', template: '{"status": "down"}' },
        },
      },
      'GET /raw': { integration: { type: 'http_proxy', uri: 'https://example.com/raw' } },
    },
  } as ApiGatewayConfig,
  coreSettings(),
  emptyEvents(),
);

const query = (route: string, kind: 'request' | 'response', status?: string) => ({
  route,
  kind,
  contentType: 'application/json',
  ...(status !== undefined ? { status } : {}),
});

describe('render-template --route: the compiled templates', () => {
  it("renders a mock route's generated request template", () => {
    const found = compiledRouteTemplate(config, naming, query('GET /health', 'request'));
    assert.equal(found.source, '{"statusCode": 200}');
    assert.match(found.name, /GET \/health request template \(application\/json, generated/);
    assert.deepEqual(found.stageVariables, { flavour: 'plain' });
  });

  it('renders the response body a mock route declares, as the compiled template', () => {
    const found = compiledRouteTemplate(config, naming, query('GET /health', 'response'));
    assert.equal(found.source, '{"ok":true}');
  });

  it('--status picks the integration response; the default one answers without it', () => {
    assert.equal(
      compiledRouteTemplate(config, naming, query('GET /status', 'response')).source,
      '{"status":"up"}',
    );
    const down = compiledRouteTemplate(config, naming, query('GET /status', 'response', '503'));
    assert.equal(down.source, '{"status": "down"}');
    assert.equal(down.name, "custom.apiGateway.routes['GET /status'].responses['503'].template");
    assert.throws(
      () => compiledRouteTemplate(config, naming, query('GET /status', 'response', '404')),
      (error: unknown) =>
        error instanceof RenderTemplateError &&
        /--status: GET \/status has no integration response 404; it has: 200, 503/.test(
          error.message,
        ),
    );
  });

  it('names the user template it renders by its config path', () => {
    const found = compiledRouteTemplate(config, naming, query('GET /status', 'request'));
    assert.equal(found.name, "custom.apiGateway.routes['GET /status'].request.template");
  });

  it('says why a proxy route has nothing to render, and lists the routes for an unknown one', () => {
    assert.throws(
      () => compiledRouteTemplate(config, naming, query('GET /raw', 'response')),
      /GET \/raw has no integration responses \(a proxy integration passes/,
    );
    assert.throws(
      () => compiledRouteTemplate(config, naming, query('GET /nope', 'request')),
      /no route "GET \/nope" in custom\.apiGateway\.routes; routes: GET \/health, GET \/raw, GET \/status/,
    );
  });
});
