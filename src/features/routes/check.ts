/**
 * Semantic checks of routes without a function and their integrations (issue 5), with their
 * mapping templates (src/features/templates/check.ts) and request validation
 * (src/features/request-validation/check.ts) checked route by route. Same issue format as schema
 * validation; every problem is reported.
 */
import { stageVariableReferences } from '../../shared/stage-variables';
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMean } from '../../shared/did-you-mean';
import type { EventsByKind } from '../../shared/events';
import { eventSettingsPath } from '../../shared/events';
import { describeEndpoint, httpEndpoints } from '../../shared/http-endpoint';
import { serviceFilesOf, type ServiceFiles } from '../../shared/service-files';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import { checkTemplate, coreEventTemplates } from '../templates/check';
import { routeTemplates } from '../templates/resolve';
import { checkEventValidate, checkModels, checkValidate } from '../request-validation/check';
import {
  AWS_ACTIONS,
  AWS_TARGET_KEYS,
  braceParameters,
  definedStageVariables,
  INTEGRATION_KEYS,
  parseRouteKey,
  PROXY_TYPES,
  resolveRoutes,
  type ResolvedRoute,
  routePath,
  routeResponseEntries,
} from './resolve';
import { REQUEST_MAPPING } from './parameters';
import type { ApiGatewayConfig } from '../../config/types.generated';

const list = (items: readonly string[]): string => items.join(', ');
const suggestion = (word: string, candidates: readonly string[]): string => {
  const match = didYouMean(word, candidates);
  return match ? `; did you mean ${match}?` : '';
};

