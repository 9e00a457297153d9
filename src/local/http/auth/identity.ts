/**
 * HTTP API identity sources, as "Control access to HTTP APIs with AWS Lambda authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources)
 * lists them: `$request.header.<name>` (names without case), `$request.querystring.<name>` (with
 * case), `$context.<variable>` and `$stageVariables.<name>`. They are the REST API's sources under
 * other names, so the REST reader (../../rest/auth/identity.ts) reads them: a source that is
 * absent or empty has no value.
 */
import { identityValue, type IdentityInput } from '../../rest/auth/identity';

const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ['$request.header.', 'method.request.header.'],
  ['$request.querystring.', 'method.request.querystring.'],
  ['$stageVariables.', 'stageVariables.'],
  ['$context.', 'context.'],
];

/** The source's value; undefined when it is missing, empty, or not a source HTTP APIs read. */
export function sourceValue(source: string, input: IdentityInput): string | undefined {
  const renamed = RENAMED.find(([prefix]) => source.startsWith(prefix));
  return renamed
    ? identityValue(`${renamed[1]}${source.slice(renamed[0].length)}`, input)
    : undefined;
}

/** Every source's value in order, or the first source that has none. */
export function sourceValues(
  sources: readonly string[],
  input: IdentityInput,
): { values: string[] } | { missing: string } {
  const values: string[] = [];
  for (const source of sources) {
    const value = sourceValue(source, input);
    if (value === undefined) return { missing: source };
    values.push(value);
  }
  return { values };
}
