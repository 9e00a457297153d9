/**
 * The OpenAPI document of a REST API built from the packaged CloudFormation template, without
 * AWS: paths from the Method and Resource resources, parameters from Method.RequestParameters,
 * request bodies from Models, responses from method/integration responses and the configured
 * gateway responses, security schemes from Authorizers and API keys, and with `extensions` the
 * `x-amazon-apigateway-*` extensions as API Gateway writes them. Pure and deterministic: the same
 * template gives the same document, keys in a stable order.
 */
import { resourcePath } from '../cloudformation/rest-paths';
import type { CfnObject, CfnResource, CfnTemplate } from '../cloudformation/template';
import { buildHttpApiDocument } from './offline-http';
import { OpenApiExportError } from './errors';
import { cloudFormationValue, referencedId, renderValue } from './intrinsics';
import { toSchemaObject } from './schema';
import type { ApiKind, ExportExtensions, ExportType, OpenApiDocument } from './types';

export interface OfflineOptions {
  type: ExportType;
  extensions?: ExportExtensions;
  /** Which API of the template; undefined: the only one there is. */
  api?: ApiKind | 'websocket';
  stageName: string;
  region: string;
  /** info.title when the template's API name is not a plain string (e.g. a shared API). */
  fallbackTitle: string;
  /**
   * `export` (default): a document for people and tools, deploy-time values written in Fn::Sub
   * notation. `body`: the RestApi `Body` of body mode (REST only): values CloudFormation resolves
   * stay intrinsic functions, and what the RestApi's own properties already say (servers, binary
   * media types, policy…) or what API Gateway answers itself (gateway responses) is left out, so
   * importing the document gives the API the Method/Resource resources would.
   */
  target?: 'export' | 'body';
}

export interface OfflineResult {
  kind: ApiKind;
  document: OpenApiDocument;
  /** Things the document cannot say exactly; the command logs them. */
  warnings: string[];
}

/** info.version of an offline document; set custom.apiGateway.openapi.info.version. */
export const OFFLINE_VERSION = '1.0.0';

export function buildOfflineDocument(
  template: CfnTemplate,
  options: OfflineOptions,
): OfflineResult {
  if (options.extensions === 'postman') {
    throw new OpenApiExportError(
      "Postman extensions are written by API Gateway's export only: drop --offline to export the " +
        'deployed stage with them, or use --extensions integrations, apigateway or authorizers offline.',
      'unsupported',
    );
  }
  const kind = chooseApi(template, options.api);
  if (kind === 'http') {
    if (options.type !== 'oas30') {
      throw new OpenApiExportError(
        'HTTP APIs are described in OpenAPI 3.0 only (as API Gateway exports them): use --type oas30.',
        'unsupported',
      );
    }
    return { kind, ...buildHttpApiDocument(template, options) };
  }
  return { kind, ...buildRestApiDocument(template, options) };
}

function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .sort(([a], [b]) => compare(a, b));
}

function v2Apis(template: CfnTemplate, protocol: string): Array<[string, CfnResource]> {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Api').filter(
    ([, api]) => api.Properties?.ProtocolType === protocol,
  );
}

function chooseApi(template: CfnTemplate, api: OfflineOptions['api']): ApiKind {
  const websocketRefusal = () =>
    new OpenApiExportError(
      'WebSocket APIs cannot be described in OpenAPI: API Gateway exports REST APIs (OpenAPI 3.0 ' +
        'and Swagger 2.0) and HTTP APIs (OpenAPI 3.0) only.',
      'unsupported',
    );
  if (api === 'websocket') throw websocketRefusal();
  const hasRest = resourcesOfType(template, 'AWS::ApiGateway::Method').length > 0;
  const hasHttp = v2Apis(template, 'HTTP').length > 0;
  if (api === 'rest' || api === 'http') {
    if (api === 'rest' ? hasRest : hasHttp) return api;
    throw new OpenApiExportError(
      `The packaged template has no ${api === 'rest' ? 'REST API methods (http events)' : 'HTTP API (httpApi events)'}` +
        `${hasRest || hasHttp ? `; it has ${hasRest ? 'a REST API: use --api rest' : 'an HTTP API: use --api http'}` : ''}.`,
      'no-api',
    );
  }
  if (hasRest && hasHttp) {
    throw new OpenApiExportError(
      'The service has both a REST API (http events) and an HTTP API (httpApi events): choose one ' +
        'with --api rest or --api http.',
      'usage',
    );
  }
  if (hasRest) return 'rest';
  if (hasHttp) return 'http';
  if (v2Apis(template, 'WEBSOCKET').length > 0) throw websocketRefusal();
  throw new OpenApiExportError(
    'The packaged template has no REST or HTTP API to describe: add http or httpApi events to a function.',
    'no-api',
  );
}

