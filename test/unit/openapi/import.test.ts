import assert from 'node:assert/strict';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { applyFragment } from '../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../src/pipeline/compile';
import { readCoreSettings } from '../../../src/pipeline/core-settings';
import { resolveConfig } from '../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../src/config/types.generated';
import { prepareOpenApiDefinition } from '../../../src/openapi/import';
import { checkDefinition } from '../../../src/openapi/import/check';
import type { LoadedDefinition } from '../../../src/openapi/import/definition';
import { loadOpenApiDefinition } from '../../../src/openapi/import/load';
import { renderValue } from '../../../src/openapi/intrinsics';
import { httpEvents } from '../../helpers/config-builders';
import { FIXTURES } from '../../helpers/serverless';
import { coreTemplateFor, type CoreEndpoint } from '../features/openapi/helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const DIR = path.join(FIXTURES, 'openapi-import');
const naming = standaloneNaming('orders', 'prod');

function event(functionName: string, eventIndex: number, http: Record<string, unknown>) {
  return { functionName, eventIndex, settings: undefined, event: http };
}

const EVENTS = httpEvents([
  event('orders', 0, { method: 'get', path: 'orders' }),
  event('orders', 1, { method: 'post', path: '/orders/' }),
  event('orders', 2, { method: 'get', path: 'order/{id}', operationId: 'getOrder' }),
]);
const CORE: CoreEndpoint[] = [
  { method: 'GET', path: 'orders', fn: 'orders', authorizer: 'users' },
  { method: 'POST', path: 'orders', fn: 'orders' },
  { method: 'GET', path: 'order/{id}', fn: 'orders' },
];

function rendered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rendered);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')))
      return renderValue(value);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rendered(item)]));
  }
  return value;
}

function compileWith(
  definition: LoadedDefinition,
  raw: ApiGatewayConfig,
  template: CfnTemplate,
  events = EVENTS,
) {
  const config = {
    ...resolveConfig(
      raw,
      readCoreSettings({ service: 'orders', stageName: 'prod', region: 'eu-west-1', provider: {} }),
      events,
    ),
    openApiDefinition: definition,
  };
  for (const fragment of compileRestApiStack(config, template, naming).fragments) {
    applyFragment(template, fragment);
  }
  return template.Resources.ApiGatewayRestApi.Properties?.Body as Json;
}

describe('OpenAPI import: loading', () => {
  it('bundles a multi-file YAML document into one, with only model references left', async () => {
    const loaded = await loadOpenApiDefinition(DIR, './api.yaml');
    assert.equal(loaded.type, 'oas30');
    assert.equal(loaded.path, './api.yaml');
    const text = JSON.stringify(loaded.document);
    assert.ok(!text.includes('.yaml'), 'no external reference left');
    assert.ok(!text.includes('"$ref":"#/paths'), 'no reference into paths left');
    assert.deepEqual(
      (loaded.document as Json).paths['/orders'].post.requestBody.content['application/json'].schema
        .required,
      ['sku'],
    );
  });

  it('reads Swagger 2.0 JSON, and refuses OpenAPI 3.1 and unreadable files with the reason', async () => {
    const swagger = await loadOpenApiDefinition(
      path.join(FIXTURES, 'openapi-import-swagger'),
      'api.json',
    );
    assert.equal(swagger.type, 'swagger');
    const prepared = await prepareOpenApiDefinition(
      { openapi: { definition: 'api31.yaml' } },
      EVENTS,
      path.join(FIXTURES, 'openapi-import-swagger'),
    );
    assert.deepEqual(prepared.errors, [
      {
        path: 'custom.apiGateway.openapi.definition',
        message:
          "api31.yaml is OpenAPI 3.1.0: API Gateway imports OpenAPI 3.0 (openapi: 3.0.x) and Swagger 2.0 (swagger: '2.0') only",
      },
    ]);
    const missing = await prepareOpenApiDefinition(
      { openapi: { definition: 'none.yaml' } },
      EVENTS,
      DIR,
    );
    assert.match(
      missing.errors[0].message,
      /^none\.yaml could not be read as an OpenAPI document: .*ENOENT/,
    );
  });
});

