/**
 * The `@connections` management API, as "Use @connections commands in your backend service"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html)
 * documents it, served on the WebSocket API's own port: `POST /<stage>/@connections/{id}` sends
 * the request body to the connection as a message (200), `GET` describes it (200
 * `{"connectedAt","identity":{"sourceIp","userAgent"},"lastActiveAt"}`, the wire names of the
 * ApiGatewayManagementApi service model, ISO 8601 times), `DELETE` closes it (204). A connection
 * that is not open (gone, never existed, or still in its `$connect`) is 410 GoneException; a
 * message over the 128 KB payload limit 413 PayloadTooLargeException. Errors carry
 * `x-amzn-ErrorType`, which the AWS SDKs read the exception's name from. There are no IAM
 * identities locally: a request is served whether it is SigV4-signed (with any credentials) or not.
 */
import type { ConnectionInfo } from './events';

/** API Gateway's message payload limit. */
export const MAX_PAYLOAD_BYTES = 128 * 1024;

export interface ManagedConnection {
  info: ConnectionInfo;
  /** Epoch milliseconds of the last message either way. */
  lastActiveAt: number;
  send(data: string): void;
  /** Closes the connection from the server's side. */
  close(): void;
}

export interface ManagementAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const error = (
  statusCode: number,
  errorType: string,
  message: string | null,
): ManagementAnswer => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': errorType },
  body: JSON.stringify({ message }),
});

/** The answer to a request under `/<stage>/@connections`; undefined for any other path. */
export function handleManagement(
  request: { method: string; path: string; body: Buffer },
  stage: string,
  connections: ReadonlyMap<string, ManagedConnection>,
): ManagementAnswer | undefined {
  const prefix = `/${stage}/@connections/`;
  if (!request.path.startsWith(prefix)) return undefined;
  let connectionId: string;
  try {
    connectionId = decodeURIComponent(request.path.slice(prefix.length));
  } catch {
    return error(400, 'BadRequestException', 'Invalid connection id');
  }
  const connection = connections.get(connectionId);
  const method = request.method.toUpperCase();
  if (!['GET', 'POST', 'DELETE'].includes(method))
    return error(403, 'ForbiddenException', 'Forbidden');
  if (!connection) return error(410, 'GoneException', null);
  switch (method) {
    case 'POST':
      if (request.body.length > MAX_PAYLOAD_BYTES)
        return error(413, 'PayloadTooLargeException', 'Message too long');
      connection.lastActiveAt = Date.now();
      connection.send(request.body.toString('utf8'));
      return { statusCode: 200, headers: {}, body: '' };
    case 'GET':
      return {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          connectedAt: new Date(connection.info.connectedAt).toISOString(),
          identity: { sourceIp: connection.info.sourceIp, userAgent: connection.info.userAgent },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        }),
      };
    default:
      connection.close();
      return { statusCode: 204, headers: {}, body: '' };
  }
}