// ---------------------------------------------------------------------------------------------
// REST APIs

const METHOD_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'ANY'];
const ANY_METHOD = 'x-amazon-apigateway-any-method';

interface Builder {
  template: CfnTemplate;
  options: OfflineOptions;
  oas3: boolean;
  /** All x-amazon-apigateway-* extensions (integrations, validators, API settings). */
  apigatewayExtensions: boolean;
  /** Authorizer extensions (part of the above, or alone with --extensions authorizers). */
  authorizerExtensions: boolean;
  refPrefix: string;
  /** The body of body mode (see OfflineOptions.target). */
  body: boolean;
  /** How a template value is written into the document. */
  value: (value: unknown) => unknown;
  warnings: string[];
  schemas: Record<string, unknown>;
  securitySchemes: Record<string, unknown>;
  models: Map<string, { name: string; resource: CfnResource }>;
  gatewayResponses: GatewayResponse[];
}

interface GatewayResponse {
  type: string;
  statusCode?: string;
  parameters: Record<string, unknown>;
  templates?: unknown;
}

export function buildRestApiDocument(
  template: CfnTemplate,
  options: OfflineOptions,
): { document: OpenApiDocument; warnings: string[] } {
  const oas3 = options.type === 'oas30';
  const body = options.target === 'body';
  const all = body || options.extensions === 'integrations' || options.extensions === 'apigateway';
  const builder: Builder = {
    body,
    value: body ? cloudFormationValue : renderValue,
    template,
    options,
    oas3,
    apigatewayExtensions: all,
    authorizerExtensions: all || options.extensions === 'authorizers',
    refPrefix: oas3 ? '#/components/schemas/' : '#/definitions/',
    warnings: [],
    schemas: {},
    securitySchemes: {},
    models: new Map(
      resourcesOfType(template, 'AWS::ApiGateway::Model').map(([logicalId, resource]) => [
        logicalId,
        { name: stringOr(resource.Properties?.Name, logicalId), resource },
      ]),
    ),
    gatewayResponses: resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse')
      .map(([, resource]) => {
        const properties = resource.Properties ?? {};
        const statusCode = properties.StatusCode;
        return {
          type: String(properties.ResponseType),
          ...(statusCode !== undefined ? { statusCode: renderValue(statusCode) } : {}),
          parameters: (properties.ResponseParameters as Record<string, unknown> | undefined) ?? {},
          templates: properties.ResponseTemplates,
        };
      })
      .sort((a, b) => compare(a.type, b.type)),
  };
  for (const { name, resource } of builder.models.values()) addModelSchema(builder, name, resource);

  const api = resourcesOfType(template, 'AWS::ApiGateway::RestApi')[0]?.[1]?.Properties ?? {};
  const paths: Record<string, Record<string, unknown>> = {};
  const methods = resourcesOfType(template, 'AWS::ApiGateway::Method')
    .map(([logicalId, resource]) => ({
      logicalId,
      properties: resource.Properties ?? {},
      path: resourcePath(template, resource.Properties?.ResourceId),
      httpMethod: String(resource.Properties?.HttpMethod ?? '').toUpperCase(),
    }))
    .sort(
      (a, b) =>
        compare(a.path, b.path) ||
        METHOD_ORDER.indexOf(a.httpMethod) - METHOD_ORDER.indexOf(b.httpMethod),
    );
  for (const method of methods) {
    const item = (paths[method.path] ??= {});
    const key = method.httpMethod === 'ANY' ? ANY_METHOD : method.httpMethod.toLowerCase();
    if (item[key]) {
      builder.warnings.push(
        `${method.logicalId}: a second ${method.httpMethod} ${method.path} was left out of the document`,
      );
      continue;
    }
    item[key] = operation(builder, method.path, method.properties);
  }

  const info = {
    title: stringOr(api.Name, options.fallbackTitle),
    ...(typeof api.Description === 'string' ? { description: api.Description } : {}),
    version: OFFLINE_VERSION,
  };
  const endpointConfiguration = endpointConfigurationExtension(api);
  const document: OpenApiDocument = body
    ? oas3
      ? { openapi: '3.0.1', info, paths: sortedObject(paths) }
      : { swagger: '2.0', info, paths: sortedObject(paths) }
    : oas3
      ? {
          openapi: '3.0.1',
          info,
          servers: [
            {
              url: `https://{restApiId}.execute-api.${options.region}.amazonaws.com/{basePath}`,
              variables: {
                restApiId: {
                  default: 'restApiId',
                  description:
                    'Id of the REST API: the stack output ApiGatewayRestApiId after deploy',
                },
                basePath: { default: options.stageName },
              },
              ...(builder.apigatewayExtensions && endpointConfiguration
                ? { 'x-amazon-apigateway-endpoint-configuration': endpointConfiguration }
                : {}),
            },
          ],
          paths: sortedObject(paths),
        }
      : {
          swagger: '2.0',
          info,
          basePath: `/${options.stageName}`,
          schemes: ['https'],
          paths: sortedObject(paths),
        };
  const schemas = sortedObject(builder.schemas);
  const securitySchemes = sortedObject(builder.securitySchemes);
  if (oas3) {
    const components = {
      ...(Object.keys(schemas).length > 0 ? { schemas } : {}),
      ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes } : {}),
    };
    if (Object.keys(components).length > 0) document.components = components;
  } else {
    if (Object.keys(securitySchemes).length > 0) document.securityDefinitions = securitySchemes;
    if (Object.keys(schemas).length > 0) document.definitions = schemas;
  }
  if (builder.apigatewayExtensions) {
    Object.assign(document, restApiExtensions(builder, api));
    if (!oas3 && endpointConfiguration && !body) {
      document['x-amazon-apigateway-endpoint-configuration'] = endpointConfiguration;
    }
  }
  return { document, warnings: builder.warnings };
}

