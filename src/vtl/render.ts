/**
 * Renders an API Gateway (REST) mapping template locally, with API Gateway's variables and
 * behaviour on top of velocityjs:
 * - `$input.body`, `$input.json(path)` (the JSONPath result as JSON text: strings keep their
 *   quotes), `$input.path(path)` (the result as a value), `$input.params()` (`{path, querystring,
 *   header}`), `$input.params(name)` (path, then query string, then header; '' when absent);
 * - `$util.*` with Java's exact behaviour (./util.ts), `$context.*`, `$stageVariables.*`;
 * - a missing or null value renders as nothing (API Gateway), not as the reference's text (plain
 *   Velocity); maps render as `{k=v}` and lists as `[a, b]` (Java);
 * - Java String/List/Map methods templates commonly call (`length()`, `replaceAll()`,
 *   `contains()`, `isEmpty()`, `containsKey()`, `size()`, `get()`, `keySet()` …).
 * `#set($context.requestOverride…)` / `#set($context.responseOverride…)` are collected and
 * returned by renderTemplateDetailed.
 */
import { Compile } from 'velocityjs';
import { evaluateJsonPath, JsonPathError } from './jsonpath';
import { formatProblems } from './lint';
import { parseTemplate } from './parse';
import {
  base64Decode,
  base64Encode,
  escapeJavaScript,
  javaString,
  parseJson,
  urlDecode,
  urlEncode,
} from './util';

export interface ContextIdentity {
  accountId: string;
  apiKey: string;
  apiKeyId: string;
  caller: string;
  clientCert: Record<string, unknown>;
  cognitoAuthenticationProvider: string;
  cognitoAuthenticationType: string;
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
  principalOrgId: string;
  sourceIp: string;
  user: string;
  userAgent: string;
  userArn: string;
  vpcId: string;
  vpceId: string;
}

/** `$context` as a mapping template sees it (see ./variables.ts for the documented list). */
export interface ApiGatewayContext {
  accountId: string;
  apiId: string;
  /** `principalId`, `claims` (Cognito) and any key of a Lambda authorizer's context map. */
  authorizer: Record<string, unknown>;
  awsEndpointRequestId: string;
  deploymentId: string;
  domainName: string;
  domainPrefix: string;
  error: {
    message?: string;
    messageString?: string;
    responseType?: string;
    validationErrorString?: string;
  };
  extendedRequestId: string;
  httpMethod: string;
  identity: ContextIdentity;
  isCanaryRequest: boolean;
  path: string;
  protocol: string;
  requestId: string;
  requestTime: string;
  requestTimeEpoch: number;
  resourceId: string;
  resourcePath: string;
  stage: string;
  wafResponseCode: string;
  webaclArn: string;
  xrayTraceId: string;
}

export type ContextInput = Partial<Omit<ApiGatewayContext, 'identity'>> & {
  identity?: Partial<ContextIdentity>;
};

export interface RenderRequest {
  /** The raw body: the method request's for a request template, the integration's for a response template. */
  body?: string;
  headers?: Readonly<Record<string, string>>;
  queryString?: Readonly<Record<string, string>>;
  /** Path parameters, e.g. `{ id: '42' }` for `/orders/{id}`. */
  path?: Readonly<Record<string, string>>;
  stageVariables?: Readonly<Record<string, string>>;
  context?: ContextInput;
}

export interface RenderOverrides {
  requestOverride: {
    header: Record<string, string>;
    path: Record<string, string>;
    querystring: Record<string, string>;
  };
  responseOverride: { status?: number | string; header: Record<string, string> };
}

export interface RenderResult {
  output: string;
  /** What the template set in `$context.requestOverride` / `$context.responseOverride`. */
  overrides: RenderOverrides;
}

/** A template that cannot be rendered: a syntax error, an unsupported JSONPath, bad JSON… */
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

type MethodPayload = { property: string; context: unknown; params: unknown[] };

