/**
 * The REST API's own settings (`custom.apiGateway.restApi` over core's provider settings), and
 * whether the config asks for a REST API at all. Pure; the result is frozen.
 */
import { sortedRecord } from '../../common/sorted-record';
import type { CoreSettings } from '../../pipeline/core-settings';
import type { CfnValue } from '../stage/resolve';
import type { ApiGatewayConfig, RestApiConfig } from '../../config/types.generated';

export type EndpointType = NonNullable<RestApiConfig['endpointType']>;

export interface ResolvedRestApi {
  /** Set when `provider.apiGateway.restApiId` attaches the service to an API another stack owns. */
  readonly sharedRestApiId?: unknown;
  readonly name?: string;
  readonly description?: string;
  readonly endpointType: EndpointType;
  readonly vpcEndpointIds?: readonly CfnValue[];
  readonly binaryMediaTypes?: readonly string[];
  readonly minimumCompressionSize?: number;
  readonly apiKeySource?: NonNullable<RestApiConfig['apiKeySource']>;
  readonly disableExecuteApiEndpoint?: boolean;
  readonly cloudWatchRole: 'ensure' | 'external' | { readonly roleArn: string };
  readonly tags: Readonly<Record<string, string>>;
}

function resolveCloudWatchRole(
  core: CoreSettings,
  config: RestApiConfig,
): ResolvedRestApi['cloudWatchRole'] {
  const role = config.cloudWatchRole;
  if (role === 'external' || role === 'ensure') return role;
  if (typeof role === 'string') return { roleArn: role };
  if (core.logs?.roleManagedExternally) return 'external';
  if (core.logs?.role) return { roleArn: core.logs.role };
  return 'ensure';
}

/** Upper-cases core's case-insensitive values (`endpointType: regional`). */
function upper<T extends string>(value: string | undefined): T | undefined {
  return value === undefined ? undefined : (value.toUpperCase() as T);
}

export function resolveRestApi(config: ApiGatewayConfig, core: CoreSettings): ResolvedRestApi {
  const restApi = config.restApi ?? {};
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return Object.freeze({
    ...optional('sharedRestApiId', core.sharedRestApiId),
    ...optional('name', restApi.name ?? core.apiName),
    ...optional('description', restApi.description ?? core.description),
    endpointType: restApi.endpointType ?? upper<EndpointType>(core.endpointType) ?? 'EDGE',
    ...optional(
      'vpcEndpointIds',
      (restApi.vpcEndpointIds ?? core.vpcEndpointIds) as CfnValue[] | undefined,
    ),
    ...optional('binaryMediaTypes', restApi.binaryMediaTypes ?? core.binaryMediaTypes),
    ...optional(
      'minimumCompressionSize',
      restApi.minimumCompressionSize ?? core.minimumCompressionSize,
    ),
    ...optional(
      'apiKeySource',
      restApi.apiKeySource ??
        upper<NonNullable<RestApiConfig['apiKeySource']>>(core.apiKeySourceType),
    ),
    ...optional(
      'disableExecuteApiEndpoint',
      restApi.disableExecuteApiEndpoint ?? core.disableDefaultEndpoint,
    ),
    cloudWatchRole: resolveCloudWatchRole(core, restApi),
    tags: sortedRecord({ ...restApi.tags }),
  });
}

/** Keys of `custom.apiGateway` that are about the HTTP or WebSocket API, or about no API at all. */
const NOT_REST_KEYS = new Set<keyof ApiGatewayConfig>([
  'httpApi',
  'websocket',
  'openapi',
  'stageMigration',
  'missingStage',
  // The local gateway's own settings: they never reach the template.
  'local',
  // The security lint reads the packaged template; it changes nothing in it.
  'lint',
]);

/** Whether the config says anything about the REST API (a service of v2 APIs only does not). */
export function configuresRestApi(config: ApiGatewayConfig): boolean {
  return Object.keys(config).some((key) => !NOT_REST_KEYS.has(key as keyof ApiGatewayConfig));
}
