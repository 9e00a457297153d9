/**
 * What core Serverless's own settings already say about the REST API and its stage
 * (`provider.apiName`, `provider.endpointType`, `provider.apiGateway.*`, `provider.logs.restApi`,
 * `provider.tracing.apiGateway`, tags). Read once at the edge, so the resolver and the semantic
 * checks stay pure functions of plain data.
 */
export interface CoreRestApiLogs {
  accessLogging?: boolean;
  format?: string;
  executionLogging?: boolean;
  level?: 'INFO' | 'ERROR';
  fullExecutionData?: boolean;
  role?: string;
  roleManagedExternally?: boolean;
}

export interface CoreSettings {
  service: string;
  stageName: string;
  region: string;
  apiName?: string;
  description?: string;
  endpointType?: string;
  vpcEndpointIds?: unknown[];
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySourceType?: string;
  disableDefaultEndpoint?: boolean;
  /** `provider.apiGateway.restApiId`: the service attaches to an API another stack owns. */
  sharedRestApiId?: unknown;
  tracing?: boolean;
  metrics?: boolean;
  logs?: CoreRestApiLogs;
  logRetentionInDays?: number;
  stackTags: Record<string, string>;
  tags: Record<string, string>;
  /** `provider.httpApi` as written (core's HTTP API settings: authorizers, cors, …). */
  httpApi?: Record<string, unknown>;
  /** `provider.websocketsApiRouteSelectionExpression`. */
  websocketsApiRouteSelectionExpression?: string;
  /** Names of the service's functions (an authorizer's `functionName` must be one of them). */
  functionNames?: readonly string[];
  /** `provider.apiGateway.resourcePolicy`: core's resource-policy statements. */
  resourcePolicy?: readonly unknown[];
  /** `provider.apiGateway.apiKeys` (or the older `provider.apiKeys`). */
  apiKeys?: readonly unknown[];
  /** `provider.apiGateway.usagePlan` (or the older `provider.usagePlan`). */
  usagePlan?: unknown;
}

type Loose = Record<string, unknown>;

function object(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Loose)
    : {};
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(object(value)).map(([key, v]) => [key, String(v)]));
}

/** Reads core's settings from `serverless.service.provider` (already variable-resolved). */
export function readCoreSettings(input: {
  service: string;
  stageName: string;
  region: string;
  provider: unknown;
  functionNames?: readonly string[];
}): CoreSettings {
  const provider = object(input.provider);
  const apiGateway = object(provider.apiGateway);
  const logs = provider.logs && object(provider.logs).restApi;
  const tracing = object(provider.tracing).apiGateway;
  return {
    service: input.service,
    stageName: input.stageName,
    region: input.region,
    apiName: typeof provider.apiName === 'string' ? provider.apiName : undefined,
    description: typeof apiGateway.description === 'string' ? apiGateway.description : undefined,
    endpointType: typeof provider.endpointType === 'string' ? provider.endpointType : undefined,
    vpcEndpointIds: Array.isArray(provider.vpcEndpointIds) ? provider.vpcEndpointIds : undefined,
    binaryMediaTypes: Array.isArray(apiGateway.binaryMediaTypes)
      ? (apiGateway.binaryMediaTypes as string[])
      : undefined,
    minimumCompressionSize:
      typeof apiGateway.minimumCompressionSize === 'number'
        ? apiGateway.minimumCompressionSize
        : undefined,
    apiKeySourceType:
      typeof apiGateway.apiKeySourceType === 'string' ? apiGateway.apiKeySourceType : undefined,
    disableDefaultEndpoint:
      typeof apiGateway.disableDefaultEndpoint === 'boolean'
        ? apiGateway.disableDefaultEndpoint
        : undefined,
    sharedRestApiId: apiGateway.restApiId ?? undefined,
    tracing: typeof tracing === 'boolean' ? tracing : undefined,
    metrics: typeof apiGateway.metrics === 'boolean' ? apiGateway.metrics : undefined,
    logs:
      logs === true ? {} : logs && typeof logs === 'object' ? (logs as CoreRestApiLogs) : undefined,
    logRetentionInDays:
      typeof provider.logRetentionInDays === 'number' ? provider.logRetentionInDays : undefined,
    stackTags: stringMap(provider.stackTags),
    tags: stringMap(provider.tags),
    ...(provider.httpApi && typeof provider.httpApi === 'object'
      ? { httpApi: provider.httpApi as Record<string, unknown> }
      : {}),
    ...(typeof provider.websocketsApiRouteSelectionExpression === 'string'
      ? { websocketsApiRouteSelectionExpression: provider.websocketsApiRouteSelectionExpression }
      : {}),
    ...(input.functionNames ? { functionNames: [...input.functionNames].sort() } : {}),
    ...(Array.isArray(apiGateway.resourcePolicy)
      ? { resourcePolicy: apiGateway.resourcePolicy }
      : {}),
    ...(Array.isArray(apiGateway.apiKeys ?? provider.apiKeys)
      ? { apiKeys: (apiGateway.apiKeys ?? provider.apiKeys) as unknown[] }
      : {}),
    ...((apiGateway.usagePlan ?? provider.usagePlan) !== undefined
      ? { usagePlan: apiGateway.usagePlan ?? provider.usagePlan }
      : {}),
  };
}
