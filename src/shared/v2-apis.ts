/**
 * Pure resolvers of the HTTP API and WebSocket API settings (`custom.apiGateway.httpApi`,
 * `custom.apiGateway.websocket` and the `apiGateway` key of `httpApi` / `websocket` events) for the
 * deployed stage. Same stage rule as the REST `stages`: the `'*'` entry, then the entry named like
 * the stage deep-merged over it (lists and intrinsic functions replace, maps merge key by key).
 */
import { mergeLayers, mergeStageEntries, sortedRecord } from './stage-merge';
import { type ApiKind, expandAccessLogFormat } from '../features/stage/access-log-formats';
import type { CoreSettings } from '../pipeline/core-settings';
import type { EventRef } from './events';
import type { CfnValue, ResolvedAccessLog } from '../pipeline/resolve';
import type {
  ApiGatewayConfig,
  ThrottlingConfig,
  HttpApiEventApiGatewayConfig,
  WebsocketEventApiGatewayConfig,
  ExecutionLogLevel,
} from '../config/types.generated';

export type HttpApiConfig = NonNullable<ApiGatewayConfig['httpApi']>;
export type HttpApiStageConfig = NonNullable<HttpApiConfig['stages']>[string];
export type HttpApiAuthorizerConfig = NonNullable<HttpApiConfig['authorizers']>[string];
export type WebsocketConfig = NonNullable<ApiGatewayConfig['websocket']>;
export type WebsocketStageConfig = NonNullable<WebsocketConfig['stages']>[string];
export type WebsocketAuthorizerConfig = NonNullable<WebsocketConfig['authorizers']>[string];
export type AccessLogConfig = NonNullable<NonNullable<HttpApiStageConfig['logging']>['accessLog']>;
/** Generated from schemas/common.schema.json (`executionLogLevel`). */
export type LogLevel = ExecutionLogLevel;

/** The `apiGateway` key of a `httpApi` event (schemas/http-api-event.schema.json). */
/** The `apiGateway` key of an `httpApi` event (generated from schemas/http-api-event.schema.json). */
export type HttpApiEventSettings = HttpApiEventApiGatewayConfig;

/** The `apiGateway` key of a `websocket` event (generated from schemas/websocket-event.schema.json). */
export type WebsocketEventSettings = WebsocketEventApiGatewayConfig;

/** Value of `apiGateway.authorizer` that opts a route out of the default authorizer. */
export const NO_AUTHORIZER = 'none';

export const DEFAULT_ROUTE_SELECTION_EXPRESSION = '$request.body.action';
export const DEFAULT_WEBSOCKET_IDENTITY_SOURCE = 'route.request.header.Auth';
export const DEFAULT_JWT_IDENTITY_SOURCE = '$request.header.Authorization';

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

