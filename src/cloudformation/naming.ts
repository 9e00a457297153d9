/**
 * Every logical id and output name the plugin emits: the stack outputs, the REST API side, then
 * the HTTP API and WebSocket side. Where core has a naming function for the same thing we call it
 * (so users' `resources:` overrides and `Fn::GetAtt`s keep working, and an id core changes changes
 * here too); our own ids follow the same `ApiGateway<Thing>` scheme.
 * The rules core's functions follow are reproduced below for the ids core lacks a function for,
 * and as the fallback of a provider that does not expose one (unit tests, plain scripts).
 */
import { refId } from './template';

/**
 * The stack outputs the plugin writes, and core's that it reads (the OpenAPI export finds the
 * deployed API by them). Names are a contract with other stacks (`Fn::ImportValue`): never change.
 */
export const STACK_OUTPUTS = {
  restApiId: 'ApiGatewayRestApiId',
  restApiRootResourceId: 'ApiGatewayRestApiRootResourceId',
  stageUrl: 'ApiGatewayStageUrl',
  websocketApiId: 'ApiGatewayWebsocketApiId',
  websocketConnectionsUrl: 'ApiGatewayWebsocketConnectionsUrl',
  /** Core's (and ours when the plugin creates the HTTP API). */
  httpApiId: 'HttpApiId',
  httpApiUrl: 'HttpApiUrl',
  /** Core's REST invoke URL: `https://<id>.execute-api...`. */
  restEndpoint: 'ServiceEndpoint',
  /** Core's WebSocket URL. */
  websocketEndpoint: 'ServiceEndpointWebsocket',
} as const;

/** The subset of core's `provider.naming` we rely on (public plugin API, same in v3, v4 and osls). */
export interface CoreNaming {
  getRestApiLogicalId(): string;
  getStageLogicalId(): string;
  getApiGatewayLogGroupLogicalId(): string;
  getApiGatewayName(): string;
  /** The custom resource that sets the account's CloudWatch role for API Gateway logging. */
  getCustomResourceApiGatewayAccountCloudWatchRoleResourceLogicalId?(): string;
  getLambdaLogicalId?(functionName: string): string;
  getLambdaApiGatewayPermissionLogicalId?(functionName: string): string;
  normalizePath?(resourcePath: string): string;
  getResourceLogicalId?(resourcePath: string): string;
  getMethodLogicalId?(resourceId: string, methodName: string): string;
}

export type RequestValidatorKind = 'Body' | 'Parameters' | 'BodyAndParameters';

export interface Naming {
  restApi(): string;
  stage(): string;
  accessLogGroup(): string;
  clientCertificate(): string;
  /** The `AWS::WAFv2::WebACLAssociation` of the stage (`stages.<stage>.waf`). */
  webAclAssociation(): string;
  /** Core's prefix; its change detection and ours look for Deployments by it. */
  deploymentPrefix(): string;
  defaultApiName(): string;
  restApiIdOutput(): string;
  restApiRootResourceIdOutput(): string;
  stageUrlOutput(): string;
  accountCloudWatchRole(): string;
  /** `AWS::ApiGateway::Account`, when the plugin sets the account's role itself. */
  apiGatewayAccount(): string;
  /** A function's `AWS::Lambda::Function`: `<Function>LambdaFunction`. */
  lambda(functionName: string): string;
  /** The permission for API Gateway to call a function: `<Function>LambdaPermissionApiGateway`. */
  lambdaApiGatewayPermission(functionName: string): string;
  /** `ApiGatewayResource<NormalizedPath>` (`path` without leading `/`). */
  resource(path: string): string;
  /** `ApiGatewayMethod<NormalizedPath><Method>` (`ApiGatewayMethodOrdersIdVarGet`). */
  method(path: string, httpMethod: string): string;
  /**
   * The OPTIONS method of the Resource a Method's `ResourceId` names: named after core's Resource
   * id when it is one of core's, else after the path.
   */
  optionsMethod(resourceId: unknown, path: string): string;
  /** `ApiGatewayIntegrationRole<NormalizedPath><Method>`: the role of an AWS service integration. */
  integrationRole(path: string, httpMethod: string): string;
  /** The shared validator of one kind: `ApiGatewayRequestValidatorBody`. */
  requestValidator(kind: RequestValidatorKind): string;
  /** The Model of `custom.apiGateway.models.<name>`. */
  namedModel(name: string): string;
  /** The application/json Model of one Method (core's `getEndpointModelLogicalId` shape). */
  endpointModel(methodLogicalId: string): string;
  /** `ApiGatewayResponseDefault4XX`, `ApiGatewayResponseAccessDenied`. */
  gatewayResponse(type: string): string;
}

/**
 * Core's `normalizePathPart` (`orders` → Orders, `{id}` → IdVar, `my-items` → MyDashitems): the rule
 * behind `ApiGatewayResource…`/`ApiGatewayMethod…` and HTTP API route ids, for paths core did not
 * name itself (routes, preflights). One copy, checked against core's naming in the tests.
 */
