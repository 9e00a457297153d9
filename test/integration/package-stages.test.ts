/**
 * Runs the real `serverless package` on fixture services and checks the emitted template: the
 * Stage owns the stage, settings differ per stage as configured, every template is valid against
 * the CloudFormation schemas, and output is deterministic.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnResource, CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  normalizeTemplate,
  normalizedTemplate,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
} from '../helpers/serverless';

function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function onlyResource(template: CfnTemplate, type: string): [string, CfnResource] {
  const found = resourcesOfType(template, type);
  assert.equal(
    found.length,
    1,
    `expected exactly one ${type}, found ${found.map(([id]) => id).join(', ')}`,
  );
  return found[0];
}

function stageProperties(template: CfnTemplate): Record<string, unknown> {
  return onlyResource(template, 'AWS::ApiGateway::Stage')[1].Properties ?? {};
}

describe('serverless package: declarative REST API stages', () => {
  const basic = path.join(FIXTURES, 'basic');
  let dev: PackageResult;
  let prod: PackageResult;

  before(() => {
    dev = packageService(basic, { stage: 'dev' });
    prod = packageService(basic, { stage: 'prod' });
  });

  it('emits templates valid against the CloudFormation schemas, references resolving', () => {
    assertValidTemplate(dev.template);
    assertValidTemplate(prod.template);
  });

  it('declares the stage as AWS::ApiGateway::Stage and removes StageName from the Deployment', () => {
    for (const { template } of [dev, prod]) {
      const [deploymentId, deployment] = onlyResource(template, 'AWS::ApiGateway::Deployment');
      assert.equal(deployment.Properties?.StageName, undefined);
      const [stageId, stage] = onlyResource(template, 'AWS::ApiGateway::Stage');
      assert.equal(stageId, 'ApiGatewayStage');
      assert.deepEqual(stage.Properties?.DeploymentId, { Ref: deploymentId });
      assert.deepEqual(stage.Properties?.RestApiId, { Ref: 'ApiGatewayRestApi' });
    }
    assert.equal(stageProperties(dev.template).StageName, 'dev');
    assert.equal(stageProperties(prod.template).StageName, 'prod');
  });

  it("merges the '*' defaults with each stage's own entry", () => {
    const devStage = stageProperties(dev.template);
    const prodStage = stageProperties(prod.template);
    // From '*': both stages.
    for (const stage of [devStage, prodStage]) {
      assert.equal(stage.TracingEnabled, true);
      const [settings] = stage.MethodSettings as Array<Record<string, unknown>>;
      assert.equal(settings.LoggingLevel, 'ERROR');
      assert.equal(settings.ResourcePath, '/*');
      assert.equal(settings.HttpMethod, '*');
      assert.match(
        String((stage.AccessLogSetting as Record<string, unknown>).Format),
        /"requestId":"\$context\.requestId"/,
      );
    }
    // Per stage.
    assert.deepEqual(
      [
        (devStage.MethodSettings as Array<Record<string, unknown>>)[0].ThrottlingRateLimit,
        devStage.CacheClusterEnabled,
      ],
      [50, false],
    );
    assert.equal(devStage.Variables, undefined);
    assert.equal(prodStage.CacheClusterEnabled, true);
    assert.equal(prodStage.CacheClusterSize, '0.5');
    const [prodSettings] = prodStage.MethodSettings as Array<Record<string, unknown>>;
    assert.equal(prodSettings.ThrottlingRateLimit, 1000);
    assert.equal(prodSettings.ThrottlingBurstLimit, 2000);
    assert.equal(prodSettings.CacheTtlInSeconds, 300);
    assert.equal(prodSettings.CacheDataEncrypted, true);
    assert.deepEqual(prodStage.Variables, { backend: 'https://orders.internal.example.com' });
  });

  it("creates the access-log group under core's name and waits for the account CloudWatch role", () => {
    const group = prod.template.Resources.ApiGatewayLogGroup;
    assert.equal(group.Properties?.LogGroupName, '/aws/api-gateway/kit-basic-prod');
    assert.deepEqual(
      (stageProperties(prod.template).AccessLogSetting as Record<string, unknown>).DestinationArn,
      {
        'Fn::GetAtt': ['ApiGatewayLogGroup', 'Arn'],
      },
    );
    assert.ok(
      prod.template.Resources.CustomApiGatewayAccountCloudWatchRole,
      'account role custom resource',
    );
    assert.deepEqual(prod.template.Resources.ApiGatewayStage.DependsOn, [
      'CustomApiGatewayAccountCloudWatchRole',
    ]);
  });

  it('applies restApi settings to the RestApi core compiled', () => {
    const api = prod.template.Resources.ApiGatewayRestApi.Properties ?? {};
    assert.deepEqual(api.EndpointConfiguration, { Types: ['REGIONAL'] });
    assert.equal(api.MinimumCompressionSize, 1024);
    assert.equal(api.Name, 'prod-kit-basic');
  });

  it('outputs the REST API id and the stage invoke URL', () => {
    const outputs = prod.template.Outputs ?? {};
    assert.deepEqual(outputs.ApiGatewayRestApiId.Value, { Ref: 'ApiGatewayRestApi' });
    const url = JSON.stringify(outputs.ApiGatewayStageUrl.Value);
    assert.match(url, /"\/prod"/);
    assert.match(url, /execute-api/);
  });

  it('hands the stage settings over from core, so its after-deploy patch finds none in the state', () => {
    const provider = prod.state.service.provider;
    assert.equal((provider.logs as Record<string, unknown> | undefined)?.restApi, undefined);
    assert.equal((provider.tracing as Record<string, unknown> | undefined)?.apiGateway, undefined);
  });

  it("is deterministic: packaging twice gives the same template (core's timestamped ids aside)", () => {
    const again = packageService(basic, { stage: 'prod' });
    assert.equal(normalizeTemplate(again.template), normalizeTemplate(prod.template));
  });
});

describe('serverless package: services others would write', () => {
  it('leaves a service without custom.apiGateway byte-for-byte unchanged', () => {
    const dir = path.join(FIXTURES, 'no-config');
    const withPlugin = packageService(dir, { stage: 'dev' });
    const without = packageService(dir, {
      stage: 'dev',
      args: ['--config', 'serverless.plain.yml'],
    });
    assert.equal(normalizeTemplate(withPlugin.template), normalizeTemplate(without.template));
  });

  it('keeps everything core compiled from its own http settings (cors, authorizer, private + API keys, schemas, templates)', () => {
    const dir = path.join(FIXTURES, 'core-features');
    const withPlugin = packageService(dir, { stage: 'prod' });
    const without = packageService(dir, {
      stage: 'prod',
      args: ['--config', 'serverless.plain.yml'],
    });
    assertValidTemplate(withPlugin.template);
    const ourTemplate = normalizedTemplate(withPlugin.template);
    const coreTemplate = normalizedTemplate(without.template);
    const expectedChanges: Record<string, string> = {
      ApiGatewayRestApi: 'settings from custom.apiGateway.restApi',
      ApiGatewayLogGroup: 'retention and stage-owned access log',
    };
    for (const [id, resource] of Object.entries(coreTemplate.Resources)) {
      const ours = ourTemplate.Resources[id];
      if (resource.Type === 'AWS::ApiGateway::Deployment') {
        const [, deployment] = onlyResource(ourTemplate, 'AWS::ApiGateway::Deployment');
        const { StageName: _stageName, ...rest } = resource.Properties ?? {};
        assert.deepEqual(deployment.Properties, rest, 'Deployment: only StageName removed');
        continue;
      }
      assert.ok(ours, `${id} (${resource.Type}) must survive`);
      if (expectedChanges[id]) continue;
      if (id === 'CustomDashresourceDashapigwDashcwDashroleLambdaFunction') {
        // Core v3's account-role function, on a runtime AWS still creates (README, Logging).
        assert.deepEqual(
          ours,
          { ...resource, Properties: { ...resource.Properties, Runtime: 'nodejs22.x' } },
          `${id}: only its Runtime changes`,
        );
        continue;
      }
      if (resource.Type === 'AWS::ApiGateway::UsagePlan') {
        assert.deepEqual(ours.Properties, resource.Properties, `${id} properties`);
        assert.ok(
          (ours.DependsOn as string[]).includes('ApiGatewayStage'),
          'usage plan waits for the Stage',
        );
        continue;
      }
      assert.deepEqual(ours, resource, `${id} unchanged`);
    }
    // Core's provider-level stage settings carry into the Stage, under our per-stage overrides.
    const stage = stageProperties(withPlugin.template);
    assert.equal(stage.TracingEnabled, false, 'prod overrides provider.tracing.apiGateway');
    const [settings] = stage.MethodSettings as Array<Record<string, unknown>>;
    assert.equal(settings.LoggingLevel, 'ERROR');
    assert.equal(settings.DataTraceEnabled, false);
    assert.equal(settings.MetricsEnabled, true);
    assert.equal(withPlugin.template.Resources.ApiGatewayLogGroup.Properties?.RetentionInDays, 30);
    assert.deepEqual(stage.Tags, [
      { Key: 'component', Value: 'api' },
      { Key: 'costCenter', Value: '42' },
      { Key: 'team', Value: 'payments' },
    ]);
    const api = withPlugin.template.Resources.ApiGatewayRestApi.Properties ?? {};
    assert.equal(api.Description, 'Orders API');
    assert.deepEqual(api.BinaryMediaTypes, ['image/png']);
  });

  it('creates the RestApi when the service has custom.apiGateway but no http event', () => {
    const result = packageService(path.join(FIXTURES, 'no-http'), { stage: 'dev' });
    assertValidTemplate(result.template);
    const [, api] = onlyResource(result.template, 'AWS::ApiGateway::RestApi');
    assert.equal(api.Properties?.Name, 'kit-no-http-api');
    assert.deepEqual(api.Properties?.BinaryMediaTypes, ['*/*']);
    assert.equal(resourcesOfType(result.template, 'AWS::ApiGateway::Stage').length, 0);
    assert.match(
      plain(result.stdout + result.stderr),
      /no method yet, and API Gateway cannot deploy an empty API/,
    );
  });

  it('logs a service of routes only: sets a named account role itself, or says the role may be missing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-routes-logging-'));
    const write = (role: string) =>
      writeFileSync(
        path.join(dir, 'serverless.yml'),
        [
          'service: kit-routes-logging',
          "frameworkVersion: '3'",
          'plugins: [serverless-apigateway-kit]',
          'provider: { name: aws, runtime: nodejs22.x }',
          'custom:',
          '  apiGateway:',
          `    restApi: { cloudWatchRole: '${role}' }`,
          "    stages: { '*': { logging: { level: INFO, accessLog: json } } }",
          "    routes: { 'GET /health': { integration: mock, response: { body: { ok: true } } } }",
          '',
        ].join('\n'),
      );
    try {
      write('arn:aws:iam::123456789012:role/apigw-logs');
      const named = packageService(dir, { stage: 'dev' });
      assertValidTemplate(named.template);
      const [accountId, account] = onlyResource(named.template, 'AWS::ApiGateway::Account');
      assert.equal(
        account.Properties?.CloudWatchRoleArn,
        'arn:aws:iam::123456789012:role/apigw-logs',
      );
      assert.ok(
        (named.template.Resources.ApiGatewayStage.DependsOn as string[]).includes(accountId),
      );
      write('ensure');
      const ensured = packageService(dir, { stage: 'dev' });
      assertValidTemplate(ensured.template);
      assert.equal(resourcesOfType(ensured.template, 'AWS::ApiGateway::Account').length, 0);
      assert.match(
        plain(ensured.stdout + ensured.stderr),
        /restApi\.cloudWatchRole: logging needs the account's API Gateway CloudWatch role, and Serverless sets it only for services with http events/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('manages only its own endpoints on a shared REST API (provider.apiGateway.restApiId)', () => {
    const result = packageService(path.join(FIXTURES, 'shared-api'), { stage: 'dev' });
    assertValidTemplate(result.template);
    assert.equal(resourcesOfType(result.template, 'AWS::ApiGateway::RestApi').length, 0);
    assert.equal(resourcesOfType(result.template, 'AWS::ApiGateway::Stage').length, 0);
    const [, deployment] = onlyResource(result.template, 'AWS::ApiGateway::Deployment');
    assert.equal(
      deployment.Properties?.StageName,
      'dev',
      "the owner's stage keeps being deployed the core way",
    );
    assert.equal(result.template.Outputs?.ApiGatewayRestApiId.Value, 'abcdef1234');
    assert.match(plain(result.stdout + result.stderr), /manages only this service's endpoints/);
  });

  it('works under osls (the maintained open-source fork) too', () => {
    const result = packageService(path.join(FIXTURES, 'osls'), {
      stage: 'prod',
      framework: 'osls',
    });
    assertValidTemplate(result.template);
    assert.equal(stageProperties(result.template).CacheClusterEnabled, true);
    const [, deployment] = onlyResource(result.template, 'AWS::ApiGateway::Deployment');
    assert.equal(deployment.Properties?.StageName, undefined);
  });
});

