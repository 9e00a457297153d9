/**
 * Every logical id and output name the REST API side emits. Where core has a naming function for
 * the same thing we call it (so users' `resources:` overrides and `Fn::GetAtt`s keep working, and
 * an id core changes changes here too); our own ids follow the same `ApiGateway<Thing>` scheme.
 * The rules core's functions follow are reproduced below for the ids core lacks a function for,
 * and as the fallback of a provider that does not expose one (unit tests, plain scripts).
 */

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

/** The access log group: core's name for the same group, so a service that had core's keeps it. */
export function accessLogGroupName(service: string, stage: string): string {
  return `/aws/api-gateway/${service}-${stage}`;
}

/** The Ref'd logical id of a `{ Ref: id }` value, if it is one. */
function refId(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'Ref' in value
    ? String((value as { Ref: unknown }).Ref)
    : undefined;
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
    deploymentPrefix: () => 'ApiGatewayDeployment',
    defaultApiName: () => core.getApiGatewayName(),
    restApiIdOutput: () => 'ApiGatewayRestApiId',
    restApiRootResourceIdOutput: () => 'ApiGatewayRestApiRootResourceId',
    stageUrlOutput: () => 'ApiGatewayStageUrl',
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
