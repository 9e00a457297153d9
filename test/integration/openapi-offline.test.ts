/**
 * The offline OpenAPI document of services packaged by the real framework: the fixture with every
 * feature family, and example-service/. Each document passes swagger-parser validation and has
 * every endpoint of the template.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { buildOfflineDocument } from '../../src/openapi/offline';
import { applyOverrides } from '../../src/openapi/overrides';
import { serializeDocument } from '../../src/openapi/serialize';
import type {
  ExportExtensions,
  ExportType,
  OpenApiDocument,
  OpenApiOverrides,
} from '../../src/openapi/types';
import { summarizeTemplate } from '../../src/report/summary';
import {
  FIXTURES,
  packageService,
  plain,
  REPO_ROOT,
  runServerless,
  type PackageResult,
} from '../helpers/serverless';

/** Documents are deep JSON read by path in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function offline(
  template: CfnTemplate,
  type: ExportType,
  extensions?: ExportExtensions,
  api: 'rest' | 'http' = 'rest',
) {
  return buildOfflineDocument(template, {
    type,
    // example-service has an HTTP API too: say which API a test is about.
    api,
    ...(extensions ? { extensions } : {}),
    stageName: 'dev',
    region: 'eu-west-1',
    fallbackTitle: 'fallback',
  });
}

/** "GET /orders" for every operation of the document (ANY as ANY). */
function endpoints(document: OpenApiDocument): string[] {
  return Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([route, item]) =>
      Object.keys(item).map(
        (key) => `${key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase()} ${route}`,
      ),
    )
    .sort();
}

async function assertValid(document: OpenApiDocument): Promise<void> {
  await SwaggerParser.validate(structuredClone(document) as never);
}

describe('offline OpenAPI of packaged services', () => {
  let fixture: PackageResult;

  before(() => {
    fixture = packageService(path.join(FIXTURES, 'openapi'), { stage: 'dev' });
  });

  for (const type of ['oas30', 'swagger'] as const) {
    for (const extensions of [undefined, 'apigateway', 'authorizers'] as const) {
      it(`fixture: a valid ${type} document${extensions ? ` with --extensions ${extensions}` : ''} with every endpoint`, async () => {
        const { document, warnings } = offline(fixture.template, type, extensions);
        await assertValid(document);
        assert.deepEqual(warnings, []);
        assert.deepEqual(endpoints(document), summarizeTemplate(fixture.template).endpoints);
      });
    }
  }

  it('fixture: what each feature family contributes', () => {
    const custom = (
      fixture.state.service as { custom?: { apiGateway?: { openapi?: OpenApiOverrides } } }
    ).custom;
    const { document } = applyOverrides(
      offline(fixture.template, 'oas30', 'apigateway').document,
      custom?.apiGateway?.openapi,
    );
    const paths = document.paths as Record<string, Record<string, Json>>;
    assert.deepEqual(document.info, {
      title: 'Orders',
      description: 'The orders API',
      version: '1.2.3',
    });
    assert.deepEqual(document.servers, [
      { url: 'https://api.example.com/v1', description: 'Production' },
    ]);
    // Parameters, request body from the model, security from the authorizers and the API key.
    assert.deepEqual(
      paths['/orders'].get.parameters.map(
        (p: { in: string; name: string; required: boolean }) => `${p.in} ${p.name} ${p.required}`,
      ),
      ['query limit true', 'query status false', 'header X-Request-Id false'],
    );
    assert.deepEqual(paths['/orders'].post.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/OrderModel',
    });
    assert.deepEqual(paths['/orders'].post.security, [{ api_key: [] }]);
    assert.deepEqual(paths['/orders/{id}'].get.security, [{ users: ['orders/read'] }]);
    assert.deepEqual(paths['/orders/{id}'].delete.security, [{ authorize: [] }]);
    // CORS preflight with the configured origin.
    assert.deepEqual(
      paths['/orders'].options.responses['200'].headers['Access-Control-Allow-Origin'],
      { schema: { type: 'string', enum: ['https://shop.example.com'] } },
    );
    // Lambda (non-proxy) integration: method responses and the integration's selection patterns.
    assert.deepEqual(Object.keys(paths['/legacy/{id}'].get.responses), [
      '200',
      '400',
      '401',
      '403',
      '404',
      '422',
      '500',
      '502',
      '504',
    ]);
    assert.equal(paths['/legacy/{id}'].get['x-amazon-apigateway-integration'].type, 'aws');
    assert.deepEqual(document['x-amazon-apigateway-binary-media-types'], ['image/png']);
    assert.deepEqual(Object.values(document['x-amazon-apigateway-request-validators'] as object), [
      { validateRequestBody: true, validateRequestParameters: true },
    ]);
  });

  it('fixture: two packages of the same service give the same bytes (JSON and YAML)', () => {
    const again = packageService(path.join(FIXTURES, 'openapi'), { stage: 'dev' });
    for (const format of ['json', 'yaml'] as const) {
      assert.equal(
        serializeDocument(offline(again.template, 'oas30', 'apigateway').document, format),
        serializeDocument(offline(fixture.template, 'oas30', 'apigateway').document, format),
      );
    }
  });

  it('example-service: valid OpenAPI 3.0 and Swagger 2.0 with every endpoint', async () => {
    const example = packageService(path.join(REPO_ROOT, 'example-service'), { stage: 'dev' });
    const expected = summarizeTemplate(example.template).endpoints;
    assert.ok(expected.length > 0);
    for (const type of ['oas30', 'swagger'] as const) {
      for (const extensions of [undefined, 'apigateway'] as const) {
        const { document } = offline(example.template, type, extensions);
        await assertValid(document);
        assert.deepEqual(endpoints(document), expected);
      }
    }
  });
});

