/**
 * Reads HTTP and WebSocket APIs (AWS::ApiGatewayV2::Api with ProtocolType HTTP or WEBSOCKET) and
 * their Route, Integration, Authorizer, RouteResponse, IntegrationResponse and Stage resources
 * into the model. A route belongs to an API when its ApiId refers to it; core and the plugin
 * write `{ Ref: <Api> }`.
 */
import type { CfnObject, CfnResource, CfnTemplate } from '../../cloudformation/template';
import { referencedId, renderValue } from '../../openapi/intrinsics';
import { isRecord, pick, resourcesOfType } from '../order';
import type {
  HttpApiModel,
  V2Authorizer,
  V2Integration,
  V2Route,
  V2Stage,
  WebSocketApiModel,
} from '../types';

/** The template's v2 APIs of one protocol, by logical id. */
export function v2Apis(
  template: CfnTemplate,
  protocol: 'HTTP' | 'WEBSOCKET',
): Array<[string, CfnResource]> {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Api').filter(
    ([, api]) => api.Properties?.ProtocolType === protocol,
  );
}

export function readHttpApi(template: CfnTemplate): HttpApiModel | undefined {
  const [entry] = v2Apis(template, 'HTTP');
  if (!entry) return undefined;
  const [logicalId, resource] = entry;
  const properties = resource.Properties ?? {};
  const websockets = new Set(v2Apis(template, 'WEBSOCKET').map(([id]) => id));
  // Routes of a WebSocket API in the same template are not this API's.
  const mine = (route: CfnObject) => {
    const api = referencedId(route.ApiId);
    return api === undefined || !websockets.has(api);
  };
  const cors = properties.CorsConfiguration;
  return {
    kind: 'http',
    ...common(template, logicalId, properties, mine),
    ...(isRecord(cors)
      ? {
          cors: pick(cors, {
            AllowCredentials: 'allowCredentials',
            AllowHeaders: 'allowHeaders',
            AllowMethods: 'allowMethods',
            AllowOrigins: 'allowOrigins',
            ExposeHeaders: 'exposeHeaders',
            MaxAge: 'maxAge',
          }),
        }
      : {}),
  };
}

export function readWebSocketApi(template: CfnTemplate): WebSocketApiModel | undefined {
  const [entry] = v2Apis(template, 'WEBSOCKET');
  if (!entry) return undefined;
  const [logicalId, resource] = entry;
  const properties = resource.Properties ?? {};
  return {
    kind: 'websocket',
    ...common(template, logicalId, properties, (route) => referencedId(route.ApiId) === logicalId),
    ...pick(properties, {
      RouteSelectionExpression: 'routeSelectionExpression',
      ApiKeySelectionExpression: 'apiKeySelectionExpression',
    }),
  };
}

function common(
  template: CfnTemplate,
  logicalId: string,
  properties: CfnObject,
  mine: (route: CfnObject) => boolean,
): Omit<HttpApiModel, 'kind' | 'cors'> {
  const ofApi = (type: string) =>
    resourcesOfType(template, type).filter(([, resource]) => mine(resource.Properties ?? {}));
  const authorizers = ofApi('AWS::ApiGatewayV2::Authorizer').map(([id, resource]) =>
    readAuthorizer(id, resource.Properties ?? {}),
  );
  const authorizerNames = new Map(
    authorizers.map((authorizer) => [authorizer.logicalId, authorizer.name]),
  );
  const routeResponses = resourcesOfType(template, 'AWS::ApiGatewayV2::RouteResponse');
  const routes = ofApi('AWS::ApiGatewayV2::Route').map(([id, resource]): V2Route => {
    const route = resource.Properties ?? {};
    const authorizer = authorizerNames.get(referencedId(route.AuthorizerId) ?? '');
    const integration = readIntegration(template, route.Target);
    return {
      logicalId: id,
      routeKey: renderValue(route.RouteKey),
      ...(typeof route.OperationName === 'string' ? { operationName: route.OperationName } : {}),
      authorizationType: String(route.AuthorizationType ?? 'NONE').toUpperCase(),
      ...(authorizer !== undefined ? { authorizer } : {}),
      scopes: [...((route.AuthorizationScopes as unknown[] | undefined) ?? [])],
      ...pick(route, {
        ApiKeyRequired: 'apiKeyRequired',
        RouteResponseSelectionExpression: 'routeResponseSelectionExpression',
      }),
      ...(integration ? { integration } : {}),
      routeResponses: routeResponses
        .filter(([, response]) => referencedId(response.Properties?.RouteId) === id)
        .map(([, response]) =>
          pick(response.Properties ?? {}, {
            RouteResponseKey: 'routeResponseKey',
            ModelSelectionExpression: 'modelSelectionExpression',
            ResponseModels: 'responseModels',
          }),
        ),
    };
  });
  return {
    logicalId,
    ...pick(properties, {
      Name: 'name',
      Description: 'description',
      DisableExecuteApiEndpoint: 'disableExecuteApiEndpoint',
    }),
    routes,
    authorizers,
    stages: ofApi('AWS::ApiGatewayV2::Stage').map(([id, resource]): V2Stage => ({
      logicalId: id,
      ...pick(resource.Properties ?? {}, {
        StageName: 'stageName',
        AutoDeploy: 'autoDeploy',
        StageVariables: 'variables',
        DefaultRouteSettings: 'defaultRouteSettings',
        RouteSettings: 'routeSettings',
        AccessLogSettings: 'accessLogSettings',
      }),
    })),
  };
}

