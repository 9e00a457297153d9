/**
 * Every logical id and output name the plugin emits. Where core has a naming function for the same
 * thing we use it (so users' `resources:` overrides and `Fn::GetAtt`s keep working); our own ids
 * follow the same `ApiGateway<Thing>` scheme.
 */

/** The subset of core's `provider.naming` we rely on (public plugin API, same in v3, v4 and osls). */
export interface CoreNaming {
  getRestApiLogicalId(): string;
  getStageLogicalId(): string;
  getApiGatewayLogGroupLogicalId(): string;
  getApiGatewayName(): string;
  /** The custom resource that sets the account's CloudWatch role for API Gateway logging. */
  getCustomResourceApiGatewayAccountCloudWatchRoleResourceLogicalId?(): string;
}

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
}

export function createNaming(core: CoreNaming): Naming {
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
