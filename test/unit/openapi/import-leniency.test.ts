/** Issue 15: documents API Gateway imports with warnings, its extensions, and Lambda integrations. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareOpenApiDefinition } from '../../../src/openapi/import';
import {
  applyApiSettings,
  checkApiSettings,
  definitionApiSettings,
} from '../../../src/openapi/import/api-settings';
import { checkExtensions, REST_EXTENSIONS } from '../../../src/openapi/import/extensions';
import { checkDocumentLambdas, resolveDocumentLambdas } from '../../../src/openapi/import/lambdas';
import { documentProblems, knownProblems } from '../../../src/openapi/import/leniency';
import { loadDefinitionWithProblems } from '../../../src/openapi/import/load';
import type { OpenApiDocument } from '../../../src/openapi/types';
import { readCoreSettings } from '../../../src/pipeline/core-settings';
import { httpEvents } from '../../helpers/config-builders';
import { FIXTURES, REPO_ROOT } from '../../helpers/serverless';

const INVALID = path.join(FIXTURES, 'openapi-doc-only-invalid-as-published');

function doc(value: Record<string, unknown>): OpenApiDocument {
  return value as OpenApiDocument;
}

describe('OpenAPI import: as lenient as API Gateway', () => {
  it('words the common problems of published examples, each at its JSON pointer', () => {
    const problems = knownProblems(
      doc({
        openapi: '3.0.1',
        info: { title: 'x' },
        paths: {
          '/a/{id}': {
            parameters: [{ name: 'id', in: 'path', required: true }],
            get: {
              parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
              responses: { '200': {}, '404': { description: 'none' } },
            },
          },
        },
      }),
    );
    assert.deepEqual(problems, [
      {
        pointer: '/info/version',
        message:
          'info.version is missing (OpenAPI requires a string); API Gateway imports the API without a version',
      },
      {
        pointer: '/paths/~1a~1{id}/parameters/0',
        message:
          "path parameter 'id' has no schema (OpenAPI 3.0 requires schema or content); API Gateway imports it as a string",
      },
      {
        pointer: '/paths/~1a~1{id}/get/responses/200',
        message: 'response 200 has no description (OpenAPI requires one); API Gateway imports it',
      },
    ]);
  });

  it("keeps the validator's other errors, one per pointer, without its oneOf noise or what the known problems say", () => {
    const document = doc({ openapi: '3.0.1', info: { title: 'x' }, paths: {} });
    const problems = documentProblems(document, [
      { instancePath: '/info', keyword: 'required', params: { missingProperty: 'version' } },
      { instancePath: '/paths/~1a', keyword: 'oneOf', message: 'must match exactly one schema' },
      {
        instancePath: '/paths/~1a/get',
        keyword: 'required',
        params: { missingProperty: '$ref' },
      },
      {
        instancePath: '/paths/~1a/get',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'summery' },
      },
      { instancePath: '/paths/~1a/get', keyword: 'type', message: 'must be object' },
    ]);
    assert.deepEqual(
      problems.map((problem) => problem.pointer),
      ['/info/version', '/paths/~1a/get'],
    );
    assert.equal(
      problems[1].message,
      'has a property OpenAPI does not define: summery; API Gateway imports it with a warning',
    );
  });

  it('loads an invalid-as-published document with its problems, and refuses what API Gateway refuses', async () => {
    const loaded = await loadDefinitionWithProblems(INVALID, './api.yaml');
    assert.equal(loaded.definition.type, 'swagger');
    assert.deepEqual(
      loaded.problems.map((problem) => problem.pointer),
      [
        '/info/version',
        '/paths/~1pets/get/parameters/0',
        '/paths/~1pets/get/parameters/1',
        '/paths/~1pets/get/responses/200',
        '/paths/~1pets~1{petId}/get/parameters/0',
      ],
    );
    await assert.rejects(
      loadDefinitionWithProblems(path.join(FIXTURES, 'openapi-import-swagger'), 'api31.yaml'),
      /API Gateway imports OpenAPI 3\.0/,
    );
  });

  it('prepares warnings with the pointer, and errors instead with failOnWarnings', async () => {
    const events = httpEvents([]);
    const core = readCoreSettings({
      service: 'svc',
      stageName: 'dev',
      region: 'eu-west-1',
      provider: {},
      functionNames: ['listPets', 'getPet', 'authorize'],
    });
    const lenient = await prepareOpenApiDefinition(
      { openapi: { definition: './api.yaml' } },
      events,
      INVALID,
      core,
    );
    assert.deepEqual(lenient.errors, []);
    assert.equal(lenient.warnings.length, 5);
    assert.deepEqual(lenient.warnings[0], {
      path: 'custom.apiGateway.openapi.definition',
      message:
        './api.yaml #/info/version: info.version is missing (OpenAPI requires a string); API Gateway imports the API without a version',
    });
    const strict = await prepareOpenApiDefinition(
      { openapi: { definition: './api.yaml', failOnWarnings: true } },
      events,
      INVALID,
      core,
    );
    assert.deepEqual(strict.warnings, []);
    assert.deepEqual(
      strict.errors.map((issue) => issue.message),
      lenient.warnings.map(
        (issue) => `${issue.message} (an error: openapi.failOnWarnings is true)`,
      ),
    );
  });
});

describe('OpenAPI import: x-amazon-apigateway-* extensions', () => {
  it('refuses the HTTP API ones by name, and warns about names API Gateway does not define', () => {
    const result = checkExtensions(
      doc({
        openapi: '3.0.1',
        'x-amazon-apigateway-cors': { allowOrigins: ['*'] },
        'x-amazon-apigateway-importexport-version': '1.0',
        paths: { '/a': { get: { 'x-amazon-apigateway-integratoin': {} } } },
        components: { 'x-amazon-apigateway-integrations': {} },
      }),
    );
    assert.deepEqual(
      result.refused.map((problem) => problem.pointer),
      [
        '/x-amazon-apigateway-cors',
        '/x-amazon-apigateway-importexport-version',
        '/components/x-amazon-apigateway-integrations',
      ],
    );
    assert.match(result.refused[0].message, /HTTP APIs only/);
    assert.deepEqual(result.unknown, [
      {
        pointer: '/paths/~1a/get/x-amazon-apigateway-integratoin',
        message:
          'x-amazon-apigateway-integratoin is not an extension API Gateway defines for REST APIs; it is ignored',
      },
    ]);
  });

  it('has one README row per extension, saying what the table says', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [
      ...readme.matchAll(/^\| `(x-amazon-apigateway-[a-z-]+)` +\| ([^|]+?) +\| ([^|]+?) +\|/gm),
    ];
    assert.deepEqual(
      rows.map((row) => row[1]),
      REST_EXTENSIONS.map((rule) => rule.name),
    );
    for (const [index, rule] of REST_EXTENSIONS.entries()) {
      assert.equal(rows[index][2], rule.where, rule.name);
      assert.equal(
        rows[index][3],
        rule.handling === 'restApi' ? 'body + RestApi' : rule.handling,
        rule.name,
      );
    }
  });

  it('writes the API-level ones as RestApi properties, and refuses a value the config sets differently', () => {
    const settings = definitionApiSettings(
      doc({
        'x-amazon-apigateway-binary-media-types': ['image/png'],
        'x-amazon-apigateway-endpoint-configuration': { vpcEndpointIds: ['vpce-1'] },
        tags: [{ name: 'team', 'x-amazon-apigateway-tag-value': 'pets' }, { name: 'plain' }],
      }),
    );
    assert.deepEqual(
      applyApiSettings(
        { EndpointConfiguration: { Types: ['PRIVATE'] }, Tags: [{ Key: 'owner', Value: 'me' }] },
        settings,
      ),
      {
        EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-1'] },
        BinaryMediaTypes: ['image/png'],
        Tags: [
          { Key: 'owner', Value: 'me' },
          { Key: 'team', Value: 'pets' },
        ],
      },
    );
    const core = readCoreSettings({
      service: 's',
      stageName: 'dev',
      region: 'eu-west-1',
      provider: {},
    });
    assert.deepEqual(
      checkApiSettings(
        settings,
        './api.yaml',
        { restApi: { binaryMediaTypes: ['image/png'] } },
        core,
      ),
      [],
    );
    assert.deepEqual(
      checkApiSettings(
        settings,
        './api.yaml',
        { restApi: { binaryMediaTypes: ['application/pdf'], tags: { team: 'orders' } } },
        core,
      ).map((issue) => issue.message),
      [
        './api.yaml #/x-amazon-apigateway-binary-media-types is ["image/png"] and custom.apiGateway.restApi.binaryMediaTypes is ["application/pdf"]: set it in one place, or make them agree',
        './api.yaml tags the API team=pets (x-amazon-apigateway-tag-value) and custom.apiGateway.restApi.tags.team is orders: set it in one place, or make them agree',
      ],
    );
  });
});

describe("OpenAPI import: a document's Lambda integrations", () => {
  const functions = [
    { name: 'listPets', logicalId: 'ListPetsLambdaFunction', deployedName: 'svc-dev-listPets' },
    { name: 'getPet', logicalId: 'GetPetLambdaFunction', deployedName: 'svc-dev-getPet' },
    { name: 'unused', logicalId: 'UnusedLambdaFunction', deployedName: 'svc-dev-unused' },
  ];
  const integration = (uri: unknown, type = 'aws_proxy') => ({
    'x-amazon-apigateway-integration': { type, httpMethod: 'POST', uri },
  });
  const document = doc({
    swagger: '2.0',
    paths: {
      '/a': { get: integration({ function: 'listPets' }) },
      '/b': {
        get: integration(
          'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetPetLambdaFunction.Arn}:${stageVariables.alias}/invocations',
        ),
      },
      '/c': {
        get: integration(
          'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:elsewhere/invocations',
        ),
      },
      '/d': { get: integration('https://example.com/${stageVariables.x}', 'http') },
      '/e': {
        get: integration(
          'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:svc-dev-listPets/invocations',
        ),
      },
    },
  });

  it("resolves shorthands and ${…} references, finds the service's functions, and leaves other ARNs alone", () => {
    const resolved = resolveDocumentLambdas(
      document,
      functions,
      new Set(functions.map((fn) => fn.logicalId)),
    );
    const paths = (
      resolved.document as { paths: Record<string, { get: Record<string, { uri: unknown }> }> }
    ).paths;
    const uri = (path: string) => paths[path].get['x-amazon-apigateway-integration'].uri;
    assert.deepEqual(uri('/a'), {
      'Fn::Sub':
        'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ListPetsLambdaFunction.Arn}/invocations',
    });
    assert.deepEqual(uri('/b'), {
      'Fn::Sub':
        'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetPetLambdaFunction.Arn}:${!stageVariables.alias}/invocations',
    });
    assert.equal(
      uri('/c'),
      (document.paths as Record<string, { get: Record<string, { uri: unknown }> }>)['/c'].get[
        'x-amazon-apigateway-integration'
      ].uri,
    );
    assert.equal(uri('/d'), 'https://example.com/${stageVariables.x}');
    assert.deepEqual(
      resolved.called.map((fn) => fn.name),
      ['listPets', 'getPet'],
    );
  });

  it('refuses a shorthand that names no function of the service', () => {
    assert.deepEqual(
      checkDocumentLambdas(
        doc({ paths: { '/a': { get: integration({ function: 'lisPets' }) } } }),
        ['listPets'],
      ),
      [
        {
          pointer: '/paths/~1a/get/x-amazon-apigateway-integration/uri',
          message:
            '{ function: lisPets } names no function of this service (its functions: listPets)',
        },
      ],
    );
  });
});
