/**
 * Semantic checks of HTTP API routes without a function (`custom.apiGateway.httpApi.routes`) and
 * of the plugin's own HTTP API CORS (`custom.apiGateway.httpApi.cors`).
 */
import { DEFAULT_CORS_HEADERS } from '../cors/resolve';
import { mergeStageEntries } from '../../common/stage-merge';
import { stageVariableReferences } from '../../common/stage-variables';
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMeanHint as suggestion } from '../../common/did-you-mean';
import { type EventRef, eventSettingsPath } from '../../common/events';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import { quoteList } from '../../common/v2-check';
import type { ApiGatewayConfig } from '../../config/types.generated';
import {
  coreHttpApiSettings,
  httpApiRouteKey,
  NO_AUTHORIZER,
  type HttpApiStageConfig,
} from './resolve';
import {
  HTTP_API_CORS_PATH,
  HTTP_API_INTEGRATION_KEYS,
  HTTP_API_ROUTES_PATH,
  HTTP_API_SUBTYPES,
  type HttpApiRouteConfig,
  type HttpApiSubtype,
  resolveHttpApiCors,
} from './resolve-routes';

/** What a VPC link of an HTTP API can reach: an ALB/NLB listener, or a Cloud Map service. */
const PRIVATE_TARGET =
  /^arn:aws[a-z-]*:(elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net)\/|servicediscovery:[a-z0-9-]+:\d{12}:service\/)/;

/** Parameters that name what the role is allowed on: they must be fixed unless a role is given. */
const TARGET_PARAMETERS: Readonly<Record<HttpApiSubtype, readonly string[]>> = {
  'SQS-SendMessage': ['QueueUrl', 'Region'],
  'SQS-ReceiveMessage': ['QueueUrl', 'Region'],
  'SQS-DeleteMessage': ['QueueUrl', 'Region'],
  'SQS-PurgeQueue': ['QueueUrl', 'Region'],
  'EventBridge-PutEvents': ['EventBusName', 'Region'],
  'StepFunctions-StartExecution': ['StateMachineArn'],
  'StepFunctions-StartSyncExecution': ['StateMachineArn'],
  // The execution usually comes with the request: the role may stop executions of the account's
  // state machines in the region (a fixed ExecutionArn narrows it to that one).
  'StepFunctions-StopExecution': ['Region'],
  'Kinesis-PutRecord': ['StreamName', 'Region'],
  'AppConfig-GetConfiguration': ['Application', 'Environment', 'Configuration', 'Region'],
};

const MAPPING =
  /^\$(request\.(body(\.\S+)?|header\.\S+|querystring\.\S+|path\.\S+)|context\.\S+|stageVariables\.[A-Za-z0-9_]+)$/;

function checkStageVariables(
  value: string,
  names: readonly string[],
  path: string,
  stageName: string,
  errors: ConfigIssue[],
): void {
  for (const name of value.startsWith('$stageVariables.')
    ? [value.slice('$stageVariables.'.length)]
    : stageVariableReferences(value)) {
    if (names.includes(name)) continue;
    errors.push({
      path,
      message: `stage variable "${name}" is not defined for the ${stageName} stage${suggestion(name, names)}; defined: ${quoteList(names)}; define it under custom.apiGateway.httpApi.stages.<stage>.variables ('*' for every stage)`,
    });
  }
}

