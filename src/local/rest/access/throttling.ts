/**
 * Throttling as "Throttle requests to your REST APIs for better throughput in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html)
 * describes it, one token bucket per limit, applied in its order:
 * 1. per-client per-method limits of a usage plan (apiStages `Throttle`, keyed `/path/METHOD`),
 * 2. per-client limits of a usage plan (`Throttle`),
 * 3. the stage's default per-method limits (method settings `/*` `*`) and per-method overrides:
 *    each method has a bucket of its own.
 * Usage plan limits apply per API key, on methods that require one. A limit with only one of
 * rate and burst set takes the account-level value for the other (10,000 / 5,000); the
 * account-level limits themselves are not enforced locally.
 */
import type { RestStage, Throttle } from '../../../model';
import { methodSettingsFor, numberOf } from '../method-settings';
import type { IdentifiedKey } from './api-keys';
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, TokenBucket } from './token-bucket';

export function limitsOf(
  rate: unknown,
  burst: unknown,
): { rate: number; burst: number } | undefined {
  const rateLimit = numberOf(rate);
  const burstLimit = numberOf(burst);
  if (rateLimit === undefined && burstLimit === undefined) return undefined;
  return { rate: rateLimit ?? ACCOUNT_RATE_LIMIT, burst: burstLimit ?? ACCOUNT_BURST_LIMIT };
}

function throttleLimits(throttle: Throttle | undefined) {
  return throttle && limitsOf(throttle.rateLimit, throttle.burstLimit);
}

export class Throttling {
  private readonly buckets = new Map<string, TokenBucket | undefined>();

  constructor(private readonly stage: RestStage | undefined) {}

  /** The buckets a request takes a token from, in API Gateway's order (most specific first). */
  bucketsFor(
    resourcePath: string,
    httpMethod: string,
    identified: IdentifiedKey | undefined,
    now: number,
  ): TokenBucket[] {
    const methodKey = `${resourcePath}/${httpMethod}`;
    const found: Array<TokenBucket | undefined> = [];
    if (identified) {
      const { plan, apiStage, key } = identified;
      const planKey = `plan ${plan.logicalId} key ${key.logicalId}`;
      found.push(
        this.bucket(`${planKey} ${methodKey}`, now, () =>
          throttleLimits(apiStage.throttle?.[methodKey]),
        ),
        this.bucket(planKey, now, () => throttleLimits(plan.throttle)),
      );
    }
    found.push(
      this.bucket(`stage ${methodKey}`, now, () => {
        const { layered } = methodSettingsFor(this.stage, resourcePath, httpMethod);
        return limitsOf(layered.throttlingRateLimit, layered.throttlingBurstLimit);
      }),
    );
    return found.filter((bucket): bucket is TokenBucket => bucket !== undefined);
  }

  private bucket(
    id: string,
    now: number,
    limits: () => { rate: number; burst: number } | undefined,
  ): TokenBucket | undefined {
    if (!this.buckets.has(id)) {
      const found = limits();
      this.buckets.set(id, found && new TokenBucket(found.rate, found.burst, now));
    }
    return this.buckets.get(id);
  }
}
