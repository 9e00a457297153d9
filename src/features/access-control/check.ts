/**
 * Semantic checks of access control: authorizers, per-endpoint authorization, the resource policy
 * (issue 3), and the usage plans (./check-usage-plans.ts). Same issue format as schema validation.
 */
import {
  type AuthorizerConfig,
  accessCore,
  HEADER_SOURCE,
  identitySources,
  policyStatements,
  PUBLIC,
  REQUEST_SOURCE,
  resolveEndpointAccess,
} from './resolve';
import { checkIdCollisions, checkUsagePlans, list } from './check-usage-plans';
import { accessIds } from '../../cloudformation/naming';
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMeanHint as suggestion } from '../../common/did-you-mean';
import { coreAuthorizerOf, corePrivateOf } from '../../common/http-endpoint';
import { type RestEndpoint, restEndpoints } from '../../common/rest-endpoints';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';
import type { ApiGatewayConfig } from '../../config/types.generated';

const ROOT = 'custom.apiGateway';
const AUTHORIZERS = joinPath(ROOT, 'authorizers');

/** Keys each authorizer type accepts besides `type`. */
const KEYS_BY_TYPE: Record<AuthorizerConfig['type'], readonly (keyof AuthorizerConfig)[]> = {
  cognito: ['userPoolArn', 'userPoolArns', 'identitySource', 'resultTtlInSeconds', 'scopes'],
  token: [
    'functionName',
    'functionArn',
    'identitySource',
    'identityValidationExpression',
    'resultTtlInSeconds',
  ],
  request: ['functionName', 'functionArn', 'identitySource', 'resultTtlInSeconds'],
  iam: [],
};

/**
 * WebSocket (`route.request.…`) and HTTP API (`$request.…`) identity sources belong to authorizers
 * of those APIs, which have registries of their own: the hint names the right one.
 */
function misplacedAuthorizerHint(name: string, sources: readonly string[]): string | undefined {
  const websocket = sources.find((source) => source.startsWith('route.request.'));
  if (websocket) {
    return `"${websocket}" is a WebSocket identity source, but custom.apiGateway.authorizers holds REST API authorizers; a WebSocket authorizer (for the $connect route) goes under custom.apiGateway.websocket.authorizers.${name}, with functionName or functionArn and identitySource: [${websocket}], and the $connect websocket event names it in apiGateway.authorizer`;
  }
  const httpApi = sources.find((source) => /^\$(request|context|stageVariables)\./.test(source));
  if (httpApi) {
    return `"${httpApi}" is an HTTP API identity source, but custom.apiGateway.authorizers holds REST API authorizers; an HTTP API authorizer goes under custom.apiGateway.httpApi.authorizers.${name} (type jwt or lambda), and httpApi events name it in apiGateway.authorizer`;
  }
  return undefined;
}

