/**
 * The token bucket API Gateway throttles with ("Throttle requests to your REST APIs for better
 * throughput in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html):
 * the bucket holds at most `burst` tokens and starts full, it gains `rate` tokens a second, and a
 * request takes one token or, when none is left, is throttled (429). Time comes from the caller
 * (milliseconds), so tests advance a fake clock instead of sleeping.
 */

/** API Gateway's account-level limits per Region: what a limit that is not set stands for. */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = Math.max(0, burst);
    this.updatedAt = now;
  }

  /** Whether a token is there now (refilling first); does not take it. */
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** Takes a token; call after `has` answered true for the same `now`. */
  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(Math.max(0, this.burst), this.tokens + elapsed * Math.max(0, this.rate));
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}
