/**
 * Reads a REST API defined by an OpenAPI document (a RestApi `Body`, as body mode and an imported
 * definition produce) into the model, the way API Gateway imports it: paths and operations become
 * methods, `x-amazon-apigateway-integration` their integrations, security schemes with
 * `x-amazon-apigateway-authorizer` authorizers, schemas models, and the API-level extensions the
 * validators, gateway responses and settings. OpenAPI 3.0 and Swagger 2.0.
 */
import { BUILT_IN_MODELS } from '../built-in-models';
import { isRecord, mapOf, pick } from '../order';
import type {
  GatewayResponse,
  IntegrationResponse,
  MethodResponse,
  RestApiModel,
  RestAuthorizer,
  RestIntegration,
  RestMethod,
  RestModel,
} from '../types';
import { OPERATION_METHODS, records, type Json } from './document';
import type { RestDefinition } from './rest-resources';

const OPERATIONS = OPERATION_METHODS;

export type BodySettings = Pick<
  RestApiModel,
  | 'name'
  | 'description'
  | 'apiKeySourceType'
  | 'binaryMediaTypes'
  | 'minimumCompressionSize'
  | 'policy'
  | 'endpointConfiguration'
  | 'disableExecuteApiEndpoint'
>;

export function readRestBody(body: Json): RestDefinition & { settings: BodySettings } {
  const oas3 = typeof body.openapi === 'string';
  const components = isRecord(body.components) ? body.components : {};
  const schemes = records(oas3 ? components.securitySchemes : body.securityDefinitions);
  const schemas = records(oas3 ? components.schemas : body.definitions);
  const defaultValidator = body['x-amazon-apigateway-request-validator'];
  const used = new Set<string>();
  const inlineModels: RestModel[] = [];

  const methods: RestMethod[] = [];
  for (const [path, item] of Object.entries(records(body.paths))) {
    for (const [key, operation] of Object.entries(item)) {
      const httpMethod = OPERATIONS[key];
      if (!httpMethod || !isRecord(operation)) continue;
      const validator = operation['x-amazon-apigateway-request-validator'] ?? defaultValidator;
      const integration = operation['x-amazon-apigateway-integration'];
      const authorization = readSecurity(operation, body, schemes);
      if (authorization.authorizer !== undefined) used.add(authorization.authorizer);
      methods.push({
        path,
        httpMethod,
        ...(typeof operation.operationId === 'string'
          ? { operationName: operation.operationId }
          : {}),
        authorization,
        requestParameters: readParameters(operation, oas3),
        requestModels: requestModels(operation, body, oas3, (contentType, schema) => {
          const name = `${httpMethod} ${path} ${contentType}`;
          inlineModels.push({ name, schema, inline: true });
          return name;
        }),
        ...(typeof validator === 'string' ? { requestValidator: validator } : {}),
        ...(isRecord(integration) ? { integration: readIntegration(integration) } : {}),
        methodResponses: methodResponses(operation, body, oas3),
      });
    }
  }

  // Swagger 2.0 has it at the top; OpenAPI 3.0 in the server object (as API Gateway exports it).
  const servers = Array.isArray(body.servers) ? (body.servers as unknown[]) : [];
  const endpoint =
    body['x-amazon-apigateway-endpoint-configuration'] ??
    servers
      .filter(isRecord)
      .find((server) => isRecord(server['x-amazon-apigateway-endpoint-configuration']))?.[
      'x-amazon-apigateway-endpoint-configuration'
    ];
  const info = isRecord(body.info) ? body.info : {};
  return {
    methods,
    authorizers: Object.entries(schemes)
      .filter(([, scheme]) => isRecord(scheme['x-amazon-apigateway-authorizer']))
      .map(([name, scheme]) => readAuthorizer(name, scheme)),
    requestValidators: Object.entries(records(body['x-amazon-apigateway-request-validators'])).map(
      ([name, validator]) => ({
        name,
        validateRequestBody: validator.validateRequestBody === true,
        validateRequestParameters: validator.validateRequestParameters === true,
      }),
    ),
    models: [
      ...Object.entries(schemas)
        .filter(([name, schema]) => !isBuiltIn(name, schema))
        .map(([name, schema]): RestModel => ({ name, schema })),
      ...inlineModels,
    ],
    gatewayResponses: Object.entries(records(body['x-amazon-apigateway-gateway-responses'])).map(
      ([responseType, response]): GatewayResponse => {
        const templates = mapOf(response.responseTemplates);
        return {
          responseType,
          ...(response.statusCode !== undefined ? { statusCode: String(response.statusCode) } : {}),
          responseParameters: mapOf(response.responseParameters) ?? {},
          ...(templates !== undefined ? { responseTemplates: templates } : {}),
        };
      },
    ),
    settings: {
      ...(typeof info.title === 'string' ? { name: info.title } : {}),
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
      ...pick(body, {
        'x-amazon-apigateway-api-key-source': 'apiKeySourceType',
        'x-amazon-apigateway-binary-media-types': 'binaryMediaTypes',
        'x-amazon-apigateway-minimum-compression-size': 'minimumCompressionSize',
        'x-amazon-apigateway-policy': 'policy',
      }),
      ...(isRecord(endpoint)
        ? {
            endpointConfiguration: pick(endpoint, { vpcEndpointIds: 'vpcEndpointIds' }),
            ...pick(endpoint, { disableExecuteApiEndpoint: 'disableExecuteApiEndpoint' }),
          }
        : {}),
    },
  };
}