function readAuthorizer(logicalId: string, properties: CfnObject): V2Authorizer {
  const jwt = properties.JwtConfiguration;
  return {
    logicalId,
    name: typeof properties.Name === 'string' ? properties.Name : logicalId,
    authorizerType: String(properties.AuthorizerType ?? ''),
    identitySources: ((properties.IdentitySource as unknown[] | undefined) ?? []).map(renderValue),
    ...(isRecord(jwt)
      ? {
          jwt: {
            audience: [...((jwt.Audience as unknown[] | undefined) ?? [])],
            ...pick(jwt, { Issuer: 'issuer' }),
          },
        }
      : {}),
    ...pick(properties, {
      AuthorizerUri: 'authorizerUri',
      AuthorizerCredentialsArn: 'authorizerCredentialsArn',
      AuthorizerPayloadFormatVersion: 'payloadFormatVersion',
      AuthorizerResultTtlInSeconds: 'resultTtlInSeconds',
      EnableSimpleResponses: 'enableSimpleResponses',
    }),
  };
}

/** The integration a route Target (`integrations/<IntegrationId>`) names. */
function readIntegration(template: CfnTemplate, target: unknown): V2Integration | undefined {
  // Core writes the target as Fn::Join ['/', ['integrations', { Ref }]].
  const id = /^integrations\/\$\{([^}.]+)\}$/.exec(renderValue(target))?.[1];
  const resource = id ? template.Resources[id] : undefined;
  if (!id || resource?.Type !== 'AWS::ApiGatewayV2::Integration') return undefined;
  const properties = resource.Properties ?? {};
  return {
    logicalId: id,
    type: String(properties.IntegrationType ?? ''),
    ...pick(properties, {
      IntegrationMethod: 'method',
      IntegrationUri: 'uri',
      PayloadFormatVersion: 'payloadFormatVersion',
      ConnectionType: 'connectionType',
      ConnectionId: 'connectionId',
      CredentialsArn: 'credentialsArn',
      TimeoutInMillis: 'timeoutInMillis',
      IntegrationSubtype: 'subtype',
      RequestParameters: 'requestParameters',
      RequestTemplates: 'requestTemplates',
      ResponseParameters: 'responseParameters',
      TemplateSelectionExpression: 'templateSelectionExpression',
      ContentHandlingStrategy: 'contentHandlingStrategy',
      PassthroughBehavior: 'passthroughBehavior',
    }),
    responses: resourcesOfType(template, 'AWS::ApiGatewayV2::IntegrationResponse')
      .filter(([, response]) => referencedId(response.Properties?.IntegrationId) === id)
      .map(([, response]) =>
        pick(response.Properties ?? {}, {
          IntegrationResponseKey: 'integrationResponseKey',
          ResponseTemplates: 'responseTemplates',
          TemplateSelectionExpression: 'templateSelectionExpression',
          ContentHandlingStrategy: 'contentHandlingStrategy',
        }),
      ),
  };
}
