/**
 * Proof that core's after-deploy stage patch (`hack/update-stage.js`, which sets logs, tracing,
 * metrics and tags through the SDK after every deploy) changes nothing the Stage resource
 * declares. The test runs core's real function on the state file `serverless package` wrote, with
 * API Gateway answering as it would after CloudFormation created our Stage: serverless@3's (through
 * `provider.request`, stubbed) and osls's (AWS SDK v3 clients, mocked with aws-sdk-client-mock).
 *
 * Only the test reaches into core's internals; the plugin never does.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
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

const OSLS_HACK = path.join(
  REPO_ROOT,
  'node_modules/osls/lib/plugins/aws/package/compile/events/api-gateway/lib/hack/update-stage.js',
);
/** The SDK modules as osls resolves them: the clients to mock are the ones it constructs. */
function oslsModule<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved from osls on purpose
  return require(require.resolve(name, { paths: [path.dirname(OSLS_HACK)] })) as T;
}
const {
  APIGatewayClient,
  CreateStageCommand,
  GetDeploymentsCommand,
  GetRestApisCommand,
  GetStageCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStageCommand,
} = oslsModule<typeof import('@aws-sdk/client-api-gateway')>('@aws-sdk/client-api-gateway');
// Only mocked (osls deletes a log group it no longer needs): any SDK client class type will do.
const { CloudWatchLogsClient } = oslsModule<{
  CloudWatchLogsClient: typeof import('@aws-sdk/client-api-gateway').APIGatewayClient;
}>('@aws-sdk/client-cloudwatch-logs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- osls's internal module, loaded by path on purpose
const { updateStage: oslsUpdateStage } = require(OSLS_HACK) as { updateStage: UpdateStage };

/** osls's patch (SDK v3 clients) against a stage in the state our template declares. */
async function runOslsPatch(result: PackageResult, stageName: string) {
  const apiName = String(result.template.Resources.ApiGatewayRestApi.Properties?.Name);
  const apiGateway = mockClient(APIGatewayClient);
  const logs = mockClient(CloudWatchLogsClient);
  try {
    apiGateway.on(GetRestApisCommand).resolves({ items: [{ name: apiName, id: 'api123' }] });
    apiGateway.on(GetDeploymentsCommand).resolves({ items: [{ id: 'dep123' }] });
    apiGateway.on(GetStageCommand).resolves({
      stageName,
      deploymentId: 'dep123',
      tags: { ...tagsOf(result.template), 'aws:cloudformation:stack-name': 'x' },
    });
    logs.onAnyCommand().resolves({});
    const context = {
      state: result.state,
      options: { stage: stageName, region: 'eu-central-1' },
      provider: {
        getAwsSdkV3Config: async () => ({
          region: 'eu-central-1',
          credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        }),
        getAccountInfo: async () => ({ accountId: '123456789012', partition: 'aws' }),
        getApiGatewayStage: () => stageName,
        naming: { getApiGatewayName: () => apiName },
      },
      serverless: {
        utils: { isEventUsed: () => true },
        service: { provider: { compiledCloudFormationTemplate: result.template } },
      },
    };
    await oslsUpdateStage.call(context);
    return {
      stageReads: apiGateway.commandCalls(GetStageCommand).length,
      updates: apiGateway.commandCalls(UpdateStageCommand).length,
      creates: apiGateway.commandCalls(CreateStageCommand).length,
      untags: apiGateway.commandCalls(UntagResourceCommand).length,
      tags: apiGateway.commandCalls(TagResourceCommand).map((call) => call.args[0].input.tags),
    };
  } finally {
    apiGateway.restore();
    logs.restore();
  }
}

describe("osls's after-deploy stage patch (AWS SDK v3)", () => {
  let dir: string;
  let withPlugin: PackageResult;
  let without: PackageResult;

  before(() => {
    // osls refuses frameworkVersion: '3'.
    dir = mkdtempSync(path.join(os.tmpdir(), 'osls-core-patch-'));
    cpSync(path.join(FIXTURES, 'core-features'), dir, {
      recursive: true,
      filter: (source) => !source.includes('.serverless'),
    });
    for (const file of ['serverless.yml', 'serverless.plain.yml']) {
      const config = path.join(dir, file);
      writeFileSync(config, readFileSync(config, 'utf8').replace(/^frameworkVersion:.*\n/m, ''));
    }
    withPlugin = packageService(dir, { stage: 'prod', framework: 'osls' });
    without = packageService(dir, {
      stage: 'prod',
      framework: 'osls',
      args: ['--config', 'serverless.plain.yml'],
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('patches the stage core created (control: the test can fail)', async () => {
    assert.ok((await runOslsPatch(without, 'prod')).updates > 0);
  });

  it('changes nothing the Stage resource declares when the plugin owns the stage', async () => {
    const calls = await runOslsPatch(withPlugin, 'prod');
    assert.ok(calls.stageReads > 0, 'osls ran its patch (the service has tags)');
    assert.ok(calls.tags.length > 0, 'and re-applied the tags');
    assert.equal(calls.updates, 0, 'no stage patch');
    assert.equal(calls.creates, 0, 'no stage creation');
    assert.equal(calls.untags, 0, 'no tag removed');
    for (const tags of calls.tags) assert.deepEqual(tags, tagsOf(withPlugin.template));
  });
});
