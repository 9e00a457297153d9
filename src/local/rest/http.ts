/**
 * HTTP integrations, proxy and not ("Set up HTTP integrations in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html).
 * The integration URI gets `${stageVariables.x}` and its `{name}` / `{name+}` path parameters
 * substituted (from `integration.request.path.name` mappings, else the method request's path
 * parameter of that name). HTTP_PROXY forwards the method, query string, headers (without the
 * hop-by-hop ones) and body, and returns the upstream status, headers and body as they are. HTTP
 * sends the request template's output with only the mapped headers and query strings (and what
 * the template set in `$context.requestOverride`, applied over the mappings), then the upstream
 * status selects the integration response. The integration timeout (`TimeoutInMillis`,
 * 29 s by default) is API Gateway's 504; an upstream that cannot be reached is its 502.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { RestIntegration } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { requestContext, type RouteInfo } from './context';
import {
  CONFIGURATION_ERROR,
  INTEGRATION_TIMEOUT,
  PROXY_INTERNAL_ERROR,
  UNSUPPORTED_MEDIA_TYPE,
} from './gateway-responses';
import { applyIntegrationResponse, selectIntegrationResponse } from './integration-response';
import { integrationRequest, type IntegrationEnvironment, type IntegrationRequest } from './mock';
import { mappedHeaders, type MappingSources } from './parameters';
import { headerOf, type GatewayRequest, type GatewayResponse } from './request';
import { requestTemplateFor } from './templates';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), and what Node sets. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

export interface UpstreamRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: Buffer;
  timeoutMs: number;
}

export type UpstreamOutcome =
  | { kind: 'response'; statusCode: number; headers: Record<string, string[]>; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; message: string };

/** One upstream call; never rejects. The timeout covers the whole exchange, body included. */
export function callUpstream(upstream: UpstreamRequest): Promise<UpstreamOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: UpstreamOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    let url: URL;
    try {
      url = new URL(upstream.url);
    } catch {
      resolve({ kind: 'unreachable', message: `invalid URL ${upstream.url}` });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string[]> = {};
    for (const [name, value] of upstream.headers) (headers[name] ??= []).push(value);
    if (upstream.body.length > 0) headers['Content-Length'] = [String(upstream.body.length)];
    const outgoing = client.request(url, { method: upstream.method, headers });
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      outgoing.destroy();
    }, upstream.timeoutMs);
    outgoing.on('error', (error) => settle({ kind: 'unreachable', message: error.message }));
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', (error) => settle({ kind: 'unreachable', message: error.message }));
      incoming.on('end', () => {
        const received: Record<string, string[]> = {};
        const raw = incoming.rawHeaders;
        for (let index = 0; index + 1 < raw.length; index += 2)
          (received[raw[index]] ??= []).push(raw[index + 1]);
        settle({
          kind: 'response',
          statusCode: incoming.statusCode ?? 502,
          headers: received,
          body: Buffer.concat(chunks),
        });
      });
    });
    outgoing.end(upstream.body);
  });
}

export function sourcesOf(
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
): MappingSources {
  return {
    request,
    pathParameters: route.pathParameters,
    stageVariables: environment.stageVariables,
    context: requestContext(request, route) as Record<string, unknown>,
  };
}

/**
 * The integration URL: stage variables, then path parameters (a greedy value keeps its slashes,
 * each segment encoded; a request template's `$context.requestOverride.path` first, then the
 * `integration.request.path` mappings), then the query strings appended.
 */