function operation(builder: Builder, path: string, method: CfnObject): Record<string, unknown> {
  const { oas3 } = builder;
  const result: Record<string, unknown> = {};
  if (typeof method.OperationName === 'string') result.operationId = method.OperationName;

  const requestModels = (method.RequestModels as Record<string, unknown> | undefined) ?? {};
  const contentTypes = Object.keys(requestModels).sort(compare);
  const parameters = methodParameters(builder, path, method);
  if (!oas3 && contentTypes.length > 0) {
    const contentType = contentTypes.includes('application/json')
      ? 'application/json'
      : contentTypes[0];
    const model = modelReference(builder, requestModels[contentType]);
    parameters.push({
      in: 'body',
      name: model,
      required: true,
      schema: { $ref: `${builder.refPrefix}${model}` },
    });
  }
  if (!oas3 && contentTypes.length > 0) result.consumes = contentTypes;
  const responses = methodResponses(builder, method);
  if (!oas3) {
    const produces = [...new Set(responseContentTypes(method))].sort(compare);
    if (produces.length > 0) result.produces = produces;
  }
  if (parameters.length > 0) result.parameters = parameters;
  if (oas3 && contentTypes.length > 0) {
    result.requestBody = {
      content: Object.fromEntries(
        contentTypes.map((contentType) => [
          contentType,
          {
            schema: {
              $ref: `${builder.refPrefix}${modelReference(builder, requestModels[contentType])}`,
            },
          },
        ]),
      ),
      required: true,
    };
  }
  result.responses = responses;
  const security = securityRequirement(builder, method);
  if (security) result.security = [security];

  if (builder.apigatewayExtensions) {
    const validator = referencedId(method.RequestValidatorId);
    const validatorResource = validator ? builder.template.Resources[validator] : undefined;
    if (validatorResource?.Type === 'AWS::ApiGateway::RequestValidator') {
      result['x-amazon-apigateway-request-validator'] = validatorName(
        validator as string,
        validatorResource,
      );
    }
    const integration = integrationExtension(
      method.Integration as CfnObject | undefined,
      builder.value,
    );
    if (integration) result['x-amazon-apigateway-integration'] = integration;
  }
  return result;
}

