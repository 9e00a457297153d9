/**
 * The events a WebSocket API's Lambda proxy integrations receive, as "Overview of WebSocket APIs
 * in API Gateway" and "Manage connected users and client apps: $connect and $disconnect routes"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html)
 * show them: every `requestContext` has routeKey, eventType (CONNECT, MESSAGE, DISCONNECT),
 * connectionId, extendedRequestId, requestTime, messageDirection `IN`, stage, connectedAt,
 * requestTimeEpoch, identity, requestId, domainName and apiId (plus `authorizer` once `$connect`
 * was authorized: it stays with the connection). CONNECT carries the handshake's headers and query
 * strings, MESSAGE the frame as `body` (and a `messageId`), DISCONNECT the close code and reason.
 */
import { randomBytes } from 'node:crypto';
import { clfTime } from '../rest/request';

/** What the gateway keeps of a connection from its handshake on. */
export interface ConnectionInfo {
  connectionId: string;
  /** Epoch milliseconds. */
  connectedAt: number;
  sourceIp: string;
  userAgent: string;
  /** Last value of each handshake header, names as sent. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryString: Record<string, string>;
  multiValueQueryString: Record<string, string[]>;
  /** What the `$connect` authorizer passed on (principalId, its context). */
  authorizer?: Record<string, unknown>;
}

export interface ApiInfo {
  stage: string;
  /** `<host>:<port>`: a handler's `https://${domainName}/${stage}` becomes `http://…` locally. */
  domainName: string;
  apiId: string;
}

/** Identifiers in the form API Gateway gives them (`L0SM9cOFvHcCIhw=`: base64, no `/` or `+`). */
export function newId(bytes = 11): string {
  return randomBytes(bytes).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

export interface EventCall {
  routeKey: string;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  requestId: string;
  requestTimeEpoch: number;
}

export function webSocketRequestContext(
  api: ApiInfo,
  connection: ConnectionInfo,
  call: EventCall,
): Record<string, unknown> {
  return {
    routeKey: call.routeKey,
    eventType: call.eventType,
    extendedRequestId: call.requestId,
    requestTime: clfTime(call.requestTimeEpoch),
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: call.requestTimeEpoch,
    identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
    requestId: call.requestId,
    domainName: api.domainName,
    connectionId: connection.connectionId,
    apiId: api.apiId,
    ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
  };
}

const orUndefined = <T extends object>(value: T): T | undefined =>
  Object.keys(value).length > 0 ? value : undefined;

/** `$connect`: the handshake's headers and query strings (absent when there are none). */
export function connectEvent(
  api: ApiInfo,
  connection: ConnectionInfo,
  call: EventCall,
): Record<string, unknown> {
  const query = orUndefined({ ...connection.queryString });
  return {
    headers: { ...connection.headers },
    multiValueHeaders: { ...connection.multiValueHeaders },
    ...(query
      ? {
          queryStringParameters: query,
          multiValueQueryStringParameters: { ...connection.multiValueQueryString },
        }
      : {}),
    requestContext: webSocketRequestContext(api, connection, call),
    isBase64Encoded: false,
  };
}

export function messageEvent(
  api: ApiInfo,
  connection: ConnectionInfo,
  call: EventCall,
  body: string,
): Record<string, unknown> {
  return {
    requestContext: { ...webSocketRequestContext(api, connection, call), messageId: newId(8) },
    body,
    isBase64Encoded: false,
  };
}

/**
 * `$disconnect`: AWS's example shows the Host, x-api-key and X-Forwarded-For headers of the
 * connection, the close code the client sent (1005 when it sent none) and its reason.
 */
export function disconnectEvent(
  api: ApiInfo,
  connection: ConnectionInfo,
  call: EventCall,
  close: { code: number; reason: string },
): Record<string, unknown> {
  const kept = Object.entries(connection.headers).filter(([name]) =>
    ['host', 'x-api-key', 'x-forwarded-for'].includes(name.toLowerCase()),
  );
  return {
    headers: Object.fromEntries(kept),
    multiValueHeaders: Object.fromEntries(kept.map(([name, value]) => [name, [value]])),
    requestContext: {
      ...webSocketRequestContext(api, connection, call),
      disconnectStatusCode: close.code,
      disconnectReason: close.reason,
    },
    isBase64Encoded: false,
  };
}
