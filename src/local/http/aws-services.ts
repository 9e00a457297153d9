/**
 * HTTP APIs' AWS service integrations (type AWS_PROXY with an `IntegrationSubtype`, "Create AWS
 * service integrations for HTTP APIs",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services.html),
 * sent to the local AWS endpoint (`--aws-endpoint`, `custom.apiGateway.local.awsEndpoint`) as
 * the REST API's `AWS` integrations are (../aws/call.ts: SigV4-signed for the service and region).
 *
 * The integration's RequestParameters name the action's parameters (./aws-subtypes.ts); each
 * value is static text, a request or context value (`$request.body.<JSON path>`, `$request.body`
 * itself, `$request.header.<name>`, `$request.querystring.<name>`, `$request.path.<name>`,
 * `$context.<name>`, `$stageVariables.<name>`, read as parameter mapping reads them, ./parameters.ts)
 * or text with such values in `${…}` (`order-${request.path.id}`). Intrinsics in the template
 * (a queue's `Ref`, a state machine's `Fn::GetAtt … Arn`) get their local values first
 * (../lambda/local-values.ts: queues' URLs are on the endpoint). `CredentialsArn` is not assumed
 * locally: calls are signed with the environment's credentials, else `test`/`test`.
 *
 * The route answers what the service answered: its status, its body and its Content-Type
 * (the response parameter mapping then applies, as for any integration). A route that cannot be
 * sent — no endpoint (the log line says how to set one, as for REST), a subtype HTTP APIs do not
 * have, a required parameter not mapped, a value of the wrong shape, an endpoint that does not
 * answer — is HTTP APIs' 500 `{"message":"Internal Server Error"}` with a log line; the
 * integration timeout is their 503.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import type { V2Integration } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { callAwsService } from '../aws/call';
import { localValue, type LocalValues } from '../lambda/local-values';
import { AWS_ENDPOINT_HINT } from '../rest/aws-integration';
import type { ProxyResult } from '../rest/lambda-proxy';
import type { GatewayResponse } from '../rest/request';
import { INTEGRATION_SUBTYPES, ParameterError, serviceRequest } from './aws-subtypes';
import { mappedValue, type MappingSources } from './parameters';

const TYPE = 'AWS_PROXY';

export interface AwsServiceSettings {
  template: CfnTemplate;
  /** Local values of intrinsics, with the endpoint (`awsEndpoint`) calls go to. */
  values: LocalValues;
}

function failure(statusCode: number, message: string, detail: string): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': ['application/json'] },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
    integration: TYPE,
    detail,
  };
}

const internalError = (detail: string) => failure(500, 'Internal Server Error', detail);

/** One parameter's value for this request. */
export function parameterValue(value: string, sources: MappingSources): string {
  if (value === '$request.body') return sources.requestBody.toString('utf8');
  if (value.includes('${'))
    return value.replace(/\$\{([^}]+)\}/g, (_whole, inner: string) =>
      parameterValue(`$${inner.trim()}`, sources),
    );
  return mappedValue(value, sources);
}

export class HttpAwsServices {
  private readonly resolved = new WeakMap<V2Integration, Record<string, string>>();

  constructor(private readonly settings: AwsServiceSettings) {}

  /** The integration's RequestParameters with intrinsics given local values (once each). */
  private parametersOf(integration: V2Integration): Record<string, string> {
    let found = this.resolved.get(integration);
    if (!found) {
      const { template, values } = this.settings;
      const map = integration.requestParameters;
      found = {};
      if (map !== null && typeof map === 'object' && !Array.isArray(map))
        for (const [name, value] of Object.entries(map as Record<string, unknown>)) {
          const local = localValue(value, template, values);
          if (local !== undefined) found[name] = local;
        }
      this.resolved.set(integration, found);
    }
    return found;
  }

  async run(
    integration: V2Integration,
    sources: MappingSources,
    timeoutMs: number,
  ): Promise<(ProxyResult & { detail?: string }) | GatewayResponse> {
    const subtype = renderValue(integration.subtype ?? '');
    const endpoint = this.settings.values.awsEndpoint;
    if (endpoint === undefined)
      return internalError(`${subtype}: no local AWS endpoint; ${AWS_ENDPOINT_HINT}`);
    const mapped: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.parametersOf(integration)))
      mapped[name] = parameterValue(value, sources);
    const { Region: region, ...parameters } = mapped;
    let request;
    try {
      request = serviceRequest(subtype, parameters);
    } catch (error) {
      if (error instanceof ParameterError) return internalError(`${subtype}: ${error.message}`);
      throw error;
    }
    if (request === undefined)
      return internalError(
        `IntegrationSubtype ${JSON.stringify(subtype)} is not one HTTP APIs have (${INTEGRATION_SUBTYPES.join(', ')})`,
      );
    if ('missing' in request)
      return internalError(`${subtype}: RequestParameters must map ${request.missing.join(', ')}`);
    const { url, outcome } = await callAwsService({
      endpoint,
      service: request.service,
      region: region || this.settings.values.region,
      method: request.method,
      pathAndQuery: request.pathAndQuery,
      headers: request.headers,
      body: request.body,
      timeoutMs,
    });
    if (outcome.kind === 'timeout')
      return failure(503, 'Service Unavailable', `${subtype}: ${url}: the integration timed out`);
    if (outcome.kind === 'unreachable')
      return internalError(
        `${subtype}: the local AWS endpoint ${endpoint} cannot be reached (${outcome.message}); is it running?`,
      );
    const contentType = Object.entries(outcome.headers).find(
      ([name]) => name.toLowerCase() === 'content-type',
    )?.[1];
    return {
      statusCode: outcome.statusCode,
      headers: contentType ? { 'content-type': [...contentType] } : {},
      body: outcome.body,
      // A service error is worth a look in the request log even though it is the answer.
      ...(outcome.statusCode >= 400
        ? {
            detail: `${request.service} answered ${outcome.statusCode}: ${outcome.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 300)}`,
          }
        : {}),
    };
  }
}
