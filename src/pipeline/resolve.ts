/**
 * Resolves validated config for one deployed stage: picks the `'*'` defaults, deep-merges the entry
 * named like the stage over them, lays core's own provider-level settings underneath, and applies
 * defaults. The result is plain, typed and frozen; compilers read nothing else.
 */
import {
  mergeLayers,
  mergeStageEntries as mergeStageRecord,
  sortedRecord,
} from '../shared/stage-merge';
import {
  CORE_DEFAULT_ACCESS_LOG_FORMAT,
  expandAccessLogFormat,
} from '../features/stage/access-log-formats';
import type { CoreSettings } from './core-settings';
import { emptyEvents, type EventsByKind } from '../shared/events';
import type { LoadedDefinition } from '../openapi/import';
import { resolveHttpApi, type ResolvedHttpApi } from '../features/http-api/resolve';
import { resolveWebsocket, type ResolvedWebsocket } from '../features/websocket/resolve';
import type {
  ApiGatewayConfig,
  CloudFormationIntrinsic,
  ExecutionLogLevel,
  RestApiConfig,
  StageConfig,
  ThrottlingConfig,
} from '../config/types.generated';

export type EndpointType = NonNullable<RestApiConfig['endpointType']>;
export type CfnValue = string | CloudFormationIntrinsic;

export interface ResolvedRestApi {
  /** Set when `provider.apiGateway.restApiId` attaches the service to an API another stack owns. */
  readonly sharedRestApiId?: unknown;
  readonly name?: string;
  readonly description?: string;
  readonly endpointType: EndpointType;
  readonly vpcEndpointIds?: readonly CfnValue[];
  readonly binaryMediaTypes?: readonly string[];
  readonly minimumCompressionSize?: number;
  readonly apiKeySource?: NonNullable<RestApiConfig['apiKeySource']>;
  readonly disableExecuteApiEndpoint?: boolean;
  readonly cloudWatchRole: 'ensure' | 'external' | { readonly roleArn: string };
  readonly tags: Readonly<Record<string, string>>;
}

export interface ResolvedAccessLog {
  readonly format: string;
  /** A destination the user owns; without it the plugin creates the log group. */
  readonly destinationArn?: CfnValue;
}

export interface ResolvedLogging {
  readonly level: ExecutionLogLevel;
  readonly dataTrace: boolean;
  readonly accessLog?: ResolvedAccessLog;
  readonly retentionInDays?: number;
}

export interface ResolvedCaching {
  readonly enabled: boolean;
  readonly clusterSize: string;
  readonly ttlInSeconds?: number;
  readonly encrypted?: boolean;
}

export interface ResolvedCanary {
  readonly percentTraffic: number;
  readonly variables: Readonly<Record<string, CfnValue>>;
  readonly useStageCache?: boolean;
}

export interface ResolvedStage {
  readonly name: string;
  readonly description?: string;
  readonly variables: Readonly<Record<string, CfnValue>>;
  readonly throttling?: Readonly<ThrottlingConfig>;
  readonly logging: ResolvedLogging;
  readonly tracing: boolean;
  readonly metrics: boolean;
  readonly caching: ResolvedCaching;
  readonly canary?: ResolvedCanary;
  /** provider.stackTags, then provider.tags, then the stage's own tags: what the Stage carries. */
  readonly tags: Readonly<Record<string, string>>;
  /** Only the stage's own `tags` (not inherited from the provider). */
  readonly ownTags: Readonly<Record<string, string>>;
  readonly clientCertificate?: { readonly description?: string };
}