// --- parameters

const PARAMETER_LOCATIONS: Record<string, { in: string; multi: boolean }> = {
  path: { in: 'path', multi: false },
  querystring: { in: 'query', multi: false },
  multivaluequerystring: { in: 'query', multi: true },
  header: { in: 'header', multi: false },
  multivalueheader: { in: 'header', multi: true },
};
const LOCATION_ORDER = ['path', 'query', 'header'];

function methodParameters(
  builder: Builder,
  path: string,
  method: CfnObject,
): Array<Record<string, unknown>> {
  const found = new Map<string, { in: string; name: string; required: boolean; multi: boolean }>();
  // Every path variable is a required parameter, declared or not ({proxy+} is named proxy).
  for (const match of path.matchAll(/\{([^}+]+)\+?\}/g)) {
    found.set(`path ${match[1]}`, { in: 'path', name: match[1], required: true, multi: false });
  }
  const declared = (method.RequestParameters as Record<string, unknown> | undefined) ?? {};
  for (const [key, required] of Object.entries(declared)) {
    const parsed = /^method\.request\.([a-z]+)\.(.+)$/.exec(key);
    const location = parsed ? PARAMETER_LOCATIONS[parsed[1]] : undefined;
    if (!parsed || !location) {
      builder.warnings.push(
        `request parameter ${key} is not a method.request.{path|querystring|header}.<name>; left out`,
      );
      continue;
    }
    const id = `${location.in} ${parsed[2]}`;
    if (location.in === 'path' && !found.has(id)) continue;
    found.set(id, {
      in: location.in,
      name: parsed[2],
      required: location.in === 'path' || required === true,
      multi: location.multi,
    });
  }
  return [...found.values()]
    .sort(
      (a, b) =>
        LOCATION_ORDER.indexOf(a.in) - LOCATION_ORDER.indexOf(b.in) || compare(a.name, b.name),
    )
    .map((parameter) => {
      const common = { name: parameter.name, in: parameter.in, required: parameter.required };
      const stringSchema = { type: 'string' };
      const schema = parameter.multi ? { type: 'array', items: stringSchema } : stringSchema;
      if (builder.oas3) return { ...common, schema };
      return {
        ...common,
        ...schema,
        ...(parameter.multi
          ? { collectionFormat: parameter.in === 'query' ? 'multi' : 'csv' }
          : {}),
      };
    });
}

// --- models

const BUILT_IN_MODELS: Record<string, Record<string, unknown>> = {
  Empty: { title: 'Empty Schema', type: 'object' },
  Error: { title: 'Error Schema', type: 'object', properties: { message: { type: 'string' } } },
};

function addModelSchema(builder: Builder, name: string, resource: CfnResource): void {
  let schema = resource.Properties?.Schema;
  if (typeof schema === 'string') {
    try {
      schema = JSON.parse(schema) as unknown;
    } catch {
      builder.warnings.push(`model ${name}: its Schema is not JSON; described as an object`);
      schema = { type: 'object' };
    }
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || isIntrinsic(schema)) {
    builder.warnings.push(
      `model ${name}: its Schema is only known at deploy time; described as an object`,
    );
    schema = { type: 'object' };
  }
  builder.schemas[name] = toSchemaObject(schema, {
    type: builder.options.type,
    refPrefix: builder.refPrefix,
    subject: `model ${name}`,
    warn: (message) => builder.warnings.push(message),
  });
}

/** The schema name a RequestModels/ResponseModels value points at; adds built-ins on demand. */
function modelReference(builder: Builder, value: unknown): string {
  const logicalId = referencedId(value);
  if (logicalId) {
    const model = builder.models.get(logicalId);
    if (model) return model.name;
  }
  const name = logicalId ?? renderValue(value);
  if (!(name in builder.schemas)) {
    const builtIn = BUILT_IN_MODELS[name];
    if (!builtIn)
      builder.warnings.push(`model ${name} is not defined in the template; described as an object`);
    builder.schemas[name] = builtIn ?? { type: 'object' };
  }
  return name;
}

