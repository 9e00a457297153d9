/**
 * Usage plan quotas: at most `limit` requests per key in each DAY, WEEK or MONTH ("Usage plans and
 * API keys for REST APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html);
 * past it, QUOTA_EXCEEDED (429 `{"message":"Limit Exceeded"}`). `offset` is, as the API reference
 * of QuotaSettings states it, "the number of requests subtracted from the given limit in the
 * initial time period": locally the initial period is the one the gateway started in. Periods are
 * calendar periods in UTC (a day from midnight, a week from Sunday, a month from the 1st): API
 * Gateway does not document its boundaries. Refused requests do not count.
 */
import type { UsagePlan } from '../../../model';
import { numberOf } from '../method-settings';
import type { IdentifiedKey } from './api-keys';

const DAY_MS = 86_400_000;

/** The start (ms, UTC) of the DAY, WEEK or MONTH that `time` falls in. */
export function periodStart(period: string, time: number): number {
  const date = new Date(time);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  switch (period) {
    case 'WEEK':
      return midnight - date.getUTCDay() * DAY_MS;
    case 'MONTH':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    default:
      return midnight;
  }
}

interface QuotaSettings {
  limit: number;
  offset: number;
  period: string;
}

function settingsOf(plan: UsagePlan): QuotaSettings | undefined {
  const limit = numberOf(plan.quota?.limit);
  if (limit === undefined) return undefined;
  return {
    limit,
    offset: numberOf(plan.quota?.offset) ?? 0,
    period: String(plan.quota?.period ?? 'DAY').toUpperCase(),
  };
}

export class Quotas {
  private readonly used = new Map<string, { periodStart: number; count: number }>();

  constructor(private readonly startedAt: number) {}

  /** Whether the key may make one more request now. */
  allows(identified: IdentifiedKey, now: number): boolean {
    const settings = settingsOf(identified.plan);
    if (!settings) return true;
    const start = periodStart(settings.period, now);
    const initial = start === periodStart(settings.period, this.startedAt);
    const limit = settings.limit - (initial ? settings.offset : 0);
    return this.countIn(identified, start) < limit;
  }

  /** Counts one request of the key (after `allows` answered true). */
  count(identified: IdentifiedKey, now: number): void {
    const settings = settingsOf(identified.plan);
    if (!settings) return;
    const start = periodStart(settings.period, now);
    this.used.set(this.id(identified), {
      periodStart: start,
      count: this.countIn(identified, start) + 1,
    });
  }

  private countIn(identified: IdentifiedKey, start: number): number {
    const entry = this.used.get(this.id(identified));
    return entry && entry.periodStart === start ? entry.count : 0;
  }

  private id({ plan, key }: IdentifiedKey): string {
    return `${plan.logicalId} ${key.logicalId}`;
  }
}
