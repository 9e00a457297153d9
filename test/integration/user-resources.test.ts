/**
 * Services people actually have: older provider shapes, and their own `resources:` (issue 14).
 * Runs the real `serverless package` on test/fixtures/legacy-settings and user-resources.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
} from '../helpers/serverless';

const LEGACY = path.join(FIXTURES, 'legacy-settings');
const USER_RESOURCES = path.join(FIXTURES, 'user-resources');

function warnings(result: { stdout: string; stderr: string }): string {
  return plain(`${result.stdout}\n${result.stderr}`);
}

function stageProperties(template: CfnTemplate, id = 'ApiGatewayStage'): Record<string, unknown> {
  const stage = template.Resources[id];
  assert.equal(stage?.Type, 'AWS::ApiGateway::Stage');
  return stage.Properties ?? {};
}

describe('serverless package: services people actually have', () => {
  describe('legacy provider settings', () => {
    let result: PackageResult;
    before(() => {
      result = packageService(LEGACY);
    });

    it('packages a valid template, reading each setting as core does', () => {
      assertValidTemplate(result.template);
      const api = result.template.Resources.ApiGatewayRestApi.Properties ?? {};
      assert.deepEqual(api.EndpointConfiguration, { Types: ['REGIONAL'] });
      assert.equal(api.MinimumCompressionSize, 1024);
      assert.deepEqual(api.BinaryMediaTypes, ['image/png']);
      const stage = stageProperties(result.template);
      assert.equal(stage.TracingEnabled, true);
      const [methodSettings] = stage.MethodSettings as Array<Record<string, unknown>>;
      assert.equal(methodSettings.MetricsEnabled, true);
      assert.equal(methodSettings.LoggingLevel, 'ERROR');
      // provider.logs.restApi: true is core's access log (its default format).
      assert.ok((stage.AccessLogSetting as Record<string, unknown> | undefined)?.Format);
    });

    it('refuses provider.tracing: true with the path and the fix, not a TypeError', () => {
      const failure = packageServiceExpectingFailure(LEGACY, {
        args: ['--config', 'serverless.refused.yml'],
      });
      const output = warnings(failure);
      assert.match(output, /provider\.tracing: true is not read by Serverless/);
      assert.match(output, /apiGateway and lambda/);
      assert.doesNotMatch(output, /TypeError|\n\s+at .*\.js:\d+/);
    });
  });

  describe("the user's own resources and outputs", () => {
    let result: PackageResult;
    before(() => {
      result = packageService(USER_RESOURCES);
    });

    it('packages a valid template', () => {
      assertValidTemplate(result.template);
    });

    it('keeps the Output the user declares whole (no Export or Description of ours mixed in)', () => {
      assert.deepEqual(result.template.Outputs?.ApiGatewayRestApiId, {
        Value: { Ref: 'ApiGatewayRestApi' },
        Export: { Name: 'kit-user-resources-dev-rest-api-id' },
      });
      assert.match(
        warnings(result),
        /resources\.Outputs\.ApiGatewayRestApiId: the plugin also emits/,
      );
      // Outputs the user does not declare are still ours.
      assert.ok(result.template.Outputs?.ApiGatewayStageUrl);
    });

    it('keeps a property the user sets on a resource the plugin changed whole (lists not merged)', () => {
      const api = result.template.Resources.ApiGatewayRestApi.Properties ?? {};
      assert.deepEqual(api.BinaryMediaTypes, ['image/jpeg']);
      assert.deepEqual(api.EndpointConfiguration, { Types: ['REGIONAL'] });
      assert.match(
        warnings(result),
        /resources\.Resources\.ApiGatewayRestApi\.Properties: BinaryMediaTypes is also set by the plugin/,
      );
    });

    it('makes every user resource that names the stage wait for the Stage', () => {
      for (const id of [
        'ApiBasePathMapping',
        'PartnerUsagePlan',
        'ApiFirewallAssociation',
        'ApiMapping',
        'WarmUp',
      ]) {
        assert.deepEqual(result.template.Resources[id]?.DependsOn, ['ApiGatewayStage'], id);
      }
      assert.equal(result.template.Resources.Unrelated.DependsOn, undefined);
      assert.equal(result.template.Resources.ApiDomain.DependsOn, undefined);
    });

    it("adopts the user's Stage of the same stage, with the plugin's settings applied", () => {
      const adopted = packageService(USER_RESOURCES, {
        args: ['--config', 'serverless.adopt.yml'],
      });
      assertValidTemplate(adopted.template);
      const stages = Object.entries(adopted.template.Resources).filter(
        ([, resource]) => resource.Type === 'AWS::ApiGateway::Stage',
      );
      assert.deepEqual(
        stages.map(([id]) => id),
        ['ApiStage'],
      );
      const stage = adopted.template.Resources.ApiStage;
      const properties = stage.Properties ?? {};
      assert.equal(properties.TracingEnabled, true);
      assert.equal(properties.Description, 'Orders API (dev)');
      assert.deepEqual(properties.Variables, { backend: 'https://orders.internal.example.com' });
      const [methodSettings] = properties.MethodSettings as Array<Record<string, unknown>>;
      assert.equal(methodSettings.LoggingLevel, 'ERROR');
      assert.match(
        String((properties.DeploymentId as { Ref: string }).Ref),
        /^ApiGatewayDeployment\d+$/,
      );
      assert.deepEqual(stage.DependsOn, ['ApiDomain', 'CustomApiGatewayAccountCloudWatchRole']);
      assert.deepEqual(adopted.template.Resources.ApiBasePathMapping.DependsOn, ['ApiStage']);
      assert.equal(
        JSON.stringify(adopted.template).includes('ApiGatewayStage"'),
        false,
        'every reference to the plugin Stage follows it to ApiStage',
      );
      assert.match(
        warnings(adopted),
        /resources\.Resources\.ApiStage: .*the plugin adopts it.*MethodSettings set here is replaced/,
      );
    });

    it('refuses a user Deployment with the stage name, naming the resource and the fix', () => {
      const failure = packageServiceExpectingFailure(USER_RESOURCES, {
        args: ['--config', 'serverless.deployment.yml'],
      });
      const output = warnings(failure);
      assert.match(output, /resources\.Resources\.ForcedDeployment: .*StageName "dev"/);
      assert.match(output, /Remove StageName/);
      assert.doesNotMatch(output, /\n\s+at .*\.js:\d+/);
    });
  });
});
