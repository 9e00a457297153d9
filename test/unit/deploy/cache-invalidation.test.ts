import assert from 'node:assert/strict';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import {
  applyCacheInvalidation,
  invalidationOperations,
} from '../../../src/deploy/cache-invalidation';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

describe('cache invalidation after deploy', () => {
  const apiGateway = mockClient(APIGatewayClient);
  const cloudFormation = mockClient(CloudFormationClient);
  const clients = {
    apiGateway: new APIGatewayClient({ region: 'eu-west-1', credentials }),
    cloudFormation: new CloudFormationClient({ region: 'eu-west-1', credentials }),
  };

  beforeEach(() => {
    apiGateway.reset();
    cloudFormation.reset();
  });
  after(() => {
    apiGateway.restore();
    cloudFormation.restore();
  });

  it('patches the stage-wide entry and every per-method entry (they do not inherit it)', () => {
    const operations = invalidationOperations(
      { requireAuthorization: true, unauthorizedStrategy: 'FAIL_WITH_403' },
      [
        { ResourcePath: '/*', HttpMethod: '*' },
        { ResourcePath: '/~1orders~1{id}', HttpMethod: 'GET' },
      ],
    );
    assert.deepEqual(operations, [
      { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'true' },
      {
        op: 'replace',
        path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy',
        value: 'FAIL_WITH_403',
      },
      {
        op: 'replace',
        path: '/~1orders~1{id}/GET/caching/requireAuthorizationForCacheControl',
        value: 'true',
      },
      {
        op: 'replace',
        path: '/~1orders~1{id}/GET/caching/unauthorizedCacheControlHeaderStrategy',
        value: 'FAIL_WITH_403',
      },
    ]);
    assert.deepEqual(
      invalidationOperations(undefined, [{ ResourcePath: '/~1a', HttpMethod: 'GET' }]),
      [],
    );
  });

  it('finds the API in the stack and updates the stage', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        LogicalResourceId: 'ApiGatewayRestApi',
        PhysicalResourceId: 'api123',
        ResourceType: 'AWS::ApiGateway::RestApi',
        ResourceStatus: 'UPDATE_COMPLETE',
        LastUpdatedTimestamp: new Date(0),
      },
    });
    const log = { notice: sinon.stub(), warning: sinon.stub() };
    const operations = invalidationOperations({ requireAuthorization: false }, []);
    const applied = await applyCacheInvalidation(
      clients,
      {
        stackName: 'orders-prod',
        restApiLogicalId: 'ApiGatewayRestApi',
        stageName: 'prod',
        operations,
      },
      log,
    );
    assert.equal(applied, true);
    assert.deepEqual(apiGateway.commandCalls(UpdateStageCommand)[0].args[0].input, {
      restApiId: 'api123',
      stageName: 'prod',
      patchOperations: operations,
    });
  });

  it('warns, and does not fail the finished deploy, when AWS refuses', async () => {
    cloudFormation
      .on(DescribeStackResourceCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDenied' }));
    const log = { notice: sinon.stub(), warning: sinon.stub() };
    const applied = await applyCacheInvalidation(
      clients,
      {
        stackName: 's',
        restApiLogicalId: 'ApiGatewayRestApi',
        stageName: 'prod',
        operations: [{ op: 'replace', path: '/x', value: 'y' }],
      },
      log,
    );
    assert.equal(applied, false);
    assert.match(
      String(log.warning.firstCall.args[0]),
      /could not apply the cache invalidation settings.*apigateway:PATCH/,
    );
    assert.equal(apiGateway.commandCalls(UpdateStageCommand).length, 0);
  });

  it('does nothing without settings', async () => {
    const log = { notice: sinon.stub(), warning: sinon.stub() };
    assert.equal(
      await applyCacheInvalidation(
        clients,
        { stackName: 's', restApiLogicalId: 'A', stageName: 'prod', operations: [] },
        log,
      ),
      false,
    );
    assert.equal(cloudFormation.calls().length, 0);
  });
});