function javaRegex(pattern: unknown, flags = ''): RegExp {
  try {
    return new RegExp(javaString(pattern), flags);
  } catch {
    throw new VtlRenderError(`'${javaString(pattern)}' is not a regular expression`);
  }
}

/** Java's replacement syntax: `$1` groups, `\x` a literal x. */
const javaReplacement = (value: unknown): string =>
  javaString(value)
    .replace(/\$\$/g, '$$$$')
    .replace(/\\(.)/g, (_, c: string) => (c === '$' ? '$$' : c));

const STRING_METHODS: Record<string, (text: string, params: unknown[]) => unknown> = {
  length: (text) => text.length,
  isEmpty: (text) => text.length === 0,
  equals: (text, [other]) => text === javaString(other),
  equalsIgnoreCase: (text, [other]) => text.toLowerCase() === javaString(other).toLowerCase(),
  contains: (text, [part]) => text.includes(javaString(part)),
  matches: (text, [regex]) => javaRegex(`^(?:${javaString(regex)})$`).test(text),
  replace: (text, [target, replacement]) =>
    text.split(javaString(target)).join(javaString(replacement)),
  replaceAll: (text, [regex, replacement]) =>
    text.replace(javaRegex(regex, 'g'), javaReplacement(replacement)),
  replaceFirst: (text, [regex, replacement]) =>
    text.replace(javaRegex(regex), javaReplacement(replacement)),
  split: (text, [regex]) => text.split(javaRegex(regex)),
};

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const COLLECTION_METHODS: Record<string, (value: unknown, params: unknown[]) => unknown> = {
  isEmpty: (value) =>
    (Array.isArray(value) ? value.length : Object.keys(value as object).length) === 0,
  contains: (value, [item]) => Array.isArray(value) && value.includes(item),
  containsKey: (value, [key]) =>
    isMap(value) && Object.prototype.hasOwnProperty.call(value, javaString(key)),
  values: (value) => (isMap(value) ? Object.values(value) : value),
};

const JAVA_METHODS = [
  {
    uid: 'api-gateway: java.lang.String',
    match: ({ property, context }: MethodPayload) =>
      typeof context === 'string' && Object.prototype.hasOwnProperty.call(STRING_METHODS, property),
    resolve: ({ property, context, params }: MethodPayload) =>
      STRING_METHODS[property](context as string, params),
  },
  {
    uid: 'api-gateway: java.util.List/Map',
    match: ({ property, context }: MethodPayload) =>
      typeof context === 'object' &&
      context !== null &&
      Object.prototype.hasOwnProperty.call(COLLECTION_METHODS, property) &&
      !(property in context),
    resolve: ({ property, context, params }: MethodPayload) =>
      COLLECTION_METHODS[property](context, params),
  },
];

/** velocityjs's compiler, rendering null like API Gateway: as nothing. */
class ApiGatewayCompile extends Compile {
  /**
   * Velocity 1.7 (API Gateway's engine) gives `$foreach` `first` and `last` too; velocityjs has
   * `index`, `count` and `hasNext` only, so they are added to each iteration's scope here.
   */
  override renderAstList(
    asts?: Parameters<Compile['renderAstList']>[0],
    contextId?: string,
  ): string {
    const local = contextId?.startsWith('foreach:') ? this.local[contextId] : undefined;
    const scope = (local as { foreach?: Record<string, unknown> } | undefined)?.foreach;
    if (scope && scope.first === undefined) {
      scope.first = scope.index === 0;
      scope.last = scope.hasNext === false;
    }
    return super.renderAstList(asts, contextId);
  }

  protected override getReferences(
    ast: Parameters<Compile['getReferences']>[0],
    isVal?: boolean,
  ): string {
    const value: unknown = super.getReferences(ast, isVal);
    return isVal && value === null ? '' : (value as string);
  }
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, name)) return headers[name];
  const lower = name.toLowerCase();
  const key = Object.keys(headers).find((header) => header.toLowerCase() === lower);
  return key === undefined ? undefined : headers[key];
}

