/**
 * Per-endpoint caching and throttling of every REST endpoint (http events and routes), in the
 * deployed stage, and the stage's cache invalidation settings (applied after deploy). Pure.
 */
import type { HttpEndpoint } from '../../common/http-endpoint';
import type { RestEndpoint } from '../../common/rest-endpoints';
import type { ResolvedStage } from '../stage/resolve';
import type {
  HttpEventApiGatewayConfig,
  StageConfig,
  ThrottlingConfig,
} from '../../config/types.generated';

export type EndpointCachingConfig = NonNullable<HttpEventApiGatewayConfig['caching']>;
export type CacheInvalidationConfig = NonNullable<
  NonNullable<StageConfig['caching']>['invalidation']
>;

/** API Gateway's default TTL when neither the endpoint nor the stage sets one. */
const DEFAULT_CACHE_TTL_IN_SECONDS = 300;

/** Methods that change state: caching them serves one caller's write result to the next caller. */
export const UNSAFE_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export interface ResolvedEndpointCaching {
  readonly ttlInSeconds: number;
  readonly dataEncrypted: boolean;
  /** `method.request.<location>.<name>` parameter names, in the order written. */
  readonly keys: readonly string[];
}

/** Whether the endpoint asks for caching at all (a block without `enabled: false`). */
export function cachingRequested(caching: EndpointCachingConfig | undefined): boolean {
  return caching !== undefined && caching.enabled !== false;
}

/** The endpoint's caching in a stage (undefined when it is not cached there). */
export function resolveEndpointCaching(
  caching: EndpointCachingConfig | undefined,
  stage: Pick<ResolvedStage, 'caching'> | undefined,
): ResolvedEndpointCaching | undefined {
  if (!cachingRequested(caching) || !stage?.caching.enabled) return undefined;
  return {
    ttlInSeconds:
      caching?.ttlInSeconds ?? stage.caching.ttlInSeconds ?? DEFAULT_CACHE_TTL_IN_SECONDS,
    dataEncrypted: caching?.dataEncrypted ?? stage.caching.encrypted ?? false,
    keys: (caching?.keys ?? []).map((key) => `method.request.${key}`),
  };
}

export function hasThrottling(throttling: ThrottlingConfig | undefined): boolean {
  return (
    throttling !== undefined &&
    (throttling.rateLimit !== undefined || throttling.burstLimit !== undefined)
  );
}

export interface PatchOperation {
  readonly op: 'replace';
  readonly path: string;
  readonly value: string;
}

/**
 * Cache invalidation settings are method settings that CloudFormation's `AWS::ApiGateway::Stage`
 * cannot express (its MethodSetting has no RequireAuthorizationForCacheControl): they are applied
 * after deploy with `UpdateStage` patch operations on the stage-wide key `*∕*`.
 */
export function cacheInvalidationPatchOperations(
  invalidation: CacheInvalidationConfig | undefined,
): PatchOperation[] {
  if (!invalidation) return [];
  const operations: PatchOperation[] = [];
  if (invalidation.requireAuthorization !== undefined) {
    operations.push({
      op: 'replace',
      path: '/*/*/caching/requireAuthorizationForCacheControl',
      value: String(invalidation.requireAuthorization),
    });
  }
  if (invalidation.unauthorizedStrategy !== undefined) {
    operations.push({
      op: 'replace',
      path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy',
      value: invalidation.unauthorizedStrategy,
    });
  }
  return operations;
}

/** One endpoint's caching in the deployed stage and its method throttling. */
export interface ResolvedEndpointSettings extends HttpEndpoint {
  /** undefined when the endpoint is not cached in this stage. */
  readonly caching?: ResolvedEndpointCaching;
  /** Only when it sets a rate or a burst limit. */
  readonly throttling?: Readonly<ThrottlingConfig>;
}

export interface ResolvedCachingConfig {
  /** Every REST endpoint, in endpoint order (http events, then routes). */
  readonly endpoints: readonly ResolvedEndpointSettings[];
  /** The stage's cache invalidation settings, applied after deploy (src/deploy). */
  readonly invalidation?: CacheInvalidationConfig;
}

export function resolveCaching(
  endpoints: readonly RestEndpoint[],
  stage: ResolvedStage | undefined,
  invalidation: CacheInvalidationConfig | undefined,
): ResolvedCachingConfig {
  return {
    endpoints: endpoints.map(({ method, path, settings }) => {
      const caching = resolveEndpointCaching(settings.caching, stage);
      return {
        method,
        path,
        ...(caching ? { caching } : {}),
        ...(hasThrottling(settings.throttling) ? { throttling: { ...settings.throttling } } : {}),
      };
    }),
    ...(invalidation ? { invalidation: { ...invalidation } } : {}),
  };
}
