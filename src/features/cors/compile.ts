/**
 * CORS preflights (issue 4): one `OPTIONS` method with a MOCK integration per path that has CORS
 * on, however many methods the path has. API Gateway can return only one
 * `Access-Control-Allow-Origin`, so with several allowed origins the integration response's
 * template echoes the request's `Origin` when it is on the list (and `Vary: Origin` tells caches
 * the answer depends on it). Paths whose OPTIONS method already exists (core's own `cors:` on an
 * event, or the user's) are left alone; the semantic checks report a conflicting setting.
 *
 * The preflight is half of CORS: the actual response needs `Access-Control-Allow-Origin` too.
 * Lambda and HTTP proxy integrations pass the backend's response through (the backend sets it,
 * `withCors` helps); non-proxy integrations (mock, http, aws, non-proxy lambda) answer with what
 * their integration responses map, so the plugin adds the headers there.
 */
import { sortedRecord } from '../../common/sorted-record';
import type {
  CfnObject,
  CfnResource,
  ResourcePatch,
  TemplateFragment,
} from '../../cloudformation/template';
import { endpointLookup, type RestMethod, restMethods } from '../../common/rest-methods';
import { allowedMethods, needsOriginMatching, originPattern } from './headers';
import type { ResolvedCors } from './resolve';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { type CompileContext, restApiIdValue } from '../../pipeline/compile-context';
import { TemplateConflictError } from '../../cloudformation/merge';

/**
 * The origin headers every CORS response carries, preflight or not: Allow-Origin (`'*'` or the
 * one origin; undefined when a template chooses it per request), Vary, Allow-Credentials.
 */
function originHeaders(cors: ResolvedCors): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {
    'Access-Control-Allow-Origin':
      cors.origins === '*'
        ? "'*'"
        : needsOriginMatching(cors.origins)
          ? undefined
          : `'${cors.origins[0]}'`,
  };
  if (cors.origins !== '*') headers.Vary = "'Origin'";
  if (cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = "'true'";
  return headers;
}

/** The preflight's response headers as integration response parameters (static values quoted). */
export function preflightHeaders(cors: ResolvedCors, methods: readonly string[]): CfnObject {
  const headers: Record<string, string | undefined> = {
    'Access-Control-Allow-Headers': `'${cors.headers.join(',')}'`,
    'Access-Control-Allow-Methods': `'${allowedMethods(cors, methods).join(',')}'`,
    ...originHeaders(cors),
  };
  if (cors.maxAge !== undefined) headers['Access-Control-Max-Age'] = `'${cors.maxAge}'`;
  return Object.fromEntries(
    Object.keys(headers)
      .sort()
      .map((name) => [`method.response.header.${name}`, headers[name]])
      .filter(([, value]) => value !== undefined),
  );
}

/**
 * The integration response template: echo the request's Origin when it is allowed (exact origins
 * compared as strings, `*` patterns matched as regexes); otherwise send no Allow-Origin at all, so
 * the browser blocks the call.
 */
export function preflightTemplate(cors: ResolvedCors): string {
  return originMatching(cors)?.join('\n') ?? '';
}

/**
 * The same matching as a prefix for a response template: on one line, so it adds no text to the
 * body, and closed with `#{end}` so text right after it is not read as part of the directive.
 */
function originMatchingPrefix(cors: ResolvedCors): string | undefined {
  const lines = originMatching(cors);
  return lines && [...lines.slice(0, -1), '#{end}'].join('');
}

/** The VTL that sets Allow-Origin to the request's Origin when it is allowed; none when static. */
function originMatching(cors: ResolvedCors): string[] | undefined {
  if (cors.origins === '*' || !needsOriginMatching(cors.origins)) return undefined;
  const tests = cors.origins.map((origin) =>
    origin.includes('*') ? `$origin.matches("${originPattern(origin)}")` : `$origin == "${origin}"`,
  );
  return [
    '#set($origin = $input.params("Origin"))',
    '#if($origin == "")#set($origin = $input.params("origin"))#end',
    `#if(${tests.join(' || ')})`,
    '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
    '#end',
  ];
}

/** Integration types whose responses API Gateway builds from the integration responses. */
const NON_PROXY_TYPES = new Set(['MOCK', 'HTTP', 'AWS']);

/** The CORS headers of an actual (not preflight) response, as static integration response values. */
function responseHeaders(cors: ResolvedCors): Record<string, string | undefined> {
  const headers = originHeaders(cors);
  if (cors.exposeHeaders.length > 0) {
    headers['Access-Control-Expose-Headers'] = `'${cors.exposeHeaders.join(',')}'`;
  }
  return headers;
}

/** `snippet` before a template that may be a string or an intrinsic function. */
function prefixed(snippet: string, template: unknown): unknown {
  return typeof template === 'string'
    ? `${snippet}${template}`
    : { 'Fn::Join': ['', [snippet, template]] };
}

const ALLOW_ORIGIN = 'method.response.header.Access-Control-Allow-Origin';

/**
 * Adds the CORS headers to every integration response of a non-proxy method, and declares them
 * on its method responses. A header the user maps already is kept. With several origins the
 * Allow-Origin is chosen by the response templates (prefixed with the matching); a response
 * without templates passes the body through, so it gets an `application/json` template that does
 * the same (`$input.body`): other content types then pass through without Allow-Origin.
 */
