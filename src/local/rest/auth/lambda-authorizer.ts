/**
 * Lambda authorizers (TOKEN and REQUEST) run as API Gateway runs them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html):
 * the identity sources are read first, and a missing one, or a TOKEN that does not match the
 * authorizer's `identityValidationExpression` (the whole token, as Java's `String.matches`), is
 * 401 without invoking the function. The function gets the documented input
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html);
 * an error whose message is exactly `Unauthorized` is 401, any other failure 500; its policy is
 * cached for `resultTtlInSeconds` (default 300, 0: off) by the identity source values, and every
 * request, cached or not, is decided against its own method ARN, so a policy cached for one
 * method denies another it does not name, as on AWS.
 */
import type { CfnTemplate } from '../../../cloudformation/template';
import type { RestAuthorizer } from '../../../model';
import { renderValue } from '../../../openapi/intrinsics';
import {
  functionOfIntegrationUri,
  readLocalFunction,
  type LocalFunction,
} from '../../lambda/functions';
import type { LocalValues } from '../../lambda/local-values';
import type { FunctionPool } from '../../lambda/pool';
import { requestContext, type RouteInfo } from '../context';
import type { GatewayError } from '../gateway-responses';
import { proxyEvent } from '../lambda-proxy';
import type { GatewayRequest } from '../request';
import { identityValue, identityValues } from './identity';
import {
  allowedAuthorization,
  evaluatePolicy,
  methodArn,
  readAuthorizerResult,
  type AuthorizerResult,
} from './policy';
import {
  ACCESS_DENIED_EXPLICITLY,
  ACCESS_NOT_ALLOWED,
  AUTHORIZER_CONFIGURATION_ERROR,
  UNAUTHORIZED,
} from './responses';

/** API Gateway's default authorizer cache TTL. */
export const DEFAULT_RESULT_TTL_SECONDS = 300;
/** No authorizer-specific limit is documented; the integration timeout caps the call locally. */
const AUTHORIZER_CALLER_TIMEOUT_MS = 29_000;

export interface AuthorizerEnvironment {
  functions: FunctionPool;
  template: CfnTemplate;
  values: LocalValues;
  apiId: string;
  stageVariables: Readonly<Record<string, string>>;
  binaryMediaTypes: readonly string[];
  /** Epoch milliseconds: cache expiry (and token expiry) are read against it. */
  now: () => number;
}

/** Allowed: what `$context.authorizer` and the proxy event's `requestContext.authorizer` hold. */
export type AuthDecision =
  | { authorizer: Record<string, unknown>; usageIdentifierKey?: string }
  | { error: GatewayError; detail: string };

interface CacheEntry {
  expiresAt: number;
  result: AuthorizerResult;
}

export class LambdaAuthorizers {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly functionsByAuthorizer = new Map<string, LocalFunction | undefined>();

  constructor(private readonly environment: AuthorizerEnvironment) {}

