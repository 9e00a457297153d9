/**
 * What `custom.apiGateway.httpApi` and the `apiGateway` key of `httpApi` events mean for the
 * deployed stage: the authorizers with their defaults, the authorizer and integration settings of
 * every route, the routes without a function, the CORS configuration, the stage, and the API the
 * plugin creates for a service of routes only. Pure; the result is frozen with the rest of
 * ResolvedConfig.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import type { EventRef } from '../../common/events';
import type { CfnValue } from '../../common/intrinsics';
import { sortedRecord } from '../../common/sorted-record';
import { hasCoreAuthorizer } from '../../common/v2-events';
import {
  eventRouteSettings,
  ownRouteSettings,
  resolveV2Stage,
  type ResolvedV2Stage,
} from '../../common/v2-stage';
import type { ApiGatewayConfig, HttpApiEventApiGatewayConfig } from '../../config/types.generated';
import {
  type CfnString,
  HTTP_API_SUBTYPES,
  type HttpApiRouteConfig,
  type HttpApiSubtype,
  resolveHttpApiCors,
  type ResolvedHttpApiCors,
  routeMethod,
} from './resolve-routes';

export type HttpApiConfig = NonNullable<ApiGatewayConfig['httpApi']>;
export type HttpApiStageConfig = NonNullable<HttpApiConfig['stages']>[string];
export type HttpApiAuthorizerConfig = NonNullable<HttpApiConfig['authorizers']>[string];
/** The `apiGateway` key of an `httpApi` event (generated from schemas/http-api-event.schema.json). */
export type HttpApiEventSettings = HttpApiEventApiGatewayConfig;

/** Value of `apiGateway.authorizer` that opts a route out of the default authorizer. */
export const NO_AUTHORIZER = 'none';
const DEFAULT_JWT_IDENTITY_SOURCE = '$request.header.Authorization';

/** Core's own HTTP API settings (`provider.httpApi`), as far as the plugin reads them. */
export interface CoreHttpApiSettings {
  id?: unknown;
  name?: unknown;
  disableDefaultEndpoint?: boolean;
  metrics?: boolean;
  authorizers?: Record<string, unknown>;
  cors?: unknown;
}

