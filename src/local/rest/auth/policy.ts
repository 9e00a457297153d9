/**
 * A Lambda authorizer's output and the decision API Gateway takes from it, as "Output from an API
 * Gateway Lambda authorizer"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html)
 * documents it: `principalId`, an IAM `policyDocument` whose `execute-api:Invoke` statements name
 * method ARNs (`arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`, with `*`
 * and `?` wildcards), an optional `context` map of strings, numbers and booleans ("you can't set
 * a JSON object or array as a valid value of any key in the context map") and an optional
 * `usageIdentifierKey`. As in IAM, an explicit Deny wins over any Allow, and a method no statement
 * allows is denied.
 */

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
}

export interface AuthorizerResult {
  principalId?: string;
  statements: PolicyStatement[];
  context: Record<string, string | number | boolean>;
  usageIdentifierKey?: string;
}

export type PolicyDecision = 'allow' | 'explicit-deny' | 'not-allowed';

/** The ARN a request's method is authorized against (and a TOKEN/REQUEST event's `methodArn`). */
export function methodArn(
  parts: { region: string; accountId: string; apiId: string; stage: string },
  httpMethod: string,
  requestPath: string,
): string {
  return `arn:aws:execute-api:${parts.region}:${parts.accountId}:${parts.apiId}/${parts.stage}/${httpMethod}/${requestPath.replace(/^\//, '')}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const strings = (value: unknown): string[] | undefined => {
  const list = Array.isArray(value) ? value : [value];
  return list.every((item) => typeof item === 'string') ? (list as string[]) : undefined;
};

/** The result, or why it is not one (API Gateway answers that with AUTHORIZER_CONFIGURATION_ERROR). */
export function readAuthorizerResult(output: unknown): AuthorizerResult | string {
  if (!isRecord(output)) return 'the result is not an object';
  const { principalId, policyDocument, context, usageIdentifierKey } = output;
  if (principalId !== undefined && principalId !== null && typeof principalId !== 'string')
    return 'principalId is not a string';
  if (!isRecord(policyDocument)) return 'policyDocument is missing or not an object';
  const listed = policyDocument.Statement;
  const rawStatements = Array.isArray(listed) ? listed : [listed];
  const statements: PolicyStatement[] = [];
  for (const statement of rawStatements) {
    if (!isRecord(statement)) return 'policyDocument.Statement is not a list of statements';
    const { Effect: effect, Action: action, Resource: resource } = statement;
    if (effect !== 'Allow' && effect !== 'Deny')
      return `a statement's Effect is ${JSON.stringify(effect)}, not Allow or Deny`;
    const actions = strings(action);
    const resources = strings(resource);
    if (!actions || !resources) return "a statement's Action or Resource is not a string or list";
    statements.push({ effect, actions, resources });
  }
  if (context !== undefined && context !== null) {
    if (!isRecord(context)) return 'context is not an object';
    const nested = Object.entries(context).find(
      ([, value]) => !['string', 'number', 'boolean'].includes(typeof value),
    );
    if (nested) return `context.${nested[0]} is not a string, number or boolean`;
  }
  if (
    usageIdentifierKey !== undefined &&
    usageIdentifierKey !== null &&
    typeof usageIdentifierKey !== 'string'
  )
    return 'usageIdentifierKey is not a string';
  return {
    ...(typeof principalId === 'string' ? { principalId } : {}),
    statements,
    context: { ...((context ?? {}) as Record<string, string | number | boolean>) },
    ...(typeof usageIdentifierKey === 'string' ? { usageIdentifierKey } : {}),
  };
}

/** IAM wildcards: `*` any run of characters (`/` included), `?` exactly one. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** IAM action names are not case-sensitive (`execute-api:invoke` is `execute-api:Invoke`). */
const invokes = (action: string) => wildcardMatches(action, 'execute-api:Invoke', true);

export function evaluatePolicy(
  statements: readonly PolicyStatement[],
  arn: string,
): PolicyDecision {
  const applying = statements.filter(
    (statement) =>
      statement.actions.some(invokes) &&
      statement.resources.some((resource) => wildcardMatches(resource, arn)),
  );
  if (applying.some((statement) => statement.effect === 'Deny')) return 'explicit-deny';
  return applying.some((statement) => statement.effect === 'Allow') ? 'allow' : 'not-allowed';
}

/**
 * What an allowed request carries on, for REST methods and WebSocket `$connect` alike:
 * `requestContext.authorizer` (the policy's context, every value a string, the principal and the
 * authorizer's latency) and the usage identifier key the policy names.
 */
export function allowedAuthorization(
  result: AuthorizerResult,
  latency: number,
): { authorizer: Record<string, unknown>; usageIdentifierKey?: string } {
  return {
    authorizer: {
      ...Object.fromEntries(
        Object.entries(result.context).map(([key, value]) => [key, String(value)]),
      ),
      ...(result.principalId !== undefined ? { principalId: result.principalId } : {}),
      integrationLatency: latency,
    },
    ...(result.usageIdentifierKey !== undefined
      ? { usageIdentifierKey: result.usageIdentifierKey }
      : {}),
  };
}
