/**
 * What core Serverless's own settings already say about the REST API and its stage
 * (`provider.apiName`, `provider.endpointType`, `provider.apiGateway.*`, `provider.logs.restApi`,
 * `provider.tracing.apiGateway`, tags). Read once at the edge, so the resolver and the semantic
 * checks stay pure functions of plain data.
 */
import type { ConfigIssue } from './issues';
import { SettingsReader, type Loose } from './core-setting-values';
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
  /** Settings in a shape core does not read either: refused by validation, with their paths. */
  unreadable?: readonly ConfigIssue[];
}

function object(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Loose)
    : {};
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(object(value)).map(([key, v]) => [key, String(v)]));
}

const LOGS_PATH = 'provider.logs.restApi';

/** `provider.logs.restApi`: `true` (core's defaults), `false`, or an object of core's settings. */
function readRestApiLogs(value: unknown, reader: SettingsReader): CoreRestApiLogs | undefined {
  if (value === undefined || value === null || value === false || value === 'false')
    return undefined;
  if (value === true || value === 'true') return {};
  const before = reader.issues.length;
  const logs = reader.object(
    value,
    LOGS_PATH,
    'true, or accessLogging, executionLogging, format, level, fullExecutionData, role',
  );
  const read: CoreRestApiLogs = {
    accessLogging: reader.boolean(logs.accessLogging, `${LOGS_PATH}.accessLogging`),
    format: reader.string(logs.format, `${LOGS_PATH}.format`),
    executionLogging: reader.boolean(logs.executionLogging, `${LOGS_PATH}.executionLogging`),
    level: reader.choice(logs.level, `${LOGS_PATH}.level`, ['INFO', 'ERROR'] as const),
    fullExecutionData: reader.boolean(logs.fullExecutionData, `${LOGS_PATH}.fullExecutionData`),
    role: reader.string(logs.role, `${LOGS_PATH}.role`),
    roleManagedExternally: reader.boolean(
      logs.roleManagedExternally,
      `${LOGS_PATH}.roleManagedExternally`,
    ),
  };
  if (reader.issues.length > before) return undefined;
  return Object.fromEntries(
    Object.entries(read).filter(([, v]) => v !== undefined),
  ) as CoreRestApiLogs;
}

/**
 * Reads core's settings from `serverless.service.provider` (already variable-resolved), in every
 * shape core reads (see core-setting-values.ts); what cannot be read is in `unreadable`.
 */
export function readCoreSettings(input: {
  service: string;
  stageName: string;
  region: string;
  provider: unknown;
  functionNames?: readonly string[];
}): CoreSettings {
  const reader = new SettingsReader();
  const provider = object(input.provider);
  const apiGateway = reader.object(
    provider.apiGateway,
    'provider.apiGateway',
    'restApiId, metrics, binaryMediaTypes, minimumCompressionSize, …',
  );
  const logs = reader.object(provider.logs, 'provider.logs', 'restApi, httpApi, websocket');
  const tracing = reader.object(provider.tracing, 'provider.tracing', 'apiGateway and lambda');
  const settings: CoreSettings = {
    service: input.service,
    stageName: input.stageName,
    region: input.region,
    apiName: typeof provider.apiName === 'string' ? provider.apiName : undefined,
    description: reader.string(apiGateway.description, 'provider.apiGateway.description'),
    endpointType: reader.upperCaseChoice(provider.endpointType, 'provider.endpointType', [
      'REGIONAL',
      'EDGE',
      'PRIVATE',
    ]),
    vpcEndpointIds: Array.isArray(provider.vpcEndpointIds) ? provider.vpcEndpointIds : undefined,
    binaryMediaTypes: reader.stringList(
      apiGateway.binaryMediaTypes,
      'provider.apiGateway.binaryMediaTypes',
    ),
    minimumCompressionSize: reader.number(
      apiGateway.minimumCompressionSize,
      'provider.apiGateway.minimumCompressionSize',
    ),
    apiKeySourceType: reader.upperCaseChoice(
      apiGateway.apiKeySourceType,
      'provider.apiGateway.apiKeySourceType',
      ['HEADER', 'AUTHORIZER'],
    ),
    disableDefaultEndpoint: reader.boolean(
      apiGateway.disableDefaultEndpoint,
      'provider.apiGateway.disableDefaultEndpoint',
    ),
    sharedRestApiId: apiGateway.restApiId ?? undefined,
    tracing: reader.boolean(tracing.apiGateway, 'provider.tracing.apiGateway'),
    metrics: reader.boolean(apiGateway.metrics, 'provider.apiGateway.metrics'),
    logs: readRestApiLogs(logs.restApi, reader),
    logRetentionInDays: reader.number(provider.logRetentionInDays, 'provider.logRetentionInDays'),
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
  return reader.issues.length > 0 ? { ...settings, unreadable: reader.issues } : settings;
}
