/**
 * Semantic checks of a route's integration (mock, http, http_proxy, lambda, lambda_proxy, aws):
 * the keys each type takes, backend URLs and their parameters, functions, AWS actions and their
 * targets; and the checker the route checks share.
 */
import { stageVariableReferences } from '../../common/stage-variables';
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMean } from '../../common/did-you-mean';
import { describeEndpoint } from '../../common/http-endpoint';
import type { ServiceFiles } from '../../common/service-files';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import {
  AWS_ACTIONS,
  AWS_TARGET_KEYS,
  braceParameters,
  INTEGRATION_KEYS,
  type ResolvedRoute,
} from './resolve';
import type { ApiGatewayConfig } from '../../config/types.generated';

export const list = (items: readonly string[]): string => items.join(', ');
export const suggestion = (word: string, candidates: readonly string[]): string => {
  const match = didYouMean(word, candidates);
  return match ? `; did you mean ${match}?` : '';
};

export interface Checker {
  readonly config: ApiGatewayConfig;
  readonly core: CoreSettings;
  readonly files: ServiceFiles | undefined;
  readonly stageVariables: readonly string[];
  readonly errors: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

export function error(checker: Checker, path: string, message: string): void {
  checker.errors.push({ path, message });
}

function checkIntegrationKeys(checker: Checker, route: ResolvedRoute, path: string): void {
  const integration = route.integration as unknown as Record<string, unknown>;
  const allowed = INTEGRATION_KEYS[route.integration.type];
  for (const key of Object.keys(integration).sort()) {
    if (key === 'type' || allowed.includes(key)) continue;
    const users = (Object.keys(INTEGRATION_KEYS) as Array<keyof typeof INTEGRATION_KEYS>).filter(
      (type) => INTEGRATION_KEYS[type].includes(key),
    );
    error(
      checker,
      joinPath(path, key),
      `${key} does not apply to ${route.integration.type} integrations (it is for ${list(users)}); ${allowed.length > 0 ? `${route.integration.type} takes: ${list(allowed)}` : `${route.integration.type} takes no other key`}`,
    );
  }
}

export function checkStageVariables(checker: Checker, value: string, path: string): void {
  const defined = checker.stageVariables;
  for (const name of stageVariableReferences(value)) {
    if (defined.includes(name)) continue;
    const match = didYouMean(name, defined);
    error(
      checker,
      path,
      `stage variable '${name}' is not defined by any stage${match ? `; did you mean ${match}?` : ''}${defined.length > 0 ? ` defined: ${list(defined)}; or` : ' (no stage defines variables);'} define it under custom.apiGateway.stages.<stage>.variables`,
    );
  }
}

function checkHttp(checker: Checker, route: ResolvedRoute, path: string): void {
  const integration = route.integration;
  const uriPath = joinPath(path, 'uri');
  if (integration.uri === undefined) {
    error(
      checker,
      path,
      `${integration.type} integrations need uri: the backend URL, e.g. https://backend.example.com/orders or \${stageVariables.backend}/orders/{id}`,
    );
    return;
  }
  if (typeof integration.uri !== 'string') return;
  const uri = integration.uri;
  if (!/^(https?:\/\/|\$\{stageVariables\.[A-Za-z0-9_]+\})/.test(uri)) {
    error(
      checker,
      uriPath,
      `${JSON.stringify(uri)} is not an HTTP backend URL; API Gateway needs an absolute http:// or https:// URL, which may start with a stage variable: \${stageVariables.backend}/orders`,
    );
  }
  checkStageVariables(checker, uri, uriPath);
  const mapped = Object.keys(route.config.request?.parameters ?? {})
    .filter((key) => key.startsWith('path.'))
    .map((key) => key.slice('path.'.length));
  for (const name of braceParameters(uri)) {
    if (route.pathParameters.includes(name) || mapped.includes(name)) continue;
    error(
      checker,
      uriPath,
      `{${name}} in the uri is not a path parameter of ${describeEndpoint(route)}${suggestion(name, route.pathParameters)}; use one of the route's parameters (${list(route.pathParameters) || 'none'}) or map it under request.parameters['path.${name}']`,
    );
  }
}

function checkLambda(checker: Checker, route: ResolvedRoute, path: string): void {
  const name = route.integration.function;
  if (name === undefined) {
    error(
      checker,
      path,
      `${route.integration.type} integrations need function: the name of a function of this service`,
    );
    return;
  }
  const functions = checker.core.functionNames;
  if (functions && !functions.includes(name)) {
    error(
      checker,
      joinPath(path, 'function'),
      `"${name}" is not a function of this service${suggestion(name, functions)}; use one of ${list(functions) || '(none: the service has no functions)'}`,
    );
  }
}

function checkAws(checker: Checker, route: ResolvedRoute, path: string): void {
  const integration = route.integration as Record<string, unknown> & typeof route.integration;
  const { action } = integration;
  const present = AWS_TARGET_KEYS.filter((key) => integration[key] !== undefined);
  if (
    action !== undefined &&
    (integration.service !== undefined || integration.path !== undefined)
  ) {
    error(
      checker,
      path,
      'give either action (service:Action) or service + path (a raw service path), not both',
    );
    return;
  }
  if (action === undefined) {
    if (integration.service === undefined || integration.path === undefined) {
      error(
        checker,
        path,
        `aws integrations need action (one of ${list(Object.keys(AWS_ACTIONS))}, or any service:Action with resource), or service + path + role for a raw service path`,
      );
      return;
    }
    if (integration.role === undefined) {
      error(
        checker,
        path,
        'a raw service path (service + path) needs role: the ARN of a role API Gateway may assume to call it (the plugin cannot derive a least-privilege policy from a path)',
      );
    }
    for (const key of present)
      error(
        checker,
        joinPath(path, key),
        `${key} applies to actions only, not to a raw service path`,
      );
    return;
  }
  const spec = AWS_ACTIONS[action];
  if (!spec) {
    const [service] = action.split(':');
    const known = Object.keys(AWS_ACTIONS).filter((name) => name.startsWith(`${service}:`));
    if (integration.resource === undefined && integration.role === undefined) {
      error(
        checker,
        joinPath(path, 'action'),
        `${action} has no built-in target${suggestion(action, Object.keys(AWS_ACTIONS))}; give resource (the ARN the role may call ${action} on) or role, or use one of ${list(known.length > 0 ? known : Object.keys(AWS_ACTIONS))}`,
      );
    }
    if (route.config.request?.template === undefined) {
      error(
        checker,
        path,
        `${action} has no default request template; give request.template with the body the ${service} API expects`,
      );
    }
    for (const key of present.filter((key) => key !== 'resource'))
      error(
        checker,
        joinPath(path, key),
        `${key} applies to the built-in actions only; for ${action} give resource`,
      );
    return;
  }
  for (const key of spec.requires) {
    if (integration[key] === undefined)
      error(checker, path, `${action} needs ${key}: ${TARGET_HELP[key]}`);
  }
  const allowed = [...spec.requires, ...(spec.optional ?? [])];
  for (const key of present) {
    if (allowed.includes(key)) continue;
    error(
      checker,
      joinPath(path, key),
      `${key} does not apply to ${action}; it takes ${list(allowed)}`,
    );
  }
  if (typeof integration.key === 'string') {
    for (const name of braceParameters(integration.key)) {
      if (route.pathParameters.includes(name)) continue;
      error(
        checker,
        joinPath(path, 'key'),
        `{${name}} in the key is not a path parameter of ${describeEndpoint(route)}${suggestion(name, route.pathParameters)}; use one of: ${list(route.pathParameters) || 'none'}`,
      );
    }
  }
  if (action.startsWith('dynamodb:') && route.config.request?.template === undefined) {
    const params = route.pathParameters.length;
    if (action === 'dynamodb:Query' && params !== 1) {
      error(
        checker,
        path,
        `the default dynamodb:Query template queries the partition key named like the route's only path parameter, but ${describeEndpoint(route)} has ${params}; give request.template`,
      );
    }
    if (action === 'dynamodb:GetItem' && params === 0) {
      error(
        checker,
        path,
        `the default dynamodb:GetItem template builds the key from the route's path parameters, but ${describeEndpoint(route)} has none; give request.template`,
      );
    }
  }
}

const TARGET_HELP: Record<string, string> = {
  queueArn: 'the ARN of the SQS queue, e.g. { "Fn::GetAtt": [OrdersQueue, Arn] }',
  tableName: 'the name of the DynamoDB table, e.g. { Ref: OrdersTable }',
  bucket: 'the name of the S3 bucket, e.g. { Ref: UploadsBucket }',
  key: "the object key, which may use the route's path parameters: uploads/{id}",
  streamArn: 'the ARN of the Kinesis stream, e.g. { "Fn::GetAtt": [EventsStream, Arn] }',
  stateMachineArn: 'the ARN of the state machine, e.g. { Ref: OrderFlow }',
  topicArn: 'the ARN of the SNS topic, e.g. { Ref: OrdersTopic }',
  source: 'the Source of the events, e.g. orders.api',
};

/** The checks of a route's integration, by type. */
export function checkIntegration(checker: Checker, route: ResolvedRoute): void {
  const integrationPath = joinPath(route.configPath, 'integration');
  if (route.config.integration !== 'mock') checkIntegrationKeys(checker, route, integrationPath);
  const type = route.integration.type;
  if (type === 'http' || type === 'http_proxy') checkHttp(checker, route, integrationPath);
  if (type === 'lambda' || type === 'lambda_proxy') checkLambda(checker, route, integrationPath);
  if (type === 'aws') checkAws(checker, route, integrationPath);
}
