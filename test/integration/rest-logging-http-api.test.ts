/**
 * A REST stage that logs, next to an HTTP API the config says nothing about
 * (test/fixtures/rest-logging-http-api), packaged by the real framework with and without
 * custom.apiGateway: core's HTTP API stays byte for byte, and core's account CloudWatch-role
 * function runs a Node.js runtime AWS still lets a stack create.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { CLOUD_WATCH_ROLE_RUNTIME } from '../../src/features/stage/core-handover';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  normalizedTemplate,
  packageService,
  type PackageResult,
} from '../helpers/serverless';

const ROLE_FUNCTION = 'CustomDashresourceDashapigwDashcwDashroleLambdaFunction';

/** Every resource of the HTTP API core compiled (the API, stage, log group, routes, permissions …). */
function httpApiResources(template: CfnTemplate): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([id, resource]) => id.includes('HttpApi') || resource.Type.includes('ApiGatewayV2'))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('serverless package: a logging REST stage next to an HTTP API', () => {
  const dir = path.join(FIXTURES, 'rest-logging-http-api');
  let withKit: PackageResult;
  let coreOnly: PackageResult;

  before(() => {
    withKit = packageService(dir, { stage: 'prod' });
    coreOnly = packageService(dir, { stage: 'prod', args: ['--config', 'serverless.plain.yml'] });
  });

  it('emits a valid template', () => {
    assertValidTemplate(withKit.template);
  });

  it("keeps core's HTTP API resources and outputs byte for byte", () => {
    const core = httpApiResources(coreOnly.template);
    assert.ok(Object.keys(core).length >= 6, Object.keys(core).join(', '));
    assert.equal(
      JSON.stringify(httpApiResources(withKit.template), null, 2),
      JSON.stringify(core, null, 2),
    );
    for (const output of ['HttpApiId', 'HttpApiUrl'])
      assert.deepEqual(withKit.template.Outputs?.[output], coreOnly.template.Outputs?.[output]);
  });

  it("runs core's account CloudWatch-role function on a current runtime, nothing else changed", () => {
    const customResource = withKit.template.Resources.CustomApiGatewayAccountCloudWatchRole;
    assert.deepEqual(customResource?.Properties?.ServiceToken, {
      'Fn::GetAtt': [ROLE_FUNCTION, 'Arn'],
    });
    assert.equal(CLOUD_WATCH_ROLE_RUNTIME, 'nodejs22.x');
    // Serverless v3.40 alone writes nodejs18.x, which AWS stops letting stacks create.
    const core = coreOnly.template.Resources[ROLE_FUNCTION];
    assert.equal(core.Properties?.Runtime, 'nodejs18.x');
    assert.deepEqual(
      normalizedTemplate({ Resources: { f: withKit.template.Resources[ROLE_FUNCTION] } }),
      normalizedTemplate({
        Resources: {
          f: { ...core, Properties: { ...core.Properties, Runtime: CLOUD_WATCH_ROLE_RUNTIME } },
        },
      }),
    );
  });

  it("under osls keeps osls's own choice, the service's Node.js runtime", () => {
    const osls = packageService(dir, { stage: 'prod', framework: 'osls' });
    assertValidTemplate(osls.template);
    assert.equal(osls.template.Resources[ROLE_FUNCTION]?.Properties?.Runtime, 'nodejs22.x');
  });
});
