/**
 * Access-log presets. Each includes `$context.requestId`, which API Gateway requires in every
 * access-log format, plus the fields the API Gateway console offers for its CLF/JSON/XML/CSV
 * formats and the two that explain most failures (integration latency and error message).
 */
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

/** Core's own default access-log format (used when `provider.logs.restApi` gives none). */
export const CORE_DEFAULT_ACCESS_LOG_FORMAT =
  'requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength';

export function isPreset(format: string): format is AccessLogPreset {
  return Object.prototype.hasOwnProperty.call(ACCESS_LOG_PRESETS, format);
}

export function expandAccessLogFormat(format: string): string {
  return isPreset(format) ? ACCESS_LOG_PRESETS[format] : format;
}

/** API Gateway rejects an access-log format without one of these. */
export function hasRequestId(format: string): boolean {
  return /\$context\.(requestId|extendedRequestId)\b/.test(format);
}
