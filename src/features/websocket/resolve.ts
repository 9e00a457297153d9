/**
 * What `custom.apiGateway.websocket` and the `apiGateway` key of `websocket` events mean for the
 * deployed stage: the API's selection expressions, every route's key requirement, authorizer and
 * route response, the authorizers with their defaults, the ManageConnections grant and the stage.
 * Pure; the result is frozen with the rest of ResolvedConfig.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import type { EventRef } from '../../common/events';
import type { CfnValue } from '../../common/intrinsics';
import { sortedRecord } from '../../common/sorted-record';
import { eventRouteSettings, resolveV2Stage, type ResolvedV2Stage } from '../../common/v2-stage';
import type {
  ApiGatewayConfig,
  WebsocketEventApiGatewayConfig,
} from '../../config/types.generated';

export type WebsocketConfig = NonNullable<ApiGatewayConfig['websocket']>;
type WebsocketAuthorizerConfig = NonNullable<WebsocketConfig['authorizers']>[string];
/** The `apiGateway` key of a `websocket` event (generated from schemas/websocket-event.schema.json). */
export type WebsocketEventSettings = WebsocketEventApiGatewayConfig;

const DEFAULT_WEBSOCKET_IDENTITY_SOURCE = 'route.request.header.Auth';

/** The route key of a `websocket` event (`'$connect'`, or `{ route: 'sendMessage' }`). */
export function websocketRouteKey(event: unknown): string | undefined {
  if (typeof event === 'string') return event;
  if (event && typeof event === 'object') {
    const route = (event as { route?: unknown }).route;
    return typeof route === 'string' ? route : undefined;
  }
  return undefined;
}

export function websocketEventSettings(ref: EventRef): WebsocketEventSettings {
  return (ref.settings ?? {}) as WebsocketEventSettings;
}

/** `provider.websocketsApiRouteSelectionExpression`, core's own setting of the same thing. */
export function coreRouteSelectionExpression(core: CoreSettings): string | undefined {
  return typeof core.websocketsApiRouteSelectionExpression === 'string'
    ? core.websocketsApiRouteSelectionExpression
    : undefined;
}

/** The stage `stageName` of the WebSocket API, with every route's own settings. */
function resolveWebsocketStage(
  raw: ApiGatewayConfig,
  events: readonly EventRef[],
  stageName: string,
): ResolvedV2Stage {
  const eventRoutes = eventRouteSettings(events, websocketRouteKey, websocketEventSettings);
  return resolveV2Stage(raw.websocket?.stages, stageName, eventRoutes, 'websocket');
}

export interface ResolvedWebsocketAuthorizer {
  readonly name: string;
  /** A function of this service; else `functionArn`. */
  readonly functionName?: string;
  readonly functionArn?: CfnValue;
  readonly identitySource: readonly string[];
}

/** What a `websocket` event sets on core's route. */
export interface ResolvedWebsocketRoute {
  readonly routeKey: string;
  readonly apiKeyRequired?: boolean;
  /** An authorizer of `custom.apiGateway.websocket.authorizers` (it exists). */
  readonly authorizer?: string;
  /** A two-way route: the integration's response goes back to the client. */
  readonly routeResponse: boolean;
}

export interface ResolvedWebsocket {
  readonly routeSelectionExpression?: string;
  /** Some route needs an API key: the API reads it from the x-api-key header. */
  readonly apiKeyRequired: boolean;
  /** By route key (events of one key in the order core compiles them). */
  readonly routes: readonly ResolvedWebsocketRoute[];
  /** By name, sorted. */
  readonly authorizers: Readonly<Record<string, ResolvedWebsocketAuthorizer>>;
  /** undefined: core's grant stays as it is. */
  readonly manageConnections?: boolean;
  readonly stage: ResolvedV2Stage;
}

function resolveAuthorizer(
  key: string,
  authorizer: WebsocketAuthorizerConfig,
): ResolvedWebsocketAuthorizer {
  return {
    name: authorizer.name ?? key,
    ...(authorizer.functionName !== undefined ? { functionName: authorizer.functionName } : {}),
    ...(authorizer.functionArn !== undefined
      ? { functionArn: authorizer.functionArn as CfnValue }
      : {}),
    identitySource: authorizer.identitySource ?? [DEFAULT_WEBSOCKET_IDENTITY_SOURCE],
  };
}

function resolveRoutes(
  websocket: WebsocketConfig,
  events: readonly EventRef[],
): ResolvedWebsocketRoute[] {
  const authorizers = websocket.authorizers ?? {};
  const routes: ResolvedWebsocketRoute[] = [];
  for (const ref of [...events].sort((a, b) =>
    String(websocketRouteKey(a.event)).localeCompare(String(websocketRouteKey(b.event))),
  )) {
    const routeKey = websocketRouteKey(ref.event);
    if (routeKey === undefined) continue;
    const settings = websocketEventSettings(ref);
    routes.push({
      routeKey,
      ...(settings.apiKeyRequired !== undefined ? { apiKeyRequired: settings.apiKeyRequired } : {}),
      ...(settings.authorizer !== undefined && authorizers[settings.authorizer]
        ? { authorizer: settings.authorizer }
        : {}),
      routeResponse: settings.routeResponse === true,
    });
  }
  return routes;
}

/** undefined when the service has no WebSocket API: no `websocket` event and no config for one. */
export function resolveWebsocket(
  config: ApiGatewayConfig,
  core: CoreSettings,
  events: readonly EventRef[],
): ResolvedWebsocket | undefined {
  if (config.websocket === undefined && events.length === 0) return undefined;
  const websocket = config.websocket ?? {};
  return {
    ...(websocket.routeSelectionExpression !== undefined
      ? { routeSelectionExpression: websocket.routeSelectionExpression }
      : {}),
    apiKeyRequired: events.some((ref) => websocketEventSettings(ref).apiKeyRequired === true),
    routes: resolveRoutes(websocket, events),
    authorizers: sortedRecord(
      Object.fromEntries(
        Object.entries(websocket.authorizers ?? {}).map(([key, value]) => [
          key,
          resolveAuthorizer(key, value),
        ]),
      ),
    ),
    ...(websocket.manageConnections !== undefined
      ? { manageConnections: websocket.manageConnections }
      : {}),
    stage: resolveWebsocketStage(config, events, core.stageName),
  };
}
