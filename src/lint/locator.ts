/**
 * From what the packaged template holds (a REST method, an HTTP API route, a stage, a domain) to
 * the config path a user edits: the function event or route that made an endpoint, the stage
 * entry ('*' or named) that sets a stage key, the stage entry that declares a domain. cfn-nag and
 * checkov name resources; the lint names keys of serverless.yml, so the fix is where the finding is.
 */
import type { EventKind, EventRef, EventsByKind } from '../common/events';
import { normalizeHttpPath } from '../common/http-endpoint';
import { restEndpoints } from '../common/rest-endpoints';
import type { ApiGatewayConfig } from '../config/types.generated';
import { joinPath } from '../pipeline/issues';
import { httpApiRouteKey } from '../features/http-api/resolve';
import { websocketRouteKey } from '../features/websocket/resolve';

export interface LocatorInputs {
  readonly stageName: string;
  /** `custom.apiGateway`, validated. */
  readonly config: ApiGatewayConfig;
  readonly events: EventsByKind;
  /** `provider` of serverless.yml (core's own keys: httpApi.cors, apiGateway.resourcePolicy). */
  readonly provider?: Readonly<Record<string, unknown>>;
}

export type ApiKind = 'rest' | 'http' | 'websocket';

/** Where an endpoint is declared. */
export interface EndpointLocation {
  /** `GET /orders/{id}`, `$connect`: how suppressions and messages name it. */
  readonly endpoint: string;
  /** The plugin's settings block: `functions.x.events[0].http.apiGateway` or a route entry. */
  readonly settingsPath: string;
  /** The event itself (`functions.x.events[0].http`), where core's own keys go; or the route. */
  readonly declarationPath: string;
  /** Core's event object (`{ method, path, cors, authorizer… }`) when made by an event. */
  readonly coreEvent?: Readonly<Record<string, unknown>>;
  /** Set when no event or route declares it: the template resource (or document) that does. */
  readonly outsideConfig?: boolean;
}

/**
 * The path of one setting of an endpoint: `<settings>.<key>` in the config, or the template
 * property that holds it when the endpoint is declared outside the plugin's config.
 */
export function endpointSetting(location: EndpointLocation, key: string, property: string): string {
  if (!location.outsideConfig) return `${location.settingsPath}.${key}`;
  return location.settingsPath.startsWith('Resources.')
    ? `${location.settingsPath}.Properties.${property}`
    : location.settingsPath;
}

export interface ConfigLocator {
  readonly stageName: string;
  /** A key of the deployed stage's settings, in the entry that sets it (named, else '*'). */
  stageSetting(api: ApiKind, keys: readonly string[]): string;
  restMethod(path: string, httpMethod: string): EndpointLocation | undefined;
  v2Route(api: 'http' | 'websocket', routeKey: string): EndpointLocation | undefined;
  /** Where the CORS of a REST path is written (the endpoint's cors, else the API-wide one). */
  restCors(path: string): string;
  /** Where the REST API's resource policy is written. */
  restApiPolicy(): string;
  /** Where an HTTP API's CORS is written. */
  httpApiCors(): string;
  /** The stage entry that declares a custom domain, else undefined. */
  domain(api: ApiKind, domainName: string): string | undefined;
}

const STAGE_MAPS: Record<ApiKind, string[]> = {
  rest: ['stages'],
  http: ['httpApi', 'stages'],
  websocket: ['websocket', 'stages'],
};

function get(value: unknown, keys: readonly string[]): unknown {
  let node = value;
  for (const key of keys) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function pathOf(root: string, keys: readonly string[]): string {
  return keys.reduce((path, key) => joinPath(path, key), root);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function eventPath(ref: EventRef): string {
  const name = joinPath('functions', ref.functionName);
  return `${name}.events[${ref.eventIndex}].${ref.kind}`;
}

const ROUTE_KEY_OF: Record<'http' | 'websocket', (event: unknown) => string | undefined> = {
  http: httpApiRouteKey,
  websocket: websocketRouteKey,
};
const EVENT_KIND: Record<'http' | 'websocket', EventKind> = {
  http: 'httpApi',
  websocket: 'websocket',
};

export function createLocator(inputs: LocatorInputs): ConfigLocator {
  const { stageName, config, events } = inputs;
  const root = 'custom.apiGateway';
  const endpoints = restEndpoints(config, events);

  return {
    stageName,
    stageSetting(api, keys) {
      const map = STAGE_MAPS[api];
      const named = [...map, stageName, ...keys];
      if (get(config, named) !== undefined) return pathOf(root, named);
      const shared = [...map, '*', ...keys];
      if (get(config, shared) !== undefined) return pathOf(root, shared);
      return pathOf(root, named);
    },
    restMethod(path, httpMethod) {
      const wanted = normalizeHttpPath(path);
      const method = httpMethod.toUpperCase();
      const found = endpoints.find(
        (endpoint) => endpoint.path === wanted && endpoint.method === method,
      );
      if (!found) return undefined;
      const coreEvent = found.coreEvent ? record(found.coreEvent.event) : undefined;
      return {
        endpoint: `${method} /${wanted}`,
        settingsPath: found.configPath,
        declarationPath: found.coreEvent ? eventPath(found.coreEvent) : found.configPath,
        ...(coreEvent ? { coreEvent } : {}),
      };
    },
    v2Route(api, routeKey) {
      const ref = events[EVENT_KIND[api]].find(
        (candidate) => ROUTE_KEY_OF[api](candidate.event) === routeKey,
      );
      if (ref) {
        const coreEvent = record(ref.event);
        return {
          endpoint: routeKey,
          settingsPath: `${eventPath(ref)}.apiGateway`,
          declarationPath: eventPath(ref),
          ...(coreEvent ? { coreEvent } : {}),
        };
      }
      const routes = record(get(config, [...STAGE_MAPS[api].slice(0, -1), 'routes']));
      if (api === 'http' && routes && routeKey in routes) {
        const routePath = pathOf(root, ['httpApi', 'routes', routeKey]);
        return {
          endpoint: routeKey,
          settingsPath: routePath,
          declarationPath: routePath,
        };
      }
      return undefined;
    },
    restCors(path) {
      const wanted = normalizeHttpPath(path);
      const atPath = endpoints.filter((endpoint) => endpoint.path === wanted);
      const own = atPath.find((endpoint) => endpoint.settings.cors !== undefined);
      if (own) return `${own.configPath}.cors`;
      const core = atPath.find((endpoint) => endpoint.coreCors && endpoint.coreEvent);
      if (core?.coreEvent) return `${eventPath(core.coreEvent)}.cors`;
      return `${root}.cors`;
    },
    restApiPolicy() {
      if (get(config, ['restApi', 'policy']) === undefined) {
        if (get(inputs.provider, ['apiGateway', 'resourcePolicy']) !== undefined) {
          return 'provider.apiGateway.resourcePolicy';
        }
      }
      return `${root}.restApi.policy`;
    },
    httpApiCors() {
      if (get(config, ['httpApi', 'cors']) === undefined) {
        if (get(inputs.provider, ['httpApi', 'cors']) !== undefined) return 'provider.httpApi.cors';
      }
      return `${root}.httpApi.cors`;
    },
    domain(api, domainName) {
      for (const entry of [stageName, '*']) {
        const keys = [...STAGE_MAPS[api], entry, 'domains', domainName];
        if (get(config, keys) !== undefined) return pathOf(root, keys);
      }
      return undefined;
    },
  };
}
