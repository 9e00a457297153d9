/**
 * Access control as the compilers need it: named authorizers, what each REST endpoint (http
 * event or route, src/common/rest-endpoints.ts) gets (authorizer, scopes, API key), the usage
 * plans of the deployed stage (./usage-plans.ts) and the resource policy. Pure functions of the
 * validated `custom.apiGateway` and the http events; shared by the semantic checks and the
 * compiler.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import { accessIds } from '../../cloudformation/naming';
import { coreAuthorizerOf, corePrivateOf } from '../../common/http-endpoint';
import { type RestEndpoint, restEndpoints } from '../../common/rest-endpoints';
import type { EventsByKind } from '../../common/events';
import { type ResolvedUsagePlan, resolveUsagePlans } from './usage-plans';
import type { ApiGatewayConfig } from '../../config/types.generated';

export type AuthorizerConfig = NonNullable<ApiGatewayConfig['authorizers']>[string];
export type AuthorizerKind = AuthorizerConfig['type'];
export type PolicyConfig = NonNullable<NonNullable<ApiGatewayConfig['restApi']>['policy']>;

/** The value of `authorizer:` that makes one endpoint public on purpose. */
export const PUBLIC = 'none';
/** API Gateway's default result TTL of an authorizer. */
const DEFAULT_RESULT_TTL = 300;
const DEFAULT_IDENTITY_HEADER = 'Authorization';
/** The resource every preset statement covers: every stage, method and path of this API. */
const WHOLE_API = 'execute-api:/*';

/**
 * Core settings this concern reads (`functionNames` is in `CoreSettings`; the others are to be
 * wired from `provider.apiGateway.*` into it); absent fields mean "not set".
 */
export interface AccessCoreSettings {
  /** Every function name of the service (keys of `functions`). */
  functionNames?: readonly string[];
  /** `provider.apiGateway.resourcePolicy` (core's statements). */
  resourcePolicy?: readonly unknown[];
  /** `provider.apiGateway.apiKeys`. */
  apiKeys?: readonly unknown[];
  /** `provider.apiGateway.usagePlan`. */
  usagePlan?: unknown;
}

export function accessCore(core: CoreSettings): AccessCoreSettings {
  return core as CoreSettings & AccessCoreSettings;
}

// ---------------------------------------------------------------------------------------------
// Authorizers

export interface ResolvedAuthorizer {
  readonly name: string;
  readonly kind: AuthorizerKind;
  /** AWS::ApiGateway::Authorizer logical id; undefined for iam (no resource). */
  readonly logicalId?: string;
  readonly providerArns?: readonly unknown[];
  /** Comma-separated, API Gateway's form. */
  readonly identitySource?: string;
  readonly identityValidationExpression?: string;
  readonly resultTtlInSeconds?: number;
  readonly functionName?: string;
  readonly functionArn?: unknown;
  readonly scopes?: readonly string[];
}

/** A header name or `method.request.header.X` → `method.request.header.X`. */
function headerSource(value: string): string {
  return value.startsWith('method.request.') ? value : `method.request.header.${value}`;
}