export interface ResolvedConfig {
  readonly service: string;
  readonly stageName: string;
  readonly region: string;
  readonly restApi: ResolvedRestApi;
  /** undefined for a shared REST API: its stage belongs to the stack that owns the API. */
  readonly stage?: ResolvedStage;
  readonly stageMigration: NonNullable<ApiGatewayConfig['stageMigration']>;
  /** The HTTP API, when the service has one (httpApi events or custom.apiGateway.httpApi). */
  readonly httpApi?: ResolvedHttpApi;
  /** The WebSocket API, when the service has one (websocket events or custom.apiGateway.websocket). */
  readonly websocket?: ResolvedWebsocket;
  /**
   * The validated config as written (frozen copy). Concerns whose settings need no stage merge
   * (authorizers, usage plans, CORS…) resolve their part from it in their own module.
   */
  readonly raw: ApiGatewayConfig;
  /** The function events with their `apiGateway` blocks (validated). */
  readonly events: EventsByKind;
  /** core's provider settings the resolution was based on. */
  readonly core: CoreSettings;
  /** `openapi.definition`, loaded and bundled at the edge (see src/openapi/import). */
  readonly openApiDefinition?: LoadedDefinition;
}

export const DEFAULT_CACHE_CLUSTER_SIZE = '0.5';

/** The `'*'` entry, then the entry named like the stage, deep-merged. */
export function mergeStageEntries(config: ApiGatewayConfig, stageName: string): StageConfig {
  return mergeStageRecord<StageConfig>(config.stages, stageName);
}

/** Core's provider-level stage settings, expressed in our config shape (lowest precedence). */
export function coreStageBaseline(core: CoreSettings): StageConfig {
  const baseline: StageConfig = {};
  if (core.tracing !== undefined) baseline.tracing = core.tracing;
  if (core.metrics !== undefined) baseline.metrics = core.metrics;
  if (core.logs) {
    const logs = core.logs;
    baseline.logging = {
      level: logs.executionLogging === false ? 'OFF' : (logs.level ?? 'INFO'),
      dataTrace: logs.fullExecutionData ?? true,
      accessLog:
        logs.accessLogging === false ? false : (logs.format ?? CORE_DEFAULT_ACCESS_LOG_FORMAT),
    };
  }
  if (core.logRetentionInDays !== undefined) {
    baseline.logging = {
      ...baseline.logging,
      retentionInDays: core.logRetentionInDays as NonNullable<
        StageConfig['logging']
      >['retentionInDays'],
    };
  }
  return baseline;
}

function resolveAccessLog(
  value: NonNullable<StageConfig['logging']>['accessLog'],
): ResolvedAccessLog | undefined {
  if (value === undefined || value === false) return undefined;
  if (typeof value === 'string') return { format: expandAccessLogFormat(value) };
  return {
    format: expandAccessLogFormat(value.format),
    ...(value.destinationArn !== undefined
      ? { destinationArn: value.destinationArn as CfnValue }
      : {}),
  };
}

function resolveCloudWatchRole(
  core: CoreSettings,
  config: RestApiConfig,
): ResolvedRestApi['cloudWatchRole'] {
  const role = config.cloudWatchRole;
  if (role === 'external' || role === 'ensure') return role;
  if (typeof role === 'string') return { roleArn: role };
  if (core.logs?.roleManagedExternally) return 'external';
  if (core.logs?.role) return { roleArn: core.logs.role };
  return 'ensure';
}

/** Upper-cases core's case-insensitive values (`endpointType: regional`). */
function upper<T extends string>(value: string | undefined): T | undefined {
  return value === undefined ? undefined : (value.toUpperCase() as T);
}

export function resolveRestApi(config: ApiGatewayConfig, core: CoreSettings): ResolvedRestApi {
  const restApi = config.restApi ?? {};
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return Object.freeze({
    ...optional('sharedRestApiId', core.sharedRestApiId),
    ...optional('name', restApi.name ?? core.apiName),
    ...optional('description', restApi.description ?? core.description),
    endpointType: restApi.endpointType ?? upper<EndpointType>(core.endpointType) ?? 'EDGE',
    ...optional(
      'vpcEndpointIds',
      (restApi.vpcEndpointIds ?? core.vpcEndpointIds) as CfnValue[] | undefined,
    ),
    ...optional('binaryMediaTypes', restApi.binaryMediaTypes ?? core.binaryMediaTypes),
    ...optional(
      'minimumCompressionSize',
      restApi.minimumCompressionSize ?? core.minimumCompressionSize,
    ),
    ...optional(
      'apiKeySource',
      restApi.apiKeySource ??
        upper<NonNullable<RestApiConfig['apiKeySource']>>(core.apiKeySourceType),
    ),
    ...optional(
      'disableExecuteApiEndpoint',
      restApi.disableExecuteApiEndpoint ?? core.disableDefaultEndpoint,
    ),
    cloudWatchRole: resolveCloudWatchRole(core, restApi),
    tags: sortedRecord({ ...restApi.tags }),
  });
}

