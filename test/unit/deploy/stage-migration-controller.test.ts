/** The migration around one deploy: a failed stack update after the delete puts the old stage back. */
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
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import {
  SNAPSHOT_FILE,
  StageMigrationController,
} from '../../../src/deploy/stage-migration-controller';

describe('StageMigrationController', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const apiGateway = mockClient(APIGatewayClient);
  let dir: string;
  let onExit: Array<() => Promise<void>>;
  let log: { notice: sinon.SinonStub; warning: sinon.SinonStub };

  function controller(): StageMigrationController {
    return new StageMigrationController({
      provider: {
        getRegion: () => 'eu-west-1',
        getCredentials: () => ({
          credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
        }),
      },
      log,
      snapshotDir: () => dir,
      stackName: () => 'orders-prod',
      region: () => 'eu-west-1',
      onUnfinishedExit: (run) => onExit.push(run),
      settlePollMs: 1,
    });
  }

  const check = {
    policy: 'recreate' as const,
    restApiLogicalId: 'ApiGatewayRestApi',
    stageLogicalId: 'ApiGatewayStage',
    stageName: 'prod',
    fail: (message: string): never => {
      throw new Error(message);
    },
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-ctl-'));
    onExit = [];
    log = { notice: sinon.stub(), warning: sinon.stub() };
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
    apiGateway
      .on(GetStageCommand)
      .resolves({ stageName: 'prod', deploymentId: 'dep1', variables: { a: 'b' } });
  });

  after(() => {
    cloudFormation.restore();
    apiGateway.restore();
  });

  it('restores the old stage once the rollback has finished when the update did not complete', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [
          {
            StackName: 'orders-prod',
            StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
            CreationTime: new Date(0),
          },
        ],
      })
      .resolves({
        Stacks: [
          {
            StackName: 'orders-prod',
            StackStatus: 'UPDATE_ROLLBACK_COMPLETE',
            CreationTime: new Date(0),
          },
        ],
      });
    const migration = controller();
    await migration.check(check);
    await migration.beforeStackUpdate(true);
    assert.equal(apiGateway.commandCalls(DeleteStageCommand).length, 1);
    assert.equal(onExit.length, 1, 'a restore is registered for an unfinished exit');
    // The stack update failed: Serverless reports it and the process drains.
    await onExit[0]();
    const create = apiGateway.commandCalls(CreateStageCommand);
    assert.equal(create.length, 1);
    assert.deepEqual(
      {
        restApiId: create[0].args[0].input.restApiId,
        stageName: create[0].args[0].input.stageName,
        deploymentId: create[0].args[0].input.deploymentId,
        variables: create[0].args[0].input.variables,
      },
      { restApiId: 'api123', stageName: 'prod', deploymentId: 'dep1', variables: { a: 'b' } },
    );
    assert.equal(
      cloudFormation.commandCalls(DescribeStacksCommand).length,
      2,
      'waited for the rollback',
    );
    assert.ok(!existsSync(path.join(dir, SNAPSHOT_FILE)), 'snapshot removed once restored');
    assert.match(String(log.notice.lastCall.args[0]), /restored as it was before the deploy/);
  });

  it('does nothing at exit when the stack update went through', async () => {
    const migration = controller();
    await migration.check(check);
    await migration.beforeStackUpdate(true);
    migration.afterStackUpdate();
    await onExit[0]();
    assert.equal(apiGateway.commandCalls(CreateStageCommand).length, 0);
    assert.equal(cloudFormation.commandCalls(DescribeStacksCommand).length, 0);
  });

  it('tells how to restore by hand when the restore itself fails', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'orders-prod',
          StackStatus: 'UPDATE_ROLLBACK_COMPLETE',
          CreationTime: new Date(0),
        },
      ],
    });
    apiGateway
      .on(CreateStageCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const migration = controller();
    await migration.check(check);
    await migration.beforeStackUpdate(true);
    await onExit[0]();
    assert.match(
      String(log.warning.lastCall.args[0]),
      /could not restore stage "prod".*aws apigateway create-stage/s,
    );
    assert.ok(existsSync(path.join(dir, SNAPSHOT_FILE)), 'snapshot kept for the manual restore');
  });
});