export function normalizePathPart(part: string): string {
  const capitalized = part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
  const cleaned = capitalized
    .replace(/-/g, 'Dash')
    .replace(/\{(.*)\}/g, '$1Var')
    .replace(/[^0-9A-Za-z]/g, '');
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

/** Core's `normalizePath`: the normalised parts of every segment, joined. */
export function normalizePath(path: string): string {
  return path.split('/').map(normalizePathPart).join('');
}

/** Core's `normalizeMethodName`: `GET` → `Get`. */
function normalizeMethodName(method: string): string {
  const lower = method.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Core's `getMethodLogicalId` rule: `ApiGatewayMethod<NormalizedPath><Method>`. */
export function methodLogicalId(path: string, method: string): string {
  return `ApiGatewayMethod${normalizePath(path)}${normalizeMethodName(method)}`;
}

/** Core's `getLambdaLogicalId` rule (`getNormalizedFunctionName`: `-` → Dash, `_` → Underscore). */
export function coreLambdaLogicalId(functionName: string): string {
  const normalized = functionName.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

/** `ApiGatewayResponseDefault4XX`, `ApiGatewayResponseAccessDenied` (core has no such function). */
export function gatewayResponseLogicalId(type: string): string {
  const name = type
    .split('_')
    .map((word) => (/^\d/.test(word) ? word : word.charAt(0) + word.slice(1).toLowerCase()))
    .join('');
  return `ApiGatewayResponse${name}`;
}

/** Letters and digits only, the first one upper-cased: `partner-auth` → `Partnerauth`. */
export function normalizeName(name: string): string {
  const alnum = name.replace(/[^A-Za-z0-9]/g, '');
  return alnum.charAt(0).toUpperCase() + alnum.slice(1);
}

/**
 * Access control's ids (`ApiGateway<Thing><Name>`; core's authorizer and usage plan ids have a
 * different shape, so none can collide with them). Free functions: the resolution records them and
 * the checks report names that would share one.
 */
export const accessIds = {
  authorizer: (name: string) => `ApiGatewayAuthorizer${normalizeName(name)}`,
  authorizerPermission: (name: string) => `ApiGatewayAuthorizer${normalizeName(name)}Permission`,
  usagePlan: (plan: string) => `ApiGatewayKitUsagePlan${normalizeName(plan)}`,
  apiKey: (plan: string, key: string) =>
    `ApiGatewayKitApiKey${normalizeName(plan)}${normalizeName(key)}`,
  usagePlanKey: (plan: string, key: string) =>
    `ApiGatewayKitUsagePlanKey${normalizeName(plan)}${normalizeName(key)}`,
  /** Whether an `AWS::ApiGateway::ApiKey` is one of ours (`apiKey` above), not core's. */
  isOwnApiKey: (logicalId: string) => logicalId.startsWith('ApiGatewayKitApiKey'),
};

/**
 * A domain name as a logical-id part: each label capitalised, `-` → Dash, `*` → Wildcard
 * (`api.example.com` → ApiExampleCom, `*.my-site.io` → WildcardMyDashsiteIo).
 */
export function domainNamePart(domainName: string): string {
  return domainName
    .split('.')
    .map((label) => (label === '*' ? 'Wildcard' : normalizePathPart(label)))
    .join('');
}

/**
 * Custom domains' ids and outputs. The resource type is part of each id, so a domain that moves
 * from one type to another (regional to private, REST to HTTP API, one mapping kind to another) is
 * replaced, never updated in place (CloudFormation cannot change a resource's type).
 */
export const domainIds = {
  /** `AWS::ApiGateway::DomainName` (REST, edge or regional). */
  restDomain: (domain: string) => `ApiGatewayDomain${domainNamePart(domain)}`,
  /** `AWS::ApiGateway::DomainNameV2` (REST, private). */
  privateDomain: (domain: string) => `ApiGatewayPrivateDomain${domainNamePart(domain)}`,
  /** `AWS::ApiGatewayV2::DomainName` (HTTP and WebSocket APIs). */
  v2Domain: (domain: string) => `ApiGatewayV2Domain${domainNamePart(domain)}`,
  certificate: (domain: string) => `ApiGatewayDomainCertificate${domainNamePart(domain)}`,
  record: (domain: string, type: 'A' | 'AAAA') =>
    `ApiGatewayDomainRecord${type}${domainNamePart(domain)}`,
  accessAssociation: (domain: string) =>
    `ApiGatewayDomainAccessAssociation${domainNamePart(domain)}`,
  /** `AWS::ApiGateway::BasePathMapping`: a REST stage at the root or one path segment. */
  basePathMapping: (domain: string) => `ApiGatewayBasePathMapping${domainNamePart(domain)}`,
  /** `AWS::ApiGateway::BasePathMappingV2`: a REST stage on a private domain. */
  privateBasePathMapping: (domain: string) =>
    `ApiGatewayPrivateBasePathMapping${domainNamePart(domain)}`,
  /** `AWS::ApiGatewayV2::ApiMapping` of one API kind (REST with a multi-level path, HTTP, WebSocket). */
  apiMapping: (domain: string, api: 'Rest' | 'HttpApi' | 'Websocket') =>
    `ApiGatewayApiMapping${api}${domainNamePart(domain)}`,
  targetOutput: (domain: string) => `ApiGatewayDomainTarget${domainNamePart(domain)}`,
  hostedZoneIdOutput: (domain: string) => `ApiGatewayDomainHostedZoneId${domainNamePart(domain)}`,
  arnOutput: (domain: string) => `ApiGatewayDomainArn${domainNamePart(domain)}`,
};

/** The access log group: core's name for the same group, so a service that had core's keeps it. */
export function accessLogGroupName(service: string, stage: string): string {
  return `/aws/api-gateway/${service}-${stage}`;
}

export function createNaming(core: CoreNaming): Naming {
  const pathId = (path: string) => core.normalizePath?.(path) ?? normalizePath(path);
  const method = (path: string, httpMethod: string) =>
    core.getMethodLogicalId?.(pathId(path), httpMethod) ?? methodLogicalId(path, httpMethod);
  return {
    restApi: () => core.getRestApiLogicalId(),
    stage: () => core.getStageLogicalId(),
    accessLogGroup: () => core.getApiGatewayLogGroupLogicalId(),
    clientCertificate: () => 'ApiGatewayClientCertificate',
    webAclAssociation: () => 'ApiGatewayWebAclAssociation',
    deploymentPrefix: () => 'ApiGatewayDeployment',
    defaultApiName: () => core.getApiGatewayName(),
    restApiIdOutput: () => STACK_OUTPUTS.restApiId,
    restApiRootResourceIdOutput: () => STACK_OUTPUTS.restApiRootResourceId,
    stageUrlOutput: () => STACK_OUTPUTS.stageUrl,
    accountCloudWatchRole: () =>
      core.getCustomResourceApiGatewayAccountCloudWatchRoleResourceLogicalId?.() ??
      'CustomApiGatewayAccountCloudWatchRole',
    apiGatewayAccount: () => 'ApiGatewayAccount',
    lambda: (functionName) =>
      core.getLambdaLogicalId?.(functionName) ?? coreLambdaLogicalId(functionName),
    lambdaApiGatewayPermission: (functionName) =>
      core.getLambdaApiGatewayPermissionLogicalId?.(functionName) ??
      coreLambdaLogicalId(functionName).replace(/LambdaFunction$/, 'LambdaPermissionApiGateway'),
    resource: (path) =>
      core.getResourceLogicalId?.(path) ?? `ApiGatewayResource${normalizePath(path)}`,
    method,
    optionsMethod: (resourceId, path) => {
      const resource = refId(resourceId);
      const suffix = resource?.startsWith('ApiGatewayResource')
        ? resource.slice('ApiGatewayResource'.length)
        : undefined;
      if (suffix === undefined) return method(path, 'OPTIONS');
      return (
        core.getMethodLogicalId?.(suffix, 'OPTIONS') ??
        `ApiGatewayMethod${suffix}${normalizeMethodName('OPTIONS')}`
      );
    },
    integrationRole: (path, httpMethod) =>
      method(path, httpMethod).replace(/^ApiGatewayMethod/, 'ApiGatewayIntegrationRole'),
    requestValidator: (kind) => `ApiGatewayRequestValidator${kind}`,
    namedModel: (name) => `ApiGatewayModel${name}`,
    endpointModel: (methodLogicalId) => `${methodLogicalId}ApplicationJsonModel`,
    gatewayResponse: gatewayResponseLogicalId,
  };
}

/** Core's values, for unit tests and for callers without a provider. */
export function standaloneNaming(service: string, stage: string): Naming {
  return createNaming({
    getRestApiLogicalId: () => 'ApiGatewayRestApi',
    getStageLogicalId: () => 'ApiGatewayStage',
    getApiGatewayLogGroupLogicalId: () => 'ApiGatewayLogGroup',
    getApiGatewayName: () => `${stage}-${service}`,
  });
}

// The HTTP API and WebSocket side. Core's own resources are named by core's `provider.naming` (so
// a naming override applies to us too, and we find what core emitted); the resources the plugin
// adds follow core's scheme, so a user who moves an authorizer from `provider.httpApi.authorizers`
// to `custom.apiGateway.httpApi.authorizers` keeps its logical id.

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

    websocketApiIdOutput: () => STACK_OUTPUTS.websocketApiId,
    websocketConnectionsUrlOutput: () => STACK_OUTPUTS.websocketConnectionsUrl,
  };
}

/** The v2 names by core 3.40's rules (unit tests, callers without a provider). */
export const standaloneV2Naming: V2Naming = createV2Naming(coreV2NamingRules);
