/** What the plugin hands core for the REST stage, and the account-role function core compiles for it. */
import assert from 'node:assert/strict';
import type { CfnResource } from '../../../../src/cloudformation/template';
import {
  CLOUD_WATCH_ROLE_RUNTIME,
  handOverStageFromCore,
  updateCloudWatchRoleRuntime,
} from '../../../../src/features/stage/core-handover';
import {
  applied,
  context,
  coreTemplate,
  resolved,
  standardEvents,
} from '../../../helpers/endpoint-settings';
import { coreSettings } from '../../../helpers/config-builders';
import { resolveConfig } from '../../../../src/pipeline/resolve';

const ROLE_FUNCTION = 'CustomDashresourceDashapigwDashcwDashroleLambdaFunction';

/** Core's custom resource and its function, as Serverless v3.40 compiles them (runtime aside). */
function coreRoleResources(runtime: string): Record<string, CfnResource> {
  return {
    CustomApiGatewayAccountCloudWatchRole: {
      Type: 'Custom::ApiGatewayAccountRole',
      Properties: { ServiceToken: { 'Fn::GetAtt': [ROLE_FUNCTION, 'Arn'] } },
    },
    [ROLE_FUNCTION]: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: { Ref: 'ServerlessDeploymentBucket' }, S3Key: 'custom-resources.zip' },
        FunctionName: 'orders-prod-custom-resource-apigw-cw-role',
        Handler: 'api-gateway-cloud-watch-role/handler.handler',
        MemorySize: 1024,
        Runtime: runtime,
        Timeout: 180,
        Role: { 'Fn::GetAtt': ['IamRoleCustomResourcesLambdaExecution', 'Arn'] },
      },
      DependsOn: ['IamRoleCustomResourcesLambdaExecution'],
    },
  };
}

const LOGGING = { stages: { '*': { logging: { level: 'ERROR' as const } } } };

describe('updateCloudWatchRoleRuntime', () => {
  it("moves core's nodejs18.x account-role function to nodejs22.x, and nothing else", () => {
    const template = coreTemplate(coreRoleResources('nodejs18.x'));
    const before = structuredClone(template);
    const fragments = updateCloudWatchRoleRuntime(
      resolved(LOGGING, standardEvents()),
      context(template),
    );
    assert.deepEqual(template, before);
    const after = applied(template, fragments);
    assert.equal(CLOUD_WATCH_ROLE_RUNTIME, 'nodejs22.x');
    assert.deepEqual(
      after.Resources[ROLE_FUNCTION],
      coreRoleResources('nodejs22.x')[ROLE_FUNCTION],
    );
    const { [ROLE_FUNCTION]: _ours, ...rest } = after.Resources;
    const { [ROLE_FUNCTION]: _core, ...coreRest } = before.Resources;
    assert.deepEqual(rest, coreRest);
  });

  it('leaves a current runtime (osls uses the service runtime) and other runtimes alone', () => {
    for (const runtime of ['nodejs22.x', 'nodejs24.x', 'python3.13']) {
      const template = coreTemplate(coreRoleResources(runtime));
      assert.deepEqual(
        updateCloudWatchRoleRuntime(resolved(LOGGING, standardEvents()), context(template)),
        [],
        runtime,
      );
    }
  });

  it('does nothing when the stage is not ours (a shared REST API) or core made no such function', () => {
    const withRole = coreTemplate(coreRoleResources('nodejs18.x'));
    const shared = resolveConfig(
      LOGGING,
      coreSettings({ sharedRestApiId: 'abc123' }),
      standardEvents(),
    );
    assert.equal(shared.stage, undefined);
    assert.deepEqual(updateCloudWatchRoleRuntime(shared, context(withRole)), []);
    assert.deepEqual(
      updateCloudWatchRoleRuntime(resolved(LOGGING, standardEvents()), context(coreTemplate())),
      [],
    );
  });
});

describe('handOverStageFromCore', () => {
  it("takes back the stage settings core would patch, and keeps core's other settings", () => {
    const provider: Record<string, unknown> = {
      logs: { restApi: true, httpApi: true },
      tracing: { apiGateway: true, lambda: true },
      apiGateway: { metrics: true, shouldStartNameWithService: true },
    };
    handOverStageFromCore(provider, resolveConfig({}, coreSettings()));
    assert.deepEqual(provider, {
      logs: { httpApi: true },
      tracing: { lambda: true },
      apiGateway: { shouldStartNameWithService: true },
    });
  });

  it('leaves older shapes that are not objects as they are (provider.tracing: true), never a TypeError', () => {
    const provider: Record<string, unknown> = { tracing: true, logs: 'yes', apiGateway: null };
    handOverStageFromCore(provider, resolveConfig({}, coreSettings()));
    assert.deepEqual(provider, { tracing: true, logs: 'yes', apiGateway: null });
  });
});
