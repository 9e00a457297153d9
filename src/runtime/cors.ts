/**
 * CORS headers for Lambda proxy handlers. With a proxy integration API Gateway passes the
 * function's response through untouched, so the browser only sees the CORS headers the function
 * returns itself; the preflight (OPTIONS) is answered by API Gateway.
 *
 *   import { withCors } from 'serverless-apigateway-kit-cors';
 *   export const handler = withCors(async (event) => ({ statusCode: 200, body: '…' }), {
 *     origins: ['https://app.example.com', 'https://*.example.com'],
 *     allowCredentials: true,
 *   });
 *
 * No dependencies and no imports: this one file is the package `serverless-apigateway-kit-cors`
 * (packages/cors compiles it), which functions install as a dependency at a cost of a few KB, and
 * the plugin's `serverless-apigateway-kit/cors` export (for functions that are bundled).
 */

export interface CorsOptions {
  /** '*' (default) or the allowed origins; `https://*.example.com` matches its subdomains. */
  origins?: '*' | readonly string[];
  /** Adds `Access-Control-Allow-Credentials: true` (needs a list of origins, never '*'). */
  allowCredentials?: boolean;
  /** Response headers browser scripts may read (`Access-Control-Expose-Headers`). */
  exposeHeaders?: readonly string[];
}

type HeaderValue = string | number | boolean;

/** The part of an API Gateway proxy event this helper reads. */
export interface CorsRequest {
  headers?: Record<string, string | undefined> | null;
}

export interface CorsResponse {
  statusCode?: number;
  headers?: Record<string, HeaderValue>;
  [key: string]: unknown;
}

function originMatches(allowed: string, origin: string): boolean {
  if (!allowed.includes('*')) return allowed === origin;
  const pattern = allowed
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[A-Za-z0-9.-]+');
  return new RegExp(`^${pattern}$`).test(origin);
}

function requestOrigin(request: CorsRequest | null | undefined): string | undefined {
  const headers = request?.headers ?? {};
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'origin') return headers[name] ?? undefined;
  }
  return undefined;
}

/**
 * The CORS headers for a response to `request`: `Access-Control-Allow-Origin` is the request's
 * Origin when it is allowed (with `Vary: Origin`), '*' when any origin is, and absent otherwise.
 */
export function corsHeaders(
  request: CorsRequest | null | undefined,
  options: CorsOptions = {},
): Record<string, string> {
  const origins = options.origins ?? '*';
  if (origins === '*' && options.allowCredentials) {
    throw new Error(
      "withCors: allowCredentials needs a list of origins; browsers reject credentials with origin '*'",
    );
  }
  const headers: Record<string, string> = {};
  if (origins === '*') {
    headers['Access-Control-Allow-Origin'] = '*';
  } else {
    headers.Vary = 'Origin';
    const origin = requestOrigin(request);
    if (origin && origins.some((allowed) => originMatches(allowed, origin)))
      headers['Access-Control-Allow-Origin'] = origin;
  }
  if (options.allowCredentials && headers['Access-Control-Allow-Origin'])
    headers['Access-Control-Allow-Credentials'] = 'true';
  if (options.exposeHeaders && options.exposeHeaders.length > 0)
    headers['Access-Control-Expose-Headers'] = options.exposeHeaders.join(',');
  return headers;
}

/** Merges the CORS headers into a response (headers the response already sets win). */
export function addCorsHeaders<R extends CorsResponse>(
  response: R,
  request: CorsRequest | null | undefined,
  options?: CorsOptions,
): R {
  const cors = corsHeaders(request, options);
  const headers: Record<string, HeaderValue> = { ...cors, ...response.headers };
  if (cors.Vary && response.headers) {
    const existing = Object.keys(response.headers).find((name) => name.toLowerCase() === 'vary');
    if (existing && !/\borigin\b/i.test(String(response.headers[existing])))
      headers[existing] = `${String(response.headers[existing])}, Origin`;
    if (existing && existing !== 'Vary') delete headers.Vary;
  }
  return { ...response, headers };
}

/** Wraps a proxy handler so every response it returns carries the CORS headers. */
export function withCors<E extends CorsRequest, C extends unknown[], R extends CorsResponse>(
  handler: (event: E, ...rest: C) => Promise<R> | R,
  options?: CorsOptions,
): (event: E, ...rest: C) => Promise<R> {
  // Fail at cold start, not on the first request.
  corsHeaders(undefined, options);
  return async (event: E, ...rest: C) =>
    addCorsHeaders(await handler(event, ...rest), event, options);
}