function isBuiltIn(name: string, schema: unknown): boolean {
  const builtIn = BUILT_IN_MODELS[name];
  return builtIn !== undefined && JSON.stringify(builtIn) === JSON.stringify(schema);
}

/** `#/components/schemas/Order` → `Order`. */
function refName(schema: unknown): string | undefined {
  const ref = isRecord(schema) ? schema.$ref : undefined;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function readSecurity(
  operation: Json,
  body: Json,
  schemes: Record<string, Json>,
): RestMethod['authorization'] {
  const security = (operation.security ?? body.security) as unknown[] | undefined;
  const requirement = isRecord(security?.[0]) ? security[0] : {};
  const result: RestMethod['authorization'] = { type: 'NONE', scopes: [], apiKeyRequired: false };
  for (const [name, scopes] of Object.entries(requirement)) {
    const scheme = schemes[name] ?? {};
    const authorizer = scheme['x-amazon-apigateway-authorizer'];
    if (scheme['x-amazon-apigateway-authtype'] === 'awsSigv4') {
      result.type = 'AWS_IAM';
    } else if (isRecord(authorizer)) {
      result.type = authorizer.type === 'cognito_user_pools' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
      result.authorizer = name;
      result.scopes = Array.isArray(scopes) ? [...(scopes as unknown[])] : [];
    } else if (scheme.type === 'apiKey' && String(scheme.name).toLowerCase() === 'x-api-key') {
      result.apiKeyRequired = true;
    }
  }
  return result;
}

const LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' };

function readParameters(operation: Json, oas3: boolean): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const parameter of (operation.parameters as unknown[] | undefined) ?? []) {
    if (!isRecord(parameter)) continue;
    const location = LOCATIONS[String(parameter.in)];
    if (!location) continue;
    const type = oas3
      ? isRecord(parameter.schema)
        ? parameter.schema.type
        : undefined
      : parameter.type;
    const multi = type === 'array' && location !== 'path' ? 'multivalue' : '';
    result[`method.request.${multi}${location}.${String(parameter.name)}`] =
      location === 'path' || parameter.required === true;
  }
  return result;
}

function contentTypes(operation: Json, body: Json, key: 'consumes' | 'produces'): string[] {
  const list = (operation[key] ?? body[key]) as unknown;
  return Array.isArray(list) ? list.map(String) : [];
}

/** Names the model of a request body schema written inline (not a `$ref`). */
type InlineModel = (contentType: string, schema: Json) => string;

/** Swagger 2.0 gives one schema for all content types: the model of application/json, or the first. */
function swaggerModels(
  schema: unknown,
  types: string[],
  inline?: InlineModel,
): Record<string, string> {
  const type =
    types.length === 0 || types.includes('application/json') ? 'application/json' : types[0];
  const name = refName(schema) ?? (inline && isInline(schema) ? inline(type, schema) : undefined);
  if (name === undefined) return {};
  return { [type]: name };
}

function contentModels(content: unknown, inline?: InlineModel): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [type, media] of Object.entries(records(content))) {
    const name =
      refName(media.schema) ??
      (inline && isInline(media.schema) ? inline(type, media.schema) : undefined);
    if (name !== undefined) result[type] = name;
  }
  return result;
}

