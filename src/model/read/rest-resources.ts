/**
 * Reads the parts of a REST API that its own resources define (Method, Authorizer,
 * RequestValidator, Model, GatewayResponse) into the model, as core and the plugin's compilers
 * emit them. References between them (`{ Ref: AuthorizerLogicalId }`) become names.
 */
import { resourcePath } from '../../cloudformation/rest-paths';
import type { CfnObject, CfnResource, CfnTemplate } from '../../cloudformation/template';
import { referencedId, renderValue } from '../../openapi/intrinsics';
import { isRecord, mapOf, pick, resourcesOfType, stringOr } from '../order';
import type {
  GatewayResponse,
  IntegrationResponse,
  MethodResponse,
  RequestValidator,
  RestAuthorizer,
  RestIntegration,
  RestMethod,
  RestModel,
} from '../types';

export interface RestDefinition {
  methods: RestMethod[];
  authorizers: RestAuthorizer[];
  requestValidators: RequestValidator[];
  models: RestModel[];
  gatewayResponses: GatewayResponse[];
}

export function readRestResources(template: CfnTemplate): RestDefinition {
  const named = (type: string, id: string | undefined): string | undefined => {
    const resource = id === undefined ? undefined : template.Resources[id];
    return resource?.Type === type ? stringOr(resource.Properties?.Name, id as string) : undefined;
  };
  const modelName = (value: unknown): string => {
    const logicalId = referencedId(value);
    return named('AWS::ApiGateway::Model', logicalId) ?? logicalId ?? renderValue(value);
  };
  const modelMap = (value: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(isRecord(value) ? value : {}).map(([type, model]) => [type, modelName(model)]),
    );

  const methods = resourcesOfType(template, 'AWS::ApiGateway::Method').map(
    ([logicalId, resource]): RestMethod => {
      const method = resource.Properties ?? {};
      const integration = method.Integration as CfnObject | undefined;
      const validator = named(
        'AWS::ApiGateway::RequestValidator',
        referencedId(method.RequestValidatorId),
      );
      const authorizer = named('AWS::ApiGateway::Authorizer', referencedId(method.AuthorizerId));
      return {
        logicalId,
        path: resourcePath(template, method.ResourceId),
        httpMethod: String(method.HttpMethod ?? '').toUpperCase(),
        ...(typeof method.OperationName === 'string'
          ? { operationName: method.OperationName }
          : {}),
        authorization: {
          type: String(method.AuthorizationType ?? 'NONE').toUpperCase(),
          ...(authorizer !== undefined ? { authorizer } : {}),
          scopes: [...((method.AuthorizationScopes as unknown[] | undefined) ?? [])],
          apiKeyRequired: method.ApiKeyRequired === true,
        },
        requestParameters: { ...((method.RequestParameters as CfnObject | undefined) ?? {}) },
        requestModels: modelMap(method.RequestModels),
        ...(validator !== undefined ? { requestValidator: validator } : {}),
        ...(integration ? { integration: readIntegration(integration) } : {}),
        methodResponses: ((method.MethodResponses as CfnObject[] | undefined) ?? []).map(
          (response): MethodResponse => ({
            statusCode: response.StatusCode,
            responseParameters: { ...((response.ResponseParameters as CfnObject) ?? {}) },
            responseModels: modelMap(response.ResponseModels),
          }),
        ),
      };
    },
  );

  return {
    methods,
    authorizers: resourcesOfType(template, 'AWS::ApiGateway::Authorizer').map(([id, resource]) =>
      readAuthorizer(id, resource),
    ),
    requestValidators: resourcesOfType(template, 'AWS::ApiGateway::RequestValidator').map(
      ([logicalId, resource]) => ({
        logicalId,
        name: stringOr(resource.Properties?.Name, logicalId),
        validateRequestBody: resource.Properties?.ValidateRequestBody === true,
        validateRequestParameters: resource.Properties?.ValidateRequestParameters === true,
      }),
    ),
    models: resourcesOfType(template, 'AWS::ApiGateway::Model').map(([logicalId, resource]) =>
      readModel(logicalId, resource),
    ),
    gatewayResponses: resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse').map(
      ([logicalId, resource]): GatewayResponse => {
        const properties = resource.Properties ?? {};
        const templates = mapOf(properties.ResponseTemplates);
        return {
          logicalId,
          responseType: String(properties.ResponseType),
          ...(properties.StatusCode !== undefined
            ? { statusCode: renderValue(properties.StatusCode) }
            : {}),
          responseParameters: mapOf(properties.ResponseParameters) ?? {},
          ...(templates !== undefined ? { responseTemplates: templates } : {}),
        };
      },
    ),
  };
}