// --- responses

function responseContentTypes(method: CfnObject): string[] {
  return ((method.MethodResponses as CfnObject[] | undefined) ?? []).flatMap((response) =>
    Object.keys((response.ResponseModels as CfnObject | undefined) ?? {}),
  );
}

function methodResponses(builder: Builder, method: CfnObject): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const integration = (method.Integration as CfnObject | undefined) ?? {};
  const integrationResponses = (integration.IntegrationResponses as CfnObject[] | undefined) ?? [];
  const methodResponseList = [...((method.MethodResponses as CfnObject[] | undefined) ?? [])].sort(
    (a, b) => compare(String(a.StatusCode), String(b.StatusCode)),
  );
  for (const response of methodResponseList) {
    const statusCode = renderValue(response.StatusCode);
    const mapped = integrationResponses.filter(
      (candidate) => renderValue(candidate.StatusCode) === statusCode,
    );
    const headers: Record<string, unknown> = {};
    const declared = Object.keys((response.ResponseParameters as CfnObject | undefined) ?? {}).sort(
      compare,
    );
    for (const key of declared) {
      const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
      if (!name) continue;
      headers[name] = header(builder, staticValues(mapped, key));
    }
    const models = (response.ResponseModels as CfnObject | undefined) ?? {};
    const contentTypes = Object.keys(models).sort(compare);
    const entry: Record<string, unknown> = { description: `${statusCode} response` };
    if (Object.keys(headers).length > 0) entry.headers = headers;
    if (contentTypes.length > 0) {
      if (builder.oas3) {
        entry.content = Object.fromEntries(
          contentTypes.map((contentType) => [
            contentType,
            {
              schema: {
                $ref: `${builder.refPrefix}${modelReference(builder, models[contentType])}`,
              },
            },
          ]),
        );
      } else {
        const contentType = contentTypes.includes('application/json')
          ? 'application/json'
          : contentTypes[0];
        entry.schema = {
          $ref: `${builder.refPrefix}${modelReference(builder, models[contentType])}`,
        };
      }
    }
    responses[statusCode] = entry;
  }
  if (Object.keys(responses).length === 0) {
    const type = String(integration.Type ?? '').toUpperCase();
    responses.default = {
      // A body repeats this on every proxy method of an API that can have a thousand: keep it short.
      description: builder.body
        ? 'Integration response'
        : type === 'AWS_PROXY'
          ? 'The response of the Lambda function (proxy integration): status code, headers and body as the function returns them'
          : type === 'HTTP_PROXY'
            ? 'The response of the HTTP backend, passed through (proxy integration)'
            : 'The response of the integration',
    };
  }
  // Gateway responses are API Gateway's own answers, not the method's: a body leaves them out.
  if (!builder.body) addGatewayResponses(builder, method, responses);
  return responses;
}

/** The literal values (`'value'`) mapped onto a method response header, when all of them are. */
function staticValues(integrationResponses: CfnObject[], key: string): string[] | undefined {
  const values = integrationResponses.map(
    (response) => (response.ResponseParameters as CfnObject | undefined)?.[key],
  );
  if (values.length === 0) return undefined;
  const literals = values.map((value) =>
    typeof value === 'string' ? /^'(.*)'$/s.exec(value)?.[1] : undefined,
  );
  if (literals.some((value) => value === undefined)) return undefined;
  return [...new Set(literals as string[])].sort(compare);
}

function header(builder: Builder, values: string[] | undefined): Record<string, unknown> {
  const schema = { type: 'string', ...(values ? { enum: values } : {}) };
  return builder.oas3 ? { schema } : schema;
}

/** Gateway response default status codes (API Gateway developer guide). */
const GATEWAY_RESPONSE_STATUS: Record<string, string> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400',
  BAD_REQUEST_PARAMETERS: '400',
  DEFAULT_4XX: '4XX',
  DEFAULT_5XX: '5XX',
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};

