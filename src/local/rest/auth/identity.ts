/**
 * Identity sources as an authorizer's `IdentitySource` names them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html):
 * `method.request.header.X` (the name compared without case), `method.request.querystring.X`,
 * `stageVariables.X` and `context.X` (a `$context` variable, dotted: `context.identity.sourceIp`).
 * A source that is absent or empty makes the request unauthorized before any function runs:
 * "API Gateway … verifying all of the identity-related request parameters are present, not null
 * and non-empty".
 */
import { headerOf, type GatewayRequest } from '../request';

export interface IdentityInput {
  request: GatewayRequest;
  stageVariables: Readonly<Record<string, string>>;
  context: Readonly<Record<string, unknown>>;
}

function contextValue(context: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = context;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** What identity sources read: the request's headers and query strings, stage variables, `$context`. */
export interface IdentityValues {
  headers: Readonly<Record<string, string>>;
  queryString: Readonly<Record<string, string>>;
  stageVariables: Readonly<Record<string, string>>;
  context: Readonly<Record<string, unknown>>;
}

/**
 * The value a source names, its request sources under `requestPrefix` (`method.request.` for REST
 * methods, `route.request.` for WebSocket routes); undefined when it is absent, empty, or not a
 * source API Gateway reads.
 */
export function identitySourceValue(
  source: string,
  requestPrefix: string,
  values: IdentityValues,
): string | undefined {
  const headerPrefix = `${requestPrefix}header.`;
  const queryPrefix = `${requestPrefix}querystring.`;
  let value: unknown;
  if (source.startsWith(headerPrefix))
    value = headerOf(values.headers, source.slice(headerPrefix.length));
  else if (source.startsWith(queryPrefix))
    value = values.queryString[source.slice(queryPrefix.length)];
  else if (source.startsWith('stageVariables.'))
    value = values.stageVariables[source.slice('stageVariables.'.length)];
  else if (source.startsWith('context.'))
    value = contextValue(values.context, source.slice('context.'.length));
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text === '' ? undefined : text;
}

/** The value a source names; undefined when it is absent, empty, or not a source API Gateway reads. */
export function identityValue(source: string, input: IdentityInput): string | undefined {
  const { request, stageVariables, context } = input;
  return identitySourceValue(source, 'method.request.', {
    headers: request.headers,
    queryString: request.queryString,
    stageVariables,
    context,
  });
}

/** Every source's value, in order; undefined as soon as one is missing. */
export function identityValues(
  sources: readonly string[],
  input: IdentityInput,
): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const value = identityValue(source, input);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}