function checkAuthorizer(
  name: string,
  config: AuthorizerConfig,
  functionNames: readonly string[] | undefined,
  errors: ConfigIssue[],
): void {
  const path = joinPath(AUTHORIZERS, name);
  const allowed = KEYS_BY_TYPE[config.type];
  for (const key of Object.keys(config) as (keyof AuthorizerConfig)[]) {
    if (key === 'type' || allowed.includes(key)) continue;
    errors.push({
      path: joinPath(path, key),
      message: `${key} does not apply to a ${config.type} authorizer; it takes ${allowed.length > 0 ? allowed.join(', ') : 'no other key'}`,
    });
  }
  const sources = identitySources(config);
  // An authorizer of another API type written here: say where it goes, not what REST expects.
  const misplaced = misplacedAuthorizerHint(name, sources);
  if (misplaced) {
    errors.push({ path: joinPath(path, 'identitySource'), message: misplaced });
    return;
  }
  if (config.type === 'cognito') {
    if (config.userPoolArn === undefined && config.userPoolArns === undefined) {
      errors.push({
        path,
        message:
          'a cognito authorizer needs the user pool whose tokens it accepts; add userPoolArn (one pool) or userPoolArns (several), e.g. userPoolArn: ${param:userPoolArn} or { Fn::GetAtt: [UserPool, Arn] }',
      });
    } else if (config.userPoolArn !== undefined && config.userPoolArns !== undefined) {
      errors.push({
        path: joinPath(path, 'userPoolArns'),
        message:
          'set either userPoolArn or userPoolArns, not both (put every pool in userPoolArns)',
      });
    }
  }
  if (config.type === 'token' || config.type === 'request') {
    const hasName = config.functionName !== undefined;
    const hasArn = config.functionArn !== undefined;
    if (hasName === hasArn) {
      errors.push({
        path,
        message: hasName
          ? `set either functionName (a function of this service) or functionArn (a function elsewhere), not both`
          : `a ${config.type} authorizer needs the Lambda function that decides; add functionName (a function of this service) or functionArn`,
      });
    }
    if (hasName && functionNames && !functionNames.includes(String(config.functionName))) {
      errors.push({
        path: joinPath(path, 'functionName'),
        message: `"${config.functionName}" is not a function of this service${suggestion(String(config.functionName), functionNames)}; use one of ${list(functionNames)}, or functionArn for a function outside the service`,
      });
    }
  }
  if (config.type === 'cognito' || config.type === 'token') {
    if (Array.isArray(config.identitySource) && config.identitySource.length > 1) {
      errors.push({
        path: joinPath(path, 'identitySource'),
        message: `a ${config.type} authorizer reads exactly one header; give one header name (e.g. Authorization), or use a request authorizer for several sources`,
      });
    }
    for (const source of sources) {
      if (!HEADER_SOURCE.test(source)) {
        errors.push({
          path: joinPath(path, 'identitySource'),
          message: `"${source}" is not a header; a ${config.type} authorizer reads one header, written as its name (Authorization) or method.request.header.<Name>`,
        });
      }
    }
  }
  if (config.type === 'request') {
    sources.forEach((source, index) => {
      if (REQUEST_SOURCE.test(source)) return;
      errors.push({
        path: Array.isArray(config.identitySource)
          ? joinPath(joinPath(path, 'identitySource'), index)
          : joinPath(path, 'identitySource'),
        message: `"${source}" is not an identity source; use method.request.header.<Name>, method.request.querystring.<name>, stageVariables.<name> or context.<name>`,
      });
    });
    const ttl = config.resultTtlInSeconds ?? 300;
    if (ttl > 0 && sources.length === 0) {
      errors.push({
        path,
        message: `a request authorizer caches its result (resultTtlInSeconds ${ttl}${config.resultTtlInSeconds === undefined ? ', the default' : ''}) by its identity sources, so API Gateway needs at least one; add identitySource (e.g. [method.request.header.Authorization]) or set resultTtlInSeconds: 0`,
      });
    }
  }
}

function checkEndpoint(
  config: ApiGatewayConfig,
  endpoint: RestEndpoint,
  names: readonly string[],
  errors: ConfigIssue[],
): void {
  const settings = endpoint.settings;
  const path = endpoint.configPath;
  const ref = endpoint.coreEvent;
  const authorizers = config.authorizers ?? {};
  if (settings.authorizer !== undefined && settings.authorizer !== PUBLIC) {
    if (!(settings.authorizer in authorizers)) {
      errors.push({
        path: joinPath(path, 'authorizer'),
        message:
          names.length > 0
            ? `"${settings.authorizer}" is not an authorizer of custom.apiGateway.authorizers${suggestion(settings.authorizer, [...names, PUBLIC])}; use one of ${names.join(', ')}, or none for a public endpoint`
            : `"${settings.authorizer}" is not an authorizer: custom.apiGateway.authorizers defines none; add it there, or use none for a public endpoint`,
      });
    }
  }
  if (ref !== undefined) {
    const eventPath = path.replace(/\.apiGateway$/, '');
    if (coreAuthorizerOf(ref) !== undefined) {
      if (settings.authorizer !== undefined) {
        errors.push({
          path: joinPath(path, 'authorizer'),
          message: `this endpoint also sets core's ${eventPath}.authorizer; keep one: remove ${eventPath}.authorizer to use the named authorizer "${settings.authorizer}", or remove ${path}.authorizer to keep core's`,
        });
      }
      if (settings.scopes !== undefined) {
        errors.push({
          path: joinPath(path, 'scopes'),
          message: `this endpoint uses core's ${eventPath}.authorizer, which takes its scopes as ${eventPath}.authorizer.scopes; move them there, or replace core's authorizer with apiGateway.authorizer`,
        });
      }
    }
    if (corePrivateOf(ref) !== undefined && settings.apiKeyRequired !== undefined) {
      errors.push({
        path: joinPath(path, 'apiKeyRequired'),
        message: `this endpoint also sets core's ${eventPath}.private, which says the same thing; keep one: remove ${eventPath}.private (apiKeyRequired replaces it), or remove ${path}.apiKeyRequired`,
      });
    }
  }
  const access = resolveEndpointAccess(config, endpoint);
  if (settings.scopes !== undefined) {
    const name = access.authorizer;
    const type = name !== undefined && name !== PUBLIC ? authorizers[name]?.type : undefined;
    if (type !== undefined && type !== 'cognito') {
      errors.push({
        path: joinPath(path, 'scopes'),
        message: `OAuth scopes apply only to cognito authorizers, but this endpoint uses "${String(name)}" (${type}); remove scopes, or use a cognito authorizer`,
      });
    } else if (type === undefined && (name === undefined || name === PUBLIC)) {
      const where = endpoint.source === 'route' ? `${path}.authorizer` : 'apiGateway.authorizer';
      errors.push({
        path: joinPath(path, 'scopes'),
        message: `OAuth scopes need a cognito authorizer, but this endpoint has none; set ${where} (or custom.apiGateway.defaultAuthorizer) to a cognito authorizer, or remove scopes`,
      });
    }
  }
}

