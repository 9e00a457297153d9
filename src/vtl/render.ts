/**
 * Renders an API Gateway (REST) mapping template locally as API Gateway does: Apache Velocity 1.7
 * on the JVM (./velocity.ts: Velocity 1.7's rules on velocityjs's parser; values are Java objects,
 * ./java-values.ts) with API Gateway's variables (./api-gateway-objects.ts).
 *
 * One rule is API Gateway's own, not Velocity's: a reference whose value is null (a missing JSON
 * field, an absent `$context` variable, an unset `$x`) renders as nothing, where plain Velocity
 * prints the reference's text (`$x`). AWS does not document this; it is what API Gateway is
 * observed to do (github.com/ToQoz/api-gateway-mapping-template issue 5, localstack/localstack
 * pull 11886, whose API Gateway templates are checked against AWS).
 *
 * `#set($context.requestOverride…)` / `#set($context.responseOverride…)` are collected and
 * returned by renderTemplateDetailed.
 */
import { contextMap, InputObject, UtilObject, VtlRenderError } from './api-gateway-objects';
import { fromJava, toJava, type JavaMap } from './java-values';
import { formatProblems } from './lint';
import { parseTemplate, type VtlAst } from './parse';
import { VelocityCompiler } from './velocity';

export { DEFAULT_CONTEXT, VtlRenderError } from './api-gateway-objects';

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

/**
 * Velocity's `#stop` (and `#{stop}`), which ends the rendering where it stands, is a macro call to
 * velocityjs: `#stop()`. Parse errors are reported on the template as written (parsed first).
 */
function withStopCalls(source: string): string {
  return source.replace(/#\{stop\}|#stop(?![A-Za-z0-9_-]|\s*\()/g, '#stop()');
}

/** A template parsed once and rendered any number of times (the local gateway caches these). */
export type CompiledTemplate = (request?: RenderRequest) => RenderResult;

/** Parses a template; throws a VtlRenderError with file:line:column on a syntax error. */
export function compileTemplate(source: string): CompiledTemplate {
  const written = parseTemplate(source);
  if (!written.ok) throw new VtlRenderError(formatProblems([written.problem]));
  const rewritten = withStopCalls(source);
  const parsed = rewritten === source ? written : parseTemplate(rewritten);
  if (!parsed.ok) throw new VtlRenderError(formatProblems([parsed.problem]));
  return (request = {}) => renderParsed(parsed.ast, request);
}

/** Renders a template and returns its output with the overrides it set. */
export function renderTemplateDetailed(source: string, request: RenderRequest = {}): RenderResult {
  return compileTemplate(source)(request);
}

/** `$util` is stateless: one instance for every render rather than one per render. */
const UTIL = new UtilObject();

function renderParsed(ast: VtlAst, request: RenderRequest): RenderResult {
  const requestOverride: JavaMap = new Map<unknown, unknown>([
    ['header', new Map()],
    ['path', new Map()],
    ['querystring', new Map()],
  ]);
  const responseOverride: JavaMap = new Map<unknown, unknown>([['header', new Map()]]);
  const given = request.context ?? {};
  const variables = {
    input: new InputObject(request),
    util: UTIL,
    context: contextMap(given, given.identity ?? {}, { requestOverride, responseOverride }),
    stageVariables: toJava({ ...(request.stageVariables ?? {}) }),
  };
  // A compiler per render: it keeps #foreach and #if state while rendering.
  const compiler = new VelocityCompiler(ast, { escape: false });
  try {
    const output = compiler.renderWith(variables);
    return {
      output,
      overrides: {
        requestOverride: fromJava(requestOverride) as RenderOverrides['requestOverride'],
        responseOverride: fromJava(responseOverride) as RenderOverrides['responseOverride'],
      },
    };
  } catch (error) {
    throw new VtlRenderError(error instanceof Error ? error.message : String(error));
  }
}

/** Renders a template for a request (or, for a response template, an integration response). */
export function renderTemplate(source: string, request: RenderRequest = {}): string {
  return renderTemplateDetailed(source, request).output;
}
