/**
 * Semantic checks of per-endpoint caching and throttling, CORS and gateway responses (issue 4),
 * on every REST endpoint: http events and routes alike (src/shared/rest-endpoints.ts). Same issue
 * format as schema validation.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMean } from '../../shared/did-you-mean';
import {
  cachingRequested,
  corsDifferences,
  describeEndpoint,
  GATEWAY_RESPONSE_TYPES,
  hasThrottling,
  pathParameters,
  resolveEndpointCors,
  resolveServiceCors,
  UNSAFE_METHODS,
} from '../../shared/endpoint-settings';
import { type RestEndpoint, restEndpoints } from '../../shared/rest-endpoints';
import type { EventsByKind } from '../../shared/events';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import { mergeStageEntries } from '../../pipeline/resolve';
import type { SemanticResult } from '../../pipeline/validate/semantic';
import type { ApiGatewayConfig } from '../../config/types.generated';

const ROOT = 'custom.apiGateway';

/** `functions.x.events[0].http` (core's own keys live there). */
function eventPath(endpoint: RestEndpoint): string {
  return endpoint.configPath.replace(/\.apiGateway$/, '');
}

function checkCaching(
  config: ApiGatewayConfig,
  endpoint: RestEndpoint,
  core: CoreSettings,
  errors: ConfigIssue[],
): void {
  const caching = endpoint.settings.caching;
  if (!cachingRequested(caching) || !caching) return;
  const path = joinPath(endpoint.configPath, 'caching');
  const where = describeEndpoint(endpoint);
  if (core.sharedRestApiId !== undefined) {
    errors.push({
      path,
      message: `${where} is on a shared REST API (provider.apiGateway.restApiId), whose stage and cache cluster belong to the stack that created it; configure caching in that service and remove it here`,
    });
    return;
  }
  if (UNSAFE_METHODS.includes(endpoint.method) && caching.allowNonGetMethod !== true) {
    errors.push({
      path,
      message: `${where} changes state, and a cached ${endpoint.method} would serve one caller's result to the next without calling the backend; remove caching, or set caching.allowNonGetMethod: true if this ${endpoint.method} only reads (a search, for example)`,
    });
  }
  const stage = mergeStageEntries(config, core.stageName);
  if (stage.caching?.enabled !== true) {
    errors.push({
      path,
      message: `caching is on for ${where} but stage "${core.stageName}" has no cache cluster (custom.apiGateway.stages.${core.stageName}.caching.enabled is not true, nor in '*'); turn the cluster on for this stage, or turn this endpoint's caching off where there is none, e.g. caching.enabled: \${param:cacheEnabled} with a per-stage param`,
    });
  }
  const parameters = pathParameters(endpoint.path);
  (caching.keys ?? []).forEach((key, index) => {
    const [location, name] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
    if (location !== 'path' || parameters.includes(name)) return;
    const suggestion = didYouMean(name, parameters);
    const known =
      parameters.length > 0
        ? `its path parameters are ${parameters.join(', ')}`
        : 'its path has no parameters';
    errors.push({
      path: joinPath(joinPath(path, 'keys'), index),
      message: `"${key}" is not a path parameter of ${where}: ${known}${suggestion ? `; did you mean "path.${suggestion}"?` : '; use querystring.<name> or header.<name> for other request values'}`,
    });
  });
}

function checkThrottling(
  config: ApiGatewayConfig,
  endpoint: RestEndpoint,
  core: CoreSettings,
  result: SemanticResult,
): void {
  const throttling = endpoint.settings.throttling;
  if (!hasThrottling(throttling) || !throttling) return;
  const path = joinPath(endpoint.configPath, 'throttling');
  const where = describeEndpoint(endpoint);
  if (core.sharedRestApiId !== undefined) {
    result.errors.push({
      path,
      message: `${where} is on a shared REST API (provider.apiGateway.restApiId), whose stage belongs to the stack that created it; set method throttling in that service and remove it here`,
    });
    return;
  }
  const stage = mergeStageEntries(config, core.stageName).throttling ?? {};
  const pairs = [
    ['rateLimit', throttling.rateLimit, stage.rateLimit],
    ['burstLimit', throttling.burstLimit, stage.burstLimit],
  ] as const;
  for (const [key, ours, stageValue] of pairs) {
    if (ours === undefined || stageValue === undefined || ours <= stageValue) continue;
    result.warnings.push({
      path: joinPath(path, key),
      message: `${ours} for ${where} is above the stage-wide ${key} ${stageValue} of stage "${core.stageName}"; the stage limit still caps the method, so the higher value has no effect: lower it, or raise the stage's throttling.${key}`,
    });
  }
}

/** allowCredentials with origin '*': browsers reject the response. */
function checkCredentials(config: ApiGatewayConfig, endpoints: RestEndpoint[]): ConfigIssue[] {
  const errors: ConfigIssue[] = [];
  const service = resolveServiceCors(config);
  const serviceCors = config.cors;
  if (service?.allowCredentials && service.origins === '*') {
    errors.push({
      path: joinPath(joinPath(ROOT, 'cors'), 'allowCredentials'),
      message:
        "allowCredentials with origins '*' (the default) applies to every endpoint, and browsers reject credentials from a wildcard origin; list the allowed origins (origins: [https://app.example.com]) or remove allowCredentials",
    });
  }
  for (const endpoint of endpoints) {
    const own = endpoint.settings.cors;
    if (typeof own !== 'object') continue;
    const cors = resolveEndpointCors(config, own);
    if (!cors?.allowCredentials || cors.origins !== '*') continue;
    // Reported once at the service default when the endpoint adds nothing to it.
    if (
      own.allowCredentials === undefined &&
      own.origins === undefined &&
      typeof serviceCors === 'object'
    )
      continue;
    const key = own.allowCredentials !== undefined ? 'allowCredentials' : 'origins';
    errors.push({
      path: joinPath(joinPath(endpoint.configPath, 'cors'), key),
      message: `allowCredentials with origins '*' on ${describeEndpoint(endpoint)}: browsers reject credentials from a wildcard origin; list the allowed origins or remove allowCredentials`,
    });
  }
  return errors;
}

