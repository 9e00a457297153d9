/** The compilers are pure functions of resolved config and the template core left. */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../src/pipeline/compile';
import { apiContentHash, compileDeployment } from '../../../src/features/rest-api/deployment';
import { compileRestApi } from '../../../src/features/rest-api/compile';
import { compileStage, stageWideMethodSettings } from '../../../src/features/stage/compile';
import { readCoreSettings } from '../../../src/pipeline/core-settings';
import { resolveConfig, type ResolvedConfig } from '../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../src/config/types.generated';

const naming = standaloneNaming('orders', 'prod');

function core(provider: Record<string, unknown> = {}, stageName = 'prod') {
  return readCoreSettings({ service: 'orders', stageName, region: 'eu-west-1', provider });
}

function resolved(
  config: ApiGatewayConfig,
  provider: Record<string, unknown> = {},
  stage = 'prod',
): ResolvedConfig {
  return resolveConfig(config, core(provider, stage));
}

/** What core compiles for one `http` GET /orders event (trimmed to what the compilers read). */
function coreTemplate(): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'prod-orders', EndpointConfiguration: { Types: ['EDGE'] }, Policy: '' },
      },
      ApiGatewayResourceOrders: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          PathPart: 'orders',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      ApiGatewayMethodOrdersGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { Ref: 'ApiGatewayResourceOrders' },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'NONE',
          Integration: { Type: 'MOCK' },
        },
      },
      ApiGatewayDeployment1700000000000: {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'prod' },
        DependsOn: ['ApiGatewayMethodOrdersGet'],
      },
    },
    Outputs: {},
  };
}

function compileInto(template: CfnTemplate, config: ResolvedConfig): CfnTemplate {
  const result = compileRestApiStack(config, template, naming);
  for (const fragment of result.fragments) applyFragment(template, fragment);
  return template;
}

describe('compileRestApi', () => {
  it('patches the RestApi core compiled with every resolved setting', () => {
    const config = resolved({
      restApi: {
        endpointType: 'PRIVATE',
        vpcEndpointIds: ['vpce-123'],
        description: 'Orders',
        binaryMediaTypes: ['image/png'],
        minimumCompressionSize: 0,
        apiKeySource: 'AUTHORIZER',
        disableExecuteApiEndpoint: true,
        tags: { b: '2', a: '1' },
      },
    });
    const fragment = compileRestApi(config, { template: coreTemplate(), naming });
    assert.deepEqual(fragment.patches, [
      {
        logicalId: 'ApiGatewayRestApi',
        setProperties: {
          Name: 'prod-orders',
          EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-123'] },
          Description: 'Orders',
          BinaryMediaTypes: ['image/png'],
          MinimumCompressionSize: 0,
          ApiKeySourceType: 'AUTHORIZER',
          DisableExecuteApiEndpoint: true,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        },
      },
    ]);
    assert.deepEqual(Object.keys(fragment.Outputs ?? {}), [
      'ApiGatewayRestApiId',
      'ApiGatewayRestApiRootResourceId',
    ]);
  });

  it('creates the RestApi when core emitted none', () => {
    const fragment = compileRestApi(resolved({ restApi: { name: 'orders-api' } }), {
      template: { Resources: {} },
      naming,
    });
    assert.deepEqual(fragment.Resources?.ApiGatewayRestApi, {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: { Name: 'orders-api', EndpointConfiguration: { Types: ['EDGE'] } },
    });
  });

  it('leaves a shared API alone and outputs its id', () => {
    const config = resolved({}, { apiGateway: { restApiId: 'abc123' } });
    const fragment = compileRestApi(config, { template: coreTemplate(), naming });
    assert.equal(fragment.patches, undefined);
    assert.equal(fragment.Resources, undefined);
    assert.equal(fragment.Outputs?.ApiGatewayRestApiId.Value, 'abc123');
  });
});

