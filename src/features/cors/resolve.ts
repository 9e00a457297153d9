/**
 * What CORS each REST endpoint gets: the service default (`custom.apiGateway.cors`) and each
 * endpoint's own `cors`, merged key by key. Pure.
 */
import type { HttpEndpoint } from '../../common/http-endpoint';
import type { RestEndpoint } from '../../common/rest-endpoints';
import type { ApiGatewayConfig, HttpEventApiGatewayConfig } from '../../config/types.generated';

export type CorsSetting = NonNullable<ApiGatewayConfig['cors']>;
export type CorsSettings = Exclude<CorsSetting, boolean>;

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

export interface ResolvedCors {
  readonly origins: '*' | readonly string[];
  readonly headers: readonly string[];
  /** Only when the user lists them; otherwise the path's own methods. */
  readonly methods?: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge?: number;
}

/** Settings with their defaults (`{}` is "any origin, core's headers"). */
export function corsFromSettings(settings: CorsSettings): ResolvedCors {
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
  return settings ? corsFromSettings(settings) : undefined;
}

/** The CORS an endpoint gets: its own `cors` merged key by key over the service default. */
export function resolveEndpointCors(
  config: ApiGatewayConfig,
  endpointCors: HttpEventApiGatewayConfig['cors'],
): ResolvedCors | undefined {
  if (endpointCors === false) return undefined;
  const service = serviceCorsSettings(config);
  if (endpointCors === undefined) return service ? corsFromSettings(service) : undefined;
  return corsFromSettings({ ...service, ...(endpointCors === true ? {} : endpointCors) });
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

export interface ResolvedEndpointCors extends HttpEndpoint {
  /** undefined: CORS is off for this endpoint. */
  readonly cors?: ResolvedCors;
}

export interface ResolvedCorsConfig {
  /** `custom.apiGateway.cors`: what methods no http event or route made get. */
  readonly service?: ResolvedCors;
  /** Every REST endpoint, in endpoint order (http events, then routes). */
  readonly endpoints: readonly ResolvedEndpointCors[];
}

export function resolveCors(
  config: ApiGatewayConfig,
  endpoints: readonly RestEndpoint[],
): ResolvedCorsConfig {
  const service = resolveServiceCors(config);
  return {
    ...(service ? { service } : {}),
    endpoints: endpoints.map(({ method, path, settings }) => {
      const cors = resolveEndpointCors(config, settings.cors);
      return { method, path, ...(cors ? { cors } : {}) };
    }),
  };
}