export function coreHttpApiSettings(core: CoreSettings): CoreHttpApiSettings | undefined {
  return core.httpApi && typeof core.httpApi === 'object'
    ? (core.httpApi as CoreHttpApiSettings)
    : undefined;
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

export function httpApiEventSettings(ref: EventRef): HttpApiEventSettings {
  return (ref.settings ?? {}) as HttpApiEventSettings;
}

/** The stage `stageName` of the HTTP API, with every route's own settings. */
export function resolveHttpApiStage(
  raw: ApiGatewayConfig,
  events: readonly EventRef[],
  stageName: string,
): ResolvedV2Stage {
  const eventRoutes = eventRouteSettings(events, httpApiRouteKey, httpApiEventSettings);
  // Routes without a function (custom.apiGateway.httpApi.routes) set the same keys.
  for (const [key, route] of Object.entries(raw.httpApi?.routes ?? {})) {
    eventRoutes.push([key, ownRouteSettings(route)]);
  }
  return resolveV2Stage(raw.httpApi?.stages, stageName, eventRoutes, 'http');
}

export type ResolvedHttpApiAuthorizer =
  | { readonly type: 'iam' }
  | {
      readonly type: 'jwt';
      readonly name: string;
      readonly identitySource: readonly string[];
      readonly issuer?: CfnValue;
      readonly audience?: readonly CfnValue[];
    }
  | {
      readonly type: 'lambda';
      readonly name: string;
      /** A function of this service; else `functionArn`. */
      readonly functionName?: string;
      readonly functionArn?: CfnValue;
      readonly payloadVersion: '1.0' | '2.0';
      readonly enableSimpleResponses?: boolean;
      readonly resultTtlInSeconds: number;
      readonly identitySource?: readonly string[];
    };

/** How a route is authorized: by an authorizer of ours (its key), with the route's scopes. */
export interface ResolvedHttpApiRouteAuth {
  /** The authorizer of `custom.apiGateway.httpApi.authorizers` on the route, when it has one. */
  readonly authorizer?: string;
  readonly scopes?: readonly string[];
}

/** What an `httpApi` event sets on core's route and on its function's integration. */
export interface ResolvedHttpApiEvent extends ResolvedHttpApiRouteAuth {
  readonly functionName: string;
  readonly routeKey?: string;
  readonly timeoutInMillis?: number;
  readonly payloadVersion?: '1.0' | '2.0';
}

export type ResolvedHttpApiIntegration =
  | {
      readonly type: 'http_proxy';
      readonly uri?: CfnString;
      readonly method: string;
      readonly vpcLink?: CfnString;
      readonly tlsServerName?: string;
    }
  | {
      readonly type: 'aws';
      readonly subtype: HttpApiSubtype;
      /** Sorted by name. */
      readonly parameters: Readonly<Record<string, CfnString>>;
      /** The user's role; without it the plugin creates one allowed `action` only. */
      readonly role?: CfnString;
      readonly action: string;
    };

/** A route without a function (`custom.apiGateway.httpApi.routes`). */
export interface ResolvedHttpApiRoute extends ResolvedHttpApiRouteAuth {
  readonly integration: ResolvedHttpApiIntegration;
  readonly timeoutInMillis?: number;
}

/** The HTTP API core would have made, for a service whose HTTP API has only routes. */
export interface ResolvedHttpApiForRoutes {
  readonly name: string;
  readonly disableExecuteApiEndpoint?: boolean;
  readonly metrics?: boolean;
  /** provider.tags, as core puts them on its HTTP API and stage. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface ResolvedHttpApi {
  /** By name, sorted. */
  readonly authorizers: Readonly<Record<string, ResolvedHttpApiAuthorizer>>;
  /** Routes without a function, by route key, sorted. */
  readonly routes: Readonly<Record<string, ResolvedHttpApiRoute>>;
  readonly cors?: ResolvedHttpApiCors;
  /** The `httpApi` events, in the order core compiles them. */
  readonly events: readonly ResolvedHttpApiEvent[];
  readonly stage: ResolvedV2Stage;
  /** Set when there are routes without a function and no external `provider.httpApi.id`. */
  readonly apiForRoutes?: ResolvedHttpApiForRoutes;
}

function resolveAuthorizer(
  key: string,
  authorizer: HttpApiAuthorizerConfig,
): ResolvedHttpApiAuthorizer {
  const name = authorizer.name ?? key;
  if (authorizer.type === 'iam') return { type: 'iam' };
  if (authorizer.type === 'jwt') {
    return {
      type: 'jwt',
      name,
      identitySource: authorizer.identitySource ?? [DEFAULT_JWT_IDENTITY_SOURCE],
      ...(authorizer.issuer !== undefined ? { issuer: authorizer.issuer as CfnValue } : {}),
      ...(authorizer.audience !== undefined ? { audience: authorizer.audience as CfnValue[] } : {}),
    };
  }
  return {
    type: 'lambda',
    name,
    ...(authorizer.functionName !== undefined ? { functionName: authorizer.functionName } : {}),
    ...(authorizer.functionArn !== undefined
      ? { functionArn: authorizer.functionArn as CfnValue }
      : {}),
    payloadVersion: authorizer.payloadVersion ?? '2.0',
    ...(authorizer.enableSimpleResponses !== undefined
      ? { enableSimpleResponses: authorizer.enableSimpleResponses }
      : {}),
    resultTtlInSeconds: authorizer.resultTtlInSeconds ?? 0,
    ...(authorizer.identitySource ? { identitySource: authorizer.identitySource } : {}),
  };
}

/**
 * The authorizer of ours a route ends up with: its own `authorizer`, else the `defaultAuthorizer`
 * (unless it says `none`, or an event has core's own `authorizer`); only one that exists.
 */
function routeAuth(
  httpApi: HttpApiConfig,
  own: string | undefined,
  scopes: readonly string[] | undefined,
  coreAuthorizer: boolean,
): ResolvedHttpApiRouteAuth {
  let name: string | undefined;
  if (own === NO_AUTHORIZER) name = undefined;
  else if (own !== undefined) name = own;
  else if (!coreAuthorizer) name = httpApi.defaultAuthorizer;
  const exists = name !== undefined && httpApi.authorizers?.[name] !== undefined;
  return {
    ...(exists ? { authorizer: name } : {}),
    ...(scopes ? { scopes: [...scopes] } : {}),
  };
}

function resolveEvent(httpApi: HttpApiConfig, ref: EventRef): ResolvedHttpApiEvent {
  const settings = httpApiEventSettings(ref);
  const routeKey = httpApiRouteKey(ref.event);
  return {
    functionName: ref.functionName,
    ...(routeKey !== undefined ? { routeKey } : {}),
    ...routeAuth(httpApi, settings.authorizer, settings.scopes, hasCoreAuthorizer(ref.event)),
    ...(settings.timeout !== undefined
      ? { timeoutInMillis: Math.round(settings.timeout * 1000) }
      : {}),
    ...(settings.payloadVersion !== undefined ? { payloadVersion: settings.payloadVersion } : {}),
  };
}

function sortedParameters(
  parameters: Readonly<Record<string, CfnString>> | undefined,
): Record<string, CfnString> {
  return sortedRecord({ ...parameters });
}

function resolveIntegration(key: string, route: HttpApiRouteConfig): ResolvedHttpApiIntegration {
  const integration = route.integration;
  if (integration.type === 'http_proxy') {
    return {
      type: 'http_proxy',
      ...(integration.uri !== undefined ? { uri: integration.uri } : {}),
      method: integration.method ?? routeMethod(key),
      ...(integration.vpcLink !== undefined ? { vpcLink: integration.vpcLink } : {}),
      ...(integration.tlsServerName !== undefined
        ? { tlsServerName: integration.tlsServerName }
        : {}),
    };
  }
  const subtype = integration.subtype as HttpApiSubtype;
  return {
    type: 'aws',
    subtype,
    parameters: sortedParameters(integration.parameters as Record<string, CfnString> | undefined),
    ...(integration.role !== undefined ? { role: integration.role } : {}),
    action: HTTP_API_SUBTYPES[subtype].action,
  };
}

function resolveRoute(
  httpApi: HttpApiConfig,
  key: string,
  route: HttpApiRouteConfig,
): ResolvedHttpApiRoute {
  return {
    integration: resolveIntegration(key, route),
    ...routeAuth(httpApi, route.authorizer, route.scopes, false),
    ...(route.timeout !== undefined ? { timeoutInMillis: Math.round(route.timeout * 1000) } : {}),
  };
}

function resolveApiForRoutes(
  core: CoreSettings,
  routeCount: number,
): ResolvedHttpApiForRoutes | undefined {
  const coreHttpApi = coreHttpApiSettings(core);
  if (routeCount === 0 || coreHttpApi?.id !== undefined) return undefined;
  return {
    name:
      coreHttpApi?.name !== undefined
        ? String(coreHttpApi.name)
        : `${core.stageName}-${core.service}`,
    ...(coreHttpApi?.disableDefaultEndpoint !== undefined
      ? { disableExecuteApiEndpoint: coreHttpApi.disableDefaultEndpoint }
      : {}),
    ...(coreHttpApi?.metrics !== undefined ? { metrics: coreHttpApi.metrics } : {}),
    tags: { ...core.tags },
  };
}

/** undefined when the service has no HTTP API: no `httpApi` event and no `custom.apiGateway.httpApi`. */
export function resolveHttpApi(
  config: ApiGatewayConfig,
  core: CoreSettings,
  events: readonly EventRef[],
): ResolvedHttpApi | undefined {
  if (config.httpApi === undefined && events.length === 0) return undefined;
  const httpApi = config.httpApi ?? {};
  const authorizers = httpApi.authorizers ?? {};
  const routes = httpApi.routes ?? {};
  const apiForRoutes = resolveApiForRoutes(core, Object.keys(routes).length);
  return {
    authorizers: sortedRecord(
      Object.fromEntries(
        Object.entries(authorizers).map(([key, value]) => [key, resolveAuthorizer(key, value)]),
      ),
    ),
    routes: sortedRecord(
      Object.fromEntries(
        Object.entries(routes).map(([key, route]) => [key, resolveRoute(httpApi, key, route)]),
      ),
    ),
    ...(httpApi.cors ? { cors: resolveHttpApiCors(httpApi.cors) } : {}),
    events: events.map((ref) => resolveEvent(httpApi, ref)),
    stage: resolveHttpApiStage(config, events, core.stageName),
    ...(apiForRoutes ? { apiForRoutes } : {}),
  };
}
