/**
 * Usage plans of the deployed stage with their API keys: AWS::ApiGateway::UsagePlan (waiting for
 * the Stage that creates the stage it names), AWS::ApiGateway::ApiKey and
 * AWS::ApiGateway::UsagePlanKey. Key values go into the template only (CloudFormation needs them).
 */
import type { CfnObject, CfnResource } from '../../cloudformation/template';
import { ref } from '../../cloudformation/template';
import type { ResolvedUsagePlan } from './usage-plans';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { toTagList } from '../../pipeline/compile-context';

function throttle(value: { rateLimit?: number; burstLimit?: number }): CfnObject {
  return {
    ...(value.burstLimit !== undefined ? { BurstLimit: value.burstLimit } : {}),
    ...(value.rateLimit !== undefined ? { RateLimit: value.rateLimit } : {}),
  };
}

export function compileUsagePlans(
  plans: readonly ResolvedUsagePlan[],
  config: ResolvedConfig,
  restApiId: unknown,
  /** The Stage resource that creates the stage, when this stack declares it. */
  stageLogicalId: string | undefined,
): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {};
  for (const plan of plans) {
    const apiStage: CfnObject = { ApiId: restApiId, Stage: config.stageName };
    if (Object.keys(plan.methodThrottles).length > 0) {
      apiStage.Throttle = Object.fromEntries(
        Object.entries(plan.methodThrottles).map(([key, value]) => [key, throttle(value)]),
      );
    }
    const properties: CfnObject = {
      UsagePlanName: `${config.service}-${config.stageName}-${plan.name}`,
      ApiStages: [apiStage],
    };
    if (plan.description !== undefined) properties.Description = plan.description;
    if (plan.quota) {
      properties.Quota = {
        Limit: plan.quota.limit,
        Period: plan.quota.period,
        ...(plan.quota.offset !== undefined ? { Offset: plan.quota.offset } : {}),
      };
    }
    if (plan.throttle) properties.Throttle = throttle(plan.throttle);
    if (Object.keys(plan.tags).length > 0) properties.Tags = toTagList(plan.tags);
    resources[plan.logicalId] = {
      Type: 'AWS::ApiGateway::UsagePlan',
      Properties: properties,
      ...(stageLogicalId !== undefined ? { DependsOn: [stageLogicalId] } : {}),
    };
    for (const key of plan.apiKeys) {
      resources[key.logicalId] = {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: {
          Name: key.name,
          Enabled: key.enabled,
          ...(key.value !== undefined ? { Value: key.value } : {}),
          ...(key.customerId !== undefined ? { CustomerId: key.customerId } : {}),
          ...(key.description !== undefined ? { Description: key.description } : {}),
        },
      };
      resources[key.usagePlanKeyLogicalId] = {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        Properties: {
          KeyId: ref(key.logicalId),
          KeyType: 'API_KEY',
          UsagePlanId: ref(plan.logicalId),
        },
      };
    }
  }
  return resources;
}
