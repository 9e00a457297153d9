/**
 * One HTTP API served locally for one stage: built once from the model (routes, stage variables,
 * CORS), then each request goes through CORS preflights, routing, the route's integration,
 * response parameter mapping and CORS headers, as API Gateway's HTTP APIs do. Its own answers are
 * HTTP APIs' plain JSON messages: 404 `{"message":"Not Found"}` for no route, 500
 * `{"message":"Internal Server Error"}` for a failing integration, 503
 * `{"message":"Service Unavailable"}` for the integration timeout (30 s by default and at most).
 * Every response carries `apigw-requestid`.
 *
 * A routed request is authorized first (the route's JWT or Lambda authorizer, or its SigV4
 * signature for AWS_IAM, ./auth), then takes a token from the route's throttle (./throttling.ts:
 * 429 `{"message":"Too Many Requests"}`).
 *
 * AWS service integrations (`IntegrationSubtype`) are sent to the local AWS endpoint
 * (./aws-services.ts). What this part does not run — private integrations (VPC_LINK), MOCK/HTTP/AWS
 * types HTTP APIs do not have — is a 500 with a log line naming it, never an invented answer.
 */
import type { JSONWebKeySet } from 'jose';
import type { CfnTemplate } from '../../cloudformation/template';
import type { HttpApiModel, V2Integration, V2Stage } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import {
  functionOfIntegrationUri,
  readLocalFunction,
  type LocalFunction,
} from '../lambda/functions';
import type { LocalValues } from '../lambda/local-values';
import type { FunctionPool } from '../lambda/pool';
import type { LocalIamCredential } from '../rest/auth/iam';
import { requestContext } from '../rest/context';
import { callUpstream } from '../rest/http';
import type { ProxyResult } from '../rest/lambda-proxy';
import type { GatewayResponse, RawRequest } from '../rest/request';
import {
  corsSettings,
  isPreflight,
  preflightResponse,
  withCorsHeaders,
  type CorsSettings,
} from './cors';
import { HttpAuthorizers, type HttpAuthorizerContext } from './auth';
import { HttpAwsServices } from './aws-services';
import { payloadV1, payloadV2 } from './events';
import { applyMappings, overwritten, readMappings, type MappingSources } from './parameters';
import { passedHeaders, proxyRequest } from './proxy';
import { DEFAULT_STAGE, readHttpRequest, type HttpRequest } from './request';
import { readResultV1, readResultV2 } from './results';
import { HttpRouter, type HttpRouteMatch } from './routes';
import { RouteThrottling, tooManyRequests } from './throttling';

/** HTTP APIs' integration timeout: 30 s by default, and the most TimeoutInMillis may say. */
export const HTTP_INTEGRATION_TIMEOUT_MS = 30_000;

export interface HttpGatewayOptions {
  api: HttpApiModel;
  template: CfnTemplate;
  /** The sls stage: the API's stage of that name is served if it has one, else `$default`. */
  stage: string;
  values: LocalValues;
  functions: FunctionPool;
  /** Issuer → the key set JWT authorizers verify its tokens with; default none. */
  jwks?: Readonly<Record<string, JSONWebKeySet>>;
  /** The credentials AWS_IAM routes accept SigV4 signatures of; default none (all refused). */
  iamCredentials?: readonly LocalIamCredential[];
  /** Epoch milliseconds: token expiry, signatures, authorizer caches, throttles; default Date.now. */
  now?: () => number;
}

function message(statusCode: number, text: string, integration: string, detail?: string) {
  return {
    statusCode,
    headers: { 'content-type': ['application/json'] },
    body: Buffer.from(JSON.stringify({ message: text }), 'utf8'),
    integration,
    ...(detail !== undefined ? { detail } : {}),
  };
}

export const notFound = (): GatewayResponse => message(404, 'Not Found', '-');
const internalError = (integration: string, detail: string): GatewayResponse =>
  message(500, 'Internal Server Error', integration, detail);

/** The stage served: the one named like the sls stage, else `$default`, else the first. */
export function servedStage(
  api: HttpApiModel,
  stage: string,
): {
  name: string;
  variables: Record<string, string>;
  stage?: V2Stage;
} {
  const named = (candidate: { stageName?: unknown }) => renderValue(candidate.stageName ?? '');
  const found =
    api.stages.find((candidate) => named(candidate) === stage) ??
    api.stages.find((candidate) => named(candidate) === DEFAULT_STAGE) ??
    api.stages.find((candidate) => named(candidate) !== '');
  const variables = Object.fromEntries(
    Object.entries((found?.variables ?? {}) as Record<string, unknown>).map(([name, value]) => [
      name,
      renderValue(value),
    ]),
  );
  return {
    name: found ? named(found) : DEFAULT_STAGE,
    variables,
    ...(found ? { stage: found } : {}),
  };
}