interface Checker {
  readonly config: ApiGatewayConfig;
  readonly core: CoreSettings;
  readonly files: ServiceFiles | undefined;
  readonly stageVariables: readonly string[];
  readonly errors: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

function error(checker: Checker, path: string, message: string): void {
  checker.errors.push({ path, message });
}

// ---------------------------------------------------------------------------------------------
// Integrations

function checkIntegrationKeys(checker: Checker, route: ResolvedRoute, path: string): void {
  const integration = route.integration as unknown as Record<string, unknown>;
  const allowed = INTEGRATION_KEYS[route.integration.type];
  for (const key of Object.keys(integration).sort()) {
    if (key === 'type' || allowed.includes(key)) continue;
    const users = (Object.keys(INTEGRATION_KEYS) as Array<keyof typeof INTEGRATION_KEYS>).filter(
      (type) => INTEGRATION_KEYS[type].includes(key),
    );
    error(
      checker,
      joinPath(path, key),
      `${key} does not apply to ${route.integration.type} integrations (it is for ${list(users)}); ${allowed.length > 0 ? `${route.integration.type} takes: ${list(allowed)}` : `${route.integration.type} takes no other key`}`,
    );
  }
}

function checkStageVariables(checker: Checker, value: string, path: string): void {
  const defined = checker.stageVariables;
  for (const name of stageVariableReferences(value)) {
    if (defined.includes(name)) continue;
    const match = didYouMean(name, defined);
    error(
      checker,
      path,
      `stage variable '${name}' is not defined by any stage${match ? `; did you mean ${match}?` : ''}${defined.length > 0 ? ` defined: ${list(defined)}; or` : ' (no stage defines variables);'} define it under custom.apiGateway.stages.<stage>.variables`,
    );
  }
}

function checkHttp(checker: Checker, route: ResolvedRoute, path: string): void {
  const integration = route.integration;
  const uriPath = joinPath(path, 'uri');
  if (integration.uri === undefined) {
    error(
      checker,
      path,
      `${integration.type} integrations need uri: the backend URL, e.g. https://backend.example.com/orders or \${stageVariables.backend}/orders/{id}`,
    );
    return;
  }
  if (typeof integration.uri !== 'string') return;
  const uri = integration.uri;
  if (!/^(https?:\/\/|\$\{stageVariables\.[A-Za-z0-9_]+\})/.test(uri)) {
    error(
      checker,
      uriPath,
      `${JSON.stringify(uri)} is not an HTTP backend URL; API Gateway needs an absolute http:// or https:// URL, which may start with a stage variable: \${stageVariables.backend}/orders`,
    );
  }
  checkStageVariables(checker, uri, uriPath);
  const mapped = Object.keys(route.config.request?.parameters ?? {})
    .filter((key) => key.startsWith('path.'))
    .map((key) => key.slice('path.'.length));
  for (const name of braceParameters(uri)) {
    if (route.pathParameters.includes(name) || mapped.includes(name)) continue;
    error(
      checker,
      uriPath,
      `{${name}} in the uri is not a path parameter of ${describeEndpoint(route)}${suggestion(name, route.pathParameters)}; use one of the route's parameters (${list(route.pathParameters) || 'none'}) or map it under request.parameters['path.${name}']`,
    );
  }
}

function checkLambda(checker: Checker, route: ResolvedRoute, path: string): void {
  const name = route.integration.function;
  if (name === undefined) {
    error(
      checker,
      path,
      `${route.integration.type} integrations need function: the name of a function of this service`,
    );
    return;
  }
  const functions = checker.core.functionNames;
  if (functions && !functions.includes(name)) {
    error(
      checker,
      joinPath(path, 'function'),
      `"${name}" is not a function of this service${suggestion(name, functions)}; use one of ${list(functions) || '(none: the service has no functions)'}`,
    );
  }
}

function checkAws(checker: Checker, route: ResolvedRoute, path: string): void {
  const integration = route.integration as Record<string, unknown> & typeof route.integration;
  const { action } = integration;
  const present = AWS_TARGET_KEYS.filter((key) => integration[key] !== undefined);
  if (
    action !== undefined &&
    (integration.service !== undefined || integration.path !== undefined)
  ) {
    error(
      checker,
      path,
      'give either action (service:Action) or service + path (a raw service path), not both',
    );
    return;
  }
  if (action === undefined) {
    if (integration.service === undefined || integration.path === undefined) {
      error(
        checker,
        path,
        `aws integrations need action (one of ${list(Object.keys(AWS_ACTIONS))}, or any service:Action with resource), or service + path + role for a raw service path`,
      );
      return;
    }
    if (integration.role === undefined) {
      error(
        checker,
        path,
        'a raw service path (service + path) needs role: the ARN of a role API Gateway may assume to call it (the plugin cannot derive a least-privilege policy from a path)',
      );
    }
    for (const key of present)
      error(
        checker,
        joinPath(path, key),
        `${key} applies to actions only, not to a raw service path`,
      );
    return;
  }
  const spec = AWS_ACTIONS[action];
  if (!spec) {
    const [service] = action.split(':');
    const known = Object.keys(AWS_ACTIONS).filter((name) => name.startsWith(`${service}:`));
    if (integration.resource === undefined && integration.role === undefined) {
      error(
        checker,
        joinPath(path, 'action'),
        `${action} has no built-in target${suggestion(action, Object.keys(AWS_ACTIONS))}; give resource (the ARN the role may call ${action} on) or role, or use one of ${list(known.length > 0 ? known : Object.keys(AWS_ACTIONS))}`,
      );
    }
    if (route.config.request?.template === undefined) {
      error(
        checker,
        path,
        `${action} has no default request template; give request.template with the body the ${service} API expects`,
      );
    }
    for (const key of present.filter((key) => key !== 'resource'))
      error(
        checker,
        joinPath(path, key),
        `${key} applies to the built-in actions only; for ${action} give resource`,
      );
    return;
  }
  for (const key of spec.requires) {
    if (integration[key] === undefined)
      error(checker, path, `${action} needs ${key}: ${TARGET_HELP[key]}`);
  }
  const allowed = [...spec.requires, ...(spec.optional ?? [])];
  for (const key of present) {
    if (allowed.includes(key)) continue;
    error(
      checker,
      joinPath(path, key),
      `${key} does not apply to ${action}; it takes ${list(allowed)}`,
    );
  }
  if (typeof integration.key === 'string') {
    for (const name of braceParameters(integration.key)) {
      if (route.pathParameters.includes(name)) continue;
      error(
        checker,
        joinPath(path, 'key'),
        `{${name}} in the key is not a path parameter of ${describeEndpoint(route)}${suggestion(name, route.pathParameters)}; use one of: ${list(route.pathParameters) || 'none'}`,
      );
    }
  }
  if (action.startsWith('dynamodb:') && route.config.request?.template === undefined) {
    const params = route.pathParameters.length;
    if (action === 'dynamodb:Query' && params !== 1) {
      error(
        checker,
        path,
        `the default dynamodb:Query template queries the partition key named like the route's only path parameter, but ${describeEndpoint(route)} has ${params}; give request.template`,
      );
    }
    if (action === 'dynamodb:GetItem' && params === 0) {
      error(
        checker,
        path,
        `the default dynamodb:GetItem template builds the key from the route's path parameters, but ${describeEndpoint(route)} has none; give request.template`,
      );
    }
  }
}

const TARGET_HELP: Record<string, string> = {
  queueArn: 'the ARN of the SQS queue, e.g. { "Fn::GetAtt": [OrdersQueue, Arn] }',
  tableName: 'the name of the DynamoDB table, e.g. { Ref: OrdersTable }',
  bucket: 'the name of the S3 bucket, e.g. { Ref: UploadsBucket }',
  key: "the object key, which may use the route's path parameters: uploads/{id}",
  streamArn: 'the ARN of the Kinesis stream, e.g. { "Fn::GetAtt": [EventsStream, Arn] }',
  stateMachineArn: 'the ARN of the state machine, e.g. { Ref: OrderFlow }',
  topicArn: 'the ARN of the SNS topic, e.g. { Ref: OrdersTopic }',
  source: 'the Source of the events, e.g. orders.api',
};

// ---------------------------------------------------------------------------------------------
// Request, responses

function checkRequestParameters(checker: Checker, route: ResolvedRoute, path: string): void {
  const parameters = route.config.request?.parameters ?? {};
  for (const key of Object.keys(parameters).sort()) {
    const value = parameters[key];
    const valuePath = joinPath(joinPath(path, 'parameters'), key);
    const pathParameter = /^method\.request\.path\.(.+)$/.exec(value);
    if (pathParameter && !route.pathParameters.includes(pathParameter[1])) {
      error(
        checker,
        valuePath,
        `${value}: ${describeEndpoint(route)} has no path parameter {${pathParameter[1]}}${suggestion(pathParameter[1], route.pathParameters)}; its path parameters: ${list(route.pathParameters) || 'none'}`,
      );
    }
    if (
      !REQUEST_MAPPING.test(value) &&
      /^(method|integration)\.|^stageVariables\.|^context\./.test(value)
    ) {
      error(
        checker,
        valuePath,
        `${JSON.stringify(value)} is not a request mapping API Gateway knows; use method.request.path|querystring|header.<name>, stageVariables.<name>, context.<name>, or static text`,
      );
    }
    checkStageVariables(
      checker,
      value.replace(/^stageVariables\.(\w+)$/, '${stageVariables.$1}'),
      valuePath,
    );
  }
}

function checkResponses(checker: Checker, route: ResolvedRoute): void {
  const { config, configPath } = route;
  const proxy = PROXY_TYPES.includes(route.integration.type);
  if (proxy) {
    for (const key of ['response', 'responses'] as const) {
      if (config[key] !== undefined)
        error(
          checker,
          joinPath(configPath, key),
          `${route.integration.type} passes the backend's response through unchanged, so ${key} does not apply; use integration type ${route.integration.type === 'http_proxy' ? 'http' : 'lambda'} to map responses`,
        );
    }
    if (config.request?.template !== undefined || config.request?.passthrough !== undefined) {
      const key = config.request?.template !== undefined ? 'template' : 'passthrough';
      error(
        checker,
        joinPath(joinPath(configPath, 'request'), key),
        `${route.integration.type} passes the request through unchanged, so mapping templates do not apply; use integration type ${route.integration.type === 'http_proxy' ? 'http' : 'lambda'} to map the request`,
      );
    }
    return;
  }
  if (config.response && config.responses) {
    error(
      checker,
      joinPath(configPath, 'response'),
      'give either response (the one default response) or responses (several, by status code), not both',
    );
    return;
  }
  const entries = routeResponseEntries(route);
  for (const [path, entry] of entries) {
    if (entry.body !== undefined && entry.template !== undefined)
      error(
        checker,
        joinPath(path, 'body'),
        'give either body (literal JSON, or a template as a string) or template, not both',
      );
    if (entry.body === null)
      error(checker, joinPath(path, 'body'), 'null is not a body; omit body for an empty one');
    if (entry.pattern !== undefined) {
      try {
        new RegExp(entry.pattern);
      } catch (problem) {
        error(
          checker,
          joinPath(path, 'pattern'),
          `${JSON.stringify(entry.pattern)} is not a regular expression: ${(problem as Error).message}`,
        );
      }
    }
  }
  if (config.responses) {
    const defaults = Object.keys(config.responses).filter(
      (status) => config.responses?.[status].pattern === undefined,
    );
    if (defaults.length !== 1) {
      error(
        checker,
        joinPath(configPath, 'responses'),
        defaults.length === 0
          ? 'every response has a pattern, so none is the default API Gateway falls back to; remove the pattern of one (usually the 200)'
          : `${list(defaults.map((status) => `'${status}'`))} have no pattern; exactly one response is the default (no pattern): give the others a pattern that selects them (the backend's status code for http and aws, e.g. '4\\d{2}'; the error message for lambda)`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Paths: clashes with function events and sibling parameters

function checkPaths(
  checker: Checker,
  routes: readonly ResolvedRoute[],
  events: EventsByKind,
): void {
  const taken = new Map<string, string>();
  for (const { ref, method, path } of httpEndpoints(events)) {
    taken.set(`${method} ${path}`, eventSettingsPath(ref).replace(/\.apiGateway$/, ''));
  }
  const ours = new Map<string, string>();
  for (const route of routes) {
    const id = `${route.method} ${route.path}`;
    const event = taken.get(id);
    if (event) {
      error(
        checker,
        route.configPath,
        `${describeEndpoint(route)} is also the http event ${event}; API Gateway has one method per method and path: remove the route or the event (or change one of their paths)`,
      );
    }
    const other = ours.get(id);
    if (other) {
      error(
        checker,
        route.configPath,
        `${describeEndpoint(route)} is the same endpoint as route '${other}' (paths are compared without leading and trailing '/'); keep one`,
      );
    }
    ours.set(id, route.key);
  }
  // API Gateway: sibling resources may not be parameters with different names.
  const siblings = new Map<string, Map<string, string>>();
  const addPath = (path: string, where: string) => {
    const segments = path === '' ? [] : path.split('/');
    segments.forEach((segment, index) => {
      if (!/^\{.+\}$/.test(segment)) return;
      const parent = segments.slice(0, index).join('/');
      const seen = siblings.get(parent) ?? new Map<string, string>();
      if (!seen.has(segment)) seen.set(segment, where);
      siblings.set(parent, seen);
    });
  };
  for (const { ref, path } of httpEndpoints(events)) {
    addPath(path, `the http event ${eventSettingsPath(ref).replace(/\.apiGateway$/, '')}`);
  }
  for (const route of routes) addPath(route.path, `route '${route.key}'`);
  for (const route of routes) {
    const segments = route.path === '' ? [] : route.path.split('/');
    segments.forEach((segment, index) => {
      if (!/^\{.+\}$/.test(segment)) return;
      const parent = segments.slice(0, index).join('/');
      const names = [...(siblings.get(parent)?.keys() ?? [])];
      if (names.length < 2 || names[0] === segment) return;
      error(
        checker,
        route.configPath,
        `${segment} sits beside ${names[0]} (from ${siblings.get(parent)?.get(names[0])}) under /${parent}; API Gateway allows one parameter name per position: rename it ${names[0]}`,
      );
    });
  }
}

// ---------------------------------------------------------------------------------------------

export function checkRoutes(
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
): SemanticResult {
  const checker: Checker = {
    config,
    core,
    files: serviceFilesOf(core),
    stageVariables: definedStageVariables(config),
    errors: [],
    warnings: [],
  };
  const keys = Object.keys(config.routes ?? {}).sort();
  if (keys.length > 0 && core.sharedRestApiId !== undefined) {
    error(
      checker,
      'custom.apiGateway.routes',
      'this service attaches to a shared REST API (provider.apiGateway.restApiId); routes are compiled into the API this service owns only: declare them in the service that owns the API',
    );
  }
  for (const key of keys) {
    for (const problem of parseRouteKey(key).problems) error(checker, routePath(key), problem);
  }
  checkModels(checker);
  const routes = resolveRoutes(config);
  checkPaths(checker, routes, events);
  for (const route of routes) {
    const integrationPath = joinPath(route.configPath, 'integration');
    if (route.config.integration !== 'mock') checkIntegrationKeys(checker, route, integrationPath);
    const type = route.integration.type;
    if (type === 'http' || type === 'http_proxy') checkHttp(checker, route, integrationPath);
    if (type === 'lambda' || type === 'lambda_proxy') checkLambda(checker, route, integrationPath);
    if (type === 'aws') checkAws(checker, route, integrationPath);
    checkRequestParameters(checker, route, joinPath(route.configPath, 'request'));
    checkResponses(checker, route);
    for (const ref of routeTemplates(route)) checkTemplate(checker, ref);
    checkValidate(
      checker,
      route.config.validate,
      joinPath(route.configPath, 'validate'),
      route.pathParameters,
      describeEndpoint(route),
    );
  }
  for (const ref of events.http) {
    for (const template of coreEventTemplates(ref)) checkTemplate(checker, template);
    checkEventValidate(checker, ref);
  }
  return { errors: checker.errors, warnings: checker.warnings };
}
