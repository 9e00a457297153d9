/**
 * Values of parameter mapping expressions, as "Parameter mapping source reference for REST APIs"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping-sources.html)
 * lists them: a static `'value'`, `method.request.{path|querystring|multivaluequerystring|header|
 * multivalueheader}.X`, `integration.response.{header|multivalueheader}.X`,
 * `integration.response.body` and `integration.response.body.<JSONPath>`, `stageVariables.X`,
 * `context.X`. Multi-value sources are comma-joined, as the reference says they are mapped.
 */
import { evaluateJsonPath } from '../../vtl/jsonpath';
import { headerOf, type GatewayRequest } from './request';

export interface MappingSources {
  request: GatewayRequest;
  pathParameters: Readonly<Record<string, string>>;
  stageVariables: Readonly<Record<string, string>>;
  /** `$context` as plain data. */
  context: Readonly<Record<string, unknown>>;
  integration?: {
    headers: Readonly<Record<string, string[]>>;
    body: string;
  };
}

function multiHeader(
  headers: Readonly<Record<string, string[]>>,
  name: string,
): string[] | undefined {
  const lower = name.toLowerCase();
  const values = Object.entries(headers)
    .filter(([key]) => key.toLowerCase() === lower)
    .flatMap(([, list]) => list);
  return values.length > 0 ? values : undefined;
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function bodyPath(body: string, path: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
  let selected: unknown;
  try {
    selected = evaluateJsonPath(document, path.startsWith('$') ? path : `$.${path}`);
  } catch {
    return undefined;
  }
  if (selected === undefined || selected === null) return undefined;
  return typeof selected === 'string' ? selected : JSON.stringify(selected);
}

function stringOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The value an expression maps to; undefined when the source has none (the target is left out). */
export function mappedValue(expression: unknown, sources: MappingSources): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const literal = /^'([\s\S]*)'$/.exec(expression);
  if (literal) return literal[1];
  const { request } = sources;
  const methodRequest = /^method\.request\.([a-z]+)\.(.+)$/.exec(expression);
  if (methodRequest) {
    const [, location, name] = methodRequest;
    if (location === 'path') return sources.pathParameters[name];
    if (location === 'querystring') return request.queryString[name];
    if (location === 'multivaluequerystring') return request.multiValueQueryString[name]?.join(',');
    if (location === 'header') return headerOf(request.headers, name);
    if (location === 'multivalueheader')
      return multiHeader(request.multiValueHeaders, name)?.join(',');
    return undefined;
  }
  const integration = sources.integration;
  if (expression === 'integration.response.body') return integration?.body;
  if (expression.startsWith('integration.response.body.'))
    return (
      integration &&
      bodyPath(integration.body, expression.slice('integration.response.body.'.length))
    );
  const integrationHeader = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(
    expression,
  );
  if (integrationHeader) {
    const values = integration && multiHeader(integration.headers, integrationHeader[2]);
    if (!values) return undefined;
    return integrationHeader[1] === 'header' ? values[values.length - 1] : values.join(',');
  }
  if (expression.startsWith('stageVariables.'))
    return sources.stageVariables[expression.slice('stageVariables.'.length)];
  if (expression.startsWith('context.'))
    return stringOf(walk(sources.context, expression.slice('context.'.length).split('.')));
  return undefined;
}

/**
 * The headers a response parameter map sets (`<prefix><Name>` → expression), in the map's order;
 * a source without a value sets nothing.
 */
export function mappedHeaders(
  parameters: Readonly<Record<string, unknown>> | undefined,
  prefix: string,
  sources: MappingSources,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [target, expression] of Object.entries(parameters ?? {})) {
    if (!target.startsWith(prefix)) continue;
    const value = mappedValue(expression, sources);
    if (value !== undefined) headers[target.slice(prefix.length)] = value;
  }
  return headers;
}
