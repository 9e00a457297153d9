/**
 * Lambda (REQUEST) authorizers of HTTP APIs, as "Control access to HTTP APIs with AWS Lambda
 * authorizers" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)
 * documents them:
 * - identity sources: when one is missing, "API Gateway doesn't invoke your Lambda authorizer,
 *   and the client receives a 401 error";
 * - the event in the authorizer's payload format: 2.0 (`type`, `routeArn`, `identitySource` as a
 *   list, then the 2.0 request fields without the body) or 1.0 (`type`, `methodArn`,
 *   `identitySource` and `authorizationToken` as the values joined with commas, then the REST
 *   proxy fields without the body);
 * - the response: with `enableSimpleResponses` (2.0 only) `{"isAuthorized": true|false,
 *   "context": {…}}`, otherwise an IAM policy whose `execute-api:Invoke` statements are read by
 *   ../../rest/auth/policy.ts against the route ARN
 *   (`arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`); not authorized or
 *   not allowed is 403 `{"message":"Forbidden"}`;
 * - an error whose message is exactly `Unauthorized` is 401, as with REST APIs; any other failure,
 *   a timeout, or a response not in the required format is 500;
 * - caching: with `authorizerResultTtlInSeconds` above 0 and at least one identity source, the
 *   response is cached by the identity source values; a cached policy is evaluated again against
 *   each request's route ARN, a cached simple response "fully allows or denies" every request.
 *   A template without a TTL is not cached.
 * The response's `context` reaches the integration as `requestContext.authorizer.lambda`.
 */
import type { CfnTemplate } from '../../../cloudformation/template';
import type { V2Authorizer } from '../../../model';
import { renderValue } from '../../../openapi/intrinsics';
import {
  functionOfIntegrationUri,
  readLocalFunction,
  type LocalFunction,
} from '../../lambda/functions';
import type { LocalValues } from '../../lambda/local-values';
import type { FunctionPool } from '../../lambda/pool';
import type { IdentityInput } from '../../rest/auth/identity';
import {
  evaluatePolicy,
  methodArn,
  readAuthorizerResult,
  type PolicyStatement,
} from '../../rest/auth/policy';
import { LOCAL_API_ID } from '../../rest/context';
import type { GatewayResponse } from '../../rest/request';
import { payloadV1, payloadV2 } from '../events';
import type { HttpRequest } from '../request';
import type { HttpRouteMatch } from '../routes';
import { sourceValues } from './identity';
import { authorizerFailed, forbidden, unauthorized } from './responses';

/** No authorizer-specific limit is documented; the integration timeout caps the call locally. */
const AUTHORIZER_CALLER_TIMEOUT_MS = 29_000;

type AuthorizerContext = Record<string, unknown>;

/** What a response decides, kept in the cache. */
type Verdict =
  | { simple: true; isAuthorized: boolean; context: AuthorizerContext }
  | { simple: false; statements: PolicyStatement[]; context: AuthorizerContext };

export interface LambdaAuthorizerEnvironment {
  functions: FunctionPool;
  template: CfnTemplate;
  values: LocalValues;
  stageVariables: Readonly<Record<string, string>>;
  now: () => number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The verdict in a function's output, or why the output is not in the required format. */
function readVerdict(output: unknown, version: string, simple: boolean): Verdict | string {
  if (simple) {
    if (!isRecord(output)) return 'the response is not an object';
    if (typeof output.isAuthorized !== 'boolean') return 'isAuthorized is not a boolean';
    if (output.context !== undefined && output.context !== null && !isRecord(output.context))
      return 'context is not an object';
    return {
      simple: true,
      isAuthorized: output.isAuthorized,
      context: { ...((output.context as AuthorizerContext | null | undefined) ?? {}) },
    };
  }
  // Format 2.0 passes any JSON in `context` (the guide's example returns lists and maps); 1.0
  // keeps the REST rule of strings, numbers and booleans.
  const context = isRecord(output) ? output.context : undefined;
  if (version === '2.0' && context !== undefined && context !== null && !isRecord(context))
    return 'context is not an object';
  const policy = readAuthorizerResult(
    version === '2.0' && isRecord(output) ? { ...output, context: undefined } : output,
  );
  if (typeof policy === 'string') return policy;
  return {
    simple: false,
    statements: policy.statements,
    context:
      version === '2.0'
        ? { ...((context as AuthorizerContext | undefined) ?? {}) }
        : policy.context,
  };
}

export class LambdaAuthorizers {
  private readonly cache = new Map<string, { expiresAt: number; verdict: Verdict }>();
  private readonly functionsByAuthorizer = new Map<string, LocalFunction | undefined>();

  constructor(private readonly environment: LambdaAuthorizerEnvironment) {}