function readIntegration(integration: CfnObject): RestIntegration {
  const requestParameters = mapOf(integration.RequestParameters);
  const requestTemplates = mapOf(integration.RequestTemplates);
  return {
    ...pick(integration, {
      Type: 'type',
      IntegrationHttpMethod: 'httpMethod',
      Uri: 'uri',
      ConnectionType: 'connectionType',
      ConnectionId: 'connectionId',
      Credentials: 'credentials',
      PassthroughBehavior: 'passthroughBehavior',
      ContentHandling: 'contentHandling',
      TimeoutInMillis: 'timeoutInMillis',
      CacheNamespace: 'cacheNamespace',
    }),
    ...(Array.isArray(integration.CacheKeyParameters)
      ? { cacheKeyParameters: [...(integration.CacheKeyParameters as unknown[])] }
      : {}),
    ...(requestParameters !== undefined ? { requestParameters } : {}),
    ...(requestTemplates !== undefined ? { requestTemplates } : {}),
    responses: ((integration.IntegrationResponses as CfnObject[] | undefined) ?? []).map(
      (response): IntegrationResponse => {
        const responseParameters = mapOf(response.ResponseParameters);
        const responseTemplates = mapOf(response.ResponseTemplates);
        return {
          statusCode: response.StatusCode,
          ...(response.SelectionPattern !== undefined && response.SelectionPattern !== ''
            ? { selectionPattern: response.SelectionPattern }
            : {}),
          ...(responseParameters !== undefined ? { responseParameters } : {}),
          ...(responseTemplates !== undefined ? { responseTemplates } : {}),
          ...(response.ContentHandling !== undefined
            ? { contentHandling: response.ContentHandling }
            : {}),
        };
      },
    ),
  };
}

function readAuthorizer(logicalId: string, resource: CfnResource): RestAuthorizer {
  const properties = resource.Properties ?? {};
  return {
    logicalId,
    name: stringOr(properties.Name, logicalId),
    type: String(properties.Type ?? 'TOKEN').toUpperCase(),
    identitySources: renderValue(properties.IdentitySource ?? '')
      .split(',')
      .map((source) => source.trim())
      .filter(Boolean),
    ...pick(properties, {
      IdentityValidationExpression: 'identityValidationExpression',
      AuthorizerUri: 'authorizerUri',
      AuthorizerCredentials: 'authorizerCredentials',
      AuthorizerResultTtlInSeconds: 'resultTtlInSeconds',
    }),
    ...(properties.ProviderARNs !== undefined
      ? { providerArns: [...((properties.ProviderARNs as unknown[] | undefined) ?? [])] }
      : {}),
  };
}

/** A Model; its Schema parsed when the template gives it as JSON text. */
function readModel(logicalId: string, resource: CfnResource): RestModel {
  const properties = resource.Properties ?? {};
  let schema = properties.Schema;
  if (typeof schema === 'string') {
    try {
      schema = JSON.parse(schema) as unknown;
    } catch {
      // Kept as text: the writer says it is not JSON.
    }
  }
  return {
    logicalId,
    name: stringOr(properties.Name, logicalId),
    ...pick(properties, { ContentType: 'contentType', Description: 'description' }),
    schema,
  };
}