export function resolveStage(config: ApiGatewayConfig, core: CoreSettings): ResolvedStage {
  const merged = mergeLayers<StageConfig>(
    coreStageBaseline(core),
    mergeStageEntries(config, core.stageName),
  );
  const logging = merged.logging ?? {};
  const caching = merged.caching ?? {};
  const ownTags = sortedRecord({ ...merged.tags });
  const stage: ResolvedStage = {
    name: core.stageName,
    ...(merged.description !== undefined ? { description: merged.description } : {}),
    variables: sortedRecord({ ...(merged.variables as Record<string, CfnValue> | undefined) }),
    ...(merged.throttling && Object.keys(merged.throttling).length > 0
      ? { throttling: { ...merged.throttling } }
      : {}),
    logging: {
      level: logging.level ?? 'OFF',
      dataTrace: logging.dataTrace ?? false,
      ...(resolveAccessLog(logging.accessLog)
        ? { accessLog: resolveAccessLog(logging.accessLog) }
        : {}),
      ...(logging.retentionInDays !== undefined
        ? { retentionInDays: logging.retentionInDays }
        : {}),
    },
    tracing: merged.tracing ?? false,
    metrics: merged.metrics ?? false,
    caching: {
      enabled: caching.enabled ?? false,
      clusterSize: String(caching.clusterSize ?? DEFAULT_CACHE_CLUSTER_SIZE),
      ...(caching.ttlInSeconds !== undefined ? { ttlInSeconds: caching.ttlInSeconds } : {}),
      ...(caching.encrypted !== undefined ? { encrypted: caching.encrypted } : {}),
    },
    ...(merged.canary
      ? {
          canary: {
            percentTraffic: merged.canary.percentTraffic,
            variables: sortedRecord({
              ...(merged.canary.variables as Record<string, CfnValue> | undefined),
            }),
            ...(merged.canary.useStageCache !== undefined
              ? { useStageCache: merged.canary.useStageCache }
              : {}),
          },
        }
      : {}),
    tags: sortedRecord({ ...core.stackTags, ...core.tags, ...ownTags }),
    ownTags,
    ...(merged.clientCertificate
      ? {
          clientCertificate:
            typeof merged.clientCertificate === 'object' ? { ...merged.clientCertificate } : {},
        }
      : {}),
  };
  return deepFreeze(stage);
}

export function resolveConfig(
  input: ApiGatewayConfig,
  coreInput: CoreSettings,
  eventsInput: EventsByKind = emptyEvents(),
): ResolvedConfig {
  // The result is frozen: work on copies so the user's config (owned by core) is never frozen.
  const config = structuredClone(input);
  const core = structuredClone(coreInput);
  const shared = core.sharedRestApiId !== undefined;
  const events = structuredClone(eventsInput);
  const httpApi = resolveHttpApi(config, core, events.httpApi);
  const websocket = resolveWebsocket(config, core, events.websocket);
  return deepFreeze({
    service: core.service,
    stageName: core.stageName,
    region: core.region,
    restApi: resolveRestApi(config, core),
    ...(shared ? {} : { stage: resolveStage(config, core) }),
    stageMigration: config.stageMigration ?? 'fail',
    ...(httpApi ? { httpApi } : {}),
    ...(websocket ? { websocket } : {}),
    raw: config,
    events,
    core,
  });
}

function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    Object.values(value as Record<string, unknown>).forEach((child) => deepFreeze(child, seen));
  }
  return value;
}
