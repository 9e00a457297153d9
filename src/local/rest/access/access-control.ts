/**
 * What the gateway checks about the caller before a method's integration runs, after the
 * authorizer (when the method has one) and before request validation: the API key on methods that
 * require one, then the throttles and the usage plan's quota. A request that any of them refuses
 * takes nothing from the others (no token, no quota count).
 */
import type { RestApiModel, RestMethod } from '../../../model';
import type { GatewayError } from '../gateway-responses';
import { stageOf } from '../method-settings';
import type { GatewayRequest } from '../request';
import { LocalApiKeys, type LocalApiKey } from './api-keys';
import { INVALID_API_KEY, QUOTA_EXCEEDED, THROTTLED } from './errors';
import { Quotas } from './quota';
import { Throttling } from './throttling';

/** The refusal of a request, or the API key it was let in with (none on methods without one). */
export type Admission = { refused: GatewayError } | { apiKey?: { value: string; id: string } };

export class AccessControl {
  private readonly apiKeys: LocalApiKeys;
  private readonly throttling: Throttling;
  private readonly quotas: Quotas;

  constructor(
    api: RestApiModel,
    stage: string,
    private readonly now: () => number,
  ) {
    this.apiKeys = new LocalApiKeys(api, stage);
    this.throttling = new Throttling(stageOf(api, stage));
    this.quotas = new Quotas(now());
  }

  keys(): readonly LocalApiKey[] {
    return this.apiKeys.keys();
  }

  /**
   * The gateway's refusal of the request, or what let it go on (and then it has been counted):
   * the API key checked on a method that requires one, for `$context.identity.apiKey`.
   * `authorizerKey`: the Lambda authorizer's `usageIdentifierKey`, for APIs whose API key source is
   * AUTHORIZER.
   */
  admit(
    method: RestMethod,
    resourcePath: string,
    request: GatewayRequest,
    authorizerKey?: string,
  ): Admission {
    const identified = method.authorization.apiKeyRequired
      ? this.apiKeys.identify(request, authorizerKey)
      : undefined;
    if (method.authorization.apiKeyRequired && !identified) return { refused: INVALID_API_KEY };
    const now = this.now();
    const buckets = this.throttling.bucketsFor(resourcePath, method.httpMethod, identified, now);
    if (buckets.some((bucket) => !bucket.has(now))) return { refused: THROTTLED };
    if (identified && !this.quotas.allows(identified, now)) return { refused: QUOTA_EXCEEDED };
    for (const bucket of buckets) bucket.take(now);
    if (identified) this.quotas.count(identified, now);
    return identified
      ? { apiKey: { value: identified.key.value, id: identified.key.logicalId } }
      : {};
  }
}
