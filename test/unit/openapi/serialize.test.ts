/** JSON and YAML output of the document, and the info/servers overrides applied to it. */
import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { applyOverrides } from '../../../src/openapi/overrides';
import { formatFromPath, toYaml } from '../../../src/openapi/serialize';

describe('serialization and overrides', () => {
  it('writes YAML that reads back as the same data', () => {
    const value = {
      openapi: '3.0.1',
      info: { title: 'Orders: v1', version: '1.0', description: 'line one\nline "two"' },
      paths: {
        '/orders/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': { description: '200 response' }, default: { description: '' } },
          },
        },
      },
      empty: {},
      list: [],
      words: ['yes', 'no', 'null', 'true', '1e3', '0x1F', '- dash', '#hash', '', ' padded '],
      numbers: [0, -1.5, 1e21],
      nested: [[1, [2]], { a: { b: [{ c: null }] } }],
    };
    const text = toYaml(value);
    assert.deepEqual(yaml.load(text), value);
    assert.equal(toYaml(value), text);
    assert.match(text, /^openapi: "3\.0\.1"\ninfo:\n {2}title: "Orders: v1"\n/);
  });

  it('chooses the format from the file name', () => {
    assert.equal(formatFromPath('a/openapi.YAML'), 'yaml');
    assert.equal(formatFromPath('openapi.yml'), 'yaml');
    assert.equal(formatFromPath('openapi.json'), 'json');
    assert.equal(formatFromPath(undefined), 'json');
  });

  it('sets host, basePath and schemes from the first server in Swagger 2.0, with a warning for the others', () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      host: 'abc.execute-api.eu-west-1.amazonaws.com',
      basePath: '/dev',
      paths: {},
    };
    const input = structuredClone(swagger);
    const result = applyOverrides(input, {
      info: { description: 'd' },
      servers: [{ url: 'http://localhost:3000/' }, { url: 'https://api.example.com/v1' }],
    });
    assert.deepEqual(result.document, {
      ...swagger,
      info: { title: 't', version: '1', description: 'd' },
      host: 'localhost:3000',
      basePath: '/',
      schemes: ['http'],
    });
    assert.deepEqual(result.warnings, [
      'Swagger 2.0 has a single host: the document uses the first of the 2 custom.apiGateway.openapi.servers (http://localhost:3000/); use --type oas30 for all of them.',
    ]);
    assert.deepEqual(input, swagger);
  });
});