  async authorize(
    authorizer: RestAuthorizer,
    request: GatewayRequest,
    route: RouteInfo,
  ): Promise<AuthDecision> {
    const { environment } = this;
    const context = requestContext(request, route) as Record<string, unknown>;
    const input = { request, stageVariables: environment.stageVariables, context };
    const isToken = authorizer.type === 'TOKEN';
    const sources = isToken ? authorizer.identitySources.slice(0, 1) : authorizer.identitySources;
    const values = identityValues(sources, input);
    if (!values || (isToken && values.length === 0))
      return {
        error: UNAUTHORIZED,
        detail: `authorizer ${authorizer.name}: identity source ${sources.find((source) => identityValue(source, input) === undefined) ?? '(none configured)'} is missing or empty`,
      };
    if (isToken && authorizer.identityValidationExpression !== undefined) {
      const expression = renderValue(authorizer.identityValidationExpression);
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${expression})$`, 's');
      } catch {
        return this.misconfigured(
          authorizer,
          `identityValidationExpression ${expression} is not a regular expression`,
        );
      }
      if (!pattern.test(values[0]))
        return {
          error: UNAUTHORIZED,
          detail: `authorizer ${authorizer.name}: the token does not match identityValidationExpression ${expression}`,
        };
    }
    const arnParts = {
      region: environment.values.region,
      accountId: environment.values.accountId,
      apiId: environment.apiId,
      stage: request.stage,
    };
    const arn = methodArn(arnParts, request.httpMethod, request.path);
    const ttl = Number(renderValue(authorizer.resultTtlInSeconds ?? DEFAULT_RESULT_TTL_SECONDS));
    // A REQUEST authorizer without identity sources cannot be cached: there is no key.
    const cacheKey =
      Number.isFinite(ttl) && ttl > 0 && values.length > 0
        ? JSON.stringify([authorizer.name, ...values])
        : undefined;
    const cached = cacheKey === undefined ? undefined : this.cache.get(cacheKey);
    let result: AuthorizerResult;
    let latency = 0;
    if (cached && cached.expiresAt > environment.now()) result = cached.result;
    else {
      const event = isToken
        ? { type: 'TOKEN', authorizationToken: values[0], methodArn: arn }
        : requestEvent(arn, request, route, environment);
      const started = Date.now();
      const invoked = await this.invoke(authorizer, event);
      latency = Date.now() - started;
      if ('error' in invoked) return invoked;
      result = invoked;
      if (cacheKey !== undefined)
        this.cache.set(cacheKey, { expiresAt: environment.now() + ttl * 1000, result });
    }
    const decision = evaluatePolicy(result.statements, arn);
    if (decision !== 'allow')
      return {
        error: decision === 'explicit-deny' ? ACCESS_DENIED_EXPLICITLY : ACCESS_NOT_ALLOWED,
        detail: `authorizer ${authorizer.name}: the policy ${decision === 'explicit-deny' ? 'denies' : 'does not allow'} ${arn}`,
      };
    return allowedAuthorization(result, latency);
  }

  private async invoke(
    authorizer: RestAuthorizer,
    event: unknown,
  ): Promise<AuthorizerResult | { error: GatewayError; detail: string }> {
    const fn = this.functionOf(authorizer);
    if (!fn)
      return this.misconfigured(
        authorizer,
        `no AWS::Lambda::Function of the template matches the authorizer URI ${renderValue(authorizer.authorizerUri)}`,
      );
    const outcome = await this.environment.functions.invoke(
      fn,
      event,
      AUTHORIZER_CALLER_TIMEOUT_MS,
    );
    switch (outcome.kind) {
      case 'result': {
        const result = readAuthorizerResult(outcome.payload);
        return typeof result === 'string'
          ? this.misconfigured(authorizer, `${fn.functionName} returned no valid policy: ${result}`)
          : result;
      }
      case 'error':
        return outcome.errorMessage === 'Unauthorized'
          ? { error: UNAUTHORIZED, detail: `authorizer ${authorizer.name}: Unauthorized` }
          : this.misconfigured(
              authorizer,
              `${fn.functionName} failed: ${outcome.errorType}: ${outcome.errorMessage}`,
            );
      case 'function-timeout':
        return this.misconfigured(
          authorizer,
          `${fn.functionName}: Task timed out after ${outcome.seconds.toFixed(2)} seconds`,
        );
      case 'caller-timeout':
        return this.misconfigured(authorizer, `${fn.functionName} did not answer in time`);
      case 'crash':
        return this.misconfigured(
          authorizer,
          `${fn.functionName}'s worker crashed (${outcome.message})`,
        );
      case 'unsupported-runtime':
        return this.misconfigured(
          authorizer,
          `runtime ${outcome.runtime} cannot run locally (Node.js runtimes only)`,
        );
    }
  }

  private misconfigured(authorizer: RestAuthorizer, detail: string) {
    return {
      error: AUTHORIZER_CONFIGURATION_ERROR,
      detail: `authorizer ${authorizer.name}: ${detail}`,
    };
  }

  private functionOf(authorizer: RestAuthorizer): LocalFunction | undefined {
    if (!this.functionsByAuthorizer.has(authorizer.name)) {
      const { template, values } = this.environment;
      const logicalId = functionOfIntegrationUri(authorizer.authorizerUri, template);
      this.functionsByAuthorizer.set(
        authorizer.name,
        logicalId === undefined ? undefined : readLocalFunction(template, logicalId, values),
      );
    }
    return this.functionsByAuthorizer.get(authorizer.name);
  }
}

/** A REQUEST authorizer's input: the proxy event's request fields, without the body. */
function requestEvent(
  arn: string,
  request: GatewayRequest,
  route: RouteInfo,
  environment: AuthorizerEnvironment,
): Record<string, unknown> {
  const proxy = proxyEvent(
    request,
    route,
    environment.stageVariables,
    environment.binaryMediaTypes,
  );
  return {
    type: 'REQUEST',
    methodArn: arn,
    resource: proxy.resource,
    path: proxy.path,
    httpMethod: proxy.httpMethod,
    headers: proxy.headers,
    multiValueHeaders: proxy.multiValueHeaders,
    queryStringParameters: proxy.queryStringParameters,
    multiValueQueryStringParameters: proxy.multiValueQueryStringParameters,
    pathParameters: proxy.pathParameters,
    stageVariables: proxy.stageVariables,
    requestContext: proxy.requestContext,
  };
}
