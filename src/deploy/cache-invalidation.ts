/**
 * Cache invalidation settings (`Cache-Control: max-age=0` from clients) are stage method settings
 * that CloudFormation's `AWS::ApiGateway::Stage` cannot express (its MethodSetting has no
 * RequireAuthorizationForCacheControl / UnauthorizedCacheControlHeaderStrategy). They are the one
 * thing applied through the SDK after deploy: on the stage-wide entry and on every per-method entry
 * the template declares (a per-method entry does not inherit them). Idempotent; run after every deploy.
 */
import { type PatchOperation, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { awsFailureWarning } from '../aws/errors';
import {
  cacheInvalidationPatchOperations,
  type CacheInvalidationConfig,
} from '../features/caching/resolve';

export interface MethodSettingPath {
  /** As in the template: `/*` or the escaped path `/~1orders~1{id}`. */
  ResourcePath: string;
  HttpMethod: string;
}

/** Patch operations for the stage-wide entry and each per-method entry. */
export function invalidationOperations(
  invalidation: CacheInvalidationConfig | undefined,
  methodSettings: readonly MethodSettingPath[],
): PatchOperation[] {
  const stageWide = cacheInvalidationPatchOperations(invalidation);
  const operations = [...stageWide];
  for (const setting of methodSettings) {
    if (setting.ResourcePath === '/*' && setting.HttpMethod === '*') continue;
    for (const operation of stageWide) {
      operations.push({
        ...operation,
        path: String(operation.path).replace(
          /^\/\*\/\*/,
          `${setting.ResourcePath}/${setting.HttpMethod}`,
        ),
      });
    }
  }
  return operations;
}

export interface InvalidationTarget {
  stackName: string;
  restApiLogicalId: string;
  stageName: string;
  operations: PatchOperation[];
}

export interface InvalidationLog {
  notice(message: string): void;
  warning(message: string): void;
}

/** Applies the operations to the deployed stage; a failure is reported, never thrown (the deploy went through). */
export async function applyCacheInvalidation(
  clients: Pick<AwsClients, 'apiGateway' | 'cloudFormation'>,
  target: InvalidationTarget,
  log: InvalidationLog,
): Promise<boolean> {
  if (target.operations.length === 0) return false;
  try {
    const resource = await clients.cloudFormation.send(
      new DescribeStackResourceCommand({
        StackName: target.stackName,
        LogicalResourceId: target.restApiLogicalId,
      }),
    );
    const restApiId = resource.StackResourceDetail?.PhysicalResourceId;
    if (!restApiId) throw new Error(`the stack has no ${target.restApiLogicalId}`);
    await clients.apiGateway.send(
      new UpdateStageCommand({
        restApiId,
        stageName: target.stageName,
        patchOperations: target.operations,
      }),
    );
    log.notice(
      `serverless-apigateway-kit: cache invalidation settings applied to stage "${target.stageName}" (${target.operations.length} setting(s)).`,
    );
    return true;
  } catch (error) {
    const failure = awsFailureWarning(error, {
      attempted: `apply the cache invalidation settings to stage "${target.stageName}"`,
      permission: `apigateway:PATCH on the stage and cloudformation:DescribeStackResource on stack ${target.stackName}`,
    });
    log.warning(`serverless-apigateway-kit: ${failure}; run the deploy again once that is fixed.`);
    return false;
  }
}
