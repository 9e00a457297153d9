/**
 * Resolves per-endpoint caching, throttling and CORS, and the service's gateway responses, from
 * the validated config and the `http` events. Pure functions of plain data; the semantic checks
 * and the compilers read the same answers.
 */
import type { EventRef, EventsByKind } from './events';
import type { ResolvedStage } from '../pipeline/resolve';
import type {
  ApiGatewayConfig,
  HttpEventApiGatewayConfig,
  StageConfig,
  ThrottlingConfig,
} from '../config/types.generated';

export type EndpointCachingConfig = NonNullable<HttpEventApiGatewayConfig['caching']>;
export type CorsSetting = NonNullable<ApiGatewayConfig['cors']>;
export type CorsSettings = Exclude<CorsSetting, boolean>;
export type GatewayResponsesConfig = NonNullable<ApiGatewayConfig['gatewayResponses']>;
export type GatewayResponseConfig = NonNullable<GatewayResponsesConfig['DEFAULT_4XX']>;
export type CacheInvalidationConfig = NonNullable<
  NonNullable<StageConfig['caching']>['invalidation']
>;

/** API Gateway's default TTL when neither the endpoint nor the stage sets one. */
export const DEFAULT_CACHE_TTL_IN_SECONDS = 300;

/** Methods that change state: caching them serves one caller's write result to the next caller. */
export const UNSAFE_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Core's default `Access-Control-Allow-Headers`, so switching from core's `cors: true` changes nothing. */
export const DEFAULT_CORS_HEADERS: readonly string[] = [
  'Content-Type',
  'X-Amz-Date',
  'Authorization',
  'X-Api-Key',
  'X-Amz-Security-Token',
  'X-Amz-User-Agent',
  'X-Amzn-Trace-Id',
];

/** What `ANY` stands for in `Access-Control-Allow-Methods` (core's expansion). */
const ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

// ---------------------------------------------------------------------------------------------
// http events

/** One `http` event as the plugin reads it: method and path normalised the way core does. */
export interface HttpEndpoint {
  readonly ref: EventRef;
  /** Upper case, `ANY` kept. */
  readonly method: string;
  /** Without leading and trailing `/` (core's normalisation); `''` is the root. */
  readonly path: string;
  /** Core's own `cors` on the event: core makes the path's OPTIONS method itself. */
  readonly coreCors: boolean;
  readonly settings: HttpEventApiGatewayConfig;
}

export function normalizeHttpPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** `GET /orders/{id}` for messages. */
export function describeEndpoint(endpoint: Pick<HttpEndpoint, 'method' | 'path'>): string {
  return `${endpoint.method} /${endpoint.path}`;
}

export function httpEndpoints(events: EventsByKind): HttpEndpoint[] {
  const endpoints: HttpEndpoint[] = [];
  for (const ref of events.http) {
    let method: unknown;
    let path: unknown;
    let cors: unknown;
    if (typeof ref.event === 'string') {
      [method, path] = ref.event.trim().split(/\s+/);
    } else if (ref.event && typeof ref.event === 'object') {
      ({ method, path, cors } = ref.event as Record<string, unknown>);
    }
    if (typeof method !== 'string' || typeof path !== 'string') continue;
    endpoints.push({
      ref,
      method: method.toUpperCase(),
      path: normalizeHttpPath(path),
      coreCors: Boolean(cors),
      settings: (ref.settings ?? {}) as HttpEventApiGatewayConfig,
    });
  }
  return endpoints;
}

