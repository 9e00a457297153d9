/**
 * Routes without a function (`custom.apiGateway.routes`): their keys, integrations and
 * parameters, resolved into plain data the semantic checks and the compiler share. Pure. Their
 * mapping templates are src/features/templates, their validation src/features/request-validation.
 */
import { joinPath } from '../../pipeline/issues';
import { normalizeHttpPath } from '../../common/http-endpoint';
import type { ApiGatewayConfig, CloudFormationIntrinsic } from '../../config/types.generated';

export type RoutesConfig = NonNullable<ApiGatewayConfig['routes']>;
export type RouteConfig = RoutesConfig[string];
export type IntegrationSetting = RouteConfig['integration'];
export type IntegrationObject = Exclude<IntegrationSetting, 'mock'>;
export type IntegrationType = IntegrationObject['type'];
export type IntegrationRequestConfig = NonNullable<RouteConfig['request']>;
export type ResponseConfig = NonNullable<RouteConfig['response']>;
export type ResponseEntryConfig = NonNullable<RouteConfig['responses']>[string];
export type TemplateSetting = NonNullable<IntegrationRequestConfig['template']>;
export type ValidateConfig = NonNullable<RouteConfig['validate']>;
export type CfnString = string | CloudFormationIntrinsic;

export const ROUTES_PATH = 'custom.apiGateway.routes';

// ---------------------------------------------------------------------------------------------
// Route keys