function buildInput(request: RenderRequest): Record<string, unknown> {
  const body = request.body ?? '';
  let parsed: { value: unknown } | undefined;
  const document = (): unknown => {
    if (!parsed) {
      if (body.trim() === '') parsed = { value: {} };
      else {
        try {
          parsed = { value: JSON.parse(body) as unknown };
        } catch {
          throw new VtlRenderError(
            '$input.json() and $input.path() need a JSON body, and this body is not JSON; use $input.body for the raw text',
          );
        }
      }
    }
    return parsed.value;
  };
  const select = (path: unknown): unknown => {
    try {
      return evaluateJsonPath(document(), javaString(path));
    } catch (error) {
      if (error instanceof JsonPathError) throw new VtlRenderError(error.message);
      throw error;
    }
  };
  const path = { ...(request.path ?? {}) };
  const querystring = { ...(request.queryString ?? {}) };
  const header = { ...(request.headers ?? {}) };
  return {
    body,
    json: (jsonPath: unknown): string => {
      const value = select(jsonPath);
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: (jsonPath: unknown): unknown => select(jsonPath),
    params: (...args: unknown[]): unknown => {
      if (args.length === 0) return { path, querystring, header };
      const name = javaString(args[0]);
      if (Object.prototype.hasOwnProperty.call(path, name)) return path[name];
      if (Object.prototype.hasOwnProperty.call(querystring, name)) return querystring[name];
      return headerValue(header, name) ?? '';
    },
  };
}

function buildContext(request: RenderRequest, overrides: RenderOverrides): Record<string, unknown> {
  const given = request.context ?? {};
  return {
    requestId: DEFAULT_CONTEXT.requestId,
    extendedRequestId: DEFAULT_CONTEXT.extendedRequestId,
    stage: DEFAULT_CONTEXT.stage,
    authorizer: {},
    error: {},
    ...given,
    identity: { sourceIp: DEFAULT_CONTEXT.sourceIp, ...(given.identity ?? {}) },
    requestOverride: overrides.requestOverride,
    responseOverride: overrides.responseOverride,
  };
}

/**
 * Velocity's `#stop` (and `#{stop}`), which ends the rendering where it stands, is a macro call to
 * velocityjs: `#stop()`. Parse errors are reported on the template as written (parsed first).
 */
function withStopCalls(source: string): string {
  return source.replace(/#\{stop\}|#stop(?![A-Za-z0-9_-]|\s*\()/g, '#stop()');
}

/** Renders a template and returns its output with the overrides it set. */
export function renderTemplateDetailed(source: string, request: RenderRequest = {}): RenderResult {
  const written = parseTemplate(source);
  if (!written.ok) throw new VtlRenderError(formatProblems([written.problem]));
  const rewritten = withStopCalls(source);
  const parsed = rewritten === source ? written : parseTemplate(rewritten);
  if (!parsed.ok) throw new VtlRenderError(formatProblems([parsed.problem]));
  const overrides: RenderOverrides = {
    requestOverride: { header: {}, path: {}, querystring: {} },
    responseOverride: { header: {} },
  };
  const variables = {
    input: buildInput(request),
    util: { escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode },
    context: buildContext(request, overrides),
    stageVariables: { ...(request.stageVariables ?? {}) },
  };
  const compiler = new ApiGatewayCompile(parsed.ast, {
    escape: false,
    customMethodHandlers: JAVA_METHODS,
  });
  try {
    return { output: compiler.render(variables, undefined, true), overrides };
  } catch (error) {
    // velocityjs appends "on <reference> at L/N <line>:<column0>" to errors thrown by methods.
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /\s*on (.+) at L\/N (\d+):(\d+)$/s,
      (_, text: string, line: string, column: string) =>
        ` (at ${line}:${Number(column) + 1}: ${text})`,
    );
    throw new VtlRenderError(message);
  }
}

/** Renders a template for a request (or, for a response template, an integration response). */
export function renderTemplate(source: string, request: RenderRequest = {}): string {
  return renderTemplateDetailed(source, request).output;
}