/** The `{name}` / `{name+}` parameters of a path, without braces and `+`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+?)\+?\}/g)].map((match) => match[1]);
}

/** The key of a resource path in stage method settings: every `/` written `~1` (`/~1users~1{id}`). */
export function methodSettingsResourcePath(path: string): string {
  return `/${`/${normalizeHttpPath(path)}`.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

// ---------------------------------------------------------------------------------------------
// caching and throttling

export interface ResolvedEndpointCaching {
  readonly ttlInSeconds: number;
  readonly dataEncrypted: boolean;
  /** `method.request.<location>.<name>` parameter names, in the order written. */
  readonly keys: readonly string[];
}

/** Whether the endpoint asks for caching at all (a block without `enabled: false`). */
export function cachingRequested(caching: EndpointCachingConfig | undefined): boolean {
  return caching !== undefined && caching.enabled !== false;
}

/** The endpoint's caching in a stage (undefined when it is not cached there). */
export function resolveEndpointCaching(
  caching: EndpointCachingConfig | undefined,
  stage: Pick<ResolvedStage, 'caching'> | undefined,
): ResolvedEndpointCaching | undefined {
  if (!cachingRequested(caching) || !stage?.caching.enabled) return undefined;
  return {
    ttlInSeconds:
      caching?.ttlInSeconds ?? stage.caching.ttlInSeconds ?? DEFAULT_CACHE_TTL_IN_SECONDS,
    dataEncrypted: caching?.dataEncrypted ?? stage.caching.encrypted ?? false,
    keys: (caching?.keys ?? []).map((key) => `method.request.${key}`),
  };
}

export function hasThrottling(throttling: ThrottlingConfig | undefined): boolean {
  return (
    throttling !== undefined &&
    (throttling.rateLimit !== undefined || throttling.burstLimit !== undefined)
  );
}

export interface PatchOperation {
  readonly op: 'replace';
  readonly path: string;
  readonly value: string;
}

/**
 * Cache invalidation settings are method settings that CloudFormation's `AWS::ApiGateway::Stage`
 * cannot express (its MethodSetting has no RequireAuthorizationForCacheControl): they are applied
 * after deploy with `UpdateStage` patch operations on the stage-wide key `*∕*`.
 */
export function cacheInvalidationPatchOperations(
  invalidation: CacheInvalidationConfig | undefined,
): PatchOperation[] {
  if (!invalidation) return [];
  const operations: PatchOperation[] = [];
  if (invalidation.requireAuthorization !== undefined) {
    operations.push({
      op: 'replace',
      path: '/*/*/caching/requireAuthorizationForCacheControl',
      value: String(invalidation.requireAuthorization),
    });
  }
  if (invalidation.unauthorizedStrategy !== undefined) {
    operations.push({
      op: 'replace',
      path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy',
      value: invalidation.unauthorizedStrategy,
    });
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// CORS

export interface ResolvedCors {
  readonly origins: '*' | readonly string[];
  readonly headers: readonly string[];
  /** Only when the user lists them; otherwise the path's own methods. */
  readonly methods?: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge?: number;
}

function fromSettings(settings: CorsSettings): ResolvedCors {
  return {
    origins: settings.origins ?? '*',
    headers: settings.headers ?? DEFAULT_CORS_HEADERS,
    ...(settings.methods ? { methods: settings.methods } : {}),
    exposeHeaders: settings.exposeHeaders ?? [],
    allowCredentials: settings.allowCredentials ?? false,
    ...(settings.maxAge !== undefined ? { maxAge: settings.maxAge } : {}),
  };
}

/** The service default `custom.apiGateway.cors` as settings (undefined when off). */
function serviceCorsSettings(config: ApiGatewayConfig): CorsSettings | undefined {
  const cors = config.cors;
  if (cors === undefined || cors === false) return undefined;
  return cors === true ? {} : cors;
}

export function resolveServiceCors(config: ApiGatewayConfig): ResolvedCors | undefined {
  const settings = serviceCorsSettings(config);
  return settings ? fromSettings(settings) : undefined;
}

/** The CORS an endpoint gets: its own `cors` merged key by key over the service default. */
export function resolveEndpointCors(
  config: ApiGatewayConfig,
  endpointCors: HttpEventApiGatewayConfig['cors'],
): ResolvedCors | undefined {
  if (endpointCors === false) return undefined;
  const service = serviceCorsSettings(config);
  if (endpointCors === undefined) return service ? fromSettings(service) : undefined;
  return fromSettings({ ...service, ...(endpointCors === true ? {} : endpointCors) });
}

/** `Access-Control-Allow-Methods` for a path whose methods (upper case) have CORS on. */
export function allowedMethods(cors: ResolvedCors, pathMethods: readonly string[]): string[] {
  const listed = cors.methods ?? pathMethods.flatMap((m) => (m === 'ANY' ? ANY_METHODS : [m]));
  return [...new Set([...listed, 'OPTIONS'])].sort();
}

/** Whether the preflight must choose the origin per request (a list of more than one, or a pattern). */
export function needsOriginMatching(origins: ResolvedCors['origins']): boolean {
  return origins !== '*' && (origins.length > 1 || origins.some((o) => o.includes('*')));
}

/** An origin with `*` as a Java/JS regex: `*` stands for one or more subdomain labels. */
export function originPattern(origin: string): string {
  return origin
    .split('*')
    .map((part) => part.replace(/[.]/g, '[.]'))
    .join('[A-Za-z0-9.-]+');
}

/** The same CORS for the comparison of two endpoints on one path (the keys that differ). */
export function corsDifferences(a: ResolvedCors, b: ResolvedCors): string[] {
  const keys: Array<keyof ResolvedCors> = [
    'origins',
    'headers',
    'methods',
    'exposeHeaders',
    'allowCredentials',
    'maxAge',
  ];
  return keys.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

// ---------------------------------------------------------------------------------------------
// gateway responses

/** Every API Gateway response type a REST API can customise. */
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
export function responseParameterValue(value: string): string {
  if (/^'.*'$/.test(value) || MAPPED_VALUE.test(value)) return value;
  return `'${value}'`;
}

/** The CORS headers of a response API Gateway returns itself (no VTL there: no per-origin choice). */
export function gatewayResponseCorsHeaders(cors: ResolvedCors): Record<string, string> {
  const headers: Record<string, string> = {};
  if (cors.origins === '*') headers['Access-Control-Allow-Origin'] = "'*'";
  else if (!needsOriginMatching(cors.origins))
    headers['Access-Control-Allow-Origin'] = `'${cors.origins[0]}'`;
  else {
    // Gateway responses support no conditions: echo the caller's Origin (only API Gateway's own
    // error text is exposed this way), and say the answer varies by Origin.
    headers['Access-Control-Allow-Origin'] = 'method.request.header.Origin';
  }
  if (cors.origins !== '*') headers.Vary = "'Origin'";
  headers['Access-Control-Allow-Headers'] = `'${cors.headers.join(',')}'`;
  if (cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = "'true'";
  if (cors.exposeHeaders.length > 0)
    headers['Access-Control-Expose-Headers'] = `'${cors.exposeHeaders.join(',')}'`;
  return headers;
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
  const cors = responses.cors ? (resolveServiceCors(config) ?? fromSettings({})) : undefined;
  const types = new Set<GatewayResponseType>();
  if (responses.preset === 'json')
    Object.keys(JSON_PRESET).forEach((t) => types.add(t as GatewayResponseType));
  if (cors) ['DEFAULT_4XX', 'DEFAULT_5XX'].forEach((t) => types.add(t as GatewayResponseType));
  for (const type of GATEWAY_RESPONSE_TYPES) if (responses[type]) types.add(type);
  return [...types].sort().map((type) => {
    const preset = responses.preset === 'json' ? JSON_PRESET[type] : undefined;
    const own = responses[type] ?? {};
    const statusCode = statusCodeOf(own.statusCode) ?? preset?.statusCode;
    const body = bodyOf(own.body) ?? (preset ? JSON_PRESET_BODY : undefined);
    const headers: Record<string, string> = { ...(cors ? gatewayResponseCorsHeaders(cors) : {}) };
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
