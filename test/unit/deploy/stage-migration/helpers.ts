// Shared by the stage-migration tests: the stack and stage they run against, mocked SDK clients,
// and a check of StageMigrationError.
import assert from 'node:assert/strict';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import {
  StageMigrationError,
  type DetectInput,
  type MigrationLog,
  type StageSnapshot,
} from '../../../../src/deploy/stage-migration';

export const REGION = 'us-east-1';
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };

export const INPUT: DetectInput = {
  stackName: 'svc-prod',
  restApiLogicalId: 'ApiGatewayRestApi',
  stageLogicalId: 'ApiGatewayStage',
  stageName: 'prod',
};

export const SNAPSHOT: StageSnapshot = {
  restApiId: 'abc123',
  stageName: 'prod',
  deploymentId: 'dep456',
  description: "Bob's stage",
  variables: { TABLE: 'orders', MODE: 'a b' },
  cacheClusterEnabled: true,
  cacheClusterSize: '0.5',
  tracingEnabled: true,
};

export function makeClients() {
  const apiGateway = new APIGatewayClient({ region: REGION, credentials });
  const cloudFormation = new CloudFormationClient({ region: REGION, credentials });
  return {
    clients: { apiGateway, cloudFormation },
    apiGatewayMock: mockClient(apiGateway),
    cloudFormationMock: mockClient(cloudFormation),
  };
}

export function resource(
  LogicalResourceId: string,
  ResourceType: string,
  PhysicalResourceId: string,
  ResourceStatus: StackResourceSummary['ResourceStatus'] = 'UPDATE_COMPLETE',
): StackResourceSummary {
  return {
    LogicalResourceId,
    ResourceType,
    PhysicalResourceId,
    ResourceStatus,
    LastUpdatedTimestamp: new Date(0),
  };
}

export const REST_API = resource('ApiGatewayRestApi', 'AWS::ApiGateway::RestApi', 'abc123');

export function cfnError(name: string, message: string) {
  return new CloudFormationServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

export function recordingLog() {
  const notices: string[] = [];
  const warnings: string[] = [];
  const log: MigrationLog = {
    notice: (message) => notices.push(message),
    warning: (message) => warnings.push(message),
  };
  return { log, notices, warnings };
}

export function isStageMigrationError(
  reason: StageMigrationError['reason'],
  ...patterns: RegExp[]
) {
  return (error: unknown) => {
    assert.ok(error instanceof StageMigrationError, `expected StageMigrationError, got ${error}`);
    assert.equal(error.reason, reason);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  };
}
