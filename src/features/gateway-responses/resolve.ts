/**
 * The service's gateway responses: the configured types, the `json` preset and the CORS headers
 * `cors: true` adds, resolved into one sorted list. Pure.
 */
import type { ApiGatewayConfig } from '../../config/types.generated';
import { resolveGatewayResponseCors } from './cors';

export type GatewayResponsesConfig = NonNullable<ApiGatewayConfig['gatewayResponses']>;
export type GatewayResponseConfig = NonNullable<GatewayResponsesConfig['DEFAULT_4XX']>;

/** Every API Gateway response type a REST API can customise: the one list. */
export const GATEWAY_RESPONSE_TYPES = [
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'ACCESS_DENIED',
  'API_CONFIGURATION_ERROR',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'AUTHORIZER_FAILURE',
  'BAD_REQUEST_BODY',
  'BAD_REQUEST_PARAMETERS',
  'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'INVALID_API_KEY',
  'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN',
  'QUOTA_EXCEEDED',
  'REQUEST_TOO_LARGE',
  'RESOURCE_NOT_FOUND',
  'THROTTLED',
  'UNAUTHORIZED',
  'UNSUPPORTED_MEDIA_TYPE',
  'WAF_FILTERED',
] as const;
export type GatewayResponseType = (typeof GATEWAY_RESPONSE_TYPES)[number];

/** The `json` preset's body: `$context.error.messageString` is already a quoted JSON string. */
export const JSON_PRESET_BODY =
  '{"message":$context.error.messageString,"type":"$context.error.responseType","requestId":"$context.requestId"}';

/**
 * The `json` preset: one body for every error, and the status codes clients expect (API Gateway's
 * own INTEGRATION_FAILURE is 504 like a timeout; the preset makes it 502 Bad Gateway).
 */
const JSON_PRESET: Partial<Record<GatewayResponseType, { statusCode?: string }>> = {
  DEFAULT_4XX: {},
  DEFAULT_5XX: {},
  BAD_REQUEST_BODY: { statusCode: '400' },
  BAD_REQUEST_PARAMETERS: { statusCode: '400' },
  ACCESS_DENIED: { statusCode: '403' },
  THROTTLED: { statusCode: '429' },
  QUOTA_EXCEEDED: { statusCode: '429' },
  INTEGRATION_FAILURE: { statusCode: '502' },
  INTEGRATION_TIMEOUT: { statusCode: '504' },
};

export interface ResolvedGatewayResponse {
  readonly type: GatewayResponseType;
  readonly statusCode?: string;
  /** Header name → API Gateway response parameter value (`'static'` or a mapping expression). */
  readonly headers: Readonly<Record<string, string>>;
  /** The application/json template. */
  readonly body?: string;
}

const MAPPED_VALUE =
  /^(method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.|stageVariables\.|context\.)/;

/** A header value as a response parameter: static text in single quotes, mappings as written. */
function responseParameterValue(value: string): string {
  if (/^'.*'$/.test(value) || MAPPED_VALUE.test(value)) return value;
  return `'${value}'`;
}

function statusCodeOf(value: GatewayResponseConfig['statusCode']): string | undefined {
  return value === undefined ? undefined : String(value);
}

function bodyOf(value: GatewayResponseConfig['body']): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every gateway response to emit, sorted by type. */
export function resolveGatewayResponses(config: ApiGatewayConfig): ResolvedGatewayResponse[] {
  const responses = config.gatewayResponses;
  if (!responses) return [];
  // With no origin it may send, cors adds nothing, so it adds no DEFAULT_4XX/5XX of its own.
  const corsHeaders = resolveGatewayResponseCors(config)?.headers ?? {};
  const addsCors = Object.keys(corsHeaders).length > 0;
  const types = new Set<GatewayResponseType>();
  if (responses.preset === 'json')
    Object.keys(JSON_PRESET).forEach((t) => types.add(t as GatewayResponseType));
  if (addsCors) ['DEFAULT_4XX', 'DEFAULT_5XX'].forEach((t) => types.add(t as GatewayResponseType));
  for (const type of GATEWAY_RESPONSE_TYPES) if (responses[type]) types.add(type);
  return [...types].sort().map((type) => {
    const preset = responses.preset === 'json' ? JSON_PRESET[type] : undefined;
    const own = responses[type] ?? {};
    const statusCode = statusCodeOf(own.statusCode) ?? preset?.statusCode;
    const body = bodyOf(own.body) ?? (preset ? JSON_PRESET_BODY : undefined);
    const headers: Record<string, string> = { ...corsHeaders };
    for (const [name, value] of Object.entries(own.headers ?? {}))
      headers[name] = responseParameterValue(value);
    return {
      type,
      ...(statusCode !== undefined ? { statusCode } : {}),
      headers: Object.fromEntries(
        Object.keys(headers)
          .sort()
          .map((name) => [name, headers[name]]),
      ),
      ...(body !== undefined ? { body } : {}),
    };
  });
}
