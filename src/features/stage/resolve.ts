/**
 * The deployed stage's settings: the `'*'` defaults, the entry named like the stage deep-merged
 * over them, core's own provider-level settings underneath, and the defaults. Pure; the result is
 * frozen.
 */
import { mergeLayers, mergeStageEntries as mergeStageRecord } from '../../common/stage-merge';
import { sortedRecord } from '../../common/sorted-record';
import { deepFreeze } from '../../common/deep-freeze';
import {
  CORE_DEFAULT_ACCESS_LOG_FORMAT,
  expandAccessLogFormat,
  type ResolvedAccessLog,
} from './access-log-formats';
import type { CfnValue } from '../../common/intrinsics';
import type { CoreSettings } from '../../pipeline/core-settings';
import type {
  ApiGatewayConfig,
  ExecutionLogLevel,
  StageConfig,
  ThrottlingConfig,
} from '../../config/types.generated';

export type { CfnValue } from '../../common/intrinsics';
export type { ResolvedAccessLog } from './access-log-formats';

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
  /** The AWS WAF web ACL (ARN or intrinsic) associated with the stage; undefined: none. */
  readonly waf?: CfnValue;
}

const DEFAULT_CACHE_CLUSTER_SIZE = '0.5';

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
    // `false` in the named entry turns off the web ACL of the '*' entry.
    ...(merged.waf !== undefined && merged.waf !== false ? { waf: merged.waf as CfnValue } : {}),
  };
  return deepFreeze(stage);
}
