// The SDK side of the migration: delete the implicit stage (snapshot first), wait for the stack to
// settle, and create the stage again from its snapshot when the stack update did not get through.
import {
  CacheClusterSize,
  CreateStageCommand,
  DeleteStageCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../../aws/clients';
import { awsErrorKind } from '../../aws/errors';
import { StageMigrationError, toStageMigrationError } from './errors';
import { restoreCommand, restorePatchOperations } from './restore-command';
import { writeSnapshotFile } from './snapshot-file';
import { describeStage, stagePath, type MigrationLog, type StageSnapshot } from './types';

/**
 * Deletes the implicit stage (the plan was 'recreate'). Writes the snapshot as JSON to
 * snapshotPath first (atomically) and logs the `aws apigateway create-stage ...` command that
 * restores it. If the snapshot cannot be written, the stage is left alone.
 */
export async function deleteImplicitStage(
  clients: Pick<AwsClients, 'apiGateway'>,
  stage: StageSnapshot,
  options: { snapshotPath: string; log: MigrationLog },
): Promise<void> {
  const { snapshotPath, log } = options;
  const region = await clients.apiGateway.config.region();
  const command = restoreCommand(stage, region);
  const subject = describeStage(stage);

  await writeSnapshotFile(snapshotPath, stage, region, command);
  log.notice(
    `Deleting ${subject} so CloudFormation can create it as an AWS::ApiGateway::Stage ` +
      '(stage migration: recreate). Its URL is unavailable until the stack update finishes.',
  );
  log.notice(`Saved its settings to ${snapshotPath}. To put the old stage back by hand, run:`);
  log.notice(`  ${command}`);
  if (stage.webAclArn) {
    log.warning(
      `${subject} is associated with the WAF web ACL ${stage.webAclArn}; the association ` +
        'is lost with the stage. Associate the new stage with it again after the deploy.',
    );
  }
  log.warning(
    `Custom domain base path mappings to ${subject} are affected by the deletion: ` +
      'check them after the deploy and recreate any that are gone.',
  );

  try {
    await clients.apiGateway.send(
      new DeleteStageCommand({ restApiId: stage.restApiId, stageName: stage.stageName }),
    );
  } catch (error) {
    // Someone removed it in the meantime: what we wanted, and the snapshot is on disk anyway.
    if (awsErrorKind(error) === 'not-found') {
      log.notice(`${subject} was already gone.`);
      return;
    }
    throw toStageMigrationError(error, {
      doing: `deleting ${subject}`,
      permission: `apigateway:DELETE on ${stagePath(stage)}`,
      outcome: `The stage was not deleted; its snapshot is in ${snapshotPath}.`,
    });
  }
}

/**
 * Recreates the stage from a snapshot (used when the stack update fails after
 * deleteImplicitStage). Call it only once the stack has settled (see waitForStackToSettle): while
 * a rollback is still running, CloudFormation may yet delete a stage of that name.
 */
export async function restoreStage(
  clients: Pick<AwsClients, 'apiGateway'>,
  stage: StageSnapshot,
): Promise<void> {
  const subject = describeStage(stage);
  try {
    await clients.apiGateway.send(new CreateStageCommand(createStageInput(stage)));
  } catch (error) {
    if (awsErrorKind(error) === 'conflict') {
      throw new StageMigrationError(
        `Did not restore ${subject}: a stage of that name exists again, and it was left as it is.`,
        'conflict',
        { cause: error },
      );
    }
    throw toStageMigrationError(error, {
      doing: `recreating ${subject}`,
      permission: `apigateway:POST on /restapis/${stage.restApiId}/stages`,
    });
  }

  const patchOperations = restorePatchOperations(stage);
  if (patchOperations.length === 0) return;
  try {
    await clients.apiGateway.send(
      new UpdateStageCommand({
        restApiId: stage.restApiId,
        stageName: stage.stageName,
        patchOperations,
      }),
    );
  } catch (error) {
    throw toStageMigrationError(error, {
      doing: `applying the saved logging, throttling and caching settings to ${subject}`,
      permission: `apigateway:PATCH on ${stagePath(stage)}`,
      outcome: 'The stage itself was recreated; only these settings are missing.',
    });
  }
}

/**
 * Waits until the stack is no longer in an *_IN_PROGRESS state and returns that state
 * (undefined when the stack is gone). The Serverless Framework reports a failed update as soon as
 * the first resource fails, while the rollback is still running.
 */
export async function waitForStackToSettle(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
  options: { pollIntervalMs?: number; timeoutMs?: number } = {},
): Promise<string | undefined> {
  const { pollIntervalMs = 5_000, timeoutMs = 30 * 60_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let status: string | undefined;
    try {
      const output = await clients.cloudFormation.send(
        new DescribeStacksCommand({ StackName: stackName }),
      );
      status = output.Stacks?.[0]?.StackStatus;
    } catch (error) {
      if (awsErrorKind(error) === 'not-found') return undefined;
      throw toStageMigrationError(error, {
        doing: `waiting for stack "${stackName}"`,
        permission: `cloudformation:DescribeStacks on stack ${stackName}`,
      });
    }
    if (status !== undefined && !status.endsWith('_IN_PROGRESS')) return status;
    if (Date.now() >= deadline) {
      throw new StageMigrationError(
        `Stack "${stackName}" was still ${status ?? 'busy'} after ${Math.round(timeoutMs / 1000)}s.`,
        'timeout',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

function createStageInput(stage: StageSnapshot) {
  const { cacheClusterSize } = stage;
  if (cacheClusterSize !== undefined && !isCacheClusterSize(cacheClusterSize)) {
    throw new StageMigrationError(
      `Cannot recreate ${describeStage(stage)}: "${cacheClusterSize}" is not a cache cluster size.`,
      'snapshot',
    );
  }
  return {
    restApiId: stage.restApiId,
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    description: stage.description,
    variables: stage.variables,
    cacheClusterEnabled: stage.cacheClusterEnabled,
    cacheClusterSize,
    tracingEnabled: stage.tracingEnabled,
    documentationVersion: stage.documentationVersion,
    canarySettings: stage.canarySettings,
    tags: stage.tags,
  };
}

const CACHE_CLUSTER_SIZES: ReadonlySet<string> = new Set(Object.values(CacheClusterSize));

function isCacheClusterSize(value: string): value is CacheClusterSize {
  return CACHE_CLUSTER_SIZES.has(value);
}