/** Whether a configured gateway response can answer this method. */
function gatewayResponseApplies(builder: Builder, type: string, method: CfnObject): boolean {
  const authorization = String(method.AuthorizationType ?? 'NONE').toUpperCase();
  const customAuth = authorization === 'CUSTOM' || authorization === 'COGNITO_USER_POOLS';
  switch (type) {
    case 'UNAUTHORIZED':
    case 'AUTHORIZER_FAILURE':
    case 'AUTHORIZER_CONFIGURATION_ERROR':
      return customAuth;
    case 'ACCESS_DENIED':
      return authorization !== 'NONE';
    case 'INVALID_SIGNATURE':
    case 'EXPIRED_TOKEN':
    case 'MISSING_AUTHENTICATION_TOKEN':
      return authorization === 'AWS_IAM';
    case 'INVALID_API_KEY':
    case 'QUOTA_EXCEEDED':
      return method.ApiKeyRequired === true;
    case 'BAD_REQUEST_BODY':
      return (
        validates(builder, method, 'ValidateRequestBody') &&
        Object.keys((method.RequestModels as CfnObject | undefined) ?? {}).length > 0
      );
    case 'BAD_REQUEST_PARAMETERS':
      return (
        validates(builder, method, 'ValidateRequestParameters') &&
        Object.values((method.RequestParameters as CfnObject | undefined) ?? {}).some(
          (required) => required === true,
        )
      );
    case 'RESOURCE_NOT_FOUND':
      return false;
    default:
      return true;
  }
}

function validates(builder: Builder, method: CfnObject, property: string): boolean {
  const id = referencedId(method.RequestValidatorId);
  return id !== undefined && builder.template.Resources[id]?.Properties?.[property] === true;
}

function addGatewayResponses(
  builder: Builder,
  method: CfnObject,
  responses: Record<string, unknown>,
): void {
  const byStatus = new Map<string, GatewayResponse[]>();
  for (const response of builder.gatewayResponses) {
    if (!gatewayResponseApplies(builder, response.type, method)) continue;
    const statusCode = response.statusCode ?? GATEWAY_RESPONSE_STATUS[response.type];
    // Swagger 2.0 has no status code ranges.
    if (!statusCode || (!builder.oas3 && /X/.test(statusCode))) continue;
    if (responses[statusCode]) continue;
    byStatus.set(statusCode, [...(byStatus.get(statusCode) ?? []), response]);
  }
  for (const [statusCode, list] of [...byStatus].sort(([a], [b]) => compare(a, b))) {
    const headers: Record<string, unknown> = {};
    const names = new Set<string>();
    for (const response of list) {
      for (const key of Object.keys(response.parameters)) {
        const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
        if (name) names.add(name);
      }
    }
    for (const name of [...names].sort(compare)) {
      const values = list.map((response) => response.parameters[`gatewayresponse.header.${name}`]);
      const literals = values.map((value) =>
        typeof value === 'string' ? /^'(.*)'$/s.exec(value)?.[1] : undefined,
      );
      headers[name] = header(
        builder,
        literals.every((value) => value !== undefined)
          ? [...new Set(literals as string[])].sort(compare)
          : undefined,
      );
    }
    responses[statusCode] = {
      description: `API Gateway response ${list.map((response) => response.type).join(', ')}`,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    };
  }
}

// --- security

function securityRequirement(
  builder: Builder,
  method: CfnObject,
): Record<string, unknown[]> | undefined {
  const requirement: Record<string, unknown[]> = {};
  const authorization = String(method.AuthorizationType ?? 'NONE').toUpperCase();
  if (authorization === 'AWS_IAM') {
    builder.securitySchemes.sigv4 = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      ...(builder.authorizerExtensions ? { 'x-amazon-apigateway-authtype': 'awsSigv4' } : {}),
    };
    requirement.sigv4 = [];
  } else if (authorization === 'CUSTOM' || authorization === 'COGNITO_USER_POOLS') {
    const id = referencedId(method.AuthorizerId);
    const authorizer = id ? builder.template.Resources[id] : undefined;
    if (id && authorizer?.Type === 'AWS::ApiGateway::Authorizer') {
      const name = stringOr(authorizer.Properties?.Name, id);
      builder.securitySchemes[name] = authorizerScheme(builder, authorizer.Properties ?? {});
      // OpenAPI allows scopes on OAuth2/OpenID schemes only; API Gateway writes them anyway.
      const scopes = (method.AuthorizationScopes as unknown[] | undefined) ?? [];
      requirement[name] = builder.authorizerExtensions
        ? scopes.map((scope) => builder.value(scope))
        : [];
    } else {
      builder.warnings.push(
        `an ${authorization} method has an authorizer that is not in the template; its security is left out`,
      );
    }
  }
  if (method.ApiKeyRequired === true) {
    builder.securitySchemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
    requirement.api_key = [];
  }
  return Object.keys(requirement).length > 0 ? requirement : undefined;
}