  /** The context for `requestContext.authorizer.lambda`, or the refusal. */
  async authorize(
    authorizer: V2Authorizer,
    request: HttpRequest,
    match: HttpRouteMatch,
    input: IdentityInput,
  ): Promise<{ lambda: AuthorizerContext } | GatewayResponse> {
    const named = (detail: string) => `Lambda authorizer ${authorizer.name}: ${detail}`;
    const read = sourceValues(authorizer.identitySources, input);
    if ('missing' in read)
      return unauthorized(named(`identity source ${read.missing} is missing or empty`));
    const version = renderValue(authorizer.payloadFormatVersion ?? '');
    if (version !== '1.0' && version !== '2.0')
      return authorizerFailed(
        named(`AuthorizerPayloadFormatVersion ${JSON.stringify(version)} is not 1.0 or 2.0`),
      );
    const simple =
      version === '2.0' &&
      String(renderValue(authorizer.enableSimpleResponses ?? false)) === 'true';
    const { values } = read;
    const { stageVariables, now } = this.environment;
    const arn = methodArn(
      {
        region: this.environment.values.region,
        accountId: this.environment.values.accountId,
        apiId: LOCAL_API_ID,
        stage: request.stage,
      },
      request.httpMethod,
      request.path,
    );
    const ttl = Number(renderValue(authorizer.resultTtlInSeconds ?? 0));
    // "To enable caching, your authorizer must have at least one identity source."
    const cacheKey =
      Number.isFinite(ttl) && ttl > 0 && values.length > 0
        ? JSON.stringify([authorizer.logicalId, ...values])
        : undefined;
    const cached = cacheKey === undefined ? undefined : this.cache.get(cacheKey);
    let verdict: Verdict;
    if (cached && cached.expiresAt > now()) verdict = cached.verdict;
    else {
      const event =
        version === '2.0'
          ? eventV2(request, match, stageVariables, arn, values)
          : eventV1(request, match, stageVariables, arn, values);
      const outcome = await this.invoke(authorizer, event, version, simple);
      if ('statusCode' in outcome) return outcome;
      verdict = outcome;
      if (cacheKey !== undefined)
        this.cache.set(cacheKey, { expiresAt: now() + ttl * 1000, verdict });
    }
    if (verdict.simple) {
      if (!verdict.isAuthorized) return forbidden(named('isAuthorized is false'));
    } else {
      const decision = evaluatePolicy(verdict.statements, arn);
      if (decision !== 'allow')
        return forbidden(
          named(`the policy ${decision === 'explicit-deny' ? 'denies' : 'does not allow'} ${arn}`),
        );
    }
    return { lambda: verdict.context };
  }

  private async invoke(
    authorizer: V2Authorizer,
    event: Record<string, unknown>,
    version: string,
    simple: boolean,
  ): Promise<Verdict | GatewayResponse> {
    const named = (detail: string) => `Lambda authorizer ${authorizer.name}: ${detail}`;
    const fn = this.functionOf(authorizer);
    if (!fn)
      return authorizerFailed(
        named(
          `no AWS::Lambda::Function of the template matches the authorizer URI ${renderValue(authorizer.authorizerUri)}`,
        ),
      );
    const outcome = await this.environment.functions.invoke(
      fn,
      event,
      AUTHORIZER_CALLER_TIMEOUT_MS,
    );
    const failed = (detail: string) => authorizerFailed(named(`${fn.functionName} ${detail}`));
    switch (outcome.kind) {
      case 'result': {
        const verdict = readVerdict(outcome.payload, version, simple);
        return typeof verdict === 'string'
          ? failed(
              `returned a response not in the required format (${simple ? 'simple response' : 'IAM policy'}): ${verdict}`,
            )
          : verdict;
      }
      case 'error':
        return outcome.errorMessage === 'Unauthorized'
          ? unauthorized(named('Unauthorized'))
          : failed(`failed: ${outcome.errorType}: ${outcome.errorMessage}`);
      case 'function-timeout':
        return failed(`timed out after ${outcome.seconds.toFixed(2)} seconds`);
      case 'caller-timeout':
        return failed('did not answer in time');
      case 'crash':
        return failed(`crashed (${outcome.message})`);
      case 'unsupported-runtime':
        return failed(`cannot run locally: runtime ${outcome.runtime} (Node.js runtimes only)`);
    }
  }

  private functionOf(authorizer: V2Authorizer): LocalFunction | undefined {
    if (!this.functionsByAuthorizer.has(authorizer.logicalId)) {
      const { template, values } = this.environment;
      const logicalId = functionOfIntegrationUri(authorizer.authorizerUri, template);
      this.functionsByAuthorizer.set(
        authorizer.logicalId,
        logicalId === undefined ? undefined : readLocalFunction(template, logicalId, values),
      );
    }
    return this.functionsByAuthorizer.get(authorizer.logicalId);
  }
}

/** The 2.0 authorizer event: the 2.0 request event without its body, after the authorizer fields. */
function eventV2(
  request: HttpRequest,
  match: HttpRouteMatch,
  stageVariables: Readonly<Record<string, string>>,
  routeArn: string,
  identitySource: string[],
): Record<string, unknown> {
  const { version, body, isBase64Encoded, ...rest } = payloadV2(request, match, stageVariables);
  void body;
  void isBase64Encoded;
  return { version, type: 'REQUEST', routeArn, identitySource, ...rest };
}

/** The 1.0 authorizer event: the guide's fields, taken from the 1.0 request event. */
function eventV1(
  request: HttpRequest,
  match: HttpRouteMatch,
  stageVariables: Readonly<Record<string, string>>,
  methodArnValue: string,
  identitySource: string[],
): Record<string, unknown> {
  const event = payloadV1(request, match, stageVariables);
  const joined = identitySource.join(',');
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: methodArnValue,
    identitySource: joined,
    authorizationToken: joined,
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers,
    queryStringParameters: event.queryStringParameters,
    pathParameters: event.pathParameters,
    stageVariables: event.stageVariables,
    requestContext: event.requestContext,
  };
}