function resolveAccessLog(
  value: AccessLogConfig | undefined,
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

function resolveStage(
  merged: WebsocketStageConfig,
  eventRoutes: ReadonlyArray<[string, ResolvedRouteSettings]>,
  api: ApiKind,
): ResolvedV2Stage {
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

/** The route key core gives a `httpApi` event: `'$default'` for `'*'`, else `METHOD /path`. */
export function httpApiRouteKey(event: unknown): string | undefined {
  let method: unknown;
  let path: unknown;
  if (typeof event === 'string') {
    if (event.trim() === '*') return '$default';
    const match = /^(\S+)\s+(\/\S*)$/.exec(event.trim());
    if (!match) return undefined;
    [, method, path] = match;
  } else if (event && typeof event === 'object') {
    ({ method, path } = event as { method?: unknown; path?: unknown });
  } else return undefined;
  if (String(path) === '*') return '$default';
  if (typeof method !== 'string' || path === undefined) return undefined;
  const upper = method.toUpperCase();
  return `${upper === '*' ? 'ANY' : upper} ${String(path)}`;
}

/** The route key of a `websocket` event (`'$connect'`, or `{ route: 'sendMessage' }`). */
export function websocketRouteKey(event: unknown): string | undefined {
  if (typeof event === 'string') return event;
  if (event && typeof event === 'object') {
    const route = (event as { route?: unknown }).route;
    return typeof route === 'string' ? route : undefined;
  }
  return undefined;
}

export function httpApiEventSettings(ref: EventRef): HttpApiEventSettings {
  return (ref.settings ?? {}) as HttpApiEventSettings;
}

export function websocketEventSettings(ref: EventRef): WebsocketEventSettings {
  return (ref.settings ?? {}) as WebsocketEventSettings;
}

function ownRouteSettings(
  settings: Pick<HttpApiEventSettings, 'throttling' | 'metrics'> | WebsocketEventSettings,
) {
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

export function resolveHttpApiStage(
  raw: ApiGatewayConfig,
  events: readonly EventRef[],
  stageName: string,
): ResolvedV2Stage {
  const merged = mergeStageEntries(raw.httpApi?.stages, stageName);
  const eventRoutes: Array<[string, ResolvedRouteSettings]> = [];
  for (const ref of events) {
    const key = httpApiRouteKey(ref.event);
    if (key) eventRoutes.push([key, ownRouteSettings(httpApiEventSettings(ref))]);
  }
  // Routes without a function (custom.apiGateway.httpApi.routes) set the same keys.
  for (const [key, route] of Object.entries(raw.httpApi?.routes ?? {})) {
    eventRoutes.push([key, ownRouteSettings(route)]);
  }
  return resolveStage(merged, eventRoutes, 'http');
}

export function resolveWebsocketStage(
  raw: ApiGatewayConfig,
  events: readonly EventRef[],
  stageName: string,
): ResolvedV2Stage {
  const merged = mergeStageEntries(raw.websocket?.stages, stageName);
  const eventRoutes: Array<[string, ResolvedRouteSettings]> = [];
  for (const ref of events) {
    const key = websocketRouteKey(ref.event);
    if (key) eventRoutes.push([key, ownRouteSettings(websocketEventSettings(ref))]);
  }
  return resolveStage(merged, eventRoutes, 'websocket');
}

/**
 * The authorizer a `httpApi` route ends up with: its own `apiGateway.authorizer`, else the
 * `defaultAuthorizer` unless the route has core's own `authorizer` (or says `none`).
 */
export function effectiveHttpApiAuthorizer(
  raw: ApiGatewayConfig,
  ref: EventRef,
): string | undefined {
  const own = httpApiEventSettings(ref).authorizer;
  if (own === NO_AUTHORIZER) return undefined;
  if (own !== undefined) return own;
  if (hasCoreAuthorizer(ref.event)) return undefined;
  return raw.httpApi?.defaultAuthorizer;
}

export function hasCoreAuthorizer(event: unknown): boolean {
  return (
    !!event &&
    typeof event === 'object' &&
    (event as { authorizer?: unknown }).authorizer !== undefined
  );
}

/**
 * Core's own HTTP API and WebSocket settings (`provider.httpApi`,
 * `provider.websocketsApiRouteSelectionExpression`), when the core-settings reader provides them.
 */
export interface CoreV2Settings {
  httpApi?: {
    id?: unknown;
    name?: unknown;
    disableDefaultEndpoint?: boolean;
    metrics?: boolean;
    authorizers?: Record<string, unknown>;
    cors?: unknown;
  };
  websocketsApiRouteSelectionExpression?: string;
}

export function coreV2Settings(core: CoreSettings): CoreV2Settings {
  const loose = core as CoreSettings & Partial<Record<keyof CoreV2Settings, unknown>>;
  const httpApi =
    loose.httpApi && typeof loose.httpApi === 'object'
      ? (loose.httpApi as CoreV2Settings['httpApi'])
      : undefined;
  const expression = loose.websocketsApiRouteSelectionExpression;
  return {
    ...(httpApi ? { httpApi } : {}),
    ...(typeof expression === 'string'
      ? { websocketsApiRouteSelectionExpression: expression }
      : {}),
  };
}
