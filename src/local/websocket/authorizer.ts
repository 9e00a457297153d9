/**
 * The `$connect` route's REQUEST authorizer, as "Control access to WebSocket APIs with AWS Lambda
 * REQUEST authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html)
 * documents it: the identity sources (`route.request.header.X`, the name compared without case;
 * `route.request.querystring.X`; `stageVariables.X`; `context.X`) are read first, and one that is
 * missing or empty refuses the connection with 401 without invoking the function. The function
 * gets the documented input (type REQUEST, methodArn `…/<stage>/$connect`, headers, query
 * strings, stage variables, the CONNECT requestContext) and returns an IAM policy, evaluated as
 * REST authorizers' are (../rest/auth/policy.ts): allowed, the connection goes on with
 * `requestContext.authorizer` (principalId, integrationLatency and the context's values) on every
 * event of the connection; denied (explicitly or by omission) is 403; an error whose message is
 * exactly `Unauthorized` is 401; any other failure 500. "If authorization fails on $connect, the
 * connection will not be established, and the client will receive a 401 or 403 response."
 * WebSocket authorizers are not cached (the TTL is an HTTP API setting).
 */
import type { V2Authorizer } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { functionOfIntegrationUri, readLocalFunction } from '../lambda/functions';
import { identitySourceValue } from '../rest/auth/identity';
import { allowedAuthorization, evaluatePolicy, readAuthorizerResult } from '../rest/auth/policy';
import { connectEvent, type ApiInfo, type ConnectionInfo, type EventCall } from './events';
import type { IntegrationEnvironment } from './integration';

const AUTHORIZER_TIMEOUT_MS = 29_000;

export type ConnectAuthDecision =
  | { authorizer: Record<string, unknown>; usageIdentifierKey?: string }
  | { status: 401 | 403 | 500; detail: string };

export interface AuthorizerInput {
  api: ApiInfo;
  connection: ConnectionInfo;
  call: EventCall;
  stageVariables: Readonly<Record<string, string>>;
  context: Readonly<Record<string, unknown>>;
}

/** The value an identity source names; undefined when it is absent or empty. */
export function webSocketIdentityValue(source: string, input: AuthorizerInput): string | undefined {
  const { connection, stageVariables, context } = input;
  return identitySourceValue(source, 'route.request.', {
    headers: connection.headers,
    queryString: connection.queryString,
    stageVariables,
    context,
  });
}

export async function authorizeConnect(
  authorizer: V2Authorizer,
  input: AuthorizerInput,
  environment: IntegrationEnvironment,
): Promise<ConnectAuthDecision> {
  const named = (detail: string) => `authorizer ${authorizer.name}: ${detail}`;
  if (authorizer.authorizerType.toUpperCase() !== 'REQUEST')
    return {
      status: 500,
      detail: named(`${authorizer.authorizerType} authorizers are not WebSocket authorizers`),
    };
  const missing = authorizer.identitySources.find(
    (source) => webSocketIdentityValue(source, input) === undefined,
  );
  if (missing !== undefined)
    return { status: 401, detail: named(`identity source ${missing} is missing or empty`) };
  const { template, values, functions } = environment;
  const logicalId = functionOfIntegrationUri(authorizer.authorizerUri, template);
  const fn = logicalId === undefined ? undefined : readLocalFunction(template, logicalId, values);
  if (!fn)
    return {
      status: 500,
      detail: named(
        `no AWS::Lambda::Function of the template matches the authorizer URI ${renderValue(authorizer.authorizerUri)}`,
      ),
    };
  const { api, connection, call } = input;
  const arn = `arn:aws:execute-api:${values.region}:${values.accountId}:${api.apiId}/${api.stage}/$connect`;
  const connect = connectEvent(api, connection, call);
  const event = {
    type: 'REQUEST',
    methodArn: arn,
    headers: connect.headers,
    multiValueHeaders: connect.multiValueHeaders,
    queryStringParameters: connect.queryStringParameters ?? {},
    multiValueQueryStringParameters: connect.multiValueQueryStringParameters ?? {},
    stageVariables: { ...input.stageVariables },
    requestContext: connect.requestContext,
  };
  const started = Date.now();
  const outcome = await functions.invoke(fn, event, AUTHORIZER_TIMEOUT_MS);
  const latency = Date.now() - started;
  if (outcome.kind === 'error')
    return outcome.errorMessage === 'Unauthorized'
      ? { status: 401, detail: named('Unauthorized') }
      : {
          status: 500,
          detail: named(`${fn.functionName} failed: ${outcome.errorType}: ${outcome.errorMessage}`),
        };
  if (outcome.kind !== 'result')
    return {
      status: 500,
      detail: named(`${fn.functionName} did not return a policy (${outcome.kind})`),
    };
  const result = readAuthorizerResult(outcome.payload);
  if (typeof result === 'string')
    return { status: 500, detail: named(`${fn.functionName} returned no valid policy: ${result}`) };
  const decision = evaluatePolicy(result.statements, arn);
  if (decision !== 'allow')
    return {
      status: 403,
      detail: named(
        `the policy ${decision === 'explicit-deny' ? 'denies' : 'does not allow'} ${arn}`,
      ),
    };
  return allowedAuthorization(result, latency);
}