export const REQUEST_SOURCE =
  /^(method\.request\.(header|querystring|multivalueheader|multivaluequerystring)\.[^\s,]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;
export const HEADER_SOURCE = /^(method\.request\.header\.)?[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function identitySources(config: AuthorizerConfig): string[] {
  const source = config.identitySource;
  if (source === undefined) return [];
  return Array.isArray(source) ? [...source] : [source];
}

function resolveAuthorizer(name: string, config: AuthorizerConfig): ResolvedAuthorizer {
  const base = { name, kind: config.type };
  switch (config.type) {
    case 'iam':
      return base;
    case 'cognito':
      return {
        ...base,
        logicalId: accessIds.authorizer(name),
        providerArns: config.userPoolArns
          ? [...config.userPoolArns]
          : config.userPoolArn !== undefined
            ? [config.userPoolArn]
            : [],
        identitySource: headerSource(identitySources(config)[0] ?? DEFAULT_IDENTITY_HEADER),
        ...(config.resultTtlInSeconds !== undefined
          ? { resultTtlInSeconds: config.resultTtlInSeconds }
          : {}),
        ...(config.scopes ? { scopes: [...config.scopes] } : {}),
      };
    case 'token':
    case 'request': {
      const sources =
        config.type === 'token'
          ? [headerSource(identitySources(config)[0] ?? DEFAULT_IDENTITY_HEADER)]
          : identitySources(config);
      return {
        ...base,
        logicalId: accessIds.authorizer(name),
        ...(sources.length > 0 ? { identitySource: sources.join(',') } : {}),
        ...(config.identityValidationExpression !== undefined
          ? { identityValidationExpression: config.identityValidationExpression }
          : {}),
        resultTtlInSeconds: config.resultTtlInSeconds ?? DEFAULT_RESULT_TTL,
        ...(config.functionName !== undefined ? { functionName: config.functionName } : {}),
        ...(config.functionArn !== undefined ? { functionArn: config.functionArn } : {}),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints

export interface EndpointAccess {
  /** The function event or route (see src/common/rest-endpoints.ts). */
  readonly endpoint: RestEndpoint;
  /**
   * What to set on the Method: an authorizer name, PUBLIC, or undefined to leave the Method's
   * authorization as it was compiled (core's own `authorizer:`, or nothing configured).
   */
  readonly authorizer?: string;
  readonly scopes?: readonly string[];
  /** undefined: leave core's ApiKeyRequired (from `private:`) as it is. */
  readonly apiKeyRequired?: boolean;
}

/**
 * What one endpoint gets: its own keys, else the service defaults (`defaultAuthorizer`,
 * `apiKeyRequired`), except where core's own `authorizer:`/`private:` on an http event decide.
 */
export function resolveEndpointAccess(
  raw: ApiGatewayConfig,
  endpoint: RestEndpoint,
): EndpointAccess {
  const settings = endpoint.settings;
  const ref = endpoint.coreEvent;
  const coreHasAuthorizer = ref !== undefined && coreAuthorizerOf(ref) !== undefined;
  const authorizer = settings.authorizer ?? (coreHasAuthorizer ? undefined : raw.defaultAuthorizer);
  const authorizerConfig =
    authorizer !== undefined && authorizer !== PUBLIC ? raw.authorizers?.[authorizer] : undefined;
  const scopes =
    authorizerConfig?.type === 'cognito' ? (settings.scopes ?? authorizerConfig.scopes) : undefined;
  const corePrivate = ref !== undefined && corePrivateOf(ref) !== undefined;
  const apiKeyRequired = settings.apiKeyRequired ?? (corePrivate ? undefined : raw.apiKeyRequired);
  return {
    endpoint,
    ...(authorizer !== undefined ? { authorizer } : {}),
    ...(scopes ? { scopes: [...scopes] } : {}),
    ...(apiKeyRequired !== undefined ? { apiKeyRequired } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Resource policy

export type PolicyStatement = Record<string, unknown>;

/** Raw statements with their defaults, then the presets: allow accounts, VPC endpoints, IPs; deny IPs. */
export function policyStatements(policy: PolicyConfig | undefined): PolicyStatement[] {
  if (!policy) return [];
  const statements: PolicyStatement[] = (policy.statements ?? []).map((statement) => ({
    ...statement,
    ...(statement.Principal === undefined && statement.NotPrincipal === undefined
      ? { Principal: '*' }
      : {}),
    ...(statement.Action === undefined && statement.NotAction === undefined
      ? { Action: 'execute-api:Invoke' }
      : {}),
    ...(statement.Resource === undefined && statement.NotResource === undefined
      ? { Resource: WHOLE_API }
      : {}),
  }));
  const preset = (effect: 'Allow' | 'Deny', extra: PolicyStatement): PolicyStatement => ({
    Effect: effect,
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: WHOLE_API,
    ...extra,
  });
  if (policy.allowAccounts) {
    statements.push(preset('Allow', { Principal: { AWS: [...policy.allowAccounts] } }));
  }
  if (policy.allowVpcEndpoints) {
    statements.push(
      preset('Allow', {
        Condition: { StringEquals: { 'aws:SourceVpce': [...policy.allowVpcEndpoints] } },
      }),
    );
  }
  if (policy.allowIps) {
    statements.push(
      preset('Allow', { Condition: { IpAddress: { 'aws:SourceIp': [...policy.allowIps] } } }),
    );
  }
  if (policy.denyIps) {
    // A policy of Deny statements only denies everyone: alone, denyIps lets everyone else in.
    if (!statements.some((statement) => statement.Effect === 'Allow')) {
      statements.push(preset('Allow', {}));
    }
    statements.push(
      preset('Deny', { Condition: { IpAddress: { 'aws:SourceIp': [...policy.denyIps] } } }),
    );
  }
  return statements;
}

function policyDocument(
  policy: PolicyConfig | undefined,
): { Version: string; Statement: PolicyStatement[] } | undefined {
  const statements = policyStatements(policy);
  return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Everything at once

export interface ResolvedAccessControl {
  readonly authorizers: readonly ResolvedAuthorizer[];
  readonly endpoints: readonly EndpointAccess[];
  readonly usagePlans: readonly ResolvedUsagePlan[];
  readonly policy?: { Version: string; Statement: PolicyStatement[] };
}

export function resolveAccessControl(
  raw: ApiGatewayConfig,
  events: EventsByKind,
  stageName: string,
): ResolvedAccessControl {
  const authorizers = raw.authorizers ?? {};
  const policy = policyDocument(raw.restApi?.policy);
  return {
    authorizers: Object.keys(authorizers)
      .sort()
      .map((name) => resolveAuthorizer(name, authorizers[name])),
    endpoints: restEndpoints(raw, events).map((endpoint) => resolveEndpointAccess(raw, endpoint)),
    usagePlans: resolveUsagePlans(raw, stageName),
    ...(policy ? { policy } : {}),
  };
}
