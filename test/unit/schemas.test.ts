/** The schemas must compile under a strict ajv (core compiles them strict) once bundled. */
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { loadBundledSchema, SCHEMA_FILES } from '../../src/config/schemas';

describe('schemas/', () => {
  for (const file of Object.values(SCHEMA_FILES)) {
    it(`${file} bundles without $ref and compiles with ajv strict mode`, () => {
      const schema = loadBundledSchema(file);
      assert.doesNotMatch(JSON.stringify(schema), /"\$ref"/);
      const ajv = new Ajv({ strict: true, allErrors: true });
      assert.doesNotThrow(() => ajv.compile(schema));
    });
  }

  it('compiles nested under custom, the way core registers it', () => {
    const ajv = new Ajv({ strict: true });
    const schema = {
      type: 'object',
      properties: {
        custom: {
          type: 'object',
          properties: { apiGateway: loadBundledSchema(SCHEMA_FILES.apiGateway) },
        },
      },
    };
    const validate = ajv.compile(schema);
    assert.equal(
      validate({ custom: { apiGateway: { stages: { prod: { tracing: true } } } } }),
      true,
    );
    assert.equal(
      validate({ custom: { apiGateway: { stages: { prod: { tracing: 'yes' } } } } }),
      false,
    );
  });

  it('hands out copies: callers may annotate what they get', () => {
    const first = loadBundledSchema(SCHEMA_FILES.apiGateway);
    first.title = 'changed';
    assert.notEqual(loadBundledSchema(SCHEMA_FILES.apiGateway).title, 'changed');
  });
});
