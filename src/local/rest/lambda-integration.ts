/**
 * Lambda non-proxy (custom) integrations: type `AWS` with a Lambda invocation URI
 * (`arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`), as
 * "Set up Lambda custom integrations in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html)
 * and "Handle Lambda errors in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html)
 * describe them. The request template (or the passthrough) makes the event; the function's
 * result, serialised as JSON, goes through the default integration response. A function error
 * comes back as Lambda reports one, `{"errorType", "errorMessage", "trace"}` (the Node.js
 * runtime's names: https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html; the API
 * Gateway page shows the older runtimes' `stackTrace`), and its errorMessage selects the
 * integration response by `selectionPattern` (a whole match), else the default one: an error
 * nobody maps answers 200 with the error document as its body, as the guide warns.
 */
import { randomUUID } from 'node:crypto';
import type { RestIntegration } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import type { LocalFunction } from '../lambda/functions';
import { FunctionPool, type InvokeOutcome } from '../lambda/pool';
import { requestContext, type RouteInfo } from './context';
import {
  CONFIGURATION_ERROR,
  INTEGRATION_TIMEOUT,
  UNSUPPORTED_MEDIA_TYPE,
} from './gateway-responses';
import { applyIntegrationResponse, selectIntegrationResponse } from './integration-response';
import { integrationRequest, type IntegrationEnvironment, type IntegrationRequest } from './mock';
import { mappedHeaders, type MappingSources } from './parameters';
import { headerOf, textResponse, type GatewayRequest, type GatewayResponse } from './request';

const TYPE = 'AWS';

/** Whether an integration URI invokes a Lambda function (`…:lambda:path/…/functions/…/invocations`). */
export function isLambdaInvocationUri(uri: unknown): boolean {
  return /:lambda:path\/2015-03-31\/functions\/.+\/invocations$/.test(renderValue(uri));
}

export interface LambdaIntegrationEnvironment extends IntegrationEnvironment {
  functions: FunctionPool;
  /** The integration timeout when the integration sets no `TimeoutInMillis`. */
  defaultTimeoutMs: number;
}

/** What came back from Lambda: the integration body, and the errorMessage of a function error. */
interface LambdaOutput {
  body: string;
  errorMessage?: string;
  /** For the request log. */
  detail?: string;
}

/**
 * A function error as Lambda's Invoke answers it (status 200, `X-Amz-Function-Error`): the
 * runtime's error document. A timeout and a crashed runtime are reported by Lambda itself, with
 * the request id in the message ("RequestId: … Error: Task timed out after 3.00 seconds"), which
 * is why a pattern for them must allow a prefix: `.*Task timed out.*`.
 */
function lambdaOutput(
  outcome: Exclude<InvokeOutcome, { kind: 'caller-timeout' | 'unsupported-runtime' }>,
  fn: LocalFunction,
): LambdaOutput {
  const failed = (errorType: string, errorMessage: string, trace?: string[]): LambdaOutput => ({
    body: JSON.stringify({ errorType, errorMessage, ...(trace ? { trace } : {}) }),
    errorMessage,
    detail: `${fn.functionName}: ${errorType}: ${errorMessage}`,
  });
  const requestId = randomUUID();
  switch (outcome.kind) {
    case 'result':
      return { body: JSON.stringify(outcome.payload) ?? 'null' };
    case 'error':
      return failed(outcome.errorType, outcome.errorMessage, outcome.trace);
    case 'function-timeout':
      return failed(
        'Sandbox.Timedout',
        `RequestId: ${requestId} Error: Task timed out after ${outcome.seconds.toFixed(2)} seconds`,
      );
    case 'crash': {
      // Lambda reports a runtime that exits mid-invocation as Runtime.ExitError, a function error
      // the integration responses can select like any other.
      const code = /exited with code (-?\d+)/.exec(outcome.message)?.[1];
      const why = code === undefined ? outcome.message : `exit status ${code}`;
      return failed(
        'Runtime.ExitError',
        `RequestId: ${requestId} Error: Runtime exited with error: ${why}`,
      );
    }
  }
}

/**
 * The event Lambda receives: the integration request body parsed as JSON, `{}` for an empty one
 * (a GET passed through, which Lambda gets as an empty payload). A body that is not JSON is
 * refused by Lambda's Invoke ("verifies that the event document is a valid JSON document",
 * InvalidRequestContentException, 400), which API Gateway is observed to answer with 400
 * `{"message": "Could not parse request body into json: …"}`; the rest of the message is the
 * local parser's, not Lambda's.
 */
