/**
 * The cfn-lint step of the suite (test/helpers/cfn-lint.ts): which findings count, the date-free
 * runtime rule, and cfn-lint itself on a template with a finding (when it is installed).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cfnLintVersion,
  type Collected,
  isCoreFinding,
  isKeptCoreHttpApiStage,
  lintCollectedTemplates,
  lintTemplates,
  runtimeFindings,
} from '../../helpers/cfn-lint';

const redundant = (dependency: string, via: string, at: string): string =>
  `'${dependency}' dependency already enforced by a '${via}' at 'Resources/${at}'`;

describe('cfn-lint step', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-cfn-lint-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function template(name: string, resources: Record<string, unknown>): Collected {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }),
    );
    return { file, label: name };
  }

  describe('findings core Serverless causes', () => {
    it("dismisses core's redundant DependsOn, each only between the resources core names", () => {
      const core: Array<[string, string, string]> = [
        [
          'CustomDashresourceDashapigwDashcwDashroleLambdaFunction',
          'IamRoleCustomResourcesLambdaExecution',
          'GetAtt',
        ],
        ['ApiGatewayMethodOrdersPost', 'UsersApiGatewayAuthorizer', 'Ref'],
        ['HttpApiRouteGetOrders', 'HttpApiIntegrationOrders', 'Ref'],
        ['ChatConnectLambdaPermissionWebsockets', 'ChatConnectLambdaFunction', 'GetAtt'],
      ];
      for (const [resource, dependency, via] of core) {
        assert.ok(isCoreFinding('W3005', resource, redundant(dependency, via, resource)), resource);
      }
    });

    it("keeps the plugin's and anything else", () => {
      const ours: Array<[string, string, string]> = [
        ['HttpApiStage', 'HttpApiLogGroup', 'HttpApiStage/Properties/AccessLogSettings'],
        ['WebsocketsDeploymentStage', 'WebsocketsLogGroup', 'WebsocketsDeploymentStage/Properties'],
        [
          'HttpApiRoutePostOrders',
          'ApiGatewayHttpApiRouteIntegrationPostOrders',
          'HttpApiRoutePostOrders',
        ],
        // A permission that waits for another function than its own is not core's pattern.
        ['ChatConnectLambdaPermissionWebsockets', 'OtherLambdaFunction', 'ChatConnect'],
      ];
      for (const [resource, dependency, at] of ours) {
        assert.equal(
          isCoreFinding('W3005', resource, redundant(dependency, 'GetAtt', at)),
          false,
          resource,
        );
      }
      assert.equal(
        isCoreFinding(
          'E3012',
          'ApiGatewayMethodOrdersPost',
          "'UsersApiGatewayAuthorizer' is not of type",
        ),
        false,
      );
    });
  });

  describe("core's HTTP API stage kept as core made it", () => {
    const stage = (DependsOn: unknown) => ({ Resources: { HttpApiStage: { DependsOn } } });
    const message = redundant(
      'HttpApiLogGroup',
      'GetAtt',
      'HttpApiStage/Properties/AccessLogSettings',
    );

    it("dismisses the log-group DependsOn only in core's string form", () => {
      assert.equal(
        isKeptCoreHttpApiStage('W3005', 'HttpApiStage', message, stage('HttpApiLogGroup')),
        true,
      );
      for (const dependsOn of [
        ['HttpApiLogGroup'],
        ['HttpApiRouteGetOrders', 'HttpApiLogGroup'],
        undefined,
      ]) {
        assert.equal(
          isKeptCoreHttpApiStage('W3005', 'HttpApiStage', message, stage(dependsOn)),
          false,
        );
      }
      assert.equal(
        isKeptCoreHttpApiStage('W3005', 'OtherStage', message, stage('HttpApiLogGroup')),
        false,
      );
      assert.equal(
        isKeptCoreHttpApiStage('E3012', 'HttpApiStage', message, stage('HttpApiLogGroup')),
        false,
      );
    });
  });

  describe('runtimes (the date-free stand-in for the lifecycle rules)', () => {
    it('wants nodejs22.x or later from the functions a service declares, not from core’s own', () => {
      const fn = (runtime: string) => ({
        Type: 'AWS::Lambda::Function',
        Properties: { Runtime: runtime },
      });
      const findings = runtimeFindings(
        template('runtimes', {
          OldLambdaFunction: fn('nodejs20.x'),
          CurrentLambdaFunction: fn('nodejs22.x'),
          NextLambdaFunction: fn('nodejs24.x'),
          PythonLambdaFunction: fn('python3.13'),
          CustomDashresourceDashapigwDashcwDashroleLambdaFunction: fn('nodejs18.x'),
        }),
      );
      assert.deepEqual(
        findings.map((f) => `${f.path}: ${f.message}`),
        [
          'Resources.OldLambdaFunction.Properties.Runtime: nodejs20.x: fixtures and example-service use nodejs22.x or later',
        ],
      );
    });
  });

  describe('without cfn-lint', () => {
    const saved = { PATH: process.env.PATH, CI: process.env.CI };
    afterEach(() => {
      process.env.PATH = saved.PATH;
      if (saved.CI === undefined) delete process.env.CI;
      else process.env.CI = saved.CI;
    });

    it('says so in one line and lints nothing; under CI=true it fails', async () => {
      process.env.PATH = dir; // an empty directory: no cfn-lint on the PATH
      delete process.env.CI;
      assert.equal(cfnLintVersion(), undefined);
      assert.match(
        await lintCollectedTemplates(),
        /^cfn-lint not found: \d+ packaged template\(s\) not linted \(pip install cfn-lint\)$/,
      );
      process.env.CI = 'true';
      await assert.rejects(lintCollectedTemplates(), /cfn-lint not found: .*; CI=true requires it/);
    });
  });

  describe('cfn-lint itself', function () {
    this.timeout(120_000);

    it('reports a redundant DependsOn with the template, rule, path and message', async function () {
      if (cfnLintVersion() === undefined) this.skip();
      const findings = await lintTemplates([
        template('redundant', {
          Queue: { Type: 'AWS::SQS::Queue' },
          Topic: {
            Type: 'AWS::SNS::Topic',
            Properties: { TopicName: { 'Fn::GetAtt': ['Queue', 'QueueName'] } },
            DependsOn: ['Queue'],
          },
        }),
      ]);
      assert.deepEqual(
        findings.map((f) => [f.label, f.rule, f.path, f.message]),
        [
          [
            'redundant',
            'W3005',
            'Resources.Topic.DependsOn[0]',
            "'Queue' dependency already enforced by a 'GetAtt' at 'Resources/Topic/Properties/TopicName'",
          ],
        ],
      );
    });
  });
});