function authorizerScheme(builder: Builder, authorizer: CfnObject): Record<string, unknown> {
  const type = String(authorizer.Type ?? 'TOKEN').toUpperCase();
  const sources = renderValue(authorizer.IdentitySource ?? '')
    .split(',')
    .map((source) => source.trim())
    .filter(Boolean);
  const first = /^method\.request\.(header|querystring)\.(.+)$/.exec(sources[0] ?? '');
  const location =
    type === 'REQUEST' && sources.length !== 1
      ? { name: 'Unused', in: 'header' }
      : first
        ? { name: first[2], in: first[1] === 'header' ? 'header' : 'query' }
        : { name: 'Authorization', in: 'header' };
  const scheme: Record<string, unknown> = { type: 'apiKey', ...location };
  if (!builder.authorizerExtensions) return scheme;
  const cognito = type === 'COGNITO_USER_POOLS';
  const extension: Record<string, unknown> = {
    type: cognito ? 'cognito_user_pools' : type.toLowerCase(),
  };
  if (cognito) {
    extension.providerARNs = ((authorizer.ProviderARNs as unknown[] | undefined) ?? []).map((arn) =>
      builder.value(arn),
    );
  } else {
    if (authorizer.AuthorizerUri !== undefined)
      extension.authorizerUri = builder.value(authorizer.AuthorizerUri);
    if (authorizer.AuthorizerCredentials !== undefined) {
      extension.authorizerCredentials = builder.value(authorizer.AuthorizerCredentials);
    }
  }
  if (type === 'REQUEST' && sources.length > 0) extension.identitySource = sources.join(', ');
  if (authorizer.IdentityValidationExpression !== undefined) {
    extension.identityValidationExpression = builder.value(authorizer.IdentityValidationExpression);
  }
  if (authorizer.AuthorizerResultTtlInSeconds !== undefined) {
    extension.authorizerResultTtlInSeconds = authorizer.AuthorizerResultTtlInSeconds;
  }
  scheme['x-amazon-apigateway-authtype'] = cognito ? 'cognito_user_pools' : 'custom';
  scheme['x-amazon-apigateway-authorizer'] = extension;
  return scheme;
}

// --- x-amazon-apigateway-* extensions

function integrationExtension(
  integration: CfnObject | undefined,
  value: (value: unknown) => unknown,
): Record<string, unknown> | undefined {
  if (!integration) return undefined;
  const result: Record<string, unknown> = {};
  const lower = (item: unknown) => {
    const converted = value(item);
    return typeof converted === 'string' ? converted.toLowerCase() : converted;
  };
  const map = (item: unknown) => convertMap(item, value);
  const fields: Array<[string, string, (value: unknown) => unknown]> = [
    ['Type', 'type', lower],
    ['IntegrationHttpMethod', 'httpMethod', value],
    ['Uri', 'uri', value],
    ['ConnectionType', 'connectionType', value],
    ['ConnectionId', 'connectionId', value],
    ['Credentials', 'credentials', value],
    ['PassthroughBehavior', 'passthroughBehavior', lower],
    ['ContentHandling', 'contentHandling', value],
    ['TimeoutInMillis', 'timeoutInMillis', (item) => item],
    ['CacheNamespace', 'cacheNamespace', value],
    ['CacheKeyParameters', 'cacheKeyParameters', (item) => (item as unknown[]).map(value)],
    ['RequestParameters', 'requestParameters', map],
    ['RequestTemplates', 'requestTemplates', map],
  ];
  for (const [property, key, convert] of fields) {
    if (integration[property] !== undefined) result[key] = convert(integration[property]);
  }
  const responses = (integration.IntegrationResponses as CfnObject[] | undefined) ?? [];
  if (responses.length > 0) {
    const entries = responses.map((response): [string, Record<string, unknown>] => {
      const pattern = response.SelectionPattern;
      const entry: Record<string, unknown> = { statusCode: renderValue(response.StatusCode) };
      if (response.ResponseParameters !== undefined)
        entry.responseParameters = map(response.ResponseParameters);
      if (response.ResponseTemplates !== undefined)
        entry.responseTemplates = map(response.ResponseTemplates);
      if (response.ContentHandling !== undefined)
        entry.contentHandling = value(response.ContentHandling);
      return [pattern === undefined || pattern === '' ? 'default' : renderValue(pattern), entry];
    });
    result.responses = sortedObject(Object.fromEntries(entries));
  }
  return result;
}

