/**
 * Response caching as "Cache settings for REST APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html) describes
 * it, for a stage whose cache cluster is on (`CacheClusterEnabled`):
 * - a method is cached when its method settings (the stage-wide `/*` `*` entry, overridden per
 *   method) enable caching; the stage-wide entry only caches GET requests, other methods need an
 *   entry of their own ("only GET methods have caching enabled by default");
 * - an entry lives `cacheTtlInSeconds` (default 300, at most 3600; 0 turns caching off);
 * - entries are keyed by the method, the resource (or the integration's `cacheNamespace`) and the
 *   values of the integration's `cacheKeyParameters`, and nothing else: two requests to
 *   `/items/{id}` with different ids share one entry unless `method.request.path.id` is a cache
 *   key parameter, as on AWS;
 * - what the integration answered is cached whatever its status (API Gateway has no setting to
 *   cache only 2XX); the gateway's own error answers are not, nor responses over 1,048,576 bytes;
 * - `Cache-Control: max-age=0` from the client fetches a fresh response and replaces the entry
 *   when the caller may invalidate: anyone when `requireAuthorization` is false; otherwise only a
 *   caller with `execute-api:InvalidateCache`: locally, a caller whose SigV4 signature verified on
 *   an AWS_IAM method (there are no IAM policies to deny it); for others the stage's
 *   `unauthorizedStrategy` applies: FAIL_WITH_403 (ACCESS_DENIED),
 *   SUCCEED_WITH_RESPONSE_HEADER (the cached response and a `Warning` header; the default) or
 *   SUCCEED_WITHOUT_RESPONSE_HEADER. These two settings are not in the template (CloudFormation
 *   cannot declare them; the plugin applies them after deploy), so they come as an option.
 */
import type { RestApiModel, RestMethod } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import type { RouteInfo } from './context';
import type { GatewayError, GatewayResponses } from './gateway-responses';
import { isTrue, methodSettingsFor, numberOf, stageOf } from './method-settings';
import { headerOf, type GatewayRequest, type GatewayResponse } from './request';

export type UnauthorizedCacheControlStrategy =
  'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER';

/** The stage's cache invalidation settings (`custom.apiGateway` stage `caching.invalidation`). */
export interface CacheInvalidationSettings {
  /** Default true, as on API Gateway. */
  requireAuthorization?: boolean;
  /** Default SUCCEED_WITH_RESPONSE_HEADER, as on API Gateway. */
  unauthorizedStrategy?: UnauthorizedCacheControlStrategy;
}

const DEFAULT_TTL_SECONDS = 300;
const MAX_TTL_SECONDS = 3600;
/** The largest response API Gateway caches. */
export const MAX_CACHED_BYTES = 1_048_576;
/**
 * The warning added by SUCCEED_WITH_RESPONSE_HEADER. The AWS page names the behaviour ("add a
 * warning in response header") without the text; this is the text API Gateway is reported to send.
 */
export const UNAUTHORIZED_INVALIDATION_WARNING =
  '199 Cache-control headers were ignored because the caller was unauthorized.';

/** FAIL_WITH_403: the page documents the status only; the message is the local gateway's. */
export const CACHE_INVALIDATION_DENIED: GatewayError = {
  responseType: 'ACCESS_DENIED',
  message: 'Forbidden',
  errorType: 'AccessDeniedException',
};

interface CachePlan {
  ttlMs: number;
  /** Whether requests other than GET are cached: only by a setting that names the method. */
  otherMethods: boolean;
  keyParameters: string[];
  namespace: string;
}

interface CacheEntry {
  response: GatewayResponse;
  expiresAt: number;
}

function asksForFresh(request: GatewayRequest): boolean {
  const values = Object.entries(request.multiValueHeaders)
    .filter(([name]) => name.toLowerCase() === 'cache-control')
    .flatMap(([, found]) => found);
  return values
    .flatMap((value) => value.split(','))
    .some((directive) => directive.trim().toLowerCase() === 'max-age=0');
}

export class ResponseCache {
  private readonly enabled: boolean;
  private readonly plans = new Map<RestMethod, CachePlan | undefined>();
  private readonly entries = new Map<string, CacheEntry>();
  private readonly requireAuthorization: boolean;
  private readonly strategy: UnauthorizedCacheControlStrategy;

  constructor(
    private readonly api: RestApiModel,
    private readonly stage: string,
    private readonly now: () => number,
    private readonly gatewayResponses: GatewayResponses,
    invalidation: CacheInvalidationSettings = {},
  ) {
    this.enabled = isTrue(stageOf(api, stage)?.cacheClusterEnabled);
    this.requireAuthorization = invalidation.requireAuthorization ?? true;
    this.strategy = invalidation.unauthorizedStrategy ?? 'SUCCEED_WITH_RESPONSE_HEADER';
  }