function checkPolicy(config: ApiGatewayConfig, core: CoreSettings, errors: ConfigIssue[]): void {
  const restApiPath = joinPath(ROOT, 'restApi');
  const policy = config.restApi?.policy;
  const corePolicy = accessCore(core).resourcePolicy;
  if (policy && corePolicy && corePolicy.length > 0) {
    errors.push({
      path: joinPath(restApiPath, 'policy'),
      message:
        'provider.apiGateway.resourcePolicy also sets the resource policy of this REST API; set it in one place: move its statements into custom.apiGateway.restApi.policy.statements and remove provider.apiGateway.resourcePolicy, or remove restApi.policy',
    });
    return;
  }
  if (core.sharedRestApiId !== undefined) return;
  const endpointType = (config.restApi?.endpointType ?? core.endpointType ?? 'EDGE').toUpperCase();
  if (endpointType !== 'PRIVATE') return;
  const statements = [...policyStatements(policy), ...(corePolicy ?? [])];
  const allows = statements.some(
    (statement) =>
      statement !== null &&
      typeof statement === 'object' &&
      (statement as { Effect?: unknown }).Effect === 'Allow',
  );
  if (allows) return;
  errors.push({
    path: config.restApi?.endpointType
      ? joinPath(restApiPath, 'endpointType')
      : 'provider.endpointType',
    message: `a PRIVATE API needs a resource policy that lets callers in, or every call gets 403; ${policy ? 'restApi.policy has no Allow statement' : 'there is none'}. Add custom.apiGateway.restApi.policy, e.g. policy: { allowVpcEndpoints: [vpce-0123456789abcdef0] } (only those VPC endpoints) or policy: { statements: [{ Effect: Allow }] } (any VPC endpoint)`,
  });
}

export const checkAccessControl: FeatureCheck = (config, events, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  const authorizers = config.authorizers ?? {};
  const names = Object.keys(authorizers);
  const functionNames = accessCore(core).functionNames;
  for (const name of names) checkAuthorizer(name, authorizers[name], functionNames, result.errors);
  checkIdCollisions(
    names,
    accessIds.authorizer,
    (name) => joinPath(AUTHORIZERS, name),
    'authorizers',
    result.errors,
  );
  if (config.defaultAuthorizer !== undefined && !(config.defaultAuthorizer in authorizers)) {
    result.errors.push({
      path: joinPath(ROOT, 'defaultAuthorizer'),
      message:
        names.length > 0
          ? `"${config.defaultAuthorizer}" is not an authorizer of custom.apiGateway.authorizers${suggestion(config.defaultAuthorizer, names)}; use one of ${names.join(', ')}`
          : `"${config.defaultAuthorizer}" is not an authorizer: custom.apiGateway.authorizers defines none; add it there`,
    });
  }
  for (const endpoint of restEndpoints(config, events))
    checkEndpoint(config, endpoint, names, result.errors);
  checkUsagePlans(config, events, core, result);
  checkPolicy(config, core, result.errors);
  return result;
};