export class HttpApiGateway {
  readonly stage: string;
  private readonly router: HttpRouter;
  private readonly stageVariables: Record<string, string>;
  private readonly cors?: CorsSettings;
  private readonly functionCache = new Map<string, LocalFunction | undefined>();
  private readonly authorizers: HttpAuthorizers;
  private readonly throttling: RouteThrottling;
  private readonly awsServices: HttpAwsServices;
  private readonly now: () => number;

  constructor(private readonly options: HttpGatewayOptions) {
    const served = servedStage(options.api, options.stage);
    this.stage = served.name;
    this.stageVariables = served.variables;
    this.router = new HttpRouter(options.api.routes);
    this.cors = corsSettings(options.api.cors);
    this.now = options.now ?? Date.now;
    this.authorizers = new HttpAuthorizers({
      api: options.api,
      template: options.template,
      values: options.values,
      functions: options.functions,
      stageVariables: this.stageVariables,
      jwks: options.jwks ?? {},
      iamCredentials: options.iamCredentials ?? [],
      now: this.now,
    });
    this.throttling = new RouteThrottling(served.stage);
    this.awsServices = new HttpAwsServices({ template: options.template, values: options.values });
  }

  /** The response to any request on the HTTP API's port. */
  async handle(raw: RawRequest): Promise<GatewayResponse> {
    const request = readHttpRequest(raw, this.stage);
    if (!request) return notFound();
    const answer = await this.answer(request);
    return { ...answer, headers: { ...answer.headers, 'apigw-requestid': [request.requestId] } };
  }

  private async answer(request: HttpRequest): Promise<GatewayResponse> {
    const match = this.router.match(request.path, request.httpMethod);
    if (!match) {
      if (this.cors && isPreflight(request.httpMethod, request.headers))
        return preflightResponse(this.cors, request.headers);
      return notFound();
    }
    const { route } = match;
    const authorization = await this.authorizers.authorize(
      request,
      match,
      this.sourcesOf(request, match).context,
    );
    if ('response' in authorization) return authorization.response;
    const { authorizer } = authorization;
    if (!this.throttling.admit(route.routeKey, this.now())) return tooManyRequests(route.routeKey);
    const integration = route.integration;
    if (!integration)
      return internalError('-', `route "${route.routeKey}" has no integration in the template`);
    const type = integration.type.toUpperCase();
    const sources = this.sourcesOf(request, match, authorizer);
    let result: (ProxyResult & { detail?: string }) | GatewayResponse;
    if (type === 'AWS_PROXY' && integration.subtype !== undefined) {
      result = await this.awsServices.run(integration, sources, this.timeoutOf(integration));
    } else if (type === 'AWS_PROXY') {
      result = await this.runLambda(integration, request, match, authorizer);
    } else if (type === 'HTTP_PROXY') {
      if (String(renderValue(integration.connectionType ?? '')).toUpperCase() === 'VPC_LINK')
        return internalError(type, 'private integrations (VPC_LINK) cannot be reached locally');
      result = await this.runHttpProxy(integration, request, match, sources);
    } else {
      return internalError(
        type || '-',
        `the local gateway does not run ${type || 'these'} integrations on HTTP APIs`,
      );
    }
    if ('integration' in result) return result;
    const mapped = this.mapResponse(integration, result, sources);
    const response: GatewayResponse = {
      ...mapped,
      integration: type,
      ...('detail' in result && result.detail !== undefined ? { detail: result.detail } : {}),
    };
    return this.cors ? withCorsHeaders(this.cors, request.headers, response) : response;
  }

  /**
   * `$context` holds what the authorizer passed on as parameter mapping reads it:
   * `$context.authorizer.claims.<name>` after a JWT authorizer, `$context.authorizer.<key>`
   * after a Lambda authorizer.
   */
  private sourcesOf(
    request: HttpRequest,
    match: HttpRouteMatch,
    authorizer?: HttpAuthorizerContext,
  ): MappingSources {
    const passed =
      authorizer &&
      ('jwt' in authorizer
        ? authorizer.jwt
        : 'lambda' in authorizer
          ? authorizer.lambda
          : undefined);
    // An IAM route's signer is `$context.identity.*` (caller, user, userArn, accountId).
    const signer =
      authorizer && 'iam' in authorizer
        ? { resourcePath: '', pathParameters: {}, identity: authorizer.iam }
        : undefined;
    const context = requestContext(request, undefined);
    return {
      requestHeaders: request.multiValueHeaders,
      queryString: request.multiValueQueryString,
      requestBody: request.body,
      path: request.path,
      pathParameters: match.pathParameters,
      context: {
        ...context,
        ...(signer ? { identity: requestContext(request, signer).identity } : {}),
        routeKey: match.route.routeKey,
        ...(passed ? { authorizer: passed } : {}),
      } as Record<string, unknown>,
      stageVariables: this.stageVariables,
    };
  }

