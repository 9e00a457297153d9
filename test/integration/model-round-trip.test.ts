/**
 * The round trip through the API model, on every fixture with a REST API packaged by the real
 * framework: template → model → OpenAPI body → a template whose RestApi has that Body → model
 * gives the same model (up to what a Body cannot say: see `comparable` in
 * test/unit/model/round-trip.ts). Each fixture is packaged once. The offline export of the
 * body-mode package, read from its Body, is the export of the resources-mode package.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { buildOfflineDocument } from '../../src/openapi/offline';
import {
  BODY_MODE,
  EXCLUDED_FIXTURES as EXCLUDED,
  packagedRestFixture,
  REST_FIXTURE_CASES as CASES,
  RESOURCES_MODE,
} from '../helpers/rest-fixtures';
import { FIXTURES } from '../helpers/serverless';
import { comparable, roundTrip } from '../unit/model/round-trip';

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
      const template = packagedRestFixture(item);
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
