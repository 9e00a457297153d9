/**
 * Route throttling of an HTTP API stage ("Throttling requests to your HTTP API",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html): the stage's
 * `DefaultRouteSettings` limits apply to every route, a route's entry in `RouteSettings` (by route
 * key) overrides them field by field, and each route has a token bucket of its own (the REST
 * side's, ../rest/access/token-bucket.ts: `ThrottlingBurstLimit` tokens, refilled at
 * `ThrottlingRateLimit` a second). A request without a token is 429 `{"message":"Too Many
 * Requests"}`. A limit with only one of rate and burst set takes the account-level value for the
 * other; the account-level limits themselves are not enforced locally.
 */
import type { V2Stage } from '../../model';
import { limitsOf } from '../rest/access/throttling';
import { TokenBucket } from '../rest/access/token-bucket';
import type { GatewayResponse } from '../rest/request';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const tooManyRequests = (routeKey: string): GatewayResponse => ({
  statusCode: 429,
  headers: { 'content-type': ['application/json'] },
  body: Buffer.from(JSON.stringify({ message: 'Too Many Requests' }), 'utf8'),
  integration: '-',
  detail: `route "${routeKey}" is throttled (the stage's route settings)`,
});

export class RouteThrottling {
  private readonly buckets = new Map<string, TokenBucket | undefined>();

  constructor(private readonly stage: V2Stage | undefined) {}

  /** Takes a token for the route; false when the route is throttled. */
  admit(routeKey: string, now: number): boolean {
    if (!this.buckets.has(routeKey)) {
      const defaults = isRecord(this.stage?.defaultRouteSettings)
        ? this.stage.defaultRouteSettings
        : {};
      const routes = isRecord(this.stage?.routeSettings) ? this.stage.routeSettings : {};
      const own = isRecord(routes[routeKey]) ? routes[routeKey] : {};
      const settings = { ...defaults, ...own };
      const limits = limitsOf(settings.ThrottlingRateLimit, settings.ThrottlingBurstLimit);
      this.buckets.set(routeKey, limits && new TokenBucket(limits.rate, limits.burst, now));
    }
    const bucket = this.buckets.get(routeKey);
    if (!bucket) return true;
    if (!bucket.has(now)) return false;
    bucket.take(now);
    return true;
  }
}