export interface ParsedRouteKey {
  /** Upper case: GET … ANY. */
  readonly method: string;
  /** Core's normalised form: no leading or trailing '/', '' for the root. */
  readonly path: string;
  /** `{id}` → id, `{proxy+}` → proxy, in path order. */
  readonly pathParameters: readonly string[];
  /** Set when the last segment is greedy (`{proxy+}`). */
  readonly greedy?: string;
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@!$&'()*+,;=-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/;

/** Parses `'GET /orders/{id}'`; the problems, when any, say what is wrong with the path. */
export function parseRouteKey(key: string): { route?: ParsedRouteKey; problems: string[] } {
  const [method, rawPath = ''] = key.split(' ');
  const path = normalizeHttpPath(rawPath);
  const problems: string[] = [];
  const pathParameters: string[] = [];
  let greedy: string | undefined;
  const segments = path === '' ? [] : path.split('/');
  segments.forEach((segment, index) => {
    const parameter = PARAMETER_SEGMENT.exec(segment);
    if (parameter) {
      if (pathParameters.includes(parameter[1]))
        problems.push(
          `path parameter {${parameter[1]}} appears twice; API Gateway needs unique names in a path`,
        );
      pathParameters.push(parameter[1]);
      if (parameter[2] === '+') {
        if (index !== segments.length - 1)
          problems.push(
            `{${parameter[1]}+} is greedy and must be the last segment of the path (API Gateway rule), e.g. /files/{${parameter[1]}+}`,
          );
        else greedy = parameter[1];
      }
    } else if (segment === '') {
      problems.push("the path has an empty segment ('//'); remove the extra '/'");
    } else if (!LITERAL_SEGMENT.test(segment)) {
      problems.push(
        `path segment "${segment}" is neither literal text (letters, digits and ._~:@!$&'()*+,;=-) nor a parameter {name} or {name+}`,
      );
    }
  });
  if (problems.length > 0) return { problems };
  return {
    route: { method, path, pathParameters, ...(greedy !== undefined ? { greedy } : {}) },
    problems,
  };
}

export function routePath(key: string): string {
  return joinPath(ROUTES_PATH, key);
}

export interface ResolvedRoute extends ParsedRouteKey {
  readonly key: string;
  readonly configPath: string;
  readonly config: RouteConfig;
  readonly integration: IntegrationObject;
}

/** Every route whose key parses, sorted by key (the semantic checks report the others). */
export function resolveRoutes(raw: ApiGatewayConfig): ResolvedRoute[] {
  const routes = raw.routes ?? {};
  return Object.keys(routes)
    .sort()
    .flatMap((key) => {
      const { route } = parseRouteKey(key);
      if (!route) return [];
      const config = routes[key];
      const integration: IntegrationObject =
        config.integration === 'mock' ? { type: 'mock' } : config.integration;
      return [{ ...route, key, configPath: routePath(key), config, integration }];
    });
}

/**
 * A route's responses with their config paths: `response` (the one default), else `responses` by
 * status code, sorted.
 */
export function routeResponseEntries(
  route: Pick<ResolvedRoute, 'config' | 'configPath'>,
): Array<[string, ResponseEntryConfig]> {
  const { config, configPath } = route;
  if (config.response) return [[joinPath(configPath, 'response'), config.response]];
  return Object.keys(config.responses ?? {})
    .sort()
    .map((status) => [
      joinPath(joinPath(configPath, 'responses'), status),
      (config.responses ?? {})[status],
    ]);
}

// ---------------------------------------------------------------------------------------------
// AWS service actions

export type AwsTargetKey =
  | 'queueArn'
  | 'tableName'
  | 'bucket'
  | 'key'
  | 'streamArn'
  | 'stateMachineArn'
  | 'topicArn'
  | 'eventBus'
  | 'source'
  | 'detailType'
  | 'resource';

export interface AwsActionSpec {
  /** Keys the action needs. */
  readonly requires: readonly AwsTargetKey[];
  /** Keys the action may take besides those. */
  readonly optional?: readonly AwsTargetKey[];
}

/** The actions with a built-in target, URI, least-privilege policy and default template. */
export const AWS_ACTIONS: Readonly<Record<string, AwsActionSpec>> = {
  'sqs:SendMessage': { requires: ['queueArn'] },
  'dynamodb:PutItem': { requires: ['tableName'] },
  'dynamodb:GetItem': { requires: ['tableName'] },
  'dynamodb:Query': { requires: ['tableName'] },
  's3:GetObject': { requires: ['bucket', 'key'] },
  's3:PutObject': { requires: ['bucket', 'key'] },
  'kinesis:PutRecord': { requires: ['streamArn'] },
  'states:StartExecution': { requires: ['stateMachineArn'] },
  'events:PutEvents': { requires: ['source'], optional: ['eventBus', 'detailType'] },
  'sns:Publish': { requires: ['topicArn'] },
};

export const AWS_TARGET_KEYS: readonly AwsTargetKey[] = [
  'queueArn',
  'tableName',
  'bucket',
  'key',
  'streamArn',
  'stateMachineArn',
  'topicArn',
  'eventBus',
  'source',
  'detailType',
  'resource',
];

/** Keys of an integration object each type uses (besides `type`). */
export const INTEGRATION_KEYS: Readonly<Record<IntegrationType, readonly string[]>> = {
  mock: [],
  http: ['uri', 'method', 'timeoutInMillis', 'vpcLink'],
  http_proxy: ['uri', 'method', 'timeoutInMillis', 'vpcLink'],
  lambda: ['function', 'timeoutInMillis'],
  lambda_proxy: ['function', 'timeoutInMillis'],
  aws: ['action', 'service', 'path', 'method', 'timeoutInMillis', 'role', ...AWS_TARGET_KEYS],
};

export const PROXY_TYPES: readonly IntegrationType[] = ['http_proxy', 'lambda_proxy'];

// ---------------------------------------------------------------------------------------------
// Stage variables and URI parameters

/** Names of the stage variables any stage entry (or its canary) defines. */
export function definedStageVariables(config: ApiGatewayConfig): string[] {
  const names = new Set<string>();
  for (const entry of Object.values(config.stages ?? {})) {
    for (const name of Object.keys(entry.variables ?? {})) names.add(name);
    for (const name of Object.keys(entry.canary?.variables ?? {})) names.add(name);
  }
  return [...names].sort();
}

/** `{name}` references in a URI or key, with `${…}` (stage variables) left out. */
export function braceParameters(value: string): string[] {
  return [...value.matchAll(/(?<!\$)\{([A-Za-z0-9_.-]+)\+?\}/g)].map((match) => match[1]);
}
