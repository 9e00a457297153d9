/**
 * The round trip through the API model, on every fixture with a REST API packaged by the real
 * framework: template → model → OpenAPI body → a template whose RestApi has that Body → model
 * gives the same model (up to what a Body cannot say: see `comparable` in
 * test/unit/model/round-trip.ts). Each fixture is packaged once. The offline export of the
 * body-mode package, read from its Body, is the export of the resources-mode package.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { buildOfflineDocument } from '../../src/openapi/offline';
import { FIXTURES, packageService, type RunOptions } from '../helpers/serverless';
import { comparable, roundTrip } from '../unit/model/round-trip';

interface Case {
  name: string;
  fixture: string;
  options?: RunOptions;
}

const RESOURCES_MODE = 'openapi-body (resources)';
const BODY_MODE = 'openapi-body (body mode: the model is read from the Body)';

const CASES: Case[] = [
  {
    name: 'access-control',
    fixture: 'access-control',
    options: { env: { PARTNER_A_KEY: 'partner-a-key-0123456789abcdef' } },
  },
  { name: 'basic', fixture: 'basic' },
  { name: 'caching', fixture: 'caching' },
  { name: 'core-features', fixture: 'core-features' },
  { name: 'cors', fixture: 'cors' },
  { name: 'legacy-settings', fixture: 'legacy-settings' },
  {
    name: 'local-browser',
    fixture: 'local-browser',
    options: { env: { LOCAL_BROWSER_ORIGIN: 'http://127.0.0.1:8080' } },
  },
  { name: 'local-gateway', fixture: 'local-gateway' },
  { name: 'no-config', fixture: 'no-config' },
  { name: 'openapi', fixture: 'openapi' },
  { name: RESOURCES_MODE, fixture: 'openapi-body' },
  { name: BODY_MODE, fixture: 'openapi-body', options: { env: { KIT_COMPILE: 'openapi' } } },
  { name: 'openapi-import (an imported definition)', fixture: 'openapi-import' },
  { name: 'openapi-doc-only (a document alone: PetStore)', fixture: 'openapi-doc-only' },
  {
    name: 'openapi-doc-only-invalid-as-published (Swagger 2.0, Lambda integrations)',
    fixture: 'openapi-doc-only-invalid-as-published',
  },
  {
    name: 'openapi-doc-only-multi-file (external $refs)',
    fixture: 'openapi-doc-only-multi-file',
  },
  { name: 'osls', fixture: 'osls', options: { framework: 'osls' } },
  { name: "readme-typescript (the README's serverless.ts)", fixture: 'readme-typescript' },
  { name: 'rest-logging-http-api', fixture: 'rest-logging-http-api', options: { stage: 'prod' } },
  { name: 'routes', fixture: 'routes' },
  // Its dev stage has no cache cluster for a cached route (a configuration error, on purpose).
  { name: 'routes-secured', fixture: 'routes-secured', options: { stage: 'prod' } },
  { name: 'user-resources', fixture: 'user-resources' },
];

/** Fixtures with no REST API to round-trip, and why. */
const EXCLUDED: Record<string, string> = {
  'no-http': 'a RestApi with no methods: there is nothing a Body would define',
  'shared-api': 'its RestApi lives in another stack; a Body can only be set on a RestApi resource',
  'http-api': 'HTTP API only',
  'http-api-routes': 'HTTP API only',
  'http-api-routes-only': 'HTTP API only',
  'local-http-api': 'HTTP API only',
  'openapi-http': 'HTTP API only',
  websocket: 'WebSocket API only',
  'local-websocket': 'WebSocket API only',
  'openapi-body-large': 'a generator (test/integration/openapi-body.test.ts packages it)',
  'openapi-import-swagger': 'definition files, not a service',
};

describe('API model round trip on the fixtures (template → model → body → model)', function () {
  this.timeout(300_000);

  it('covers every fixture that packages, or says why not', () => {
    const covered = new Set(CASES.map((item) => item.fixture));
    const unclassified = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !/(^|-)invalid$/.test(entry.name))
      .map((entry) => entry.name)
      .filter((name) => !covered.has(name) && !(name in EXCLUDED));
    assert.deepEqual(unclassified, []);
  });

  const packaged = new Map<string, CfnTemplate>();

  for (const item of CASES) {
    it(`gives the same model: ${item.name}`, () => {
      const { template } = packageService(path.join(FIXTURES, item.fixture), item.options);
      packaged.set(item.name, template);
      const { before, after, template: bodyTemplate } = roundTrip(template);
      assert.ok(before.methods.length > 0, 'the fixture has REST methods');
      assert.ok(
        !Object.values(bodyTemplate.Resources).some(
          (resource) => resource.Type === 'AWS::ApiGateway::Method',
        ),
        'the second model was read from the Body alone',
      );
      assert.deepEqual(comparable(after), comparable(before));
    });
  }

  it('exports the same offline document from the body-mode package as from the resources one', function () {
    const resources = packaged.get(RESOURCES_MODE);
    const body = packaged.get(BODY_MODE);
    if (!resources || !body) this.skip();
    for (const type of ['oas30', 'swagger'] as const) {
      for (const extensions of [undefined, 'apigateway', 'authorizers'] as const) {
        const options = {
          type,
          extensions,
          stageName: 'dev',
          region: 'us-east-1',
          fallbackTitle: 'api',
        };
        const fromResources = buildOfflineDocument(resources, options);
        const fromBody = buildOfflineDocument(body, options);
        assert.deepEqual(
          fromBody.document,
          fromResources.document,
          `${type} ${String(extensions)}`,
        );
        assert.deepEqual(fromBody.warnings, []);
      }
    }
  });
});
