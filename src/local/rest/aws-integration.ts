/**
 * AWS service integrations (type `AWS` on a URI other than Lambda's invocation URI), sent to a
 * local AWS endpoint (`--aws-endpoint`, `custom.apiGateway.local.awsEndpoint`: LocalStack, moto's
 * server…) as API Gateway sends them to the service ("Set up an AWS service integration",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-aws-integration.html, and
 * the `uri` of PutIntegration in the API reference). The URI
 * `arn:aws:apigateway:<region>:<service>:path/<path>` names a path on the service,
 * `…:action/<Action>&<p>=<v>…` the query string `?Action=<Action>&<p>=<v>…`; `{name}` in either
 * takes an `integration.request.path.name` mapping (or the template's
 * `$context.requestOverride.path`). The integration's HTTP method carries the request template's
 * output (or the passed-through body) with only the mapped headers and query strings (overrides
 * applied over them) and `Accept: application/json`; Content-Type is the mapped one, else the
 * template's; a JSON-protocol service's action also gets its `X-Amz-Target` and content type
 * (../aws/protocols.ts). The call is SigV4-signed for the URI's service and region
 * (../aws/signing.ts). The service's status selects the integration response by
 * `selectionPattern`, whose template sees the service's body as `$input`, as for HTTP
 * integrations. Intrinsics in the URI, templates and mappings (a queue's `Fn::GetAtt … Arn`, a
 * table's `Ref`) get their local values (../lambda/local-values.ts).
 */
import type { CfnTemplate } from '../../cloudformation/template';
import type { IntegrationResponse, RestIntegration } from '../../model';
import { callAwsService } from '../aws/call';
import { jsonProtocolHeaders } from '../aws/protocols';
import type { AwsCredentials } from '../aws/signing';
import { localValue, type LocalValues } from '../lambda/local-values';
import { requestContext, type RouteInfo } from './context';
import { CONFIGURATION_ERROR, INTEGRATION_TIMEOUT } from './gateway-responses';
import {
  HOP_BY_HOP,
  integrationUrl,
  mapIntegrationRequest,
  timeoutOf,
  upstreamMethod,
  withOverrides,
} from './http';
import { applyIntegrationResponse, selectIntegrationResponse } from './integration-response';
import type { IntegrationEnvironment } from './mock';
import { mappedHeaders } from './parameters';
import type { GatewayRequest, GatewayResponse } from './request';

const TYPE = 'AWS';

/** How to give the local gateway an endpoint: the log line of a route that has none. */
export const AWS_ENDPOINT_HINT =
  'start a local AWS endpoint (moto_server -H 127.0.0.1 -p 5000, or LocalStack on :4566) and pass --aws-endpoint http://127.0.0.1:5000 to sls apigateway serve, or set custom.apiGateway.local.awsEndpoint (startLocalGateway: awsEndpoint)';

export interface AwsServiceUri {
  region: string;
  /** The service's signing name: `s3` of `mybucket.s3`. */
  service: string;
  /** `mybucket` of `mybucket.s3`: S3's virtual-hosted bucket, sent path-style locally. */
  subdomain?: string;
  kind: 'path' | 'action';
  /** What follows `path/` or `action/`. */
  target: string;
}

/** `arn:<partition>:apigateway:<region>:<[subdomain.]service>:<path|action>/<…>`; else undefined. */
export function parseAwsServiceUri(uri: string): AwsServiceUri | undefined {
  const match = /^arn:[^:]+:apigateway:([^:]*):([^:/]+):(path|action)\/(.*)$/s.exec(uri);
  if (!match) return undefined;
  const [, region, host, kind, target] = match;
  const dot = host.lastIndexOf('.');
  return {
    region,
    service: host.slice(dot + 1),
    ...(dot > 0 ? { subdomain: host.slice(0, dot) } : {}),
    kind: kind as AwsServiceUri['kind'],
    target,
  };
}

/** The path (and, for an action, query string) on the service, before any `{name}` is filled. */
function serviceRelativeUri(uri: AwsServiceUri): string {
  if (uri.kind === 'action') return `/?Action=${uri.target}`;
  const bucket = uri.service === 's3' && uri.subdomain ? `/${uri.subdomain}` : '';
  // `path//` is the usual spelling of the service's root: a path has no empty first segment.
  return `${bucket}/${uri.target}`.replace(/^\/{2,}/, '/');
}

export interface AwsIntegrationSettings {
  template: CfnTemplate;
  /** Local values of intrinsics, with the endpoint (`awsEndpoint`) calls go to. */
  values: LocalValues;
  defaultTimeoutMs: number;
  /** Default: the environment's credentials, else `test`/`test`. */
  credentials?: () => AwsCredentials;
}

/** A value of the template with its intrinsics given local values (undefined: AWS::NoValue). */
function localMap(
  map: Readonly<Record<string, unknown>> | undefined,
  resolve: (value: unknown) => string | undefined,
): Record<string, string> | undefined {
  if (!map) return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    const local = resolve(value);
    if (local !== undefined) result[key] = local;
  }
  return result;
}

