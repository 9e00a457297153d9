/**
 * Semantic checks of the REST API's own settings: agreement with core's provider settings (one
 * place for each), a shared API's settings, VPC endpoints of a non-PRIVATE API. Same issue format
 * as schema validation.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import type { ApiGatewayConfig } from '../../config/types.generated';

const ROOT_PATH = 'custom.apiGateway';

/** Enum-like values (endpoint type, key source) compare case-insensitively, as core reads them. */
function same(a: unknown, b: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof a === 'string' && typeof b === 'string')
    return a.toUpperCase() === b.toUpperCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

const CASE_INSENSITIVE_KEYS = new Set(['endpointType', 'apiKeySource']);

function show(value: unknown): string {
  return JSON.stringify(value);
}

/** Each restApi key and the core setting that says the same thing. */
function corePairs(
  core: CoreSettings,
): Array<[keyof NonNullable<ApiGatewayConfig['restApi']>, string, unknown]> {
  return [
    ['name', 'provider.apiName', core.apiName],
    ['description', 'provider.apiGateway.description', core.description],
    ['endpointType', 'provider.endpointType', core.endpointType],
    ['vpcEndpointIds', 'provider.vpcEndpointIds', core.vpcEndpointIds],
    ['binaryMediaTypes', 'provider.apiGateway.binaryMediaTypes', core.binaryMediaTypes],
    [
      'minimumCompressionSize',
      'provider.apiGateway.minimumCompressionSize',
      core.minimumCompressionSize,
    ],
    ['apiKeySource', 'provider.apiGateway.apiKeySourceType', core.apiKeySourceType],
    [
      'disableExecuteApiEndpoint',
      'provider.apiGateway.disableDefaultEndpoint',
      core.disableDefaultEndpoint,
    ],
  ];
}

function checkSettings(config: ApiGatewayConfig, core: CoreSettings, errors: ConfigIssue[]): void {
  const restApi = config.restApi ?? {};
  const restApiPath = joinPath(ROOT_PATH, 'restApi');
  if (core.sharedRestApiId !== undefined && Object.keys(restApi).length > 0) {
    errors.push({
      path: restApiPath,
      message:
        'this service attaches to a shared REST API (provider.apiGateway.restApiId), whose settings belong to the stack that created it; remove custom.apiGateway.restApi here and set them in that service',
    });
    return;
  }
  for (const [key, corePath, coreValue] of corePairs(core)) {
    const ours = restApi[key];
    if (
      ours !== undefined &&
      coreValue !== undefined &&
      !same(ours, coreValue, CASE_INSENSITIVE_KEYS.has(key))
    ) {
      errors.push({
        path: joinPath(restApiPath, key),
        message: `${show(ours)} contradicts ${corePath} ${show(coreValue)}; set it in one place (remove ${corePath}, or make both equal)`,
      });
    }
  }
  const endpointType = (restApi.endpointType ?? core.endpointType ?? 'EDGE').toUpperCase();
  const vpcEndpointIds = restApi.vpcEndpointIds ?? core.vpcEndpointIds;
  if (vpcEndpointIds && endpointType !== 'PRIVATE') {
    // Name the setting the user wrote: ours, or core's when ours is not set.
    const path = restApi.vpcEndpointIds
      ? joinPath(restApiPath, 'vpcEndpointIds')
      : restApi.endpointType
        ? joinPath(restApiPath, 'endpointType')
        : 'provider.vpcEndpointIds';
    errors.push({
      path,
      message: `VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is ${endpointType}; set endpointType: PRIVATE or remove vpcEndpointIds`,
    });
  }
}

export function checkRestApi(
  config: ApiGatewayConfig,
  _events: unknown,
  core: CoreSettings,
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  checkSettings(config, core, result.errors);
  return result;
}