  private timeoutOf(integration: V2Integration): number {
    const wanted = Number(renderValue(integration.timeoutInMillis ?? HTTP_INTEGRATION_TIMEOUT_MS));
    return Number.isFinite(wanted) && wanted > 0
      ? Math.min(wanted, HTTP_INTEGRATION_TIMEOUT_MS)
      : HTTP_INTEGRATION_TIMEOUT_MS;
  }

  private async runLambda(
    integration: V2Integration,
    request: HttpRequest,
    match: HttpRouteMatch,
    authorizer: HttpAuthorizerContext | undefined,
  ): Promise<ProxyResult | GatewayResponse> {
    const type = 'AWS_PROXY';
    const fn = this.functionOf(integration);
    if (!fn)
      return internalError(
        type,
        `no AWS::Lambda::Function of the template matches the integration URI ${renderValue(integration.uri)}`,
      );
    const version = renderValue(integration.payloadFormatVersion ?? '');
    if (version !== '1.0' && version !== '2.0')
      return internalError(
        type,
        `PayloadFormatVersion ${JSON.stringify(version)} is not 1.0 or 2.0`,
      );
    const event =
      version === '2.0'
        ? payloadV2(request, match, this.stageVariables, authorizer)
        : payloadV1(request, match, this.stageVariables, authorizer);
    const outcome = await this.options.functions.invoke(fn, event, this.timeoutOf(integration));
    const failed = (detail: string) => internalError(type, `${fn.functionName}: ${detail}`);
    switch (outcome.kind) {
      case 'result': {
        const read =
          version === '2.0' ? readResultV2(outcome.payload) : readResultV1(outcome.payload);
        return typeof read === 'string' ? failed(`Malformed Lambda proxy response: ${read}`) : read;
      }
      case 'error':
        return failed(`${outcome.errorType}: ${outcome.errorMessage}`);
      case 'function-timeout':
        return failed(`Task timed out after ${outcome.seconds.toFixed(2)} seconds`);
      case 'caller-timeout':
        return message(
          503,
          'Service Unavailable',
          type,
          `${fn.functionName}: the integration timed out`,
        );
      case 'crash':
        return failed(`the function's worker crashed (${outcome.message})`);
      case 'unsupported-runtime':
        return failed(`runtime ${outcome.runtime} cannot run locally (Node.js runtimes only)`);
    }
  }

  private async runHttpProxy(
    integration: V2Integration,
    request: HttpRequest,
    match: HttpRouteMatch,
    sources: MappingSources,
  ): Promise<ProxyResult | GatewayResponse> {
    const type = 'HTTP_PROXY';
    let upstream;
    try {
      upstream = proxyRequest(
        integration,
        request,
        match.pathParameters,
        sources,
        this.timeoutOf(integration),
      );
    } catch (error) {
      return internalError(
        type,
        `invalid integration URI: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const outcome = await callUpstream(upstream);
    if (outcome.kind === 'timeout')
      return message(
        503,
        'Service Unavailable',
        type,
        `${upstream.url}: the integration timed out`,
      );
    if (outcome.kind === 'unreachable')
      return internalError(type, `${upstream.url}: ${outcome.message}`);
    return {
      statusCode: outcome.statusCode,
      headers: passedHeaders(outcome.headers),
      body: outcome.body,
    };
  }

  /** The integration's ResponseParameters for its status code (headers, then the status). */
  private mapResponse(
    integration: V2Integration,
    result: ProxyResult,
    sources: MappingSources,
  ): ProxyResult {
    const byStatus = integration.responseParameters as Record<string, unknown> | undefined;
    const mappings = readMappings(byStatus?.[String(result.statusCode)]);
    if (mappings.length === 0) return result;
    const withResponse = { ...sources, response: { headers: result.headers, body: result.body } };
    const pairs = Object.entries(result.headers).flatMap(([name, values]) =>
      values.map((value): [string, string] => [name, value]),
    );
    const headers: Record<string, string[]> = {};
    for (const [name, value] of applyMappings(pairs, mappings, 'header', withResponse))
      (headers[name] ??= []).push(value);
    const status = Number(overwritten(mappings, 'statuscode', withResponse));
    return {
      statusCode:
        Number.isInteger(status) && status >= 100 && status <= 599 ? status : result.statusCode,
      headers,
      body: result.body,
    };
  }

  private functionOf(integration: V2Integration): LocalFunction | undefined {
    if (!this.functionCache.has(integration.logicalId)) {
      const { template, values } = this.options;
      const logicalId = functionOfIntegrationUri(integration.uri, template);
      this.functionCache.set(
        integration.logicalId,
        logicalId === undefined ? undefined : readLocalFunction(template, logicalId, values),
      );
    }
    return this.functionCache.get(integration.logicalId);
  }
}