function eventOf(body: string): { event: unknown } | { invalid: string } {
  if (body.trim() === '') return { event: {} };
  try {
    return { event: JSON.parse(body) as unknown };
  } catch (error) {
    return { invalid: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The invocation type: the `integration.request.header.X-Amz-Invocation-Type` mapping (a static
 * `'Event'` or `method.request.header.InvocationType`), which a request template's
 * `$context.requestOverride.header` replaces
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html).
 */
function invocationTypeOf(
  integration: RestIntegration,
  sources: MappingSources,
  headerOverride: Readonly<Record<string, unknown>>,
): string {
  const overridden = Object.entries(headerOverride).find(
    ([name]) => name.toLowerCase() === 'x-amz-invocation-type',
  )?.[1];
  if (overridden !== undefined) return String(overridden);
  const mapped = mappedHeaders(
    integration.requestParameters,
    'integration.request.header.',
    sources,
  );
  return headerOf(mapped, 'X-Amz-Invocation-Type') ?? 'RequestResponse';
}

export async function runLambdaIntegration(
  integration: RestIntegration,
  fn: LocalFunction | undefined,
  request: GatewayRequest,
  route: RouteInfo,
  environment: LambdaIntegrationEnvironment,
): Promise<GatewayResponse> {
  const { gatewayResponses, functions } = environment;
  // API Gateway's configuration error: a template that fails, no integration response to use,
  // no function to invoke, or (locally) one whose runtime cannot run here. AWS answers a Lambda
  // service failure (the function missing, a permission) with 500 as well.
  const configurationError = (detail: string): GatewayResponse => ({
    ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
    integration: TYPE,
    detail,
  });
  const context = requestContext(request, route);
  const sources: MappingSources = {
    request,
    pathParameters: route.pathParameters,
    stageVariables: environment.stageVariables,
    context: context as Record<string, unknown>,
  };
  // Only a function error has a selector: "If the back end is an AWS Lambda function, the AWS
  // Lambda function error header is matched" (IntegrationResponse.selectionPattern, API Gateway
  // API reference), so a success, an asynchronous call and a dry run get the default response.
  const respond = (output: LambdaOutput): GatewayResponse => {
    const response = selectIntegrationResponse(integration.responses, output.errorMessage);
    if (!response)
      return configurationError(
        'no integration response matches the Lambda error and there is no default one',
      );
    try {
      const answered = applyIntegrationResponse(
        response,
        { body: output.body, headers: {} },
        sources,
        context,
        environment.templates,
        TYPE,
      );
      return output.detail === undefined ? answered : { ...answered, detail: output.detail };
    } catch (error) {
      return configurationError(`mapping template failed: ${messageOf(error)}`);
    }
  };

  let input: IntegrationRequest | undefined;
  try {
    input = integrationRequest(integration, request, route, environment);
  } catch (error) {
    return configurationError(`mapping template failed: ${messageOf(error)}`);
  }
  if (!input) return gatewayResponses.respond(UNSUPPORTED_MEDIA_TYPE, request, route);
  if (!fn)
    return configurationError(
      `no AWS::Lambda::Function of the template matches the integration URI ${renderValue(integration.uri)}`,
    );
  const parsed = eventOf(input.body);
  if ('invalid' in parsed) {
    return {
      ...textResponse(
        400,
        'application/json',
        JSON.stringify({ message: `Could not parse request body into json: ${parsed.invalid}` }),
        TYPE,
      ),
      detail: `${fn.functionName}: the integration request body is not JSON`,
    };
  }
  if (!FunctionPool.canRun(fn.runtime))
    return configurationError(
      `${fn.functionName}: runtime ${fn.runtime} cannot run locally (Node.js runtimes only)`,
    );

  const invocationType = invocationTypeOf(integration, sources, input.requestOverride.header);
  if (invocationType === 'Event') {
    // Lambda queues the event and answers 202 at once; the function runs on its own (up to its
    // Timeout), and its result or error goes nowhere the client can see.
    void functions.invoke(fn, parsed.event, fn.timeoutSeconds * 1000).catch(() => undefined);
    return respond({ body: '', detail: `${fn.functionName}: invoked asynchronously` });
  }
  if (invocationType === 'DryRun') {
    // Lambda only validates the request (204, no body); the function does not run.
    return respond({ body: '', detail: `${fn.functionName}: dry run, not invoked` });
  }
  const timeoutMs =
    Number(integration.timeoutInMillis ?? environment.defaultTimeoutMs) ||
    environment.defaultTimeoutMs;
  const outcome = await functions.invoke(fn, parsed.event, timeoutMs);
  if (outcome.kind === 'caller-timeout')
    return {
      ...gatewayResponses.respond(INTEGRATION_TIMEOUT, request, route),
      integration: TYPE,
      detail: `${fn.functionName}: Endpoint request timed out`,
    };
  if (outcome.kind === 'unsupported-runtime')
    return configurationError(
      `${fn.functionName}: runtime ${outcome.runtime} cannot run locally (Node.js runtimes only)`,
    );
  return respond(lambdaOutput(outcome, fn));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