/** The AWS service integrations of one served API, their intrinsics resolved once each. */
export class AwsServiceIntegrations {
  private readonly resolved = new WeakMap<RestIntegration, RestIntegration & { uri: string }>();

  constructor(private readonly settings: AwsIntegrationSettings) {}

  private resolve(integration: RestIntegration): RestIntegration & { uri: string } {
    let found = this.resolved.get(integration);
    if (!found) {
      const { template, values } = this.settings;
      const local = (value: unknown) => localValue(value, template, values);
      const responses: IntegrationResponse[] = integration.responses.map((response) => ({
        ...response,
        ...(response.responseTemplates
          ? { responseTemplates: localMap(response.responseTemplates, local) }
          : {}),
        ...(response.responseParameters
          ? { responseParameters: localMap(response.responseParameters, local) }
          : {}),
      }));
      found = {
        ...integration,
        uri: local(integration.uri) ?? '',
        ...(integration.requestTemplates
          ? { requestTemplates: localMap(integration.requestTemplates, local) }
          : {}),
        ...(integration.requestParameters
          ? { requestParameters: localMap(integration.requestParameters, local) }
          : {}),
        responses,
      };
      this.resolved.set(integration, found);
    }
    return found;
  }

  async run(
    modelIntegration: RestIntegration,
    request: GatewayRequest,
    route: RouteInfo,
    environment: IntegrationEnvironment,
  ): Promise<GatewayResponse> {
    const { gatewayResponses } = environment;
    const configurationError = (detail: string): GatewayResponse => ({
      ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
      integration: TYPE,
      detail,
    });
    const integration = this.resolve(modelIntegration);
    const uri = parseAwsServiceUri(integration.uri);
    if (!uri)
      return configurationError(
        `the integration URI ${integration.uri} is not an AWS service URI (arn:aws:apigateway:<region>:<service>:path|action/…)`,
      );
    const endpoint = this.settings.values.awsEndpoint;
    const serviceName = `${uri.service}:${uri.kind}/${uri.target}`;
    if (endpoint === undefined)
      return configurationError(`${serviceName}: no local AWS endpoint; ${AWS_ENDPOINT_HINT}`);

    const mappedRequest = mapIntegrationRequest(
      integration,
      request,
      route,
      environment,
      configurationError,
    );
    if ('response' in mappedRequest) return mappedRequest.response;
    const { body, requestOverride, sources, query, pathOverride, contentType } = mappedRequest;
    const pathAndQuery = integrationUrl(
      { ...integration, uri: serviceRelativeUri(uri) },
      sources,
      false,
      query,
      pathOverride,
    );
    const action = uri.kind === 'action' ? uri.target.split('&')[0] : undefined;
    const defaults: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': contentType,
      ...(action === undefined ? {} : jsonProtocolHeaders(uri.service, action)),
    };
    const mapped = withOverrides(
      mappedHeaders(integration.requestParameters, 'integration.request.header.', sources),
      requestOverride.header,
    );
    // The signature covers Host; the connection's own headers are the client's to set.
    const headers = Object.fromEntries(
      Object.entries(withOverrides(defaults, mapped)).filter(
        ([name]) => !HOP_BY_HOP.has(name.toLowerCase()),
      ),
    );
    const { url, outcome } = await callAwsService({
      endpoint,
      service: uri.service,
      region: uri.region || this.settings.values.region,
      method: upstreamMethod(integration, request),
      pathAndQuery,
      headers,
      body: Buffer.from(body, 'utf8'),
      timeoutMs: timeoutOf(integration, this.settings.defaultTimeoutMs),
      ...(this.settings.credentials ? { credentials: this.settings.credentials() } : {}),
    });
    if (outcome.kind === 'timeout')
      return {
        ...gatewayResponses.respond(INTEGRATION_TIMEOUT, request, route),
        integration: TYPE,
        detail: `${url}: Endpoint request timed out`,
      };
    if (outcome.kind === 'unreachable')
      return configurationError(
        `${serviceName}: the local AWS endpoint ${endpoint} cannot be reached (${outcome.message}); is it running?`,
      );
    const answer = outcome.body.toString('utf8');
    const response = selectIntegrationResponse(integration.responses, String(outcome.statusCode));
    if (!response)
      return configurationError(
        `no integration response matches the ${uri.service} status ${outcome.statusCode} and there is no default one`,
      );
    let answered: GatewayResponse;
    try {
      answered = applyIntegrationResponse(
        response,
        { body: answer, headers: outcome.headers },
        sources,
        requestContext(request, route),
        environment.templates,
        TYPE,
      );
    } catch (error) {
      return configurationError(`mapping template failed: ${messageOf(error)}`);
    }
    // A service error is worth a look in the request log even when it is mapped to a response.
    return outcome.statusCode >= 400
      ? {
          ...answered,
          detail: `${uri.service} answered ${outcome.statusCode}: ${answer.replace(/\s+/g, ' ').slice(0, 300)}`,
        }
      : answered;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