describe('OpenAPI import: matching operations and events', () => {
  let definition: LoadedDefinition;
  before(async () => {
    definition = await loadOpenApiDefinition(DIR, './api.yaml');
  });

  it('matches by method and path (normalised like core) and by operationId; an operation with its own integration needs no event', () => {
    assert.deepEqual(
      checkDefinition(definition, { openapi: { definition: './api.yaml' } }, EVENTS),
      {
        errors: [],
        warnings: [],
      },
    );
  });

  it('strict (default): errors naming both sides', () => {
    const events = httpEvents([
      event('orders', 0, { method: 'get', path: 'orders' }),
      event('orders', 1, { method: 'get', path: 'order/{id}' }),
      event('admin', 0, { method: 'delete', path: 'admin/cache' }),
    ]);
    assert.deepEqual(
      checkDefinition(definition, { openapi: { definition: './api.yaml' } }, events).errors,
      [
        {
          path: 'custom.apiGateway.openapi.definition',
          message:
            "operation POST /orders (operationId createOrder) of ./api.yaml has no http event or route that implements it; add an http event { method: post, path: orders } to a function, or a route 'POST /orders', or remove the operation from the document",
        },
        {
          path: 'custom.apiGateway.openapi.definition',
          message:
            'operation GET /orders/{id} (operationId getOrder) of ./api.yaml has no http event or route that implements it; the closest is GET /order/{id} (functions.orders.events[1].http): make its method and path match, or give it operationId getOrder',
        },
        {
          path: 'functions.orders.events[1].http',
          message:
            "GET /order/{id} has no operation in ./api.yaml (custom.apiGateway.openapi.definition); the closest is GET /orders/{id} (operationId getOrder): make the method and path match, or set the event's operationId to the operation's",
        },
        {
          path: 'functions.admin.events[0].http',
          message:
            "DELETE /admin/cache has no operation in ./api.yaml (custom.apiGateway.openapi.definition); add paths['/admin/cache'].delete to the document",
        },
      ],
    );
  });

  it('lenient: the same as warnings', () => {
    const events = httpEvents([event('admin', 0, { method: 'delete', path: 'admin/cache' })]);
    const result = checkDefinition(
      definition,
      { openapi: { definition: './api.yaml', mode: 'lenient' } },
      events,
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.warnings.length, 4);
    assert.match(
      result.warnings[3].message,
      /\(lenient: the endpoint is added to the API as the event describes it\)$/,
    );
    assert.match(result.warnings[0].message, /\(lenient: the operation is left out of the API\)$/);
  });
});

describe('OpenAPI import: the body', () => {
  let definition: LoadedDefinition;
  before(async () => {
    definition = await loadOpenApiDefinition(DIR, './api.yaml');
  });

  it("fills in integrations, authorizers and security from the events, keeps the document's own extensions, and is valid OpenAPI 3.0", async () => {
    const raw: ApiGatewayConfig = { openapi: { definition: './api.yaml' } };
    const template = coreTemplateFor(CORE);
    const body = compileWith(definition, raw, template);
    // The document's paths, not the events' ('/order/{id}' matched by operationId).
    assert.deepEqual(Object.keys(body.paths), ['/orders', '/orders/{id}', '/health']);
    assert.equal(body.info.title, 'Orders');
    const getOrder = body.paths['/orders/{id}'].get;
    assert.equal(getOrder.operationId, 'getOrder');
    assert.equal(
      renderValue(getOrder['x-amazon-apigateway-integration'].uri),
      'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrdersLambdaFunction.Arn}/invocations',
    );
    assert.equal(getOrder['x-amazon-apigateway-integration'].type, 'aws_proxy');
    // The document's own responses stay; no generated `default` is added next to them.
    assert.deepEqual(Object.keys(getOrder.responses), ['200']);
    // The document's own mock integration wins.
    assert.equal(body.paths['/health'].get['x-amazon-apigateway-integration'].type, 'mock');
    // The document declares scheme `users`; the plugin fills in API Gateway's authorizer.
    assert.deepEqual(body.components.securitySchemes.users, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Example'],
      },
    });
    assert.deepEqual(body.paths['/orders'].get.security, [{ users: [] }]);
    assert.equal(body.paths['/orders'].post.security, undefined);
    assert.ok(
      !Object.values(template.Resources).some(
        (resource) => resource.Type === 'AWS::ApiGateway::Method',
      ),
    );
    await SwaggerParser.validate(rendered(body) as never);
  });

  it('lenient: leaves out operations nothing implements and adds events the document lacks', () => {
    const events = httpEvents([
      event('orders', 0, { method: 'get', path: 'orders' }),
      event('admin', 0, { method: 'delete', path: 'admin/cache' }),
    ]);
    const body = compileWith(
      definition,
      { openapi: { definition: './api.yaml', mode: 'lenient' } },
      coreTemplateFor([
        { method: 'GET', path: 'orders', fn: 'orders' },
        { method: 'DELETE', path: 'admin/cache', fn: 'admin' },
      ]),
      events,
    );
    assert.deepEqual(Object.keys(body.paths), ['/orders', '/health', '/admin/cache']);
    assert.deepEqual(Object.keys(body.paths['/orders']), ['get']);
    assert.equal(
      body.paths['/admin/cache'].delete['x-amazon-apigateway-integration'].type,
      'aws_proxy',
    );
  });

  it('is the document itself where the user wrote an extension: a document integration on a matched operation wins', () => {
    const own = structuredClone(definition);
    (own.document as Json).paths['/orders'].post['x-amazon-apigateway-integration'] = {
      type: 'http_proxy',
      httpMethod: 'POST',
      uri: 'https://backend.example.com/orders',
    };
    const body = compileWith(own, { openapi: { definition: './api.yaml' } }, coreTemplateFor(CORE));
    assert.deepEqual(body.paths['/orders'].post['x-amazon-apigateway-integration'], {
      type: 'http_proxy',
      httpMethod: 'POST',
      uri: 'https://backend.example.com/orders',
    });
  });
});