export function integrationUrl(
  integration: RestIntegration,
  sources: MappingSources,
  fallbackToRoute: boolean,
  query: ReadonlyArray<readonly [string, string]>,
  pathOverride: Readonly<Record<string, string>> = {},
): string {
  const mappedPath = mappedHeaders(
    integration.requestParameters,
    'integration.request.path.',
    sources,
  );
  const withVariables = renderValue(integration.uri).replace(
    /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g,
    (_, name: string) => sources.stageVariables[name] ?? '',
  );
  // A value with slashes comes from a greedy `{proxy+}` match, mapped to `{proxy}` or `{proxy+}`:
  // its slashes stay path separators, as API Gateway forwards them.
  const withPath = withVariables.replace(/\{([^{}/+]+)\+?\}/g, (_, name: string) => {
    const value =
      pathOverride[name] ??
      mappedPath[name] ??
      (fallbackToRoute ? sources.pathParameters[name] : undefined) ??
      '';
    return value.split('/').map(encodeURIComponent).join('/');
  });
  if (query.length === 0) return withPath;
  const search = new URLSearchParams(query.map(([name, value]): [string, string] => [name, value]));
  return `${withPath}${withPath.includes('?') ? '&' : '?'}${search.toString()}`;
}

export function upstreamMethod(integration: RestIntegration, request: GatewayRequest): string {
  const method = String(renderValue(integration.httpMethod ?? 'ANY')).toUpperCase();
  return method === 'ANY' || method === '' ? request.httpMethod : method;
}

export function timeoutOf(integration: RestIntegration, fallbackMs: number): number {
  return Number(integration.timeoutInMillis ?? fallbackMs) || fallbackMs;
}

/** A failed call as the gateway answers it: 504 for the timeout, 502 for an unreachable host. */
function failedCall(
  outcome: Exclude<UpstreamOutcome, { kind: 'response' }>,
  url: string,
  type: string,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
): GatewayResponse {
  const timedOut = outcome.kind === 'timeout';
  return {
    ...environment.gatewayResponses.respond(
      timedOut ? INTEGRATION_TIMEOUT : PROXY_INTERNAL_ERROR,
      request,
      route,
    ),
    integration: type,
    detail: timedOut
      ? `${url}: Endpoint request timed out`
      : `${url}: ${outcome.kind === 'unreachable' ? outcome.message : ''}`,
  };
}

