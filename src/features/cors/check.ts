/**
 * Semantic checks of CORS (issue 4) on every REST endpoint: credentials with a wildcard origin,
 * preflights core or an OPTIONS route already answers, and endpoints of one path whose CORS
 * differ (a path has one preflight). Same issue format as schema validation.
 */
import { describeEndpoint } from '../../common/http-endpoint';
import { type RestEndpoint, restEndpoints } from '../../common/rest-endpoints';
import type { EventsByKind } from '../../common/events';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import { corsDifferences, resolveEndpointCors, resolveServiceCors } from './resolve';
import type { ApiGatewayConfig } from '../../config/types.generated';

const ROOT = 'custom.apiGateway';

/** `functions.x.events[0].http` (core's own keys live there). */
function eventPath(endpoint: RestEndpoint): string {
  return endpoint.configPath.replace(/\.apiGateway$/, '');
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

function checkPaths(config: ApiGatewayConfig, endpoints: RestEndpoint[], result: SemanticResult) {
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

export function checkCors(config: ApiGatewayConfig, events: EventsByKind): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  checkPaths(config, restEndpoints(config, events), result);
  return result;
}
