/**
 * The plugin class against a stand-in Serverless instance: schema registration, hook wiring,
 * the hand-over of core's stage settings, and the stage migration around deploy with the AWS SDK
 * mocked at the client.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APIGatewayClient,
  CreateStageCommand,
  DeleteStageCommand,
  GetStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { SNAPSHOT_FILE } from '../../src/deploy/stage-migration-controller';
import { ApiGatewayKitPlugin, type PluginUtils, type ServerlessLike } from '../../src/plugin';

class FakeServerlessError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Fake {
  serverless: ServerlessLike;
  plugin: ApiGatewayKitPlugin;
  template: CfnTemplate;
  provider: Record<string, unknown>;
  log: { [K in 'error' | 'warning' | 'notice' | 'info' | 'verbose']: sinon.SinonStub };
  schemaHandler: {
    defineCustomProperties: sinon.SinonStub;
    defineFunctionEventProperties: sinon.SinonStub;
  };
  writeText: sinon.SinonStub;
}

function coreTemplate(): CfnTemplate {
  return {
    Resources: {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'prod-orders' } },
      ApiGatewayMethodGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, HttpMethod: 'GET' },
      },
      ApiGatewayDeployment1: {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'prod' },
      },
    },
  };
}

function fake(options: {
  custom?: Record<string, unknown>;
  provider?: Record<string, unknown>;
  events?: unknown[];
  cli?: Record<string, unknown>;
  serviceDir?: string;
}): Fake {
  const template = coreTemplate();
  const provider: Record<string, unknown> = {
    name: 'aws',
    compiledCloudFormationTemplate: template,
    ...options.provider,
  };
  const schemaHandler = {
    defineCustomProperties: sinon.stub(),
    defineFunctionEventProperties: sinon.stub(),
  };
  const serverless: ServerlessLike = {
    service: {
      service: 'orders',
      custom: options.custom,
      provider: provider as ServerlessLike['service']['provider'],
      getAllFunctions: () => ['getOrder'],
      getFunction: () => ({
        events: options.events ?? [{ http: { method: 'get', path: 'orders' } }],
      }),
    },
    serviceDir: options.serviceDir ?? mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-plugin-')),
    configSchemaHandler: schemaHandler,
    classes: { Error: FakeServerlessError },
    getProvider: () => ({
      getStage: () => 'prod',
      getRegion: () => 'eu-west-1',
      getCredentials: () => ({
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      }),
      naming: {
        getRestApiLogicalId: () => 'ApiGatewayRestApi',
        getStageLogicalId: () => 'ApiGatewayStage',
        getApiGatewayLogGroupLogicalId: () => 'ApiGatewayLogGroup',
        getApiGatewayName: () => 'prod-orders',
        getStackName: () => 'orders-prod',
      },
    }),
  };
  const log = {
    error: sinon.stub(),
    warning: sinon.stub(),
    notice: sinon.stub(),
    info: sinon.stub(),
    verbose: sinon.stub(),
  };
  const writeText = sinon.stub();
  const utils = { log: Object.assign(sinon.stub(), log), writeText } as unknown as PluginUtils;
  const plugin = new ApiGatewayKitPlugin(serverless, options.cli ?? {}, utils);
  return { serverless, plugin, template, provider, log, schemaHandler, writeText };
}

async function runPackageHooks(plugin: ApiGatewayKitPlugin): Promise<void> {
  for (const hook of [
    'before:package:cleanup',
    'before:package:compileEvents',
    'package:compileEvents',
    'before:package:finalize',
    'after:package:finalize',
  ]) {
    await plugin.hooks[hook]();
  }
}

describe('ApiGatewayKitPlugin', () => {
  it('`sls apigateway` alone lists its sub-commands and their options (issue 20)', async () => {
    const { plugin, writeText } = fake({});
    await plugin.hooks['apigateway:help']();
    sinon.assert.calledOnce(writeText);
    const text = String(writeText.firstCall.args[0]);
    assert.match(text, /sls apigateway render {2}Render a VTL mapping template/);
    assert.match(text, /sls apigateway serve {2}Serve the packaged REST and HTTP APIs/);
    assert.match(text, /--route/);
    assert.match(text, /--port/);
  });

  it('registers custom.apiGateway and the apiGateway key of http events with core', () => {
    const { schemaHandler } = fake({});
    const custom = schemaHandler.defineCustomProperties.firstCall.args[0] as {
      properties: { apiGateway: { title: string } };
    };
    assert.equal(custom.properties.apiGateway.title, 'custom.apiGateway');
    assert.deepEqual(schemaHandler.defineFunctionEventProperties.firstCall.args.slice(0, 2), [
      'aws',
      'http',
    ]);
  });

  it('leaves services without custom.apiGateway untouched', async () => {
    const { plugin, template, provider } = fake({
      provider: { logs: { restApi: true }, tracing: { apiGateway: true } },
    });
    const before = structuredClone({ template, logs: provider.logs, tracing: provider.tracing });
    await runPackageHooks(plugin);
    assert.deepEqual({ template, logs: provider.logs, tracing: provider.tracing }, before);
  });

  it('fails before packaging with every problem, as a Serverless error without a stack trace', async () => {
    const { plugin } = fake({
      custom: { apiGateway: { stges: {}, restApi: { endpointType: 'regional' } } },
    });
    await assert.rejects(
      async () => plugin.hooks['before:package:cleanup'](),
      (error: unknown) => {
        assert.ok(error instanceof FakeServerlessError);
        assert.equal(error.code, 'APIGATEWAY_KIT_INVALID_CONFIG');
        assert.match(error.message, /found 2 problems/);
        assert.match(
          error.message,
          /custom\.apiGateway\.stges: unknown key "stges"; did you mean "stages"\?/,
        );
        assert.match(error.message, /custom\.apiGateway\.restApi\.endpointType: "regional"/);
        return true;
      },
    );
  });

  it('reports a clash with what core compiled as a Serverless error, not a crash', async () => {
    const { plugin, template } = fake({
      custom: { apiGateway: { models: { Order: { schema: { type: 'object' } } } } },
    });
    template.Resources.ApiGatewayOrderModel = {
      Type: 'AWS::ApiGateway::Model',
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Name: 'Order',
        ContentType: 'application/json',
        Schema: {},
      },
    };
    await assert.rejects(
      async () => runPackageHooks(plugin),
      (error: unknown) => {
        assert.ok(error instanceof FakeServerlessError);
        assert.equal(error.code, 'APIGATEWAY_KIT_TEMPLATE_CONFLICT');
        assert.equal(
          error.message,
          'serverless-apigateway-kit: custom.apiGateway.models.Order: the API already has a model named "Order" (ApiGatewayOrderModel, from core\'s request.schemas); API Gateway model names are unique per API: rename one, or use only custom.apiGateway.models',
        );
        return true;
      },
    );
  });

  it('prints one line per API and where the template is after packaging, the rest with --verbose (issue 20)', async () => {
    const serviceDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-plugin-'));
    const { plugin, log, template } = fake({
      custom: { apiGateway: { stages: { '*': { tracing: true } } } },
      serviceDir,
    });
    await runPackageHooks(plugin);
    const notices = log.notice.getCalls().map((call) => String(call.args[0]));
    const file = path.join(serviceDir, '.serverless', 'cloudformation-template-update-stack.json');
    const resources = Object.keys(template.Resources).length;
    assert.deepEqual(
      notices.filter((line) => /: (REST|HTTP|WebSocket) API |cloudformation-template/.test(line)),
      [
        'serverless-apigateway-kit: REST API prod-orders, stage prod: 1 endpoint',
        `serverless-apigateway-kit: ${file} (${resources} resources)`,
      ],
    );
    const verbose = log.verbose.getCalls().map((call) => String(call.args[0]));
    assert.ok(
      verbose.some((line) => line.endsWith('endpoints (1): GET /')),
      verbose.join('\n'),
    );
    assert.ok(verbose.some((line) => line.includes('X-Ray tracing')));
    assert.ok(verbose.some((line) => line.includes("of CloudFormation's 1 MB limit")));
  });

  it('asks core for the account CloudWatch role when logging is on, and hands the stage settings over after', async () => {
    const { plugin, provider, template } = fake({
      custom: {
        apiGateway: { stages: { '*': { logging: { level: 'INFO' }, tags: { tier: 'gold' } } } },
      },
      provider: {
        tracing: { apiGateway: true, lambda: true },
        apiGateway: { metrics: true },
        tags: { team: 'a' },
      },
    });
    await plugin.hooks['before:package:cleanup']();
    await plugin.hooks['before:package:compileEvents']();
    assert.deepEqual(
      provider.logs,
      { restApi: { accessLogging: true } },
      'core is asked to ensure the role',
    );
    await plugin.hooks['package:compileEvents']();
    await plugin.hooks['before:package:finalize']();
    assert.deepEqual(provider.logs, {}, 'taken back before the state is saved');
    assert.deepEqual(provider.tracing, { lambda: true }, "Lambda's tracing untouched");
    assert.deepEqual(provider.apiGateway, {});
    assert.deepEqual(
      provider.tags,
      { team: 'a', tier: 'gold' },
      "core's tag sync re-applies the stage's own tags",
    );
    const stage = template.Resources.ApiGatewayStage.Properties ?? {};
    assert.equal(stage.TracingEnabled, true, 'provider.tracing.apiGateway lives on in the Stage');
    assert.equal((stage.MethodSettings as Array<Record<string, unknown>>)[0].MetricsEnabled, true);
    assert.equal(template.Resources.ApiGatewayDeployment1.Properties?.StageName, undefined);
  });

  it('does not ask core for the role when it is managed externally or logging is off', async () => {
    for (const custom of [
      {
        apiGateway: {
          restApi: { cloudWatchRole: 'external' },
          stages: { prod: { logging: { level: 'ERROR' } } },
        },
      },
      { apiGateway: { stages: { prod: { tracing: true } } } },
    ]) {
      const { plugin, provider } = fake({ custom });
      await plugin.hooks['before:package:cleanup']();
      await plugin.hooks['before:package:compileEvents']();
      assert.equal(provider.logs, undefined);
    }
    const { plugin, provider } = fake({
      custom: {
        apiGateway: {
          restApi: { cloudWatchRole: 'arn:aws:iam::123456789012:role/apigw-logs' },
          stages: { prod: { logging: { accessLog: 'json' } } },
        },
      },
    });
    await plugin.hooks['before:package:cleanup']();
    await plugin.hooks['before:package:compileEvents']();
    assert.deepEqual(provider.logs, {
      restApi: { accessLogging: true, role: 'arn:aws:iam::123456789012:role/apigw-logs' },
    });
  });

  describe('stage migration around deploy', () => {
    const cloudFormation = mockClient(CloudFormationClient);
    const apiGateway = mockClient(APIGatewayClient);

    beforeEach(() => {
      cloudFormation.reset();
      apiGateway.reset();
      cloudFormation.on(ListStackResourcesCommand).resolves({
        StackResourceSummaries: [
          {
            LogicalResourceId: 'ApiGatewayRestApi',
            PhysicalResourceId: 'api123',
            ResourceType: 'AWS::ApiGateway::RestApi',
            ResourceStatus: 'UPDATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
        ],
      });
      apiGateway.on(GetStageCommand).resolves({ stageName: 'prod', deploymentId: 'dep1' });
    });

    after(() => {
      cloudFormation.restore();
      apiGateway.restore();
    });

    it('stops before anything is uploaded when the stage was created without the plugin', async () => {
      const { plugin } = fake({ custom: { apiGateway: {} } });
      await assert.rejects(
        async () => plugin.hooks['before:deploy:deploy'](),
        (error: unknown) => {
          assert.ok(error instanceof FakeServerlessError);
          assert.equal(error.code, 'APIGATEWAY_KIT_STAGE_MIGRATION');
          assert.match(error.message, /stageMigration: recreate/);
          assert.match(error.message, /api123/);
          return true;
        },
      );
      assert.equal(apiGateway.commandCalls(DeleteStageCommand).length, 0);
    });

    it('with --stage-migration recreate, deletes the old stage right before the stack update only', async () => {
      const serviceDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-plugin-'));
      const { plugin } = fake({
        custom: { apiGateway: {} },
        cli: { 'stage-migration': 'recreate' },
        serviceDir,
      });
      await plugin.hooks['before:deploy:deploy']();
      assert.equal(
        apiGateway.commandCalls(DeleteStageCommand).length,
        0,
        'nothing deleted while checking',
      );
      await plugin.hooks['before:aws:deploy:deploy:updateStack']();
      assert.deepEqual(apiGateway.commandCalls(DeleteStageCommand)[0].args[0].input, {
        restApiId: 'api123',
        stageName: 'prod',
      });
      const snapshot = path.join(serviceDir, '.serverless', SNAPSHOT_FILE);
      assert.ok(existsSync(snapshot), 'snapshot kept until the update went through');
      await plugin.hooks['after:aws:deploy:deploy:updateStack']();
      assert.ok(!existsSync(snapshot));
      assert.equal(apiGateway.commandCalls(CreateStageCommand).length, 0);
    });

    it("prunes old OpenAPI bodies after core's cleanup only when the template names one", async () => {
      const { plugin, provider } = fake({ custom: { apiGateway: {} } });
      const cleanup = plugin.hooks['after:aws:deploy:finalize:cleanup'];
      assert.equal(typeof cleanup, 'function');
      // No BodyS3Location in the template: nothing to look up, no AWS call.
      await cleanup();
      provider.shouldNotDeploy = true;
      await cleanup();
      assert.equal(cloudFormation.calls().length + apiGateway.calls().length, 0);
    });

    it('does not delete anything when core decides there is nothing to deploy', async () => {
      const { plugin, provider } = fake({ custom: { apiGateway: { stageMigration: 'recreate' } } });
      await plugin.hooks['before:deploy:deploy']();
      provider.shouldNotDeploy = true;
      await plugin.hooks['before:aws:deploy:deploy:updateStack']();
      assert.equal(apiGateway.commandCalls(DeleteStageCommand).length, 0);
    });

    it('proceeds without AWS changes when the stack already declares the stage', async () => {
      cloudFormation.on(ListStackResourcesCommand).resolves({
        StackResourceSummaries: [
          {
            LogicalResourceId: 'ApiGatewayRestApi',
            PhysicalResourceId: 'api123',
            ResourceType: 'AWS::ApiGateway::RestApi',
            ResourceStatus: 'UPDATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
          {
            LogicalResourceId: 'ApiGatewayStage',
            PhysicalResourceId: 'prod',
            ResourceType: 'AWS::ApiGateway::Stage',
            ResourceStatus: 'UPDATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
        ],
      });
      const { plugin } = fake({ custom: { apiGateway: {} } });
      await plugin.hooks['before:deploy:deploy']();
      await plugin.hooks['before:aws:deploy:deploy:updateStack']();
      assert.equal(apiGateway.commandCalls(GetStageCommand).length, 0);
      assert.equal(apiGateway.commandCalls(DeleteStageCommand).length, 0);
    });

    it('refuses an unknown --stage-migration value', async () => {
      const { plugin } = fake({ custom: { apiGateway: {} }, cli: { 'stage-migration': 'yolo' } });
      await assert.rejects(
        async () => plugin.hooks['before:deploy:deploy'](),
        /--stage-migration: "yolo" is not a migration policy; use fail or recreate/,
      );
    });

    it('never calls AWS for a shared REST API', async () => {
      const { plugin } = fake({
        custom: { apiGateway: {} },
        provider: { apiGateway: { restApiId: 'shared1' } },
      });
      await plugin.hooks['before:deploy:deploy']();
      assert.equal(cloudFormation.calls().length + apiGateway.calls().length, 0);
    });
  });
});