function checkIntegration(
  route: HttpApiRouteConfig,
  path: string,
  variables: readonly string[],
  stageName: string,
  errors: ConfigIssue[],
): void {
  const integration = route.integration;
  const integrationPath = joinPath(path, 'integration');
  const allowed = HTTP_API_INTEGRATION_KEYS[integration.type];
  for (const name of Object.keys(integration)) {
    if (name === 'type' || allowed.includes(name)) continue;
    errors.push({
      path: joinPath(integrationPath, name),
      message: `"${name}" does not apply to an ${integration.type} integration; ${integration.type} integrations take ${quoteList(allowed)}`,
    });
  }
  if (integration.type === 'http_proxy') {
    const uri = integration.uri;
    const uriPath = joinPath(integrationPath, 'uri');
    if (uri === undefined) {
      errors.push({
        path: uriPath,
        message:
          'an http_proxy integration needs uri: the backend URL, e.g. https://backend.example.com/orders or ${stageVariables.backend}/orders',
      });
    } else if (integration.vpcLink !== undefined) {
      // A private integration names its target by ARN (API Gateway rule for VPC links of HTTP APIs).
      if (typeof uri === 'string' && !PRIVATE_TARGET.test(uri)) {
        errors.push({
          path: uriPath,
          message: `${JSON.stringify(uri)} is not a target of a VPC link; through vpcLink, uri is the ARN of an Application or Network Load Balancer listener (arn:aws:elasticloadbalancing:…:listener/…) or of a Cloud Map service (arn:aws:servicediscovery:…:service/…)`,
        });
      }
    } else if (typeof uri === 'string') {
      if (!/^(https?:\/\/|\$\{stageVariables\.[A-Za-z0-9_]+\})/.test(uri)) {
        errors.push({
          path: uriPath,
          message: `${JSON.stringify(uri)} is not an HTTP backend URL; API Gateway needs an absolute http:// or https:// URL, which may start with a stage variable: \${stageVariables.backend}/orders`,
        });
      }
      checkStageVariables(uri, variables, uriPath, stageName, errors);
    }
    if (integration.tlsServerName !== undefined && integration.vpcLink === undefined) {
      errors.push({
        path: joinPath(integrationPath, 'tlsServerName'),
        message:
          'tlsServerName applies to a private integration only (API Gateway verifies the name in the certificate of a backend behind a VPC link); add vpcLink, or remove tlsServerName',
      });
    }
    return;
  }
  const subtype = integration.subtype;
  if (subtype === undefined) {
    errors.push({
      path: joinPath(integrationPath, 'subtype'),
      message: `an aws integration needs subtype: one of ${quoteList(Object.keys(HTTP_API_SUBTYPES))}`,
    });
    return;
  }
  const spec = HTTP_API_SUBTYPES[subtype];
  const parameters = integration.parameters ?? {};
  const parametersPath = joinPath(integrationPath, 'parameters');
  const known = [...spec.required, ...spec.optional];
  const missing = spec.required.filter((name) => parameters[name] === undefined);
  if (missing.length > 0) {
    errors.push({
      path: parametersPath,
      message: `${subtype} needs the parameters ${quoteList(spec.required)} (API Gateway rule); missing: ${quoteList(missing)}`,
    });
  }
  for (const [name, value] of Object.entries(parameters)) {
    const parameterPath = joinPath(parametersPath, name);
    if (!known.includes(name)) {
      errors.push({
        path: parameterPath,
        message: `${subtype} takes no parameter "${name}"${suggestion(name, known)}; it takes ${quoteList(known)}`,
      });
      continue;
    }
    if (typeof value !== 'string' || !value.startsWith('$')) continue;
    if (!MAPPING.test(value)) {
      errors.push({
        path: parameterPath,
        message: `${JSON.stringify(value)} is not a mapping API Gateway knows; use $request.body, $request.body.<name>, $request.header.<name>, $request.querystring.<name>, $request.path.<name>, $context.<name>, $stageVariables.<name>, or static text`,
      });
      continue;
    }
    if (value.startsWith('$stageVariables.'))
      checkStageVariables(value, variables, parameterPath, stageName, errors);
    if (integration.role === undefined && TARGET_PARAMETERS[subtype].includes(name)) {
      errors.push({
        path: parameterPath,
        message: `${name} is mapped from the request (${value}), so the role the plugin creates cannot be limited to one resource; give a fixed value (or an intrinsic function such as { Ref: … }), or name your own role with integration.role`,
      });
    }
  }
}

