/**
 * One REST API served locally for one stage: built once from the model (routes, stage variables,
 * parsed templates, gateway responses), then each request goes through routing, the method's
 * integration and the gateway's own error answers as API Gateway's do. AWS service integrations
 * go to the local AWS endpoint (./aws-integration.ts); without one they are answered with 500 and
 * a log line saying how to set it, never with an invented backend answer.
 */
import type { JSONWebKeySet } from 'jose';
import type { CfnTemplate } from '../../cloudformation/template';
import type { RestApiModel, RestMethod } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import {
  functionOfIntegrationUri,
  readLocalFunction,
  type LocalFunction,
} from '../lambda/functions';
import type { LocalValues } from '../lambda/local-values';
import type { FunctionPool, InvokeOutcome } from '../lambda/pool';
import { AccessControl } from './access/access-control';
import { RestAuthorizers } from './auth';
import type { LocalIamCredential } from './auth/iam';
import { AwsServiceIntegrations } from './aws-integration';
import { ResponseCache, type CacheInvalidationSettings } from './cache';
import { StageSides } from './canary';
import { LOCAL_API_ID, type RouteInfo } from './context';
import {
  CONFIGURATION_ERROR,
  INTEGRATION_TIMEOUT,
  MISSING_AUTHENTICATION_TOKEN,
  PROXY_INTERNAL_ERROR,
} from './gateway-responses';
import { runHttpIntegration, runHttpProxyIntegration } from './http';
import { isLambdaInvocationUri, runLambdaIntegration } from './lambda-integration';
import { proxyEvent, readProxyResult } from './lambda-proxy';
import { runMockIntegration, type IntegrationEnvironment } from './mock';
import {
  readGatewayRequest,
  type GatewayRequest,
  type GatewayResponse,
  type RawRequest,
} from './request';
import { RestRouter, type RouteMatch } from './routes';
import { TemplateCache } from './templates';
import { RequestValidation } from './validation';

/** API Gateway's default integration timeout (and maximum for REST APIs without a quota raise). */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

export interface RestGatewayOptions {
  api: RestApiModel;
  template: CfnTemplate;
  stage: string;
  values: LocalValues;
  functions: FunctionPool;
  /** Cognito token issuer → its key set (`custom.apiGateway.local.jwks`). */
  jwks?: Readonly<Record<string, JSONWebKeySet>>;
  /** The credentials AWS_IAM methods accept signatures of (`custom.apiGateway.local.credentials`). */
  iamCredentials?: readonly LocalIamCredential[];
  /**
   * Epoch milliseconds for authorizer caches, token expiry, throttling, quotas and cache TTLs;
   * default Date.now.
   */
  now?: () => number;
  /** Chooses canary requests (./canary.ts); default Math.random. */
  random?: () => number;
  cacheInvalidation?: CacheInvalidationSettings;
}

export { stageVariablesOf } from './canary';

function binaryMediaTypesOf(api: RestApiModel): string[] {
  return Array.isArray(api.binaryMediaTypes)
    ? api.binaryMediaTypes.map((type) => renderValue(type))
    : [];
}

export class RestGateway {
  readonly stage: string;
  private readonly router: RestRouter;
  private readonly sides: StageSides;
  private readonly binaryMediaTypes: string[];
  private readonly functionCache = new Map<string, LocalFunction | undefined>();
  private readonly validation: RequestValidation;
  private readonly authorizers = new Map<IntegrationEnvironment, RestAuthorizers>();
  readonly access: AccessControl;
  private readonly cache: ResponseCache;
  private readonly awsServices: AwsServiceIntegrations;

  constructor(private readonly options: RestGatewayOptions) {
    const { api, stage } = options;
    this.stage = stage;
    this.router = new RestRouter(api.methods);
    this.sides = new StageSides(api, stage, TemplateCache.forApi(api), options.random);
    this.binaryMediaTypes = binaryMediaTypesOf(api);
    this.validation = new RequestValidation(api);
    const now = options.now ?? Date.now;
    this.access = new AccessControl(api, stage, now);
    this.cache = new ResponseCache(
      api,
      stage,
      now,
      this.sides.stage.gatewayResponses,
      options.cacheInvalidation,
    );
    this.awsServices = new AwsServiceIntegrations({
      template: options.template,
      values: options.values,
      defaultTimeoutMs: DEFAULT_INTEGRATION_TIMEOUT_MS,
    });
  }

  /**
   * The authorizers of one side of the stage (authorizers read stage variables): built once per
   * side, so each side keeps its own authorizer result cache.
   */
  private authorizersOf(environment: IntegrationEnvironment): RestAuthorizers {
    let found = this.authorizers.get(environment);
    if (!found) {
      found = new RestAuthorizers({
        ...this.options,
        ...environment,
        apiId: LOCAL_API_ID,
        binaryMediaTypes: this.binaryMediaTypes,
        jwks: this.options.jwks ?? {},
        now: this.options.now ?? Date.now,
      });
      this.authorizers.set(environment, found);
    }
    return found;
  }

  /** The response to a request; undefined when it is not for this stage (another API's path). */
  async handle(raw: RawRequest): Promise<GatewayResponse | undefined> {
    const request = readGatewayRequest(raw, this.stage);
    if (!request) return undefined;
    const side = this.sides.select(request);
    const answer = await this.answer(side.request, side.environment);
    return { ...answer, requestId: request.requestId, ...(side.canary ? { canary: true } : {}) };
  }

