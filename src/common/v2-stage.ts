/**
 * What an HTTP API or WebSocket API stage means for the deployed stage (`custom.apiGateway.httpApi
 * .stages`, `custom.apiGateway.websocket.stages` and the events' own route settings). Same stage
 * rule as the REST `stages`: the `'*'` entry, then the entry named like the stage deep-merged over
 * it (lists and intrinsic functions replace, maps merge key by key).
 */
import type { EventRef } from './events';
import { mergeLayers, mergeStageEntries } from './stage-merge';
import { sortedRecord } from './sorted-record';
import { type ApiKind, expandAccessLogFormat } from '../features/stage/access-log-formats';
import type { CfnValue } from './intrinsics';
import type { ResolvedAccessLog } from '../features/stage/access-log-formats';
import type {
  ApiGatewayConfig,
  ExecutionLogLevel,
  ThrottlingConfig,
} from '../config/types.generated';

type WebsocketStageConfig = NonNullable<
  NonNullable<ApiGatewayConfig['websocket']>['stages']
>[string];
type HttpApiStageConfig = NonNullable<NonNullable<ApiGatewayConfig['httpApi']>['stages']>[string];
/** The stage entry of either API (the WebSocket one is the wider: it has execution logs). */
export type V2StageConfig = WebsocketStageConfig | HttpApiStageConfig;
export type V2AccessLogConfig = NonNullable<
  NonNullable<HttpApiStageConfig['logging']>['accessLog']
>;
/** Generated from schemas/common.schema.json (`executionLogLevel`). */
type LogLevel = ExecutionLogLevel;

/** What an HTTP API or WebSocket route may set in RouteSettings. */
export interface ResolvedRouteSettings {
  readonly throttling?: Readonly<ThrottlingConfig>;
  readonly metrics?: boolean;
  readonly logging?: { readonly level?: LogLevel; readonly dataTrace?: boolean };
}

export interface ResolvedV2Stage {
  readonly description?: string;
  readonly variables: Readonly<Record<string, CfnValue>>;
  readonly throttling?: Readonly<ThrottlingConfig>;
  readonly metrics?: boolean;
  /** WebSocket only (HTTP APIs have no execution logs). */
  readonly logging: {
    readonly level?: LogLevel;
    readonly dataTrace?: boolean;
    /** false: turned off explicitly (core's access logs are removed); undefined: not configured. */
    readonly accessLog?: ResolvedAccessLog | false;
    readonly retentionInDays?: number;
  };
  /** Route key → settings: the stage's `routes` entries, then each event's own settings over them. */
  readonly routes: Readonly<Record<string, ResolvedRouteSettings>>;
  /** The stage's own tags (sorted), put over the tags core gives the stage. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A route's own settings, as an event (or a route without a function) writes them. */
interface OwnRouteSettingsConfig {
  throttling?: ThrottlingConfig;
  metrics?: boolean;
  logging?: { level?: LogLevel; dataTrace?: boolean };
}

function resolveAccessLog(
  value: V2AccessLogConfig | undefined,
  api: ApiKind,
): ResolvedAccessLog | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value === 'string') return { format: expandAccessLogFormat(value, api) };
  return {
    format: expandAccessLogFormat(value.format, api),
    ...(value.destinationArn !== undefined
      ? { destinationArn: value.destinationArn as CfnValue }
      : {}),
  };
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length > 0 ? value : undefined;
}

function routeSettings(
  entry: ResolvedRouteSettings | undefined,
  own: ResolvedRouteSettings,
): ResolvedRouteSettings {
  const merged = mergeLayers<ResolvedRouteSettings>(entry, own);
  return Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined),
  ) as ResolvedRouteSettings;
}

/** The route settings an event (or a route without a function) sets itself. */
export function ownRouteSettings(settings: OwnRouteSettingsConfig): ResolvedRouteSettings {
  const own: {
    throttling?: ThrottlingConfig;
    metrics?: boolean;
    logging?: ResolvedRouteSettings['logging'];
  } = {};
  if (nonEmpty(settings.throttling)) own.throttling = { ...settings.throttling };
  if (settings.metrics !== undefined) own.metrics = settings.metrics;
  if ('logging' in settings && nonEmpty(settings.logging)) own.logging = { ...settings.logging };
  return own;
}

/** Each event's route key with the route settings it sets itself; events with no route key are left out. */
export function eventRouteSettings(
  events: readonly EventRef[],
  routeKeyOf: (event: unknown) => string | undefined,
  settingsOf: (ref: EventRef) => OwnRouteSettingsConfig,
): Array<[string, ResolvedRouteSettings]> {
  const eventRoutes: Array<[string, ResolvedRouteSettings]> = [];
  for (const ref of events) {
    const key = routeKeyOf(ref.event);
    if (key) eventRoutes.push([key, ownRouteSettings(settingsOf(ref))]);
  }
  return eventRoutes;
}

/**
 * The stage `stageName` of an HTTP API or WebSocket API: its `stages` entries merged, then each
 * route's own settings (in order) over the stage's `routes` entry of the same key.
 */
export function resolveV2Stage(
  stages: Readonly<Record<string, V2StageConfig>> | undefined,
  stageName: string,
  eventRoutes: ReadonlyArray<readonly [string, ResolvedRouteSettings]>,
  api: ApiKind,
): ResolvedV2Stage {
  const merged: WebsocketStageConfig = mergeStageEntries(
    stages as Record<string, WebsocketStageConfig> | undefined,
    stageName,
  );
  const logging = merged.logging ?? {};
  const routes: Record<string, ResolvedRouteSettings> = {};
  for (const [key, settings] of Object.entries(merged.routes ?? {})) routes[key] = settings;
  for (const [key, own] of eventRoutes) {
    const settings = routeSettings(routes[key], own);
    if (Object.keys(settings).length > 0) routes[key] = settings;
  }
  const accessLog = resolveAccessLog(logging.accessLog, api);
  return {
    ...(merged.description !== undefined ? { description: merged.description } : {}),
    variables: sortedRecord({ ...(merged.variables as Record<string, CfnValue> | undefined) }),
    ...(nonEmpty(merged.throttling) ? { throttling: { ...merged.throttling } } : {}),
    ...(merged.metrics !== undefined ? { metrics: merged.metrics } : {}),
    logging: {
      ...(logging.level !== undefined ? { level: logging.level } : {}),
      ...(logging.dataTrace !== undefined ? { dataTrace: logging.dataTrace } : {}),
      ...(accessLog !== undefined ? { accessLog } : {}),
      ...(logging.retentionInDays !== undefined
        ? { retentionInDays: logging.retentionInDays }
        : {}),
    },
    routes: sortedRecord(routes),
    tags: sortedRecord({ ...merged.tags }),
  };
}
