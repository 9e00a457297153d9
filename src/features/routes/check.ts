/**
 * Semantic checks of routes without a function and their integrations (issue 5), with their
 * mapping templates (src/features/templates/check.ts) and request validation
 * (src/features/request-validation/check.ts) checked route by route. Same issue format as schema
 * validation; every problem is reported.
 */
import type { EventsByKind } from '../../common/events';
import { eventSettingsPath } from '../../common/events';
import { describeEndpoint, httpEndpoints } from '../../common/http-endpoint';
import { serviceFilesOf } from '../../common/service-files';
import { joinPath } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';
import { checkTemplate, coreEventTemplates } from '../templates/check';
import { routeTemplates } from '../templates/resolve';
import { checkEventValidate, checkModels, checkValidate } from '../request-validation/check';
import {
  definedStageVariables,
  parseRouteKey,
  PROXY_TYPES,
  resolveRoutes,
  type ResolvedRoute,
  routePath,
  routeResponseEntries,
} from './resolve';
import { REQUEST_MAPPING } from './parameters';
import {
  type Checker,
  checkIntegration,
  checkStageVariables,
  error,
  list,
  suggestion,
} from './check-integrations';

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

export const checkRoutes: FeatureCheck = (config, events, core) => {
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
    checkIntegration(checker, route);
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
};
