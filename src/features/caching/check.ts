/**
 * Semantic checks of per-endpoint caching and throttling (issue 4), on every REST endpoint: http
 * events and routes alike (src/common/rest-endpoints.ts). Same issue format as schema validation.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMean } from '../../common/did-you-mean';
import { describeEndpoint, pathParameters } from '../../common/http-endpoint';
import { type RestEndpoint, restEndpoints } from '../../common/rest-endpoints';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';
import { mergeStageEntries } from '../stage/resolve';
import { cachingRequested, hasThrottling, UNSAFE_METHODS } from './resolve';
import type { ApiGatewayConfig } from '../../config/types.generated';

function checkEndpointCaching(
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

export const checkCaching: FeatureCheck = (config, events, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  for (const endpoint of restEndpoints(config, events)) {
    checkEndpointCaching(config, endpoint, core, result.errors);
    checkThrottling(config, endpoint, core, result);
  }
  return result;
};
