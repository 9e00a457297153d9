/**
 * Access-log presets. Each includes `$context.requestId`, which API Gateway requires in every
 * access-log format, plus the fields the API Gateway console offers for its CLF/JSON/XML/CSV
 * formats and the two that explain most failures (integration latency and error message).
 */
import type { CfnValue } from '../../common/intrinsics';
export const ACCESS_LOG_PRESETS = {
  clf: '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId',
  json: JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    caller: '$context.identity.caller',
    user: '$context.identity.user',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    resourcePath: '$context.resourcePath',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    integrationLatency: '$context.integrationLatency',
    errorMessage: '$context.error.message',
  }),
  xml: '<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>',
  csv: '$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId',
} as const;

export type AccessLogPreset = keyof typeof ACCESS_LOG_PRESETS;

/**
 * HTTP APIs and WebSocket APIs have their own `$context` variables for access logs (no
 * `resourcePath` or `identity.caller`; `routeKey`, and `eventType`/`connectionId` for WebSocket):
 * their presets use only variables listed for them in the API Gateway developer guide
 * ("Customize HTTP API access logs", "WebSocket API access logging variables").
 */
const HTTP_API_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  errorMessage: '$context.error.message',
};

const WEBSOCKET_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationLatency: '$context.integrationLatency',
  errorMessage: '$context.error.message',
};

function presetsFrom(fields: Record<string, string>): Record<AccessLogPreset, string> {
  const values = Object.values(fields);
  return {
    clf: `$context.identity.sourceIp [$context.requestTime] "${Object.keys(fields).includes('httpMethod') ? '$context.httpMethod $context.path $context.protocol' : '$context.eventType $context.routeKey'}" $context.status $context.requestId`,
    json: JSON.stringify(fields),
    xml: `<request id="$context.requestId">${Object.entries(fields)
      .filter(([key]) => key !== 'requestId')
      .map(([key, value]) => ` <${key}>${value}</${key}>`)
      .join('')} </request>`,
    csv: values.join(','),
  };
}

export type ApiKind = 'rest' | 'http' | 'websocket';

const PRESETS_BY_API: Record<ApiKind, Record<AccessLogPreset, string>> = {
  rest: ACCESS_LOG_PRESETS,
  http: presetsFrom(HTTP_API_FIELDS),
  websocket: presetsFrom(WEBSOCKET_FIELDS),
};

/** Core's own default access-log format (used when `provider.logs.restApi` gives none). */
export const CORE_DEFAULT_ACCESS_LOG_FORMAT =
  'requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength';

export function isPreset(format: string): format is AccessLogPreset {
  return Object.prototype.hasOwnProperty.call(ACCESS_LOG_PRESETS, format);
}

export function expandAccessLogFormat(format: string, api: ApiKind = 'rest'): string {
  return isPreset(format) ? PRESETS_BY_API[api][format] : format;
}

/** API Gateway rejects an access-log format without one of these. */
export function hasRequestId(format: string): boolean {
  return /\$context\.(requestId|extendedRequestId)\b/.test(format);
}

/** An access log as a stage declares it. */
export interface ResolvedAccessLog {
  readonly format: string;
  /** A destination the user owns; without it the plugin creates the log group. */
  readonly destinationArn?: CfnValue;
}
