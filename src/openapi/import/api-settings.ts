/**
 * The API-level extensions of a definition that are also RestApi properties (API key source,
 * binary media types, compression, endpoint configuration, policy, security policy, endpoint access
 * mode, tags). CloudFormation applies a RestApi's properties over its Body, and the plugin writes
 * some of them itself (the endpoint configuration always): the document's values are written as
 * properties too, so what the document says is what the API gets. A value set both in the document
 * and in the config must agree. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ApiGatewayConfig } from '../../config/types.generated';
import { resolveRestApi } from '../../features/rest-api/resolve';
import type { CoreSettings } from '../../pipeline/core-settings';
import type { ConfigIssue } from '../../pipeline/issues';
import type { OpenApiDocument } from '../types';
import { formatPointer } from './leniency';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export interface DefinitionApiSettings {
  /** RestApi properties, each with the pointer of the extension it comes from. */
  readonly properties: Readonly<Record<string, { value: unknown; pointer: string }>>;
  /** `x-amazon-apigateway-tag-value` of the root `tags`, by tag name. */
  readonly tags: Readonly<Record<string, string>>;
}

const SIMPLE: ReadonlyArray<[extension: string, property: string]> = [
  ['x-amazon-apigateway-api-key-source', 'ApiKeySourceType'],
  ['x-amazon-apigateway-binary-media-types', 'BinaryMediaTypes'],
  ['x-amazon-apigateway-minimum-compression-size', 'MinimumCompressionSize'],
  ['x-amazon-apigateway-policy', 'Policy'],
  ['x-amazon-apigateway-security-policy', 'SecurityPolicy'],
  ['x-amazon-apigateway-endpoint-access-mode', 'EndpointAccessMode'],
];

const ENDPOINT_CONFIGURATION = 'x-amazon-apigateway-endpoint-configuration';

export function definitionApiSettings(document: OpenApiDocument): DefinitionApiSettings {
  const doc = document as Json;
  const properties: Record<string, { value: unknown; pointer: string }> = {};
  for (const [extension, property] of SIMPLE) {
    if (doc[extension] !== undefined) {
      properties[property] = { value: doc[extension], pointer: `/${extension}` };
    }
  }
  const endpoint = doc[ENDPOINT_CONFIGURATION];
  if (isObject(endpoint)) {
    const at = `/${ENDPOINT_CONFIGURATION}`;
    if (Array.isArray(endpoint.vpcEndpointIds))
      properties.VpcEndpointIds = {
        value: endpoint.vpcEndpointIds,
        pointer: `${at}/vpcEndpointIds`,
      };
    if (typeof endpoint.ipAddressType === 'string')
      properties.IpAddressType = { value: endpoint.ipAddressType, pointer: `${at}/ipAddressType` };
    if (typeof endpoint.disableExecuteApiEndpoint === 'boolean')
      properties.DisableExecuteApiEndpoint = {
        value: endpoint.disableExecuteApiEndpoint,
        pointer: `${at}/disableExecuteApiEndpoint`,
      };
  }
  const tags: Record<string, string> = {};
  for (const tag of Array.isArray(doc.tags) ? doc.tags : []) {
    if (!isObject(tag) || typeof tag.name !== 'string') continue;
    const value = tag['x-amazon-apigateway-tag-value'];
    if (typeof value === 'string') tags[tag.name] = value;
  }
  return { properties, tags };
}

/**
 * The RestApi properties with the document's settings written over them: the endpoint
 * configuration keeps its type, tags merge by key (validation made sure they agree).
 */
export function applyApiSettings(current: Readonly<Json>, settings: DefinitionApiSettings): Json {
  const result: Json = { ...current };
  for (const [property, { value }] of Object.entries(settings.properties)) {
    if (property === 'VpcEndpointIds' || property === 'IpAddressType') {
      const endpoint = isObject(result.EndpointConfiguration) ? result.EndpointConfiguration : {};
      result.EndpointConfiguration = { ...endpoint, [property]: value };
    } else {
      result[property] = value;
    }
  }
  const names = Object.keys(settings.tags);
  if (names.length > 0) {
    const existing = (Array.isArray(result.Tags) ? result.Tags : []) as Array<{
      Key: string;
      Value: unknown;
    }>;
    const byKey = new Map(existing.map((tag) => [tag.Key, tag.Value]));
    for (const name of names) if (!byKey.has(name)) byKey.set(name, settings.tags[name]);
    result.Tags = [...byKey.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([Key, Value]) => ({ Key, Value }));
  }
  return result;
}

const DEFINITION = 'custom.apiGateway.openapi.definition';

/** Values set both by the document and by the config (or core's provider settings) must agree. */
export function checkApiSettings(
  settings: DefinitionApiSettings,
  definitionPath: string,
  raw: ApiGatewayConfig,
  core: CoreSettings,
): ConfigIssue[] {
  const api = resolveRestApi(raw, core);
  const configured: Record<string, { value: unknown; path: string } | undefined> = {
    ApiKeySourceType:
      api.apiKeySource === undefined
        ? undefined
        : { value: api.apiKeySource, path: 'custom.apiGateway.restApi.apiKeySource' },
    BinaryMediaTypes:
      api.binaryMediaTypes === undefined
        ? undefined
        : { value: api.binaryMediaTypes, path: 'custom.apiGateway.restApi.binaryMediaTypes' },
    MinimumCompressionSize:
      api.minimumCompressionSize === undefined
        ? undefined
        : {
            value: api.minimumCompressionSize,
            path: 'custom.apiGateway.restApi.minimumCompressionSize',
          },
    VpcEndpointIds:
      api.vpcEndpointIds === undefined
        ? undefined
        : { value: api.vpcEndpointIds, path: 'custom.apiGateway.restApi.vpcEndpointIds' },
    DisableExecuteApiEndpoint:
      api.disableExecuteApiEndpoint === undefined
        ? undefined
        : {
            value: api.disableExecuteApiEndpoint,
            path: 'custom.apiGateway.restApi.disableExecuteApiEndpoint',
          },
    Policy:
      raw.restApi?.policy !== undefined
        ? { value: undefined, path: 'custom.apiGateway.restApi.policy' }
        : core.resourcePolicy !== undefined
          ? { value: undefined, path: 'provider.apiGateway.resourcePolicy' }
          : undefined,
  };
  const issues: ConfigIssue[] = [];
  for (const [property, { value, pointer }] of Object.entries(settings.properties)) {
    const other = configured[property];
    if (!other || isDeepStrictEqual(other.value, value)) continue;
    issues.push({
      path: DEFINITION,
      message:
        property === 'Policy'
          ? `${definitionPath} ${formatPointer(pointer)} and ${other.path} both set the REST API's resource policy; keep one of them`
          : `${definitionPath} ${formatPointer(pointer)} is ${JSON.stringify(value)} and ${other.path} is ${JSON.stringify(other.value)}: set it in one place, or make them agree`,
    });
  }
  for (const [name, value] of Object.entries(settings.tags)) {
    const own = api.tags[name];
    if (own !== undefined && own !== value) {
      issues.push({
        path: DEFINITION,
        message: `${definitionPath} tags the API ${name}=${value} (x-amazon-apigateway-tag-value) and custom.apiGateway.restApi.tags.${name} is ${own}: set it in one place, or make them agree`,
      });
    }
  }
  return issues;
}
