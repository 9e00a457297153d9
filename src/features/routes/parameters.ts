/**
 * Request and response parameter mappings of routes: which values API Gateway reads as mappings,
 * and how static text is quoted.
 */

/** A request parameter value that maps from the method request, stage variables or the context. */
export const REQUEST_MAPPING =
  /^(method\.request\.(path|querystring|header|multivalueheader|multivaluequerystring)\.[^\s]+|method\.request\.body(\.[^\s]*)?|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

/** A response header value that maps from the integration response, stage variables or the context. */
export const RESPONSE_MAPPING =
  /^(integration\.response\.(header|multivalueheader)\.[^\s]+|integration\.response\.body(\.[^\s]*)?|method\.request\.(path|querystring|header|multivalueheader|multivaluequerystring)\.[^\s]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

/** Static text in single quotes, mappings as written (`'value'` already quoted stays). */
export function parameterValue(value: string, mapping: RegExp): string {
  if (/^'.*'$/s.test(value) || mapping.test(value)) return value;
  return `'${value.replace(/'/g, "\\'")}'`;
}
