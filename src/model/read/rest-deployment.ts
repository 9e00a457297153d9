/**
 * Reads what a REST API has around its definition: the RestApi's own settings, its stages (with
 * method settings) and its usage plans and API keys. These are resources whether the API is
 * defined by Method resources or by a `Body`, so both readers share this one.
 */
import type { CfnObject, CfnTemplate } from '../../cloudformation/template';
import { referencedId } from '../../openapi/intrinsics';
import { isRecord, mapOf, pick, resourcesOfType } from '../order';
import type { ApiKey, MethodSetting, RestApiModel, RestStage, Throttle, UsagePlan } from '../types';

export type RestApiSettings = Omit<
  RestApiModel,
  'kind' | 'methods' | 'authorizers' | 'requestValidators' | 'models' | 'gatewayResponses'
>;

/** The first RestApi of the template (a service has one): its logical id and properties. */
export function restApiResource(
  template: CfnTemplate,
): { logicalId: string; properties: CfnObject } | undefined {
  const [entry] = resourcesOfType(template, 'AWS::ApiGateway::RestApi');
  return entry ? { logicalId: entry[0], properties: entry[1].Properties ?? {} } : undefined;
}

export function readRestApiSettings(template: CfnTemplate): RestApiSettings {
  const api = restApiResource(template);
  const properties = api?.properties ?? {};
  const endpoint = isRecord(properties.EndpointConfiguration)
    ? pick(properties.EndpointConfiguration, { Types: 'types', VpcEndpointIds: 'vpcEndpointIds' })
    : undefined;
  return {
    ...(api ? { logicalId: api.logicalId } : {}),
    ...pick(properties, {
      Name: 'name',
      Description: 'description',
      ApiKeySourceType: 'apiKeySourceType',
      BinaryMediaTypes: 'binaryMediaTypes',
      MinimumCompressionSize: 'minimumCompressionSize',
      Policy: 'policy',
      DisableExecuteApiEndpoint: 'disableExecuteApiEndpoint',
    }),
    ...(endpoint ? { endpointConfiguration: endpoint } : {}),
    stages: readStages(template),
    ...readUsagePlans(template),
  };
}

function readStages(template: CfnTemplate): RestStage[] {
  return resourcesOfType(template, 'AWS::ApiGateway::Stage').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const variables = mapOf(properties.Variables);
    const canary = mapOf(properties.CanarySetting);
    return {
      logicalId,
      ...pick(properties, {
        StageName: 'stageName',
        DeploymentId: 'deploymentId',
        Description: 'description',
        CacheClusterEnabled: 'cacheClusterEnabled',
        CacheClusterSize: 'cacheClusterSize',
        TracingEnabled: 'tracingEnabled',
        ClientCertificateId: 'clientCertificateId',
        Tags: 'tags',
      }),
      ...(variables !== undefined ? { variables } : {}),
      ...(canary !== undefined ? { canarySetting: canary } : {}),
      ...(isRecord(properties.AccessLogSetting)
        ? {
            accessLogSetting: pick(properties.AccessLogSetting, {
              DestinationArn: 'destinationArn',
              Format: 'format',
            }),
          }
        : {}),
      methodSettings: ((properties.MethodSettings as unknown[] | undefined) ?? [])
        .filter(isRecord)
        .map((setting): MethodSetting =>
          pick(setting, {
            ResourcePath: 'resourcePath',
            HttpMethod: 'httpMethod',
            LoggingLevel: 'loggingLevel',
            DataTraceEnabled: 'dataTraceEnabled',
            MetricsEnabled: 'metricsEnabled',
            ThrottlingRateLimit: 'throttlingRateLimit',
            ThrottlingBurstLimit: 'throttlingBurstLimit',
            CachingEnabled: 'cachingEnabled',
            CacheTtlInSeconds: 'cacheTtlInSeconds',
            CacheDataEncrypted: 'cacheDataEncrypted',
          }),
        ),
    };
  });
}

function throttleOf(value: unknown): Throttle | undefined {
  return isRecord(value)
    ? pick(value, { RateLimit: 'rateLimit', BurstLimit: 'burstLimit' })
    : undefined;
}

function readUsagePlans(template: CfnTemplate): { usagePlans: UsagePlan[]; apiKeys: ApiKey[] } {
  const keysByPlan = new Map<string, string[]>();
  for (const [, resource] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlanKey')) {
    const plan = referencedId(resource.Properties?.UsagePlanId);
    const key = referencedId(resource.Properties?.KeyId);
    if (plan !== undefined && key !== undefined) {
      keysByPlan.set(plan, [...(keysByPlan.get(plan) ?? []), key]);
    }
  }
  const usagePlans = resourcesOfType(template, 'AWS::ApiGateway::UsagePlan').map(
    ([logicalId, resource]): UsagePlan => {
      const properties = resource.Properties ?? {};
      const throttle = throttleOf(properties.Throttle);
      return {
        logicalId,
        ...pick(properties, { UsagePlanName: 'name', Description: 'description' }),
        apiStages: ((properties.ApiStages as unknown[] | undefined) ?? [])
          .filter(isRecord)
          .map((stage) => ({
            ...pick(stage, { ApiId: 'apiId', Stage: 'stage' }),
            ...(isRecord(stage.Throttle)
              ? {
                  throttle: Object.fromEntries(
                    Object.entries(stage.Throttle).map(([key, value]) => [
                      key,
                      throttleOf(value) ?? {},
                    ]),
                  ),
                }
              : {}),
          })),
        ...(isRecord(properties.Quota)
          ? {
              quota: pick(properties.Quota, { Limit: 'limit', Offset: 'offset', Period: 'period' }),
            }
          : {}),
        ...(throttle ? { throttle } : {}),
        apiKeys: keysByPlan.get(logicalId) ?? [],
      };
    },
  );
  const apiKeys = resourcesOfType(template, 'AWS::ApiGateway::ApiKey').map(
    ([logicalId, resource]): ApiKey => ({
      logicalId,
      ...pick(resource.Properties ?? {}, {
        Name: 'name',
        Description: 'description',
        Enabled: 'enabled',
        Value: 'value',
      }),
    }),
  );
  return { usagePlans, apiKeys };
}
