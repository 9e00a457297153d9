/**
 * Export → import → export (issue 15): for every fixture with a REST API, the offline OpenAPI
 * document of the packaged template, imported in body mode, exports as the same document.
 *
 * - Export: `buildOfflineDocument`, the function `sls export-openapi --offline` runs, called on the
 *   packaged template (one package per fixture keeps this fast); the body-mode fixture also goes
 *   through the real command, whose document must be the in-process one.
 * - The document exported is the one meant for importing: `--extensions apigateway` (integrations,
 *   authorizers, validators, API settings), OpenAPI 3.0 and Swagger 2.0. Without extensions a
 *   document has no integrations, and API Gateway cannot import a method without one.
 * - Import in body mode: the packaged template with the document as its RestApi's `Body` in place
 *   of the resources that defined the API (Resource, Method, Authorizer, Model, RequestValidator,
 *   GatewayResponse), the RestApi keeping only the properties a document cannot state, and the
 *   Stage, Deployment, usage plans and functions as packaged (test/helpers/export-round-trip.ts).
 *   The plugin's own body-mode compile is not used: it builds the body from the functions' http
 *   events (and merges an `openapi.definition` with them), so it would not show that the exported
 *   document alone defines the API. The document's `${…}` placeholders become `Fn::Sub` again, as a
 *   user deploying it writes them.
 * - Compared: the second export deep-equals the first, after one documented normalisation
 *   (`gatewayResponsesAsImported`: the gateway responses the export lists on each operation become
 *   the method's own responses when imported). The second export, imported again, gives itself
 *   exactly, with no normalisation: one import reaches the fixed point.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { buildOfflineDocument, type OfflineOptions } from '../../src/openapi/offline';
import type { OpenApiDocument } from '../../src/openapi/types';
import { exportRoundTrip, gatewayResponsesAsImported } from '../helpers/export-round-trip';
import { BODY_MODE, packagedRestFixture, REST_FIXTURE_CASES } from '../helpers/rest-fixtures';
import { FIXTURES, plain, runServerless } from '../helpers/serverless';

const TYPES = ['oas30', 'swagger'] as const;

function exportOptions(type: OfflineOptions['type'], stageName: string): OfflineOptions {
  return {
    type,
    extensions: 'apigateway',
    api: 'rest',
    stageName,
    region: 'eu-west-1',
    fallbackTitle: 'fallback',
  };
}

/**
 * swagger-parser refuses a Swagger 2.0 path with a greedy variable (`/{proxy+}` declares parameter
 * `proxy`), which API Gateway writes and imports: such paths are validated with the `+` taken out
 * (the rest of the document is checked as written).
 */
async function assertValid(document: OpenApiDocument): Promise<void> {
  const copy = structuredClone(document) as OpenApiDocument & { paths: Record<string, unknown> };
  if (typeof document.swagger === 'string') {
    copy.paths = Object.fromEntries(
      Object.entries(copy.paths).map(([route, item]) => [route.replace(/\+\}/g, '}'), item]),
    );
  }
  await SwaggerParser.validate(copy as never);
}

function assertSameDocument(
  template: CfnTemplate,
  options: OfflineOptions,
  first?: OpenApiDocument,
) {
  const trip = exportRoundTrip(template, options, first);
  assert.ok(Object.keys(trip.first.paths as object).length > 0, 'the first export has paths');
  assert.ok(
    !Object.values(trip.imported.Resources).some(
      (resource) => resource.Type === 'AWS::ApiGateway::Method',
    ),
    'the second export was read from the Body alone',
  );
  assert.deepEqual(trip.warnings, []);
  assert.deepEqual(trip.second, gatewayResponsesAsImported(trip.first));
  const again = exportRoundTrip(trip.imported, options, trip.second);
  assert.deepEqual(again.second, trip.second, 'imported again: the same document, unnormalised');
  return trip;
}

describe('OpenAPI export round trip on the fixtures (export → import in body mode → export)', function () {
  this.timeout(300_000);

  const packaged = new Map<string, CfnTemplate>();

  for (const item of REST_FIXTURE_CASES) {
    it(`exports the same document after the import: ${item.name}`, async () => {
      const template = packagedRestFixture(item);
      packaged.set(item.name, template);
      for (const type of TYPES) {
        const { first } = assertSameDocument(
          template,
          exportOptions(type, item.options?.stage ?? 'dev'),
        );
        await assertValid(first);
      }
    });
  }

  it('sls export-openapi --offline exports the body-mode API, and its document round-trips', async function () {
    const template = packaged.get(BODY_MODE);
    if (!template) this.skip();
    const output = path.join(mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-oa-')), 'api.json');
    const fixture = REST_FIXTURE_CASES.find((item) => item.name === BODY_MODE);
    const result = runServerless(
      path.join(FIXTURES, 'openapi-body'),
      [
        'export-openapi',
        '--offline',
        '--extensions',
        'apigateway',
        '--stage',
        'dev',
        '--output',
        output,
      ],
      { env: fixture?.options?.env ?? {} },
    );
    assert.equal(result.status, 0, plain(result.stdout + result.stderr));
    const exported = JSON.parse(readFileSync(output, 'utf8')) as OpenApiDocument;
    const options = exportOptions('oas30', 'dev');
    // The command's document is the function's, on its own package of the same service.
    assert.deepEqual(exported, buildOfflineDocument(template, options).document);
    assertSameDocument(template, options, exported);
  });
});
