/**
 * Every logical id and output name of the HTTP API and WebSocket side. Core's own resources are
 * named by core's `provider.naming` (so a naming override applies to us too, and we find what core
 * emitted); the resources the plugin adds follow core's scheme, so a user who moves an authorizer
 * from `provider.httpApi.authorizers` to `custom.apiGateway.httpApi.authorizers` keeps its logical
 * id.
 */
import { normalizePath, normalizePathPart } from './naming';

/**
 * The part of core's `provider.naming` the v2 compilers use (public plugin API; core 3.40's
 * functions are in serverless/lib/plugins/aws/lib/naming.js). Called as methods: core's functions
 * use `this`.
 */
export interface CoreV2Naming {
  getNormalizedResourceName(name: string): string;
  getLambdaLogicalId(functionName: string): string;
  getRoleLogicalId(): string;
  getHttpApiLogicalId(): string;
  getHttpApiStageLogicalId(): string;
  getHttpApiLogGroupLogicalId(): string;
  getHttpApiIntegrationLogicalId(functionName: string): string;
  getHttpApiAuthorizerLogicalId(authorizerName: string): string;
  getHttpApiRouteLogicalId(routeKey: string): string;
  getLambdaAuthorizerHttpApiPermissionLogicalId(authorizerName: string): string;
  getWebsocketsApiLogicalId(): string;
  getWebsocketsStageLogicalId(): string;
  getWebsocketsLogGroupLogicalId(): string;
  getWebsocketsDeploymentLogicalId(hash: string): string;
  getWebsocketsRouteLogicalId(route: string): string;
  getWebsocketsRouteResponseLogicalId(route: string): string;
  getWebsocketsAuthorizerLogicalId(authorizerName: string): string;
}

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

/** Core 3.40's rules, for unit tests and callers without a provider (checked against core's). */
export const coreV2NamingRules: CoreV2Naming = {
  getNormalizedResourceName: normalizedResourceName,
  getLambdaLogicalId: (functionName) => `${normalizedResourceName(functionName)}LambdaFunction`,
  getRoleLogicalId: () => 'IamRoleLambdaExecution',
  getHttpApiLogicalId: () => 'HttpApi',
  getHttpApiStageLogicalId: () => 'HttpApiStage',
  getHttpApiLogGroupLogicalId: () => 'HttpApiLogGroup',
  getHttpApiIntegrationLogicalId: (functionName) =>
    `HttpApiIntegration${normalizedResourceName(functionName)}`,
  getHttpApiAuthorizerLogicalId: (name) => `HttpApiAuthorizer${normalizedResourceName(name)}`,
  getHttpApiRouteLogicalId: (routeKey) =>
    routeKey === '*' ? 'HttpApiRouteDefault' : `HttpApiRoute${normalizePath(routeKey)}`,
  getLambdaAuthorizerHttpApiPermissionLogicalId: (name) =>
    `${normalizedResourceName(name)}LambdaAuthorizerPermissionHttpApi`,
  getWebsocketsApiLogicalId: () => 'WebsocketsApi',
  getWebsocketsStageLogicalId: () => 'WebsocketsDeploymentStage',
  getWebsocketsLogGroupLogicalId: () => 'WebsocketsLogGroup',
  getWebsocketsDeploymentLogicalId: (hash) =>
    `WebsocketsDeployment${hash.replace(/[^0-9a-z]/gi, '')}`,
  getWebsocketsRouteLogicalId: (route) => `${normalizedWebsocketsRouteKey(route)}WebsocketsRoute`,
  getWebsocketsRouteResponseLogicalId: (route) =>
    `${normalizedWebsocketsRouteKey(route)}WebsocketsRouteResponse`,
  getWebsocketsAuthorizerLogicalId: (name) => `${normalizedResourceName(name)}WebsocketsAuthorizer`,
};

export interface V2Naming {
  lambdaFunction(functionName: string): string;
  lambdaRole(): string;

  httpApi(): string;
  httpApiStage(): string;
  httpApiLogGroup(): string;
  httpApiIntegration(functionName: string): string;
  httpApiAuthorizer(name: string): string;
  /** A route key as the plugin writes it (`GET /orders`, `$default`). */
  httpApiRoute(routeKey: string): string;
  /** The integration of a route without a function (custom.apiGateway.httpApi.routes). */
  httpApiRouteIntegration(routeKey: string): string;
  /** The role API Gateway assumes for an aws route integration. */
  httpApiRouteRole(routeKey: string): string;
  httpApiAuthorizerPermission(name: string): string;

  websocketsApi(): string;
  websocketsStage(): string;
  websocketsLogGroup(): string;
  websocketsDeployment(hash: string): string;
  websocketsRoute(route: string): string;
  websocketsRouteResponse(route: string): string;
  websocketsAuthorizer(name: string): string;
  websocketsAuthorizerPermission(name: string): string;

  websocketApiIdOutput(): string;
  websocketConnectionsUrlOutput(): string;
}

export function createV2Naming(core: CoreV2Naming): V2Naming {
  return {
    lambdaFunction: (functionName) => core.getLambdaLogicalId(functionName),
    lambdaRole: () => core.getRoleLogicalId(),

    httpApi: () => core.getHttpApiLogicalId(),
    httpApiStage: () => core.getHttpApiStageLogicalId(),
    httpApiLogGroup: () => core.getHttpApiLogGroupLogicalId(),
    httpApiIntegration: (functionName) => core.getHttpApiIntegrationLogicalId(functionName),
    httpApiAuthorizer: (name) => core.getHttpApiAuthorizerLogicalId(name),
    // Core writes the catch-all route as '*'; the plugin (and API Gateway) as '$default'.
    httpApiRoute: (routeKey) =>
      core.getHttpApiRouteLogicalId(routeKey === '$default' ? '*' : routeKey),
    httpApiRouteIntegration: (routeKey) =>
      `ApiGatewayHttpApiRouteIntegration${normalizedHttpApiRouteKey(routeKey)}`,
    httpApiRouteRole: (routeKey) =>
      `ApiGatewayHttpApiRouteRole${normalizedHttpApiRouteKey(routeKey)}`,
    httpApiAuthorizerPermission: (name) => core.getLambdaAuthorizerHttpApiPermissionLogicalId(name),

    websocketsApi: () => core.getWebsocketsApiLogicalId(),
    websocketsStage: () => core.getWebsocketsStageLogicalId(),
    websocketsLogGroup: () => core.getWebsocketsLogGroupLogicalId(),
    websocketsDeployment: (hash) => core.getWebsocketsDeploymentLogicalId(hash),
    websocketsRoute: (route) => core.getWebsocketsRouteLogicalId(route),
    websocketsRouteResponse: (route) => core.getWebsocketsRouteResponseLogicalId(route),
    websocketsAuthorizer: (name) => core.getWebsocketsAuthorizerLogicalId(name),
    // Core names its own authorizer permissions `…LambdaPermissionWebsockets` after the function.
    websocketsAuthorizerPermission: (name) =>
      `${core.getNormalizedResourceName(name)}LambdaAuthorizerPermissionWebsockets`,

    websocketApiIdOutput: () => 'ApiGatewayWebsocketApiId',
    websocketConnectionsUrlOutput: () => 'ApiGatewayWebsocketConnectionsUrl',
  };
}

/** The v2 names by core 3.40's rules (unit tests, callers without a provider). */
export const standaloneV2Naming: V2Naming = createV2Naming(coreV2NamingRules);
