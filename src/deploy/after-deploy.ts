/**
 * What runs after `sls deploy`: the API keys the plugin created (listed; values only when asked),
 * and the cache invalidation settings CloudFormation cannot declare (see cache-invalidation.ts).
 * Loaded only after a deploy: it brings the AWS SDK.
 */
import { createAwsClients, type ServerlessAwsProvider } from '../aws/clients';
import type { CfnTemplate } from '../cloudformation/template';
import type { ResolvedConfig } from '../pipeline/resolve';
import { reportApiKeys, type ApiKeyLog } from './api-keys';
import { applyCacheInvalidation, invalidationOperations } from './cache-invalidation';

export interface AfterDeployContext {
  readonly provider: ServerlessAwsProvider;
  readonly stackName: string;
  readonly restApiLogicalId: string;
  readonly stageLogicalId: string;
  readonly template: Readonly<CfnTemplate>;
  readonly log: ApiKeyLog & { info(message: string): void };
  readonly showApiKeyValues: boolean;
}

/** The API keys of the plugin's usage plans, by name and id (values only when asked). */
export async function listApiKeys(
  config: ResolvedConfig,
  context: AfterDeployContext,
): Promise<void> {
  if (config.restApi.sharedRestApiId !== undefined) return;
  if (config.accessControl.usagePlans.length === 0) return;
  await reportApiKeys(createAwsClients(context.provider), context.stackName, context.log, {
    showValues: context.showApiKeyValues,
  });
}

/** The stage's cache invalidation settings, on the stage-wide and every per-method entry. */
export async function applyStageCacheInvalidation(
  config: ResolvedConfig,
  context: AfterDeployContext,
): Promise<void> {
  if (!config.stage) return;
  const invalidation = config.caching.invalidation;
  const stage = context.template.Resources[context.stageLogicalId];
  const methodSettings = (stage?.Properties?.MethodSettings ?? []) as Array<{
    ResourcePath: string;
    HttpMethod: string;
  }>;
  const operations = invalidationOperations(invalidation, methodSettings);
  if (operations.length === 0) return;
  await applyCacheInvalidation(
    createAwsClients(context.provider),
    {
      stackName: context.stackName,
      restApiLogicalId: context.restApiLogicalId,
      stageName: config.stageName,
      operations,
    },
    context.log,
  );
}