describe('offline OpenAPI of a packaged HTTP API', () => {
  it('is a valid OpenAPI 3.0 document with every route, $default as API Gateway exports it', async () => {
    const { template } = packageService(path.join(FIXTURES, 'openapi-http'), { stage: 'dev' });
    const plain = offline(template, 'oas30', undefined, 'http');
    await assertValid(plain.document);
    assert.equal(plain.kind, 'http');
    assert.deepEqual(endpoints(plain.document), [
      'ANY /$default',
      'GET /orders',
      'GET /orders/{id}',
    ]);
    assert.deepEqual(plain.warnings, []);
    const paths = plain.document.paths as Record<string, Record<string, Json>>;
    assert.deepEqual(paths['/orders/{id}'].get.security, [{ users: ['orders/read'] }]);
    const extended = offline(template, 'oas30', 'apigateway', 'http').document;
    await assertValid(extended);
    assert.deepEqual(
      (extended['x-amazon-apigateway-cors'] as { allowOrigins: string[] }).allowOrigins,
      ['https://shop.example.com'],
    );
    assert.throws(() => offline(template, 'swagger', undefined, 'http'), /OpenAPI 3.0 only/);
  });
});

describe('sls export-openapi --offline (the real command)', () => {
  it('packages, builds the document, applies the overrides and writes it atomically', async () => {
    const dir = path.join(FIXTURES, 'openapi');
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-oas-')), 'api.yaml');
    const result = runServerless(dir, [
      'export-openapi',
      '--offline',
      '--stage',
      'dev',
      '--output',
      out,
    ]);
    assert.equal(result.status, 0, plain(result.stdout + result.stderr));
    const document = yaml.load(readFileSync(out, 'utf8')) as Record<string, unknown>;
    assert.equal(document.openapi, '3.0.1');
    assert.deepEqual(document.info, {
      title: 'Orders',
      version: '1.2.3',
      description: 'The orders API',
    });
    assert.deepEqual(document.servers, [
      { url: 'https://api.example.com/v1', description: 'Production' },
    ]);
    assert.ok(Object.keys(document.paths as object).length > 0);
    await SwaggerParser.validate(structuredClone(document) as never);
  });

  it('refuses an unknown --type with the allowed values', () => {
    const result = runServerless(path.join(FIXTURES, 'openapi'), [
      'export-openapi',
      '--offline',
      '--type',
      'oas31',
    ]);
    assert.notEqual(result.status, 0);
    assert.match(plain(result.stdout + result.stderr), /oas31/);
  });
});
