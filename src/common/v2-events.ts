/** What HTTP API and WebSocket events share beyond the plugin's own `apiGateway` block. */

/** Core's own `authorizer` on an `httpApi` or `websocket` event (a route has one authorizer). */
export function hasCoreAuthorizer(event: unknown): boolean {
  return (
    !!event &&
    typeof event === 'object' &&
    (event as { authorizer?: unknown }).authorizer !== undefined
  );
}