/** A schema object written in place: one with something to validate, not a `$ref`. */
function isInline(schema: unknown): schema is Json {
  return isRecord(schema) && schema.$ref === undefined && Object.keys(schema).length > 0;
}

function requestModels(
  operation: Json,
  body: Json,
  oas3: boolean,
  inline: InlineModel,
): Record<string, string> {
  if (oas3) {
    return contentModels(
      isRecord(operation.requestBody) ? operation.requestBody.content : {},
      inline,
    );
  }
  const parameter = ((operation.parameters as unknown[] | undefined) ?? []).find(
    (item) => isRecord(item) && item.in === 'body',
  ) as Json | undefined;
  return swaggerModels(parameter?.schema, contentTypes(operation, body, 'consumes'), inline);
}

function methodResponses(operation: Json, body: Json, oas3: boolean): MethodResponse[] {
  // `default` is not a status code: it stands for "no method response declared".
  return Object.entries(records(operation.responses))
    .filter(([statusCode]) => statusCode !== 'default')
    .map(([statusCode, response]) => ({
      statusCode,
      // The document says which headers a response has, not whether they are required.
      responseParameters: Object.fromEntries(
        Object.keys(records(response.headers)).map((name) => [
          `method.response.header.${name}`,
          false,
        ]),
      ),
      responseModels: oas3
        ? contentModels(response.content)
        : swaggerModels(response.schema, contentTypes(operation, body, 'produces')),
    }));
}

function upper(value: unknown): unknown {
  return typeof value === 'string' ? value.toUpperCase() : value;
}

function readIntegration(integration: Json): RestIntegration {
  const requestParameters = mapOf(integration.requestParameters);
  const requestTemplates = mapOf(integration.requestTemplates);
  return {
    ...(integration.type !== undefined ? { type: upper(integration.type) } : {}),
    ...pick(integration, {
      httpMethod: 'httpMethod',
      uri: 'uri',
      connectionType: 'connectionType',
      connectionId: 'connectionId',
      credentials: 'credentials',
    }),
    ...(integration.passthroughBehavior !== undefined
      ? { passthroughBehavior: upper(integration.passthroughBehavior) }
      : {}),
    ...pick(integration, {
      contentHandling: 'contentHandling',
      timeoutInMillis: 'timeoutInMillis',
      cacheNamespace: 'cacheNamespace',
    }),
    ...(Array.isArray(integration.cacheKeyParameters)
      ? { cacheKeyParameters: [...(integration.cacheKeyParameters as unknown[])] }
      : {}),
    ...(requestParameters !== undefined ? { requestParameters } : {}),
    ...(requestTemplates !== undefined ? { requestTemplates } : {}),
    responses: Object.entries(records(integration.responses)).map(
      ([pattern, response]): IntegrationResponse => {
        const responseParameters = mapOf(response.responseParameters);
        const responseTemplates = mapOf(response.responseTemplates);
        return {
          statusCode: response.statusCode,
          ...(pattern !== 'default' ? { selectionPattern: pattern } : {}),
          ...(responseParameters !== undefined ? { responseParameters } : {}),
          ...(responseTemplates !== undefined ? { responseTemplates } : {}),
          ...pick(response, { contentHandling: 'contentHandling' }),
        };
      },
    ),
  };
}

function readAuthorizer(name: string, scheme: Json): RestAuthorizer {
  const extension = scheme['x-amazon-apigateway-authorizer'] as Json;
  const type = String(extension.type ?? 'token').toUpperCase();
  // A TOKEN or Cognito authorizer reads the one header (or query parameter) the scheme names.
  const sources =
    typeof extension.identitySource === 'string'
      ? extension.identitySource
          .split(',')
          .map((source) => source.trim())
          .filter(Boolean)
      : type === 'REQUEST'
        ? []
        : [
            `method.request.${scheme.in === 'query' ? 'querystring' : 'header'}.${String(scheme.name)}`,
          ];
  return {
    name,
    type,
    identitySources: sources,
    ...pick(extension, {
      identityValidationExpression: 'identityValidationExpression',
      authorizerUri: 'authorizerUri',
      authorizerCredentials: 'authorizerCredentials',
      authorizerResultTtlInSeconds: 'resultTtlInSeconds',
    }),
    ...(Array.isArray(extension.providerARNs)
      ? { providerArns: [...(extension.providerARNs as unknown[])] }
      : {}),
  };
}