function restApiExtensions(builder: Builder, apiProperties: CfnObject): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  // A body leaves API settings to the RestApi's own properties (they apply alongside the body).
  const api = builder.body ? {} : apiProperties;
  if (api.ApiKeySourceType !== undefined) {
    extensions['x-amazon-apigateway-api-key-source'] = renderValue(api.ApiKeySourceType);
  }
  if (Array.isArray(api.BinaryMediaTypes) && api.BinaryMediaTypes.length > 0) {
    extensions['x-amazon-apigateway-binary-media-types'] = api.BinaryMediaTypes.map(renderValue);
  }
  if (typeof api.MinimumCompressionSize === 'number') {
    extensions['x-amazon-apigateway-minimum-compression-size'] = api.MinimumCompressionSize;
  }
  if (builder.gatewayResponses.length > 0) {
    extensions['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(
      builder.gatewayResponses.map((response) => [
        response.type,
        {
          ...(response.statusCode !== undefined ? { statusCode: response.statusCode } : {}),
          ...(Object.keys(response.parameters).length > 0
            ? { responseParameters: convertMap(response.parameters, builder.value) }
            : {}),
          ...(response.templates !== undefined
            ? { responseTemplates: convertMap(response.templates, builder.value) }
            : {}),
        },
      ]),
    );
  }
  if (api.Policy && typeof api.Policy === 'object') {
    extensions['x-amazon-apigateway-policy'] = api.Policy;
  }
  const validators = resourcesOfType(builder.template, 'AWS::ApiGateway::RequestValidator');
  if (validators.length > 0) {
    extensions['x-amazon-apigateway-request-validators'] = sortedObject(
      Object.fromEntries(
        validators.map(([logicalId, validator]) => [
          validatorName(logicalId, validator),
          {
            validateRequestBody: validator.Properties?.ValidateRequestBody === true,
            validateRequestParameters: validator.Properties?.ValidateRequestParameters === true,
          },
        ]),
      ),
    );
  }
  return extensions;
}

function endpointConfigurationExtension(api: CfnObject): Record<string, unknown> | undefined {
  const configuration = (api.EndpointConfiguration as CfnObject | undefined) ?? {};
  const result: Record<string, unknown> = {};
  if (api.DisableExecuteApiEndpoint !== undefined) {
    result.disableExecuteApiEndpoint = api.DisableExecuteApiEndpoint === true;
  }
  if (Array.isArray(configuration.VpcEndpointIds) && configuration.VpcEndpointIds.length > 0) {
    result.vpcEndpointIds = configuration.VpcEndpointIds.map(renderValue);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function validatorName(logicalId: string, validator: CfnResource): string {
  return stringOr(validator.Properties?.Name, logicalId);
}

// --- helpers

function convertMap(value: unknown, convert: (value: unknown) => unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object') return {};
  return sortedObject(
    Object.fromEntries(
      Object.entries(value as CfnObject).map(([key, item]) => [key, convert(item)]),
    ),
  );
}

function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/** Code-point order, independent of the locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedObject<T>(value: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => compare(a, b)));
}