  private async answer(
    request: GatewayRequest,
    environment: IntegrationEnvironment,
  ): Promise<GatewayResponse> {
    const { gatewayResponses } = environment;
    const match = this.router.match(request.path, request.httpMethod);
    if (!match) return gatewayResponses.respond(MISSING_AUTHENTICATION_TOKEN, request);
    const route: RouteInfo = {
      resourcePath: match.resourcePath,
      pathParameters: match.pathParameters,
    };
    // Authorization comes before request validation: an unauthorized caller learns nothing
    // about what the method expects (its 401/403 wins over a 400). The API key, throttling and
    // quota come after the authorizer, whose usageIdentifierKey is the key with key source
    // AUTHORIZER.
    const authorized = await this.authorizersOf(environment).authorize(
      match.method,
      request,
      route,
    );
    if ('response' in authorized) return authorized.response;
    if ('identity' in authorized) route.identity = authorized.identity;
    else route.authorizer = authorized.authorizer;
    const admitted = this.access.admit(
      match.method,
      route.resourcePath,
      request,
      'usageIdentifierKey' in authorized ? authorized.usageIdentifierKey : undefined,
    );
    if ('refused' in admitted) return gatewayResponses.respond(admitted.refused, request, route);
    route.apiKey = admitted.apiKey;
    const invalid = this.validate(match.method, request, route, environment);
    if (invalid) return invalid;
    // A verified IAM caller may invalidate cached entries (execute-api:InvalidateCache: there is no
    // local IAM policy to deny it).
    return this.cache.respond(
      match.method,
      request,
      route,
      () => this.integrate(match, request, route, environment),
      route.identity !== undefined,
    );
  }

  private async integrate(
    match: RouteMatch,
    request: GatewayRequest,
    route: RouteInfo,
    environment: IntegrationEnvironment,
  ): Promise<GatewayResponse> {
    const { gatewayResponses } = environment;
    const integration = match.method.integration;
    const type = String(integration?.type ?? '').toUpperCase();
    if (integration && type === 'MOCK')
      return runMockIntegration(integration, request, route, environment);
    if (integration && type === 'HTTP_PROXY')
      return runHttpProxyIntegration(
        integration,
        request,
        route,
        environment,
        DEFAULT_INTEGRATION_TIMEOUT_MS,
      );
    if (integration && type === 'HTTP')
      return runHttpIntegration(
        integration,
        request,
        route,
        environment,
        DEFAULT_INTEGRATION_TIMEOUT_MS,
      );
    if (integration && type === 'AWS' && isLambdaInvocationUri(integration.uri))
      return runLambdaIntegration(integration, this.functionOf(match.method), request, route, {
        ...environment,
        functions: this.options.functions,
        defaultTimeoutMs: DEFAULT_INTEGRATION_TIMEOUT_MS,
      });
    if (integration && type === 'AWS')
      return this.awsServices.run(integration, request, route, environment);
    if (integration && type === 'AWS_PROXY') {
      const fn = this.functionOf(match.method);
      if (!fn) {
        return {
          ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
          integration: type,
          detail: `no AWS::Lambda::Function of the template matches the integration URI ${renderValue(integration.uri)}`,
        };
      }
      const timeoutMs =
        Number(integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS) ||
        DEFAULT_INTEGRATION_TIMEOUT_MS;
      const event = proxyEvent(request, route, environment.stageVariables, this.binaryMediaTypes);
      const outcome = await this.options.functions.invoke(fn, event, timeoutMs);
      const answered = this.proxyResponse(outcome, fn);
      if ('statusCode' in answered) return { ...answered, integration: type };
      return {
        ...gatewayResponses.respond(answered.error, request, route),
        integration: type,
        detail: answered.detail,
      };
    }
    return {
      ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
      integration: type || '-',
      detail: `the local gateway does not run ${type || 'methods without an'} integrations yet`,
    };
  }

  /** The method's request validator's answer, before the integration runs; undefined: passes. */
  private validate(
    method: RestMethod,
    request: GatewayRequest,
    route: RouteInfo,
    { gatewayResponses }: IntegrationEnvironment,
  ) {
    try {
      const error = this.validation.check(method, request, route.pathParameters);
      return error && gatewayResponses.respond(error, request, route);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route), detail };
    }
  }

  private functionOf(method: RestMethod): LocalFunction | undefined {
    const key = method.logicalId ?? `${method.httpMethod} ${method.path}`;
    if (!this.functionCache.has(key)) {
      const { template, values } = this.options;
      const logicalId = functionOfIntegrationUri(method.integration?.uri, template);
      this.functionCache.set(
        key,
        logicalId === undefined ? undefined : readLocalFunction(template, logicalId, values),
      );
    }
    return this.functionCache.get(key);
  }

  private proxyResponse(
    outcome: InvokeOutcome,
    fn: LocalFunction,
  ): Omit<GatewayResponse, 'integration'> | { error: typeof PROXY_INTERNAL_ERROR; detail: string } {
    const failed = (detail: string) => ({
      error: PROXY_INTERNAL_ERROR,
      detail: `${fn.functionName}: ${detail}`,
    });
    switch (outcome.kind) {
      case 'result': {
        const result = readProxyResult(outcome.payload);
        return typeof result === 'string'
          ? failed(`Malformed Lambda proxy response: ${result}`)
          : result;
      }
      case 'error':
        return failed(`${outcome.errorType}: ${outcome.errorMessage}`);
      case 'function-timeout':
        return failed(`Task timed out after ${outcome.seconds.toFixed(2)} seconds`);
      case 'caller-timeout':
        return {
          error: INTEGRATION_TIMEOUT,
          detail: `${fn.functionName}: Endpoint request timed out`,
        };
      case 'crash':
        return failed(`the function's worker crashed (${outcome.message})`);
      case 'unsupported-runtime':
        return failed(`runtime ${outcome.runtime} cannot run locally (Node.js runtimes only)`);
    }
  }
}
