/**
 * The usage plans that apply to the deployed stage, with their API keys and method throttles keyed
 * the way API Gateway keys them. Pure.
 */
import { accessIds } from '../../cloudformation/naming';
import { type HttpEndpoint, parseEndpointKey } from '../../common/http-endpoint';
import type { ApiGatewayConfig } from '../../config/types.generated';

export type UsagePlanConfig = NonNullable<ApiGatewayConfig['usagePlans']>[string];
type Throttle = NonNullable<UsagePlanConfig['throttle']>;

/** API Gateway's usage plan throttle key: `/users/{id}/GET` (`//GET` for the root). */
export function throttleKey(endpoint: HttpEndpoint): string {
  return `/${endpoint.path}/${endpoint.method}`;
}

export interface ResolvedApiKey {
  readonly name: string;
  readonly logicalId: string;
  readonly usagePlanKeyLogicalId: string;
  /** Secret: never log or print it. */
  readonly value?: unknown;
  readonly enabled: boolean;
  readonly customerId?: string;
  readonly description?: string;
}

export interface ResolvedUsagePlan {
  readonly name: string;
  readonly logicalId: string;
  readonly description?: string;
  readonly quota?: NonNullable<UsagePlanConfig['quota']>;
  readonly throttle?: Throttle;
  /** Keyed like API Gateway keys them: `/users/{id}/GET`, sorted. */
  readonly methodThrottles: Readonly<Record<string, Throttle>>;
  readonly apiKeys: readonly ResolvedApiKey[];
  readonly tags: Readonly<Record<string, string>>;
}

export function planAppliesTo(plan: UsagePlanConfig, stageName: string): boolean {
  return plan.stages === undefined || plan.stages.includes(stageName);
}

export function resolveUsagePlans(raw: ApiGatewayConfig, stageName: string): ResolvedUsagePlan[] {
  const plans = raw.usagePlans ?? {};
  return Object.keys(plans)
    .sort()
    .filter((name) => planAppliesTo(plans[name], stageName))
    .map((name) => {
      const plan = plans[name];
      const methodThrottles = Object.fromEntries(
        Object.keys(plan.methodThrottles ?? {})
          .map((key) => [throttleKey(parseEndpointKey(key)), { ...plan.methodThrottles?.[key] }])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ) as Record<string, Throttle>;
      return {
        name,
        logicalId: accessIds.usagePlan(name),
        ...(plan.description !== undefined ? { description: plan.description } : {}),
        ...(plan.quota ? { quota: { ...plan.quota } } : {}),
        ...(plan.throttle && Object.keys(plan.throttle).length > 0
          ? { throttle: { ...plan.throttle } }
          : {}),
        methodThrottles,
        apiKeys: (plan.apiKeys ?? []).map((key) => ({
          name: key.name,
          logicalId: accessIds.apiKey(name, key.name),
          usagePlanKeyLogicalId: accessIds.usagePlanKey(name, key.name),
          ...(key.value !== undefined ? { value: key.value } : {}),
          enabled: key.enabled ?? true,
          ...(key.customerId !== undefined ? { customerId: key.customerId } : {}),
          ...(key.description !== undefined ? { description: key.description } : {}),
        })),
        tags: { ...plan.tags },
      };
    });
}
