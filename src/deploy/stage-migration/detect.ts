// Who owns the stage: read from the stack's resources and, when the stack does not declare the
// stage, from API Gateway (GetStage), with a snapshot of the settings to create it again.
import { GetStageCommand, type GetStageCommandOutput } from '@aws-sdk/client-api-gateway';
import {
  paginateListStackResources,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../../aws/clients';
import { awsErrorKind } from '../../aws/errors';
import { StageMigrationError, toStageMigrationError } from './errors';
import {
  describeStage,
  stagePath,
  type DetectInput,
  type StageOwnership,
  type StageSnapshot,
} from './types';

const STAGE_RESOURCE_TYPE = 'AWS::ApiGateway::Stage';
const REST_API_RESOURCE_TYPE = 'AWS::ApiGateway::RestApi';

export async function detectStageOwnership(
  clients: Pick<AwsClients, 'apiGateway' | 'cloudFormation'>,
  input: DetectInput,
): Promise<StageOwnership> {
  if (input.externalRestApiId) return { kind: 'external-api' };

  const resources = await listLiveStackResources(clients, input.stackName);
  if (resources === undefined) return { kind: 'no-stack' };

  const restApiId = resources.find(
    (resource) =>
      resource.LogicalResourceId === input.restApiLogicalId &&
      resource.ResourceType === REST_API_RESOURCE_TYPE,
  )?.PhysicalResourceId;
  if (!restApiId) return { kind: 'no-rest-api' };

  const declared = resources.some(
    (resource) =>
      resource.LogicalResourceId === input.stageLogicalId &&
      resource.ResourceType === STAGE_RESOURCE_TYPE,
  );
  if (declared) return { kind: 'declared', restApiId };

  const stage = await getStageSnapshot(clients, restApiId, input.stageName, input.stackName);
  return stage ? { kind: 'implicit', restApiId, stage } : { kind: 'absent', restApiId };
}

/** Resources of the stack that still exist; undefined when the stack does not. */
async function listLiveStackResources(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
): Promise<StackResourceSummary[] | undefined> {
  const resources: StackResourceSummary[] = [];
  try {
    const pages = paginateListStackResources(
      { client: clients.cloudFormation },
      { StackName: stackName },
    );
    for await (const page of pages) resources.push(...(page.StackResourceSummaries ?? []));
  } catch (error) {
    if (awsErrorKind(error) === 'not-found') return undefined;
    throw toStageMigrationError(error, {
      doing: `reading the resources of stack "${stackName}"`,
      permission: `cloudformation:ListStackResources on stack ${stackName}`,
    });
  }
  return resources.filter((resource) => resource.ResourceStatus !== 'DELETE_COMPLETE');
}

async function getStageSnapshot(
  clients: Pick<AwsClients, 'apiGateway'>,
  restApiId: string,
  stageName: string,
  stackName: string,
): Promise<StageSnapshot | undefined> {
  const subject = `${describeStage({ restApiId, stageName })} (stack "${stackName}")`;
  let output: GetStageCommandOutput;
  try {
    output = await clients.apiGateway.send(new GetStageCommand({ restApiId, stageName }));
  } catch (error) {
    if (awsErrorKind(error) === 'not-found') return undefined;
    throw toStageMigrationError(error, {
      doing: `checking ${subject}`,
      permission: `apigateway:GET on ${stagePath({ restApiId, stageName })}`,
    });
  }
  if (!output.deploymentId) {
    throw new StageMigrationError(
      `Unexpected answer from API Gateway while checking ${subject}: the stage has no deployment.`,
      'aws',
    );
  }
  return snapshotFromStage(restApiId, stageName, output.deploymentId, output);
}

function snapshotFromStage(
  restApiId: string,
  stageName: string,
  deploymentId: string,
  stage: GetStageCommandOutput,
): StageSnapshot {
  const snapshot: StageSnapshot = { restApiId, stageName, deploymentId };
  if (stage.description !== undefined) snapshot.description = stage.description;
  if (stage.variables !== undefined) snapshot.variables = { ...stage.variables };
  if (stage.cacheClusterEnabled !== undefined) {
    snapshot.cacheClusterEnabled = stage.cacheClusterEnabled;
  }
  if (stage.cacheClusterSize !== undefined) snapshot.cacheClusterSize = stage.cacheClusterSize;
  if (stage.tracingEnabled !== undefined) snapshot.tracingEnabled = stage.tracingEnabled;
  if (stage.documentationVersion !== undefined) {
    snapshot.documentationVersion = stage.documentationVersion;
  }
  if (stage.canarySettings !== undefined) snapshot.canarySettings = { ...stage.canarySettings };
  const userTags = Object.entries(stage.tags ?? {}).filter(([key]) => !key.startsWith('aws:'));
  if (userTags.length > 0) snapshot.tags = Object.fromEntries(userTags);
  if (stage.clientCertificateId !== undefined) {
    snapshot.clientCertificateId = stage.clientCertificateId;
  }
  if (stage.accessLogSettings !== undefined) {
    const { destinationArn, format } = stage.accessLogSettings;
    snapshot.accessLogSettings = {
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(format !== undefined ? { format } : {}),
    };
  }
  if (stage.methodSettings !== undefined && Object.keys(stage.methodSettings).length > 0) {
    snapshot.methodSettings = structuredClone(stage.methodSettings);
  }
  if (stage.webAclArn !== undefined) snapshot.webAclArn = stage.webAclArn;
  return snapshot;
}
