/**
 * Every REST endpoint of the service, whatever made it: core's `http` function events and the
 * routes without a function (`custom.apiGateway.routes`). Both take the same per-endpoint keys
 * (authorizer, scopes, apiKeyRequired, caching, throttling, cors), so access control, caching,
 * throttling and CORS resolve, check and compile one list instead of special-casing routes.
 * Pure functions of the validated config and the events.
 */
import type { EventRef, EventsByKind } from './events';
import { eventSettingsPath } from './events';
import { coreCorsOf, type HttpEndpoint, httpEndpoints } from './http-endpoint';
import { resolveRoutes } from '../features/routes/resolve';
import type {
  ApiGatewayConfig,
  HttpEventApiGatewayConfig,
  RouteConfig,
} from '../config/types.generated';

/** The per-endpoint keys an http event's apiGateway block and a route share. */
export type EndpointSettings = Pick<
  HttpEventApiGatewayConfig & RouteConfig,
  'authorizer' | 'scopes' | 'apiKeyRequired' | 'caching' | 'throttling' | 'cors'
>;

export interface RestEndpoint extends HttpEndpoint {
  /** `event`: an `http` event of a function; `route`: `custom.apiGateway.routes`. */
  readonly source: 'event' | 'route';
  readonly settings: EndpointSettings;
  /**
   * Where the settings are written, the prefix of every issue about them:
   * `functions.getOrder.events[0].http.apiGateway` or `custom.apiGateway.routes['GET /health']`.
   */
  readonly configPath: string;
  /** The function event, for `source: 'event'` (core's own `authorizer`, `private`, `cors`). */
  readonly coreEvent?: EventRef;
  /** Core's own `cors` on the event: core makes the path's OPTIONS method itself. */
  readonly coreCors: boolean;
}

/** The `http` events (in event order) then the routes whose key parses (sorted by key). */
export function restEndpoints(raw: ApiGatewayConfig, events: EventsByKind): RestEndpoint[] {
  const fromEvents = httpEndpoints(events).map(({ ref, method, path }): RestEndpoint => ({
    source: 'event',
    method,
    path,
    settings: (ref.settings ?? {}) as EndpointSettings,
    configPath: eventSettingsPath(ref),
    coreEvent: ref,
    coreCors: coreCorsOf(ref),
  }));
  const fromRoutes = resolveRoutes(raw).map((route): RestEndpoint => ({
    source: 'route',
    method: route.method,
    path: route.path,
    settings: route.config,
    configPath: route.configPath,
    coreCors: false,
  }));
  return [...fromEvents, ...fromRoutes];
}
