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

/** The value a source names; undefined when it is absent, empty, or not a source API Gateway reads. */
export function identityValue(source: string, input: IdentityInput): string | undefined {
  const { request } = input;
  let value: unknown;
  if (source.startsWith('method.request.header.'))
    value = headerOf(request.headers, source.slice('method.request.header.'.length));
  else if (source.startsWith('method.request.querystring.'))
    value = request.queryString[source.slice('method.request.querystring.'.length)];
  else if (source.startsWith('stageVariables.'))
    value = input.stageVariables[source.slice('stageVariables.'.length)];
  else if (source.startsWith('context.'))
    value = contextValue(input.context, source.slice('context.'.length));
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text === '' ? undefined : text;
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
