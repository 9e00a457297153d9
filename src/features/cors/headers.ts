/**
 * CORS header values: what `Access-Control-Allow-Methods` lists, and how several allowed origins
 * are matched. Shared by the preflights, the CORS headers of actual responses and the gateway
 * responses.
 */
import type { ResolvedCors } from './resolve';

/** What `ANY` stands for in `Access-Control-Allow-Methods` (core's expansion). */
const ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

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
