/**
 * Logical ids of core's HTTP API and WebSocket API resources (core's naming in
 * serverless/lib/plugins/aws/lib/naming.js, which the shared `Naming` does not expose) and of the
 * resources the plugin adds to those APIs. Ours follow core's scheme so a user who moves an
 * authorizer from `provider.httpApi.authorizers` to `custom.apiGateway.httpApi.authorizers` keeps
 * its logical id.
 */
import { normalizePathPart } from './naming';

/** Core's `getNormalizedResourceName`: `-` → Dash, `_` → Underscore, first letter upper-cased. */
export function normalizedResourceName(name: string): string {
  const replaced = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

/** Core's `getNormalizedWebsocketsRouteKey`. */
export function normalizedWebsocketsRouteKey(route: string): string {
  return route
    .replace(/\$/g, 'S')
    .replace(/\//g, 'Slash')
    .replace(/-/g, 'Dash')
    .replace(/_/g, 'Underscore')
    .replace(/\./g, 'Period');
}

/** Core's name part for an HTTP API route key (`getHttpApiRouteLogicalId`): `Default` for `$default`. */
export function normalizedHttpApiRouteKey(routeKey: string): string {
  if (routeKey === '$default' || routeKey === '*') return 'Default';
  return routeKey.split('/').map(normalizePathPart).join('');
}

export const v2Naming = {
  lambdaFunction: (functionName: string) => `${normalizedResourceName(functionName)}LambdaFunction`,
  lambdaRole: () => 'IamRoleLambdaExecution',

  httpApi: () => 'HttpApi',
  httpApiStage: () => 'HttpApiStage',
  httpApiLogGroup: () => 'HttpApiLogGroup',
  httpApiIntegration: (functionName: string) =>
    `HttpApiIntegration${normalizedResourceName(functionName)}`,
  httpApiAuthorizer: (name: string) => `HttpApiAuthorizer${normalizedResourceName(name)}`,
  httpApiRoute: (routeKey: string) => `HttpApiRoute${normalizedHttpApiRouteKey(routeKey)}`,
  /** The integration of a route without a function (custom.apiGateway.httpApi.routes). */
  httpApiRouteIntegration: (routeKey: string) =>
    `ApiGatewayHttpApiRouteIntegration${normalizedHttpApiRouteKey(routeKey)}`,
  /** The role API Gateway assumes for an aws route integration. */
  httpApiRouteRole: (routeKey: string) =>
    `ApiGatewayHttpApiRouteRole${normalizedHttpApiRouteKey(routeKey)}`,
  httpApiAuthorizerPermission: (name: string) =>
    `${normalizedResourceName(name)}LambdaAuthorizerPermissionHttpApi`,

  websocketsApi: () => 'WebsocketsApi',
  websocketsStage: () => 'WebsocketsDeploymentStage',
  websocketsLogGroup: () => 'WebsocketsLogGroup',
  websocketsDeploymentPrefix: () => 'WebsocketsDeployment',
  websocketsRoute: (route: string) => `${normalizedWebsocketsRouteKey(route)}WebsocketsRoute`,
  websocketsRouteResponse: (route: string) =>
    `${normalizedWebsocketsRouteKey(route)}WebsocketsRouteResponse`,
  websocketsAuthorizer: (name: string) => `${normalizedResourceName(name)}WebsocketsAuthorizer`,
  websocketsAuthorizerPermission: (name: string) =>
    `${normalizedResourceName(name)}LambdaAuthorizerPermissionWebsockets`,

  websocketApiIdOutput: () => 'ApiGatewayWebsocketApiId',
  websocketConnectionsUrlOutput: () => 'ApiGatewayWebsocketConnectionsUrl',
} as const;