describe('compileDeployment', () => {
  it("removes StageName from core's Deployment", () => {
    const result = compileDeployment(resolved({}), { template: coreTemplate(), naming });
    assert.equal(result.deploymentLogicalId, 'ApiGatewayDeployment1700000000000');
    assert.deepEqual(result.fragment.patches, [
      {
        logicalId: 'ApiGatewayDeployment1700000000000',
        setProperties: { StageName: undefined, StageDescription: undefined },
        addDependsOn: ['ApiGatewayMethodOrdersGet'],
      },
    ]);
  });

  it("keeps core's Deployment of a shared API as it is", () => {
    const template = coreTemplate();
    for (const resource of Object.values(template.Resources)) {
      if (resource.Properties?.RestApiId) resource.Properties.RestApiId = 'abc123';
    }
    const result = compileDeployment(resolved({}, { apiGateway: { restApiId: 'abc123' } }), {
      template,
      naming,
    });
    assert.deepEqual(result.fragment, {});
    assert.equal(result.deploymentLogicalId, 'ApiGatewayDeployment1700000000000');
  });

  it('creates a Deployment named by a hash of the API when core made none, and none for an empty API', () => {
    const template = coreTemplate();
    delete template.Resources.ApiGatewayDeployment1700000000000;
    const result = compileDeployment(resolved({}), { template, naming });
    const hash = apiContentHash(template, [
      'ApiGatewayMethodOrdersGet',
      'ApiGatewayResourceOrders',
      'ApiGatewayRestApi',
    ]);
    assert.equal(result.deploymentLogicalId, `ApiGatewayDeployment${hash}`);
    assert.deepEqual(result.fragment.Resources?.[`ApiGatewayDeployment${hash}`].DependsOn, [
      'ApiGatewayMethodOrdersGet',
    ]);
    // A change to a method changes the id (a redeploy); the same content gives the same id.
    const changed = structuredClone(template);
    (
      changed.Resources.ApiGatewayMethodOrdersGet.Properties as Record<string, unknown>
    ).AuthorizationType = 'AWS_IAM';
    assert.notEqual(
      compileDeployment(resolved({}), { template: changed, naming }).deploymentLogicalId,
      result.deploymentLogicalId,
    );
    assert.equal(
      compileDeployment(resolved({}), { template: structuredClone(template), naming })
        .deploymentLogicalId,
      result.deploymentLogicalId,
    );
    assert.deepEqual(
      compileDeployment(resolved({}), {
        template: { Resources: { ApiGatewayRestApi: template.Resources.ApiGatewayRestApi } },
        naming,
      }),
      { fragment: {} },
    );
  });
});