function responseCorsPatch(method: RestMethod, cors: ResolvedCors): ResourcePatch | undefined {
  const properties = method.resource.Properties ?? {};
  const integration = properties.Integration as CfnObject | undefined;
  const responses = integration?.IntegrationResponses;
  if (!integration || !NON_PROXY_TYPES.has(String(integration.Type))) return undefined;
  if (!Array.isArray(responses) || responses.length === 0) return undefined;
  const headers = responseHeaders(cors);
  const matching = originMatchingPrefix(cors);
  const integrationResponses = (responses as CfnObject[]).map((response) => {
    const own = (response.ResponseParameters ?? {}) as CfnObject;
    const parameters: CfnObject = { ...own };
    for (const [name, value] of Object.entries(headers)) {
      const key = `method.response.header.${name}`;
      if (value !== undefined && !(key in own)) parameters[key] = value;
    }
    const templates = response.ResponseTemplates as CfnObject | undefined;
    const chooseOrigin = matching !== undefined && !(ALLOW_ORIGIN in own);
    return {
      ...response,
      ResponseParameters: sortedRecord(parameters),
      ...(chooseOrigin
        ? {
            ResponseTemplates:
              templates && Object.keys(templates).length > 0
                ? Object.fromEntries(
                    Object.entries(templates).map(([type, template]) => [
                      type,
                      prefixed(matching, template),
                    ]),
                  )
                : { 'application/json': `${matching}$input.body` },
          }
        : {}),
    };
  });
  const declared = Object.fromEntries(
    Object.keys(headers).map((name) => [`method.response.header.${name}`, true]),
  );
  const methodResponses = ((properties.MethodResponses ?? []) as CfnObject[]).map((response) => ({
    ...response,
    ResponseParameters: sortedRecord({
      ...declared,
      ...((response.ResponseParameters ?? {}) as CfnObject),
    }),
  }));
  return {
    logicalId: method.logicalId,
    setProperties: {
      Integration: { ...integration, IntegrationResponses: integrationResponses },
      MethodResponses: methodResponses,
    },
  };
}

function preflightMethod(
  restApiId: unknown,
  resourceId: unknown,
  cors: ResolvedCors,
  methods: readonly string[],
): CfnResource {
  const parameters = preflightHeaders(cors, methods);
  const declared = Object.fromEntries(
    [
      ...Object.keys(parameters),
      // Declared even when only the template sets it.
      'method.response.header.Access-Control-Allow-Origin',
    ]
      .sort()
      .map((name) => [name, true]),
  );
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      AuthorizationType: 'NONE',
      HttpMethod: 'OPTIONS',
      ResourceId: resourceId,
      RestApiId: restApiId,
      // No empty RequestParameters/ResponseModels: at 500 endpoints every object in the template
      // costs Serverless's state writer time (it decycles the state object by object).
      MethodResponses: [{ StatusCode: '200', ResponseParameters: declared }],
      Integration: {
        Type: 'MOCK',
        RequestTemplates: { 'application/json': '{"statusCode": 200}' },
        ContentHandling: 'CONVERT_TO_TEXT',
        IntegrationResponses: [
          {
            StatusCode: '200',
            ResponseParameters: parameters,
            ResponseTemplates: { 'application/json': preflightTemplate(cors) },
          },
        ],
      },
    },
  };
}

export function compileCors(config: ResolvedConfig, ctx: CompileContext): TemplateFragment[] {
  const endpointOf = endpointLookup(config.cors.endpoints);
  const service = config.cors.service;
  const restApiId = restApiIdValue(config, ctx.naming);
  const byResource = new Map<string, RestMethod[]>();
  for (const method of restMethods(ctx.template, restApiId)) {
    const key = JSON.stringify(method.resource.Properties?.ResourceId);
    const methods = byResource.get(key);
    if (methods) methods.push(method);
    else byResource.set(key, [method]);
  }
  const resources: Record<string, CfnResource> = {};
  const patches: ResourcePatch[] = [];
  for (const methods of byResource.values()) {
    // Core's own `cors:` (or the user) made this path's preflight already.
    if (methods.some((method) => method.httpMethod === 'OPTIONS')) continue;
    const wanted = methods
      .map((method) => {
        const endpoint = endpointOf(method);
        // Methods neither an http event nor a route made get the service default.
        const cors = endpoint ? endpoint.cors : service;
        return { method, cors };
      })
      .filter((entry): entry is { method: RestMethod; cors: ResolvedCors } => !!entry.cors);
    if (wanted.length === 0) continue;
    for (const entry of wanted) {
      const patch = responseCorsPatch(entry.method, entry.cors);
      if (patch) patches.push(patch);
    }
    const { method } = wanted[0];
    const logicalId = ctx.naming.optionsMethod(method.resource.Properties?.ResourceId, method.path);
    if (ctx.template.Resources[logicalId] || resources[logicalId]) {
      throw new TemplateConflictError(
        `serverless-apigateway-kit: cannot add the CORS preflight of /${method.path}: the logical id ${logicalId} is already taken by another resource`,
      );
    }
    resources[logicalId] = preflightMethod(
      restApiId,
      method.resource.Properties?.ResourceId,
      wanted[0].cors,
      wanted.map((entry) => entry.method.httpMethod),
    );
  }
  return Object.keys(resources).length > 0 || patches.length > 0
    ? [{ Resources: resources, patches }]
    : [];
}
