/**
 * Proof that core's after-deploy stage patch (serverless@3's `hack/update-stage.js`, which sets
 * logs, tracing, metrics and tags through the SDK after every deploy) changes nothing the Stage
 * resource declares. The test runs core's real function on the state file `serverless package`
 * wrote, with API Gateway answering as it would after CloudFormation created our Stage.
 *
 * Only the test reaches into core's internals; the plugin never does.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import sinon from 'sinon';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { FIXTURES, packageService, REPO_ROOT, type PackageResult } from '../helpers/serverless';

interface HackCall {
  service: string;
  method: string;
  params: Record<string, unknown>;
}

type UpdateStage = (this: unknown) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- core's internal module, loaded by path on purpose
const { updateStage } = require(
  path.join(
    REPO_ROOT,
    'node_modules/serverless/lib/plugins/aws/package/compile/events/api-gateway/lib/hack/update-stage.js',
  ),
) as { updateStage: UpdateStage };

function tagsOf(template: CfnTemplate): Record<string, string> {
  const tags = (template.Resources.ApiGatewayStage?.Properties?.Tags ?? []) as Array<{
    Key: string;
    Value: string;
  }>;
  return Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]));
}

/** Runs core's patch against a stage in the state our template declares; returns its SDK calls. */
async function runCorePatch(result: PackageResult, stageName: string): Promise<HackCall[]> {
  const calls: HackCall[] = [];
  const apiName = String(result.template.Resources.ApiGatewayRestApi.Properties?.Name);
  const deployedStage = {
    stageName,
    deploymentId: 'dep123',
    // CloudFormation adds its own aws: tags next to the ones the template declares.
    tags: { ...tagsOf(result.template), 'aws:cloudformation:stack-name': 'x' },
  };
  const request = sinon
    .stub()
    .callsFake(async (service: string, method: string, params: Record<string, unknown>) => {
      calls.push({ service, method, params });
      if (method === 'getRestApis') return { items: [{ name: apiName, id: 'api123' }] };
      if (method === 'getStage') return deployedStage;
      if (method === 'getDeployments') return { items: [{ id: 'dep123' }] };
      return {};
    });
  const state = result.state as {
    service: { provider: Record<string, unknown>; service: string; functions: unknown };
  };
  const context = {
    state,
    options: { stage: stageName, region: 'eu-central-1' },
    provider: {
      request,
      getAccountInfo: async () => ({ accountId: '123456789012', partition: 'aws' }),
      getApiGatewayStage: () => stageName,
      naming: { getApiGatewayName: () => apiName },
    },
    serverless: {
      utils: { isEventUsed: () => true },
      service: { provider: { compiledCloudFormationTemplate: result.template } },
    },
  };
  await updateStage.call(context);
  return calls;
}

describe("core's after-deploy stage patch", () => {
  const dir = path.join(FIXTURES, 'core-features');
  let withPlugin: PackageResult;
  let without: PackageResult;

  before(() => {
    withPlugin = packageService(dir, { stage: 'prod' });
    without = packageService(dir, { stage: 'prod', args: ['--config', 'serverless.plain.yml'] });
  });

  it('patches logs, tracing and metrics of a stage core created (control: the test can fail)', async () => {
    const calls = await runCorePatch(without, 'prod');
    const update = calls.find((call) => call.method === 'updateStage');
    assert.ok(update, 'core patches the stage when the plugin is absent');
    const paths = (update.params.patchOperations as Array<{ path: string }>).map(
      (operation) => operation.path,
    );
    assert.ok(paths.includes('/tracingEnabled'));
    assert.ok(paths.includes('/*/*/logging/loglevel'));
  });

  it('changes nothing the Stage resource declares when the plugin owns the stage', async () => {
    const calls = await runCorePatch(withPlugin, 'prod');
    assert.equal(calls.filter((call) => call.method === 'updateStage').length, 0, 'no stage patch');
    assert.equal(
      calls.filter((call) => call.method === 'createStage').length,
      0,
      'no stage creation',
    );
    assert.equal(
      calls.filter((call) => call.method === 'untagResource').length,
      0,
      'no tag removed',
    );
    for (const call of calls.filter((c) => c.method === 'tagResource')) {
      assert.deepEqual(
        call.params.tags,
        tagsOf(withPlugin.template),
        'tags re-applied with the declared values only',
      );
    }
  });
});