describe('compileStage', () => {
  const full: ApiGatewayConfig = {
    stages: {
      '*': {
        logging: { level: 'ERROR', accessLog: 'clf', retentionInDays: 14 },
        tracing: true,
        tags: { team: 'orders' },
      },
      prod: {
        description: 'Production',
        variables: { backend: 'https://example.com' },
        throttling: { rateLimit: 100, burstLimit: 200 },
        metrics: true,
        caching: { enabled: true, clusterSize: 6.1, ttlInSeconds: 60, encrypted: true },
        canary: {
          percentTraffic: 5,
          variables: { backend: 'https://canary.example.com' },
          useStageCache: false,
        },
        clientCertificate: true,
      },
    },
  };

  it('declares every stage setting', () => {
    const fragment = compileStage(
      resolved(full),
      { template: coreTemplate(), naming },
      'ApiGatewayDeployment1',
    );
    const stage = fragment.Resources?.ApiGatewayStage;
    assert.deepEqual(stage, {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        StageName: 'prod',
        DeploymentId: { Ref: 'ApiGatewayDeployment1' },
        Description: 'Production',
        Variables: { backend: 'https://example.com' },
        TracingEnabled: true,
        CacheClusterEnabled: true,
        CacheClusterSize: '6.1',
        MethodSettings: [
          {
            ResourcePath: '/*',
            HttpMethod: '*',
            LoggingLevel: 'ERROR',
            DataTraceEnabled: false,
            MetricsEnabled: true,
            ThrottlingRateLimit: 100,
            ThrottlingBurstLimit: 200,
            CachingEnabled: false,
            CacheTtlInSeconds: 60,
            CacheDataEncrypted: true,
          },
        ],
        AccessLogSetting: {
          DestinationArn: { 'Fn::GetAtt': ['ApiGatewayLogGroup', 'Arn'] },
          Format: String((stage?.Properties?.AccessLogSetting as { Format: string }).Format),
        },
        CanarySetting: {
          DeploymentId: { Ref: 'ApiGatewayDeployment1' },
          PercentTraffic: 5,
          StageVariableOverrides: { backend: 'https://canary.example.com' },
          UseStageCache: false,
        },
        ClientCertificateId: { Ref: 'ApiGatewayClientCertificate' },
        Tags: [{ Key: 'team', Value: 'orders' }],
      },
    });
    assert.match(JSON.stringify(stage?.Properties?.AccessLogSetting), /\[\$context\.requestTime\]/);
    assert.deepEqual(fragment.Resources?.ApiGatewayLogGroup, {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: '/aws/api-gateway/orders-prod', RetentionInDays: 14 },
    });
    assert.equal(
      fragment.Resources?.ApiGatewayClientCertificate.Type,
      'AWS::ApiGateway::ClientCertificate',
    );
  });

  it('writes defaults out explicitly, so a drifted stage is put back', () => {
    const stage = resolved({}).stage;
    assert.ok(stage);
    assert.deepEqual(stageWideMethodSettings(stage), {
      ResourcePath: '/*',
      HttpMethod: '*',
      LoggingLevel: 'OFF',
      DataTraceEnabled: false,
      MetricsEnabled: false,
    });
    const fragment = compileStage(resolved({}), { template: coreTemplate(), naming }, 'D');
    const properties = fragment.Resources?.ApiGatewayStage.Properties ?? {};
    assert.equal(properties.TracingEnabled, false);
    assert.equal(properties.CacheClusterEnabled, false);
    assert.equal(properties.CacheClusterSize, undefined);
    assert.equal(properties.AccessLogSetting, undefined);
  });

  it("logs to the user's own destination, and drops the group core made when access logs are off", () => {
    const template = coreTemplate();
    template.Resources.ApiGatewayLogGroup = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: '/aws/api-gateway/orders-prod' },
    };
    const own = compileStage(
      resolved({
        stages: {
          prod: {
            logging: {
              accessLog: {
                format: 'json',
                destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:mine',
              },
            },
          },
        },
      }),
      { template, naming },
      'D',
    );
    assert.equal(
      (own.Resources?.ApiGatewayStage.Properties?.AccessLogSetting as Record<string, unknown>)
        .DestinationArn,
      'arn:aws:logs:eu-west-1:123456789012:log-group:mine',
    );
    assert.deepEqual(own.patches, [{ logicalId: 'ApiGatewayLogGroup', remove: true }]);
    const off = compileStage(
      resolved({ stages: { prod: { logging: { accessLog: false } } } }),
      { template, naming },
      'D',
    );
    assert.deepEqual(off.patches, [{ logicalId: 'ApiGatewayLogGroup', remove: true }]);
    assert.equal(off.Resources?.ApiGatewayLogGroup, undefined);
  });

  it("waits for core's account CloudWatch role custom resource when logging is on", () => {
    const template = coreTemplate();
    template.Resources.CustomApiGatewayAccountCloudWatchRole = {
      Type: 'Custom::ApiGatewayAccountRole',
      Properties: { ServiceToken: 'x' },
    };
    const on = compileStage(
      resolved({ stages: { prod: { logging: { level: 'INFO' } } } }),
      { template, naming },
      'D',
    );
    assert.deepEqual(on.Resources?.ApiGatewayStage.DependsOn, [
      'CustomApiGatewayAccountCloudWatchRole',
    ]);
    const off = compileStage(resolved({}), { template, naming }, 'D');
    assert.equal(off.Resources?.ApiGatewayStage.DependsOn, undefined);
  });

  it("sets a named account role itself when core's custom resource is not in the stack", () => {
    const withRole = compileStage(
      resolved({
        restApi: { cloudWatchRole: 'arn:aws:iam::123456789012:role/apigw-logs' },
        stages: { prod: { logging: { level: 'INFO' } } },
      }),
      { template: coreTemplate(), naming },
      'D',
    );
    assert.deepEqual(withRole.Resources?.ApiGatewayAccount, {
      Type: 'AWS::ApiGateway::Account',
      Properties: { CloudWatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' },
    });
    assert.deepEqual(withRole.Resources?.ApiGatewayStage.DependsOn, ['ApiGatewayAccount']);
    const external = compileStage(
      resolved({
        restApi: { cloudWatchRole: 'external' },
        stages: { prod: { logging: { level: 'INFO' } } },
      }),
      { template: coreTemplate(), naming },
      'D',
    );
    assert.equal(external.Resources?.ApiGatewayAccount, undefined);
  });

  it("makes core's usage plans for this stage wait for the Stage", () => {
    const template = coreTemplate();
    template.Resources.ApiGatewayUsagePlan = {
      Type: 'AWS::ApiGateway::UsagePlan',
      Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'prod' }] },
      DependsOn: 'ApiGatewayDeployment1700000000000',
    };
    template.Resources.OtherPlan = {
      Type: 'AWS::ApiGateway::UsagePlan',
      Properties: { ApiStages: [{ ApiId: 'elsewhere', Stage: 'prod' }] },
    };
    const fragment = compileStage(
      resolved({}),
      { template, naming },
      'ApiGatewayDeployment1700000000000',
    );
    assert.deepEqual(fragment.patches, [
      { logicalId: 'ApiGatewayUsagePlan', addDependsOn: ['ApiGatewayStage'] },
    ]);
    applyFragment(template, fragment);
    assert.deepEqual(template.Resources.ApiGatewayUsagePlan.DependsOn, [
      'ApiGatewayDeployment1700000000000',
      'ApiGatewayStage',
    ]);
  });

  it('emits nothing for a shared API', () => {
    assert.deepEqual(
      compileStage(
        resolved({}, { apiGateway: { restApiId: 'abc' } }),
        { template: coreTemplate(), naming },
        'D',
      ),
      {},
    );
  });
});

