/**
 * The HTTP API's CORS configuration, applied as "Configure CORS for HTTP APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html) describes it:
 * "API Gateway automatically sends a response to preflight OPTIONS requests, even if there isn't
 * an OPTIONS route configured", "adds the configured CORS headers to the response from an
 * integration", and "ignores CORS headers returned from your backend integration". A request
 * gets CORS headers only with an `Origin` header; a preflight is an OPTIONS request with `Origin`
 * and `Access-Control-Request-Method`.
 *
 * A route that takes the OPTIONS request (an `OPTIONS` or `ANY` route, or `$default`) gets it:
 * the same page tells users of an authorized `$default` route to add an unauthorized
 * `OPTIONS /{proxy+}` route for preflights, so those routes, not the gateway, answer them.
 *
 * The preflight answer is 204 with Allow-Origin, Allow-Methods, Allow-Headers, Max-Age and
 * Allow-Credentials as configured when the origin is allowed (the browser compares the method and
 * headers it asked for with the lists); for an origin that is not allowed it has no
 * Access-Control headers, which browsers take as a refusal. Origins compare without case; `*`
 * allows any origin and is what Allow-Origin then says.
 */
import type { HttpCors } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { headerOf, type GatewayResponse } from '../rest/request';

export interface CorsSettings {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => renderValue(item)) : [];
}

export function corsSettings(cors: HttpCors | undefined): CorsSettings | undefined {
  if (!cors) return undefined;
  const maxAge = cors.maxAge === undefined ? undefined : Number(renderValue(cors.maxAge));
  return {
    allowOrigins: list(cors.allowOrigins),
    allowMethods: list(cors.allowMethods),
    allowHeaders: list(cors.allowHeaders),
    exposeHeaders: list(cors.exposeHeaders),
    allowCredentials: String(renderValue(cors.allowCredentials ?? false)) === 'true',
    ...(maxAge !== undefined && Number.isFinite(maxAge) ? { maxAge } : {}),
  };
}

/** The Allow-Origin value for a request's origin; undefined when it is not allowed. */
function allowedOrigin(settings: CorsSettings, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (settings.allowOrigins.includes('*')) return '*';
  const lower = origin.toLowerCase();
  return settings.allowOrigins.some((allowed) => allowed.toLowerCase() === lower)
    ? origin
    : undefined;
}

export function isPreflight(method: string, headers: Readonly<Record<string, string>>): boolean {
  return (
    method === 'OPTIONS' &&
    headerOf(headers, 'origin') !== undefined &&
    headerOf(headers, 'access-control-request-method') !== undefined
  );
}

export function preflightResponse(
  settings: CorsSettings,
  headers: Readonly<Record<string, string>>,
): GatewayResponse {
  const origin = allowedOrigin(settings, headerOf(headers, 'origin'));
  const cors: Record<string, string[]> = {};
  if (origin !== undefined) {
    cors['access-control-allow-origin'] = [origin];
    if (settings.allowMethods.length > 0)
      cors['access-control-allow-methods'] = [settings.allowMethods.join(',')];
    if (settings.allowHeaders.length > 0)
      cors['access-control-allow-headers'] = [settings.allowHeaders.join(',')];
    if (settings.maxAge !== undefined) cors['access-control-max-age'] = [String(settings.maxAge)];
    if (settings.allowCredentials) cors['access-control-allow-credentials'] = ['true'];
  }
  return { statusCode: 204, headers: cors, body: Buffer.alloc(0), integration: 'CORS' };
}

/** An integration's response with the backend's CORS headers replaced by the configured ones. */
export function withCorsHeaders(
  settings: CorsSettings,
  requestHeaders: Readonly<Record<string, string>>,
  response: GatewayResponse,
): GatewayResponse {
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(
      ([name]) => !name.toLowerCase().startsWith('access-control-'),
    ),
  );
  const origin = allowedOrigin(settings, headerOf(requestHeaders, 'origin'));
  if (origin !== undefined) {
    headers['access-control-allow-origin'] = [origin];
    if (settings.allowCredentials) headers['access-control-allow-credentials'] = ['true'];
    if (settings.exposeHeaders.length > 0)
      headers['access-control-expose-headers'] = [settings.exposeHeaders.join(',')];
  }
  return { ...response, headers };
}
