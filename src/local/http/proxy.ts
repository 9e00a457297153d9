/**
 * HTTP_PROXY integrations of an HTTP API ("Create HTTP proxy integrations for HTTP APIs",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-http.html):
 * the request goes to the integration URI — `${stageVariables.x}` and the route's `{name}` /
 * `{name+}` path variables substituted (a greedy value keeps its slashes) — with the request's
 * method (or the integration's, unless ANY), query string, headers (without the hop-by-hop ones)
 * and body, after the integration's request parameter mapping (./parameters.ts). The upstream
 * status, headers and body come back as they are. The call itself is the REST side's
 * (../rest/http.ts `callUpstream`).
 */
import type { V2Integration } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { HOP_BY_HOP, type UpstreamRequest } from '../rest/http';
import { applyMappings, overwritten, readMappings, type MappingSources } from './parameters';
import type { HttpRequest } from './request';

/** The integration URI with stage variables and path variables substituted. */
export function proxyUrl(
  integration: V2Integration,
  stageVariables: Readonly<Record<string, string>>,
  pathParameters: Readonly<Record<string, string>>,
): string {
  return renderValue(integration.uri)
    .replace(
      /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g,
      (_, name: string) => stageVariables[name] ?? '',
    )
    .replace(/\{([^{}/+]+)\+?\}/g, (_, name: string) =>
      (pathParameters[name] ?? '').split('/').map(encodeURIComponent).join('/'),
    );
}

export function proxyRequest(
  integration: V2Integration,
  request: HttpRequest,
  pathParameters: Readonly<Record<string, string>>,
  sources: MappingSources,
  timeoutMs: number,
): UpstreamRequest {
  const mappings = readMappings(integration.requestParameters);
  const url = new URL(proxyUrl(integration, sources.stageVariables, pathParameters));
  const path = overwritten(mappings, 'path', sources);
  if (path !== undefined) url.pathname = path;
  const query = applyMappings(
    [
      ...url.searchParams.entries(),
      ...Object.entries(request.multiValueQueryString).flatMap(([name, values]) =>
        values.map((value): [string, string] => [name, value]),
      ),
    ],
    mappings,
    'querystring',
    sources,
  );
  url.search = new URLSearchParams(query).toString();
  const headers = applyMappings(
    Object.entries(request.multiValueHeaders)
      .filter(([name]) => !HOP_BY_HOP.has(name))
      .flatMap(([name, values]) => values.map((value): [string, string] => [name, value])),
    mappings,
    'header',
    sources,
  );
  const method = String(renderValue(integration.method ?? 'ANY')).toUpperCase();
  return {
    method: method === 'ANY' || method === '' ? request.httpMethod : method,
    url: url.toString(),
    headers,
    body: request.body,
    timeoutMs,
  };
}

/** An upstream response's headers without the hop-by-hop ones. */
export function passedHeaders(
  headers: Readonly<Record<string, string[]>>,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}