function checkCors(config: ApiGatewayConfig, endpoints: RestEndpoint[], result: SemanticResult) {
  result.errors.push(...checkCredentials(config, endpoints));
  const byPath = new Map<string, RestEndpoint[]>();
  for (const endpoint of endpoints) {
    byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint]);
  }
  const serviceDefault = resolveServiceCors(config);
  for (const [httpPath, onPath] of byPath) {
    // A route `OPTIONS /path` is the path's preflight: the compiler adds none there.
    const optionsRoute = onPath.find(
      (endpoint) => endpoint.source === 'route' && endpoint.method === 'OPTIONS',
    );
    if (optionsRoute) {
      for (const endpoint of onPath) {
        if (endpoint.settings.cors === undefined || endpoint.settings.cors === false) continue;
        result.errors.push({
          path: joinPath(endpoint.configPath, 'cors'),
          message: `/${httpPath} has the route ${optionsRoute.configPath}, which answers its OPTIONS requests itself, so no CORS preflight is generated for the path; set the Access-Control-* headers in that route's response and remove this cors, or remove the OPTIONS route`,
        });
      }
      continue;
    }
    const coreOwner = onPath.find((endpoint) => endpoint.coreCors);
    if (coreOwner) {
      const ours = onPath.filter(
        (endpoint) => endpoint.settings.cors !== undefined && endpoint.settings.cors !== false,
      );
      for (const endpoint of ours) {
        result.errors.push({
          path: joinPath(endpoint.configPath, 'cors'),
          message: `/${httpPath} already gets its OPTIONS preflight from core's cors on ${eventPath(coreOwner)}.cors, and a path has one preflight; set CORS in one place: remove that http.cors (this plugin's cors covers every method of the path) or this ${endpoint.source === 'route' ? "route's " : 'apiGateway.'}cors`,
        });
      }
      if (ours.length === 0 && serviceDefault) {
        result.warnings.push({
          path: joinPath(ROOT, 'cors'),
          message: `/${httpPath} keeps the OPTIONS preflight core makes for ${eventPath(coreOwner)}.cors, so the service default does not apply to that path's preflight; remove http.cors there to use custom.apiGateway.cors`,
        });
      }
      continue;
    }
    let first:
      | { endpoint: RestEndpoint; cors: NonNullable<ReturnType<typeof resolveEndpointCors>> }
      | undefined;
    for (const endpoint of onPath) {
      const cors = resolveEndpointCors(config, endpoint.settings.cors);
      if (!cors) continue;
      if (!first) {
        first = { endpoint, cors };
        continue;
      }
      const differences = corsDifferences(first.cors, cors);
      if (differences.length === 0) continue;
      result.errors.push({
        path: joinPath(endpoint.configPath, 'cors'),
        message: `${describeEndpoint(endpoint)} and ${describeEndpoint(first.endpoint)} (${first.endpoint.configPath}) share one OPTIONS preflight but their CORS settings differ (${differences.join(', ')}); make them the same on every method of /${httpPath}`,
      });
    }
  }
}

function checkGatewayResponses(config: ApiGatewayConfig, errors: ConfigIssue[]): void {
  const responses = config.gatewayResponses;
  if (!responses) return;
  const base = joinPath(ROOT, 'gatewayResponses');
  for (const type of GATEWAY_RESPONSE_TYPES) {
    const response = responses[type];
    if (!response) continue;
    const path = joinPath(base, type);
    const status = response.statusCode === undefined ? undefined : String(response.statusCode);
    if (status && type === 'DEFAULT_4XX' && !status.startsWith('4')) {
      errors.push({
        path: joinPath(path, 'statusCode'),
        message: `${status} is not a 4XX status code, but DEFAULT_4XX answers client errors; use 400-499`,
      });
    }
    if (status && type === 'DEFAULT_5XX' && !status.startsWith('5')) {
      errors.push({
        path: joinPath(path, 'statusCode'),
        message: `${status} is not a 5XX status code, but DEFAULT_5XX answers server errors; use 500-599`,
      });
    }
    if (typeof response.body === 'string') {
      const directive = /#(if|foreach|set|macro|parse|include|define)\b/.exec(response.body);
      if (directive) {
        errors.push({
          path: joinPath(path, 'body'),
          message: `#${directive[1]} is not supported in a gateway response template: API Gateway only substitutes variables there ($context.error.messageString, $context.requestId, $stageVariables.x …); remove the directive`,
        });
      }
    }
  }
}

export function checkEndpointSettings(
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  const endpoints = restEndpoints(config, events);
  for (const endpoint of endpoints) {
    checkCaching(config, endpoint, core, result.errors);
    checkThrottling(config, endpoint, core, result);
  }
  checkCors(config, endpoints, result);
  checkGatewayResponses(config, result.errors);
  return result;
}