  /**
   * The method's answer through the cache: a stored response while it is fresh, else `integrate()`'s
   * (stored when cacheable). `authorizedToInvalidate`: whether the caller holds
   * `execute-api:InvalidateCache` (the gateway passes true for verified AWS_IAM callers).
   */
  async respond(
    method: RestMethod,
    request: GatewayRequest,
    route: RouteInfo,
    integrate: () => Promise<GatewayResponse>,
    authorizedToInvalidate = false,
  ): Promise<GatewayResponse> {
    const plan = this.planFor(method, route.resourcePath, request.httpMethod);
    if (!plan) return integrate();
    let read = true;
    let warn = false;
    if (asksForFresh(request)) {
      if (!this.requireAuthorization || authorizedToInvalidate) read = false;
      else if (this.strategy === 'FAIL_WITH_403')
        return this.gatewayResponses.respond(CACHE_INVALIDATION_DENIED, request, route);
      else warn = this.strategy === 'SUCCEED_WITH_RESPONSE_HEADER';
    }
    const key = this.keyOf(plan, method, request, route);
    const warned = (response: GatewayResponse): GatewayResponse =>
      warn
        ? {
            ...response,
            headers: { ...response.headers, Warning: [UNAUTHORIZED_INVALIDATION_WARNING] },
          }
        : response;
    const entry = this.entries.get(key);
    if (read && entry && this.now() < entry.expiresAt)
      return warned({
        ...entry.response,
        headers: { ...entry.response.headers },
        integration: 'CACHE',
      });
    const response = await integrate();
    // The gateway's own error answers carry a detail (for the log); the integration's do not.
    if (response.detail === undefined && response.body.length <= MAX_CACHED_BYTES)
      this.entries.set(key, { response, expiresAt: this.now() + plan.ttlMs });
    return warned(response);
  }

  private planFor(method: RestMethod, resourcePath: string, requestMethod: string) {
    if (!this.enabled) return undefined;
    if (!this.plans.has(method)) {
      const { layered, own } = methodSettingsFor(
        stageOf(this.api, this.stage),
        resourcePath,
        method.httpMethod,
      );
      const ttl = Math.min(
        numberOf(layered.cacheTtlInSeconds) ?? DEFAULT_TTL_SECONDS,
        MAX_TTL_SECONDS,
      );
      const integration = method.integration;
      this.plans.set(
        method,
        isTrue(layered.cachingEnabled) && ttl > 0
          ? {
              ttlMs: ttl * 1000,
              keyParameters: (integration?.cacheKeyParameters ?? []).map((name) =>
                renderValue(name),
              ),
              namespace:
                integration?.cacheNamespace === undefined
                  ? resourcePath
                  : renderValue(integration.cacheNamespace),
              otherMethods: isTrue(own.cachingEnabled),
            }
          : undefined,
      );
    }
    const plan = this.plans.get(method);
    return plan && (requestMethod === 'GET' || plan.otherMethods) ? plan : undefined;
  }

  private keyOf(
    plan: CachePlan,
    method: RestMethod,
    request: GatewayRequest,
    route: RouteInfo,
  ): string {
    const values = plan.keyParameters.map((name) =>
      this.parameterValue(name, method, request, route),
    );
    return JSON.stringify([plan.namespace, request.httpMethod, values]);
  }

  /** A cache key parameter's value: a method request parameter, or an integration one mapped from it. */
  private parameterValue(
    name: string,
    method: RestMethod,
    request: GatewayRequest,
    route: RouteInfo,
  ): string | undefined {
    let source = name;
    if (name.startsWith('integration.request.')) {
      const mapped = method.integration?.requestParameters?.[name];
      if (mapped === undefined) return undefined;
      source = renderValue(mapped);
      if (!source.startsWith('method.request.')) return source; // a literal or a stage variable
    }
    const match =
      /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(
        source,
      );
    if (!match) return undefined;
    const [, location, parameter] = match;
    switch (location) {
      case 'path':
        return route.pathParameters[parameter];
      case 'querystring':
      case 'multivaluequerystring':
        return request.multiValueQueryString[parameter]?.join(',');
      default: {
        const values = Object.entries(request.multiValueHeaders)
          .filter(([header]) => header.toLowerCase() === parameter.toLowerCase())
          .flatMap(([, found]) => found);
        return values.length > 0 ? values.join(',') : headerOf(request.headers, parameter);
      }
    }
  }
}