describe('compileRestApiStack', () => {
  it('is deterministic and does not mutate its inputs', () => {
    const config = resolved({
      stages: { '*': { tracing: true }, prod: { variables: { b: '2', a: '1' } } },
    });
    const input = coreTemplate();
    const snapshot = structuredClone(input);
    const first = compileRestApiStack(config, input, naming);
    const second = compileRestApiStack(config, input, naming);
    assert.deepEqual(input, snapshot, 'the template passed in is not changed');
    assert.equal(JSON.stringify(first), JSON.stringify(second));
    const a = JSON.stringify(compileInto(coreTemplate(), config));
    const b = JSON.stringify(compileInto(coreTemplate(), config));
    assert.equal(a, b);
    assert.match(a, /"Variables":\{"a":"1","b":"2"\}/, 'variables in a stable order');
  });

  it("warns that logging may fail when the account role is left to core and core's resource is absent", () => {
    const logging = { stages: { prod: { logging: { level: 'INFO' as const } } } };
    const absent = compileRestApiStack(resolved(logging), coreTemplate(), naming);
    assert.deepEqual(
      absent.warnings.map((warning) => warning.path),
      ['custom.apiGateway.restApi.cloudWatchRole'],
    );
    assert.match(
      absent.warnings[0].message,
      /Serverless sets it only for services with http events/,
    );
    const template = coreTemplate();
    template.Resources.CustomApiGatewayAccountCloudWatchRole = {
      Type: 'Custom::ApiGatewayAccountRole',
      Properties: { ServiceToken: 'x' },
    };
    assert.deepEqual(compileRestApiStack(resolved(logging), template, naming).warnings, []);
    assert.deepEqual(compileRestApiStack(resolved({}), coreTemplate(), naming).warnings, []);
  });

  it('warns, and declares no stage, when the API has no method', () => {
    const result = compileRestApiStack(resolved({}), { Resources: {} }, naming);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0].message, /API Gateway cannot deploy an empty API/);
    const template: CfnTemplate = { Resources: {} };
    for (const fragment of result.fragments) applyFragment(template, fragment);
    assert.deepEqual(Object.keys(template.Resources), ['ApiGatewayRestApi']);
  });
});