export async function runHttpProxyIntegration(
  integration: RestIntegration,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
  defaultTimeoutMs: number,
): Promise<GatewayResponse> {
  const sources = sourcesOf(request, route, environment);
  const query: Array<[string, string]> = Object.entries(request.multiValueQueryString).flatMap(
    ([name, values]) => values.map((value): [string, string] => [name, value]),
  );
  const mappedQuery = mappedHeaders(
    integration.requestParameters,
    'integration.request.querystring.',
    sources,
  );
  const url = integrationUrl(integration, sources, true, [
    ...query.filter(([name]) => !(name in mappedQuery)),
    ...Object.entries(mappedQuery),
  ]);
  const mappedHeaderValues = mappedHeaders(
    integration.requestParameters,
    'integration.request.header.',
    sources,
  );
  const mappedNames = new Set(Object.keys(mappedHeaderValues).map((name) => name.toLowerCase()));
  const headers: Array<[string, string]> = [
    ...Object.entries(request.multiValueHeaders)
      .filter(
        ([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && !mappedNames.has(name.toLowerCase()),
      )
      .flatMap(([name, values]) => values.map((value): [string, string] => [name, value])),
    ...Object.entries(mappedHeaderValues),
  ];
  const outcome = await callUpstream({
    method: upstreamMethod(integration, request),
    url,
    headers,
    body: request.body,
    timeoutMs: timeoutOf(integration, defaultTimeoutMs),
  });
  if (outcome.kind !== 'response')
    return failedCall(outcome, url, 'HTTP_PROXY', request, route, environment);
  const passed = Object.fromEntries(
    Object.entries(outcome.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
  return {
    statusCode: outcome.statusCode,
    headers: passed,
    body: outcome.body,
    integration: 'HTTP_PROXY',
  };
}

/** A non-proxy integration's request once mapped (template, parameter mappings, overrides). */
export interface MappedIntegrationRequest {
  body: string;
  requestOverride: IntegrationRequest['requestOverride'];
  sources: MappingSources;
  /** The mapped `integration.request.querystring.*`, then the template's overrides. */
  query: Array<[string, string]>;
  /** The template's `$context.requestOverride.path`, as strings. */
  pathOverride: Record<string, string>;
  /** The request template's content type, else the request's, else `application/json`. */
  contentType: string;
}

/**
 * The request a non-proxy HTTP or AWS integration sends; a gateway response instead when the
 * request template fails (the configuration error) or the passthrough behaviour refuses the
 * content type (415).
 */
export function mapIntegrationRequest(
  integration: RestIntegration,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
  configurationError: (detail: string) => GatewayResponse,
): MappedIntegrationRequest | { response: GatewayResponse } {
  const { gatewayResponses } = environment;
  const sources = sourcesOf(request, route, environment);
  let integrationInput: IntegrationRequest | undefined;
  try {
    integrationInput = integrationRequest(integration, request, route, environment);
  } catch (error) {
    return { response: configurationError(`mapping template failed: ${messageOf(error)}`) };
  }
  if (!integrationInput)
    return { response: gatewayResponses.respond(UNSUPPORTED_MEDIA_TYPE, request, route) };
  const { body, requestOverride } = integrationInput;
  // "Override parameters after standard API Gateway mappings have been applied"
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html).
  const query = Object.entries({
    ...mappedHeaders(integration.requestParameters, 'integration.request.querystring.', sources),
    ...requestOverride.querystring,
  }).map(([name, value]): [string, string] => [name, String(value)]);
  const pathOverride = Object.fromEntries(
    Object.entries(requestOverride.path).map(([name, value]) => [name, String(value)]),
  );
  const contentType =
    requestTemplateFor(integration.requestTemplates, headerOf(request.headers, 'Content-Type'))
      ?.contentType ??
    headerOf(request.headers, 'Content-Type') ??
    'application/json';
  return { body, requestOverride, sources, query, pathOverride, contentType };
}

export async function runHttpIntegration(
  integration: RestIntegration,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
  defaultTimeoutMs: number,
): Promise<GatewayResponse> {
  const { gatewayResponses } = environment;
  const configurationError = (detail: string): GatewayResponse => ({
    ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
    integration: 'HTTP',
    detail,
  });
  const mappedRequest = mapIntegrationRequest(
    integration,
    request,
    route,
    environment,
    configurationError,
  );
  if ('response' in mappedRequest) return mappedRequest.response;
  const { body, requestOverride, sources, query, pathOverride, contentType } = mappedRequest;
  const url = integrationUrl(integration, sources, false, query, pathOverride);
  const mapped = withOverrides(
    mappedHeaders(integration.requestParameters, 'integration.request.header.', sources),
    requestOverride.header,
  );
  const headers: Array<[string, string]> = [
    ...(Object.keys(mapped).some((name) => name.toLowerCase() === 'content-type')
      ? []
      : [['Content-Type', contentType] as [string, string]]),
    ...Object.entries(mapped),
  ];
  const outcome = await callUpstream({
    method: upstreamMethod(integration, request),
    url,
    headers,
    body: Buffer.from(body, 'utf8'),
    timeoutMs: timeoutOf(integration, defaultTimeoutMs),
  });
  if (outcome.kind !== 'response')
    return failedCall(outcome, url, 'HTTP', request, route, environment);
  const response = selectIntegrationResponse(integration.responses, String(outcome.statusCode));
  if (!response)
    return configurationError(
      `no integration response matches the upstream status ${outcome.statusCode} and there is no default one`,
    );
  try {
    return applyIntegrationResponse(
      response,
      { body: outcome.body.toString('utf8'), headers: outcome.headers },
      sources,
      requestContext(request, route),
      environment.templates,
      'HTTP',
    );
  } catch (error) {
    return configurationError(`mapping template failed: ${messageOf(error)}`);
  }
}

/** Headers with a template's overrides applied: an override replaces a name in any case. */
export function withOverrides(
  headers: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const result: Record<string, string> = { ...headers };
  for (const [name, value] of Object.entries(overrides)) {
    for (const existing of Object.keys(result))
      if (existing.toLowerCase() === name.toLowerCase()) delete result[existing];
    result[name] = String(value);
  }
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
