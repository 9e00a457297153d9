/**
 * The CORS headers of the responses API Gateway returns itself. A gateway response maps only static
 * values and request parameters into its headers (no conditions, no VTL), so it cannot choose the
 * origin per request the way the preflight does: with one allowed origin it sends that origin, and
 * with several it sends none unless the user names the one that may read the errors
 * (`gatewayResponses.cors: { origin }`). Echoing the request's `Origin` would let any site read
 * these responses (credentialed ones too, with allowCredentials), which the CORS policy forbids.
 */
import type { ApiGatewayConfig } from '../../config/types.generated';
import { needsOriginMatching, originPattern } from '../cors/headers';
import { corsFromSettings, type ResolvedCors, resolveServiceCors } from '../cors/resolve';

export interface GatewayResponseCors {
  /** Header name → response parameter value; empty when no origin can be sent safely. */
  readonly headers: Readonly<Record<string, string>>;
  /** The CORS policy whose origins a gateway response cannot choose between (no headers sent). */
  readonly withheld?: ResolvedCors;
}

/** The policy gateway responses follow: the service default, else any origin (core's `cors: true`). */
export function gatewayResponsesPolicy(config: ApiGatewayConfig): ResolvedCors {
  return resolveServiceCors(config) ?? corsFromSettings({});
}

/** Whether `origin` is one the policy allows (listed, or matched by a `https://*.x` pattern). */
export function originAllowed(cors: ResolvedCors, origin: string): boolean {
  if (cors.origins === '*') return true;
  return cors.origins.some((allowed) =>
    allowed.includes('*')
      ? new RegExp(`^${originPattern(allowed)}$`).test(origin)
      : allowed === origin,
  );
}

function corsHeaders(cors: ResolvedCors, allowOrigin: string): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': `'${allowOrigin}'` };
  // The API's other responses vary by Origin: caches must not hand this one to another origin.
  if (cors.origins !== '*') headers.Vary = "'Origin'";
  headers['Access-Control-Allow-Headers'] = `'${cors.headers.join(',')}'`;
  if (cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = "'true'";
  if (cors.exposeHeaders.length > 0)
    headers['Access-Control-Expose-Headers'] = `'${cors.exposeHeaders.join(',')}'`;
  return headers;
}

/** What `gatewayResponses.cors` puts on every gateway response (undefined when it is off). */
export function resolveGatewayResponseCors(
  config: ApiGatewayConfig,
): GatewayResponseCors | undefined {
  const setting = config.gatewayResponses?.cors;
  if (setting === undefined || setting === false) return undefined;
  const cors = gatewayResponsesPolicy(config);
  if (typeof setting === 'object') {
    // An origin the policy does not allow is refused by the check; never sent.
    return originAllowed(cors, setting.origin)
      ? { headers: corsHeaders(cors, setting.origin) }
      : { headers: {} };
  }
  if (cors.origins === '*') return { headers: corsHeaders(cors, '*') };
  if (!needsOriginMatching(cors.origins)) return { headers: corsHeaders(cors, cors.origins[0]) };
  return { headers: {}, withheld: cors };
}