describe('serverless package: invalid configuration', () => {
  it('fails with every problem named by config path, and writes nothing', () => {
    const dir = path.join(FIXTURES, 'invalid');
    const result = packageServiceExpectingFailure(dir, { stage: 'prod' });
    const output = plain(result.stdout + result.stderr);
    assert.match(output, /serverless-apigateway-kit found 4 problems in the configuration:/);
    assert.match(
      output,
      /custom\.apiGateway\.restApi\.endpointType: "regional" is not an endpoint type; use one of EDGE, REGIONAL, PRIVATE \(did you mean "REGIONAL"\?\)/,
    );
    assert.match(
      output,
      /custom\.apiGateway\.stages\.prod\.cachng: unknown key "cachng"; did you mean "caching"\?/,
    );
    assert.match(
      output,
      /custom\.apiGateway\.stages\.prod\.caching\.clusterSize: "3" is not a cache size; use one of 0\.5, 1\.6, 6\.1, 13\.5, 28\.4, 58\.2, 118, 237/,
    );
    assert.match(
      output,
      /functions\.hello\.events\[0\]\.http\.apiGateway\.colour: unknown key "colour"/,
    );
    assert.doesNotMatch(output, /\n\s+at .+\.js:\d+/, 'no stack trace for a user mistake');
    assert.equal(existsSync(result.outDir), false, 'no package output');
    assert.equal(
      existsSync(path.join(dir, '.serverless')),
      false,
      'no .serverless/ in the service',
    );
  });
});