function checkRouteAccess(
  route: HttpApiRouteConfig,
  path: string,
  config: ApiGatewayConfig,
  errors: ConfigIssue[],
): void {
  const authorizers = config.httpApi?.authorizers ?? {};
  const names = Object.keys(authorizers);
  const own = route.authorizer;
  if (own !== undefined && own !== NO_AUTHORIZER && !names.includes(own)) {
    errors.push({
      path: joinPath(path, 'authorizer'),
      message: `no HTTP API authorizer is named "${own}"${suggestion(own, names)}; custom.apiGateway.httpApi.authorizers (or '${NO_AUTHORIZER}') define: ${quoteList(names)}`,
    });
  }
  if (route.scopes) {
    checkJwtScopes(
      own,
      config.httpApi?.defaultAuthorizer,
      authorizers,
      joinPath(path, 'scopes'),
      'authorizer (or custom.apiGateway.httpApi.defaultAuthorizer)',
      errors,
    );
  }
}

/**
 * Scopes of an HTTP API route (event or route without a function) need a JWT authorizer on it
 * (API Gateway rule): its own, else the default unless it opts out with 'none'. `setIt` names the
 * keys that set one, for the message.
 */
export function checkJwtScopes(
  own: string | undefined,
  defaultAuthorizer: string | undefined,
  authorizers: Readonly<Record<string, { type?: string }>>,
  path: string,
  setIt: string,
  errors: ConfigIssue[],
): void {
  const effective = own === NO_AUTHORIZER ? undefined : (own ?? defaultAuthorizer);
  const type = effective ? authorizers[effective]?.type : undefined;
  if (effective !== undefined && (type === undefined || type === 'jwt')) return;
  errors.push({
    path,
    message:
      effective === undefined
        ? `scopes need a JWT authorizer on the route; set ${setIt} to a jwt authorizer`
        : `scopes apply to JWT authorizers only (API Gateway rule), but "${effective}" is a ${String(type)} authorizer; remove scopes`,
  });
}

/** Checks `custom.apiGateway.httpApi.routes`; returns the route keys it declares. */
export function checkHttpApiRoutes(
  config: ApiGatewayConfig,
  events: readonly EventRef[],
  core: CoreSettings,
  errors: ConfigIssue[],
): string[] {
  const routes = config.httpApi?.routes ?? {};
  const keys = Object.keys(routes);
  if (keys.length === 0) return keys;
  if (coreHttpApiSettings(core)?.id !== undefined) {
    errors.push({
      path: HTTP_API_ROUTES_PATH,
      message:
        'provider.httpApi.id attaches the service to an HTTP API another stack owns, and the plugin adds routes only to the HTTP API this stack creates; define these routes in the stack that owns the API, or remove provider.httpApi.id',
    });
  } else if (events.length === 0) {
    // No httpApi event: the plugin creates the HTTP API. Core's CORS setting for it would be
    // silently ignored (core applies it only to the API it makes from events).
    const coreCors = coreHttpApiSettings(core)?.cors;
    if (coreCors !== undefined && coreCors !== false) {
      errors.push({
        path: 'provider.httpApi.cors',
        message: `core applies provider.httpApi.cors only to the HTTP API it makes from httpApi events, and no function has one, so the plugin creates the API for ${HTTP_API_ROUTES_PATH}; set the CORS there with ${HTTP_API_CORS_PATH} instead`,
      });
    }
  }
  const eventKeys = new Map<string, EventRef>();
  for (const ref of events) {
    const key = httpApiRouteKey(ref.event);
    if (key !== undefined && !eventKeys.has(key)) eventKeys.set(key, ref);
  }
  const stage: HttpApiStageConfig = mergeStageEntries(config.httpApi?.stages, core.stageName);
  const variables = Object.keys(stage.variables ?? {}).sort();
  for (const key of keys) {
    const route = routes[key];
    const path = joinPath(HTTP_API_ROUTES_PATH, key);
    const ref = eventKeys.get(key);
    if (ref) {
      errors.push({
        path,
        message: `${eventSettingsPath(ref).replace(/\.apiGateway$/, '')} also declares the route "${key}", and an HTTP API has one route per route key; keep one of them`,
      });
    }
    checkIntegration(route, path, variables, core.stageName, errors);
    checkRouteAccess(route, path, config, errors);
  }
  return keys;
}

