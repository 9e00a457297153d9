/**
 * The fixtures with a REST API, each packaged as the tests that go round trips through the API
 * model need it (test/integration/model-round-trip.test.ts, openapi-export-round-trip.test.ts),
 * and the fixtures left out with the reason. One list, so a new fixture is classified once.
 */
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { FIXTURES, packageService, type RunOptions } from './serverless';

export interface RestFixtureCase {
  name: string;
  fixture: string;
  options?: RunOptions;
}

export const RESOURCES_MODE = 'openapi-body (resources)';
export const BODY_MODE = 'openapi-body (body mode: the model is read from the Body)';

export const REST_FIXTURE_CASES: RestFixtureCase[] = [
  {
    name: 'access-control',
    fixture: 'access-control',
    options: { env: { PARTNER_A_KEY: 'partner-a-key-0123456789abcdef' } },
  },
  { name: 'api-diff (stage v2)', fixture: 'api-diff', options: { stage: 'v2' } },
  { name: 'basic', fixture: 'basic' },
  { name: 'caching', fixture: 'caching' },
  { name: 'core-features', fixture: 'core-features' },
  { name: 'cors', fixture: 'cors' },
  // Custom domains sit beside the API (domain, mapping, records): the API itself must round-trip.
  { name: 'domains-rest (edge, stage prod)', fixture: 'domains-rest', options: { stage: 'prod' } },
  { name: 'domains-rest (regional, stage dev)', fixture: 'domains-rest' },
  { name: 'domains-shared (the owner)', fixture: 'domains-shared' },
  {
    name: 'domains-shared (mapping only)',
    fixture: 'domains-shared',
    options: { args: ['--config', 'serverless.billing.yml'] },
  },
  // A private API: its VPC endpoints travel in the document's endpoint configuration extension.
  { name: 'domains-private', fixture: 'domains-private' },
  {
    name: 'domains-private (mapping only)',
    fixture: 'domains-private',
    options: { args: ['--config', 'serverless.mapping.yml'] },
  },
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
  { name: 'openapi-doc-only (a document alone: PetStore)', fixture: 'openapi-doc-only' },
  {
    name: 'openapi-doc-only-invalid-as-published (Swagger 2.0, Lambda integrations)',
    fixture: 'openapi-doc-only-invalid-as-published',
  },
  {
    name: 'openapi-doc-only-multi-file (external $refs)',
    fixture: 'openapi-doc-only-multi-file',
  },
  { name: 'openapi-import (an imported definition)', fixture: 'openapi-import' },
  { name: 'osls', fixture: 'osls', options: { framework: 'osls' } },
  { name: "readme-typescript (the README's serverless.ts)", fixture: 'readme-typescript' },
  { name: 'rest-logging-http-api', fixture: 'rest-logging-http-api', options: { stage: 'prod' } },
  { name: 'routes', fixture: 'routes' },
  // Its dev stage has no cache cluster for a cached route (a configuration error, on purpose).
  { name: 'routes-secured', fixture: 'routes-secured', options: { stage: 'prod' } },
  { name: 'security-lint (stage prod)', fixture: 'security-lint', options: { stage: 'prod' } },
  { name: 'user-resources', fixture: 'user-resources' },
];

/** Fixtures with no REST API to round-trip, and why. */
export const EXCLUDED_FIXTURES: Record<string, string> = {
  'no-http': 'a RestApi with no methods: there is nothing a Body would define',
  'shared-api': 'its RestApi lives in another stack; a Body can only be set on a RestApi resource',
  'http-api': 'HTTP API only',
  'http-api-routes': 'HTTP API only',
  'http-api-routes-only': 'HTTP API only',
  'local-http-api': 'HTTP API only',
  'openapi-http': 'HTTP API only',
  websocket: 'WebSocket API only',
  'domains-v2': 'HTTP API and WebSocket API only',
  'local-websocket': 'WebSocket API only',
  'openapi-body-large': 'a generator (test/integration/openapi-body.test.ts packages it)',
  'openapi-import-swagger': 'definition files, not a service',
};

const packagedTemplates = new Map<string, CfnTemplate>();

/**
 * The case's packaged template, packaged once per test run: both round-trip tests read the same
 * fixtures, and packaging is what costs (templates are never mutated by those tests: they clone).
 */
export function packagedRestFixture(item: RestFixtureCase): CfnTemplate {
  let template = packagedTemplates.get(item.name);
  if (!template) {
    template = packageService(path.join(FIXTURES, item.fixture), item.options).template;
    packagedTemplates.set(item.name, template);
  }
  return structuredClone(template);
}
