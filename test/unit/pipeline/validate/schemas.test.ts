/**
 * The schemas must compile under a strict ajv once bundled (the explaining validator), and the
 * validators precompiled by `npm run build` must be the current schemas' and agree with it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import {
  loadPrecompiledValidators,
  PRECOMPILED_VALIDATORS_FILE,
  precompiledValidator,
} from '../../../../src/pipeline/validate/precompiled-validators';
import {
  loadBundledSchema,
  registeredShape,
  SCHEMA_FILES,
  schemaFingerprint,
} from '../../../../src/pipeline/validate/schemas';
import { FIXTURES } from '../../../helpers/serverless';

describe('schemas/', () => {
  for (const file of Object.values(SCHEMA_FILES)) {
    it(`${file} bundles without $ref and compiles with ajv strict mode`, () => {
      const schema = loadBundledSchema(file);
      assert.doesNotMatch(JSON.stringify(schema), /"\$ref"/);
      const ajv = new Ajv({ strict: true, allErrors: true });
      assert.doesNotThrow(() => ajv.compile(schema));
    });
  }

  it('hands out copies: callers may annotate what they get', () => {
    const first = loadBundledSchema(SCHEMA_FILES.apiGateway);
    first.title = 'changed';
    assert.notEqual(loadBundledSchema(SCHEMA_FILES.apiGateway).title, 'changed');
  });

  it('tells core the type and title of each key, not its shape', () => {
    assert.deepEqual(registeredShape(SCHEMA_FILES.httpEvent), {
      type: 'object',
      title: 'http event apiGateway settings',
      description: 'Per-endpoint settings under the apiGateway key of an http event.',
    });
  });
});

/** Every `custom.apiGateway` and event `apiGateway` block of the fixtures, valid or not. */
function fixtureConfigs(): Array<{ name: string; file: string; value: unknown }> {
  const found: Array<{ name: string; file: string; value: unknown }> = [];
  for (const fixture of readdirSync(FIXTURES)) {
    let service: {
      custom?: { apiGateway?: unknown };
      functions?: Record<string, { events?: Array<Record<string, { apiGateway?: unknown }>> }>;
    };
    try {
      service = yaml.load(
        readFileSync(path.join(FIXTURES, fixture, 'serverless.yml'), 'utf8'),
      ) as typeof service;
    } catch {
      continue; // no serverless.yml (generated fixtures)
    }
    if (service.custom?.apiGateway !== undefined) {
      found.push({
        name: fixture,
        file: SCHEMA_FILES.apiGateway,
        value: service.custom.apiGateway,
      });
    }
    const eventFiles: Record<string, string> = {
      http: SCHEMA_FILES.httpEvent,
      httpApi: SCHEMA_FILES.httpApiEvent,
      websocket: SCHEMA_FILES.websocketEvent,
    };
    for (const [functionName, fn] of Object.entries(service.functions ?? {})) {
      for (const [index, event] of (fn.events ?? []).entries()) {
        for (const [kind, settings] of Object.entries(event)) {
          if (eventFiles[kind] && settings?.apiGateway !== undefined) {
            found.push({
              name: `${fixture} ${functionName}[${index}]`,
              file: eventFiles[kind],
              value: settings.apiGateway,
            });
          }
        }
      }
    }
  }
  return found;
}

describe('precompiled schema validators (dist/schema-validators.js)', () => {
  it('were built from the schemas as they are now (npm run build)', () => {
    const module = loadPrecompiledValidators(PRECOMPILED_VALIDATORS_FILE, schemaFingerprint());
    assert.ok(module, 'dist/schema-validators.js is missing or stale: run npm run build');
    for (const file of Object.values(SCHEMA_FILES)) {
      assert.equal(typeof precompiledValidator(file), 'function', file);
    }
  });

  it('agree with the explaining validator on every fixture config, valid or not', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const corpus = fixtureConfigs();
    assert.ok(corpus.length > 40, `a corpus of fixture configs (${corpus.length})`);
    let invalid = 0;
    for (const { name, file, value } of corpus) {
      const expected = ajv.validate(loadBundledSchema(file), value);
      if (!expected) invalid += 1;
      assert.equal(precompiledValidator(file)?.(value), expected, name);
    }
    assert.ok(invalid > 0, 'the corpus has invalid configs too');
  });

  it('are not used when missing, or built from other schemas', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-validators-'));
    try {
      assert.equal(loadPrecompiledValidators(path.join(dir, 'none.js'), 'x'), null);
      const stale = path.join(dir, 'stale.js');
      writeFileSync(stale, 'exports.fingerprint = "old"; exports.x = () => true;\n');
      assert.equal(loadPrecompiledValidators(stale, 'new'), null);
      assert.equal(loadPrecompiledValidators(stale, 'old')?.fingerprint, 'old');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