/** Core's CORS setting (`provider.httpApi.cors`) as the same fields as ours, where it sets them. */
function coreCorsFields(cors: unknown): Record<string, unknown> {
  if (cors === true) return { origins: ['*'], headers: DEFAULT_CORS_HEADERS };
  if (!cors || typeof cors !== 'object') return {};
  const loose = cors as Record<string, unknown>;
  const list = (value: unknown) => (value === undefined ? undefined : [value].flat());
  const fields: Record<string, unknown> = {
    origins: list(loose.allowedOrigins) ?? ['*'],
    headers: list(loose.allowedHeaders) ?? DEFAULT_CORS_HEADERS,
    methods: list(loose.allowedMethods),
    exposeHeaders: list(loose.exposedResponseHeaders),
    allowCredentials: loose.allowCredentials === true ? true : undefined,
    maxAge: loose.maxAge,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const CORE_CORS_KEYS: Record<string, string> = {
  origins: 'allowedOrigins',
  headers: 'allowedHeaders',
  methods: 'allowedMethods',
  exposeHeaders: 'exposedResponseHeaders',
  allowCredentials: 'allowCredentials',
  maxAge: 'maxAge',
};

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sorted = (list: unknown[]) => JSON.stringify(list.map(String).sort());
    return sorted(a) === sorted(b);
  }
  return a === b;
}

/** Checks `custom.apiGateway.httpApi.cors`: credentials with '*', and contradictions with core's. */
export function checkHttpApiCors(
  config: ApiGatewayConfig,
  core: CoreSettings,
  errors: ConfigIssue[],
): void {
  const cors = config.httpApi?.cors;
  if (!cors) return;
  const resolved = resolveHttpApiCors(cors);
  if (cors.allowCredentials === true && resolved.AllowOrigins.includes('*')) {
    errors.push({
      path: joinPath(HTTP_API_CORS_PATH, 'origins'),
      message:
        "allowCredentials: true cannot be combined with the origin '*' (API Gateway and browsers refuse credentialed requests to a wildcard origin); list the allowed origins, e.g. [https://app.example.com]",
    });
  }
  const coreHttpApi = coreHttpApiSettings(core);
  if (coreHttpApi?.id !== undefined) {
    errors.push({
      path: HTTP_API_CORS_PATH,
      message:
        'provider.httpApi.id attaches the service to an HTTP API another stack owns, and CORS is a setting of the API itself; set it in the stack that owns the API',
    });
    return;
  }
  if (coreHttpApi?.cors === undefined || coreHttpApi.cors === false) return;
  const ours: Record<string, unknown> = {
    origins: resolved.AllowOrigins,
    headers: resolved.AllowHeaders,
    methods: cors.methods,
    exposeHeaders: cors.exposeHeaders,
    allowCredentials: cors.allowCredentials === true ? true : undefined,
    maxAge: cors.maxAge,
  };
  const theirs = coreCorsFields(coreHttpApi.cors);
  for (const key of Object.keys(CORE_CORS_KEYS)) {
    if (theirs[key] === undefined && ours[key] === undefined) continue;
    if (sameValue(ours[key], theirs[key])) continue;
    const coreKey = `provider.httpApi.cors${coreHttpApi.cors === true ? '' : `.${CORE_CORS_KEYS[key]}`}`;
    errors.push({
      path: joinPath(HTTP_API_CORS_PATH, key),
      message: `${JSON.stringify(ours[key] ?? null)} contradicts ${coreKey} (${JSON.stringify(theirs[key] ?? null)}); both set the HTTP API's CorsConfiguration: configure CORS in one place (remove provider.httpApi.cors, or ${HTTP_API_CORS_PATH})`,
    });
  }
}
