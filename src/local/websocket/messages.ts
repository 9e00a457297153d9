/**
 * Messages on an open connection, as "Invoke your backend integration with the $default Route
 * and custom routes"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-routes-integrations.html)
 * and "Set up a route response"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html)
 * describe them: the API's `routeSelectionExpression` picks the route key from the JSON message
 * (./selection.ts), a key no route has (or a message that is not JSON) goes to `$default`, and with
 * neither API Gateway answers on the socket
 * `{"message": "Forbidden", "connectionId":"…", "requestId":"…"}`. The route's integration gets a
 * MESSAGE event; one that fails answers `{"message": "Internal server error", …}` the same way. A
 * two-way route (a `routeResponseSelectionExpression` with its `$default` RouteResponse) sends the
 * integration's result back: a Lambda proxy result's `body`, or the whole result when it is not one.
 */
import type { V2Route, WebSocketApiModel } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { messageEvent, newId, type ApiInfo, type ConnectionInfo } from './events';
import type { WebSocketIntegrations } from './integration';
import { evaluateSelection, parseMessage } from './selection';

/** API Gateway's error frames, spaced as API Gateway writes them. */
export function errorFrame(message: string, connectionId: string, requestId: string): string {
  return `{"message": ${JSON.stringify(message)}, "connectionId":${JSON.stringify(connectionId)}, "requestId":${JSON.stringify(requestId)}}`;
}

/** The route a text message selects: its key's, else `$default`; undefined when neither exists. */
export function selectRoute(api: WebSocketApiModel, data: string): V2Route | undefined {
  const expression =
    api.routeSelectionExpression === undefined
      ? '$request.body.action'
      : renderValue(api.routeSelectionExpression);
  const body = parseMessage(data);
  const key = body === undefined ? undefined : evaluateSelection(expression, { body });
  const special = new Set(['$connect', '$disconnect']);
  const selected =
    key !== undefined && !special.has(key)
      ? api.routes.find((route) => route.routeKey === key)
      : undefined;
  return selected ?? api.routes.find((route) => route.routeKey === '$default');
}

/** Whether the route sends its integration's result back (a two-way route). */
export function isTwoWay(route: V2Route): boolean {
  if (route.routeResponseSelectionExpression === undefined) return false;
  const key = renderValue(route.routeResponseSelectionExpression);
  return route.routeResponses.some((response) => renderValue(response.routeResponseKey) === key);
}

export interface MessageOutcome {
  routeKey: string;
  /** What goes back on the socket, if anything. */
  reply?: string;
  integration: string;
  detail?: string;
}

export async function handleMessage(
  api: WebSocketApiModel,
  info: ApiInfo,
  connection: ConnectionInfo,
  data: string,
  integrations: WebSocketIntegrations,
): Promise<MessageOutcome> {
  const requestId = newId(8);
  const route = selectRoute(api, data);
  const fail = (message: string, routeKey: string, integration: string, detail: string) => ({
    routeKey,
    reply: errorFrame(message, connection.connectionId, requestId),
    integration,
    detail,
  });
  if (!route) return fail('Forbidden', '-', '-', 'no route matches and there is no $default');
  if (!route.integration)
    return fail('Internal server error', route.routeKey, '-', 'the route has no integration');
  const event = messageEvent(
    info,
    connection,
    { routeKey: route.routeKey, eventType: 'MESSAGE', requestId, requestTimeEpoch: Date.now() },
    data,
  );
  const kind = route.integration.type;
  const outcome = await integrations.invoke(route.integration, event);
  if (outcome.kind === 'timeout')
    return fail('Endpoint request timed out', route.routeKey, kind, outcome.detail);
  if (outcome.kind === 'failed')
    return fail('Internal server error', route.routeKey, kind, outcome.detail);
  if (!isTwoWay(route)) return { routeKey: route.routeKey, integration: kind };
  const isProxyResult = outcome.statusCode !== undefined || outcome.body !== undefined;
  const reply = isProxyResult
    ? outcome.body
    : outcome.payload === null
      ? undefined
      : typeof outcome.payload === 'string'
        ? outcome.payload
        : JSON.stringify(outcome.payload);
  return { routeKey: route.routeKey, integration: kind, ...(reply !== undefined ? { reply } : {}) };
}
