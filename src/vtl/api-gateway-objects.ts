/**
 * `$input`, `$util`, `$context` and `$stageVariables` as Java objects, following API Gateway's
 * "Variables for data transformations" reference (api-gateway-mapping-template-reference):
 * - `$input.body`, `$input.json(x)` (the JSONPath result as JSON text), `$input.path(x)` (the
 *   result as a Java value: a map prints `{k=v}`), `$input.params()` (a map of `path`,
 *   `querystring` and `header` maps), `$input.params(x)` (path, then query string, then header;
 *   '' when absent);
 * - `$util.*` (./util.ts);
 * - `$context.authorizer.<key>` is "the stringified value" of the authorizer's context entry
 *   (`1` → "1", `true` → "true"), `$context.authorizer.claims` alone is null while
 *   `$context.authorizer.claims.<claim>` is the claim; `$context.requestTimeEpoch` is a number
 *   (milliseconds); a `$context` variable the request does not give is null, which renders as
 *   nothing (the reference does not document what an absent variable gives).
 */
import { parseJavaJson } from './java-json';
import { evaluateJsonPath, JsonPathError } from './jsonpath';
import {
  isNull,
  JavaObject,
  javaToString,
  NO_SUCH_METHOD,
  ReadsAsNull,
  toJava,
  toJsonText,
  type JavaMap,
} from './java-values';
import {
  base64Decode,
  base64Encode,
  escapeJavaScript,
  parseJson,
  urlDecode,
  urlEncode,
} from './util';

/** An error in the template's use of API Gateway's variables (bad JSONPath, body not JSON…). */
export class VtlRenderError extends Error {
  override name = 'VtlRenderError';
}

/**
 * Values of the API Gateway console's "Test" feature where it has fixed ones; everything else is
 * empty unless the request gives it.
 */
export const DEFAULT_CONTEXT: Readonly<{
  requestId: string;
  extendedRequestId: string;
  stage: string;
  sourceIp: string;
}> = {
  requestId: 'test-invoke-request',
  extendedRequestId: 'test-invoke-extendedRequestId',
  stage: 'test-invoke-stage',
  sourceIp: 'test-invoke-source-ip',
};

export interface RequestParts {
  body?: string;
  headers?: Readonly<Record<string, string>>;
  queryString?: Readonly<Record<string, string>>;
  path?: Readonly<Record<string, string>>;
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, name)) return headers[name];
  const lower = name.toLowerCase();
  const key = Object.keys(headers).find((header) => header.toLowerCase() === lower);
  return key === undefined ? undefined : headers[key];
}

/** `$input`. */
export class InputObject extends JavaObject {
  private parsed: { value: unknown } | undefined;

  constructor(private readonly request: RequestParts) {
    super();
  }

  private document(): unknown {
    if (!this.parsed) {
      const body = this.request.body ?? '';
      if (body.trim() === '') this.parsed = { value: new Map() };
      else {
        try {
          this.parsed = { value: parseJavaJson(body) };
        } catch {
          throw new VtlRenderError(
            '$input.json() and $input.path() need a JSON body, and this body is not JSON; use $input.body for the raw text',
          );
        }
      }
    }
    return this.parsed.value;
  }

  private select(path: string): unknown {
    try {
      return evaluateJsonPath(this.document(), path);
    } catch (error) {
      if (error instanceof JsonPathError) throw new VtlRenderError(error.message);
      throw error;
    }
  }

  private params(): JavaMap {
    return new Map<unknown, unknown>([
      ['path', toJava(this.request.path ?? {})],
      ['querystring', toJava(this.request.queryString ?? {})],
      ['header', toJava(this.request.headers ?? {})],
    ]);
  }

  property(name: string): unknown {
    return name === 'body' ? (this.request.body ?? '') : undefined;
  }

  invoke(name: string, args: readonly unknown[]): unknown {
    if (name === 'params' && args.length === 0) return this.params();
    const [arg] = args;
    if (args.length !== 1 || typeof arg !== 'string') return NO_SUCH_METHOD;
    if (name === 'json') {
      const value = this.select(arg);
      return value === undefined ? '' : toJsonText(value);
    }
    if (name === 'path') return this.select(arg) ?? null;
    if (name === 'params') {
      const { path = {}, queryString = {}, headers = {} } = this.request;
      if (Object.prototype.hasOwnProperty.call(path, arg)) return path[arg];
      if (Object.prototype.hasOwnProperty.call(queryString, arg)) return queryString[arg];
      return headerValue(headers, arg) ?? '';
    }
    return NO_SUCH_METHOD;
  }

  javaString(): string {
    return '';
  }
}

/** A Map, not an object: looking a name up needs no own-property check (`$util.toString`). */
const UTIL = new Map<string, (value: unknown) => unknown>([
  ['escapeJavaScript', escapeJavaScript],
  ['parseJson', parseJson],
  ['urlEncode', urlEncode],
  ['urlDecode', urlDecode],
  ['base64Encode', base64Encode],
  ['base64Decode', base64Decode],
]);

/** `$util`: each function takes one argument. It holds no state: one instance serves every render. */
export class UtilObject extends JavaObject {
  property(): unknown {
    return undefined;
  }
  invoke(name: string, args: readonly unknown[]): unknown {
    const util = UTIL.get(name);
    return util && args.length === 1 ? util(args[0]) : NO_SUCH_METHOD;
  }
  javaString(): string {
    return '';
  }
}

/** `$context.authorizer`: values stringified, `claims` a map that reads as null on its own. */
function authorizerMap(given: Record<string, unknown>): JavaMap {
  const map: JavaMap = new Map();
  for (const [key, value] of Object.entries(given)) {
    if (key === 'claims' && typeof value === 'object' && value !== null)
      map.set(key, new ReadsAsNull((toJava(value) as JavaMap).entries()));
    else map.set(key, isNull(value) ? null : javaToString(toJava(value)));
  }
  return map;
}

/** `$context` from what the request gives, with the console Test feature's fixed values. */
export function contextMap(
  given: Record<string, unknown>,
  identity: Record<string, unknown>,
  overrides: { requestOverride: JavaMap; responseOverride: JavaMap },
): JavaMap {
  const map = toJava({
    requestId: DEFAULT_CONTEXT.requestId,
    extendedRequestId: DEFAULT_CONTEXT.extendedRequestId,
    stage: DEFAULT_CONTEXT.stage,
    error: {},
    ...given,
    identity: { sourceIp: DEFAULT_CONTEXT.sourceIp, ...identity },
  }) as JavaMap;
  map.set('authorizer', authorizerMap((given.authorizer ?? {}) as Record<string, unknown>));
  map.set('requestOverride', overrides.requestOverride);
  map.set('responseOverride', overrides.responseOverride);
  return map;
}
