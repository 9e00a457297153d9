/**
 * The stage's limits, which no OpenAPI document holds: throttling and caching of its method
 * settings (a method's own entry, else the stage-wide `/*` `*` one), its cache cluster, and the
 * usage plans' throttles and quotas. A lower limit answers 429 where the old one did not; caching
 * turned off sends every request to the backend again. Compared only when both sides know their
 * stage (a template or a deployed stage; an OpenAPI document does not say).
 */
import { compare } from '../../model/order';
import type { MethodSetting, RestApiModel, RestStage, Throttle, UsagePlan } from '../../model';
import {
  change,
  isTrue,
  normalizedPath,
  numberOf,
  operationKey,
  shown,
  type ApiChange,
  type ApiSide,
} from './types';

const STAGE_WIDE = '* *';

/** `/~1orders~1{id}` (CloudFormation) or `~1orders` (GetStage) → `/orders/{id}`; `/*` → `*`. */
export function decodeSettingPath(resourcePath: unknown): string {
  const text = typeof resourcePath === 'string' ? resourcePath : '/*';
  if (text === '/*' || text === '*') return '*';
  const decoded = text.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
  return decoded.startsWith('/') ? decoded : `/${decoded}`;
}

/** The key of a method setting: `GET /orders/{}` (see operationKey); `* *` for the stage. */
function settingKey(method: string, path: string): string {
  return `${method} ${path === '*' ? '*' : normalizedPath(path)}`;
}

function settingsByKey(
  stage: RestStage | undefined,
  paths: Map<string, string>,
): Map<string, MethodSetting> {
  const result = new Map<string, MethodSetting>();
  for (const setting of stage?.methodSettings ?? []) {
    const method = typeof setting.httpMethod === 'string' ? setting.httpMethod.toUpperCase() : '*';
    const path = decodeSettingPath(setting.resourcePath);
    const key = settingKey(method, path);
    result.set(key, setting);
    if (!paths.has(key)) paths.set(key, path);
  }
  return result;
}

/** Lower is tighter; undefined is no limit of the stage's own (the account's applies). */
function compareLimit(
  name: string,
  was: number | undefined,
  is: number | undefined,
): { lowered: boolean; message: string } | undefined {
  if (was === is) return undefined;
  const text = (value: number | undefined) => (value === undefined ? 'none' : String(value));
  const lowered = is !== undefined && (was === undefined || is < was);
  return { lowered, message: `${name} ${text(was)} → ${text(is)}` };
}

function stageOf(api: RestApiModel): RestStage | undefined {
  return api.stages[0];
}

export function diffLimits(before: ApiSide, after: ApiSide): ApiChange[] {
  if (!before.knowsStage || !after.knowsStage) return [];
  return [
    ...diffMethodSettings(before.api, after.api),
    ...diffUsagePlans(before.api.usagePlans, after.api.usagePlans),
  ];
}

function diffMethodSettings(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  // How each key's path is shown: as the API about to be deployed writes it.
  const paths = new Map(after.methods.map((method) => [operationKey(method), method.path]));
  const is = settingsByKey(stageOf(after), paths);
  const was = settingsByKey(stageOf(before), paths);
  // A removed or added operation is reported as such; its settings go with it.
  const both = new Set(before.methods.map(operationKey));
  const operations = new Set(after.methods.map(operationKey).filter((key) => both.has(key)));
  const keys = [...new Set([...was.keys(), ...is.keys()])]
    .filter((key) => key.includes('*') || operations.has(key))
    .sort((a, b) => (a === STAGE_WIDE ? -1 : b === STAGE_WIDE ? 1 : compare(a, b)));
  const effective = (
    settings: Map<string, MethodSetting>,
    key: string,
    field: keyof MethodSetting,
  ) => settings.get(key)?.[field] ?? settings.get(STAGE_WIDE)?.[field];
  for (const key of keys) {
    const where = { method: key.split(' ')[0], path: paths.get(key) ?? '*' };
    for (const [field, name] of [
      ['throttlingRateLimit', 'throttling rate limit'],
      ['throttlingBurstLimit', 'throttling burst limit'],
    ] as const) {
      const found = compareLimit(
        name,
        numberOf(effective(was, key, field)),
        numberOf(effective(is, key, field)),
      );
      if (found) {
        changes.push(
          found.lowered
            ? change('throttling-lowered', 'breaking', where, found.message)
            : change('throttling-raised', 'non-breaking', where, found.message),
        );
      }
    }
    const cachedBefore = isTrue(effective(was, key, 'cachingEnabled'));
    const cachedAfter = isTrue(effective(is, key, 'cachingEnabled'));
    if (cachedBefore && !cachedAfter) {
      changes.push(change('caching-off', 'breaking', where, 'caching turned off'));
    } else if (!cachedBefore && cachedAfter) {
      changes.push(change('caching-on', 'non-breaking', where, 'caching turned on'));
    }
  }
  const clusterBefore = isTrue(stageOf(before)?.cacheClusterEnabled);
  const clusterAfter = isTrue(stageOf(after)?.cacheClusterEnabled);
  const stage = { method: '*', path: '*' };
  if (clusterBefore && !clusterAfter) {
    changes.push(
      change('caching-off', 'breaking', stage, "the stage's cache cluster is turned off"),
    );
  } else if (!clusterBefore && clusterAfter) {
    changes.push(
      change('caching-on', 'non-breaking', stage, "the stage's cache cluster is turned on"),
    );
  }
  return changes;
}

function planName(plan: UsagePlan): string {
  return plan.name !== undefined ? shown(plan.name) : plan.logicalId;
}

/**
 * Plans are matched by name; when one plan is left unmatched on each side (a service's plan whose
 * name carries the stage), they are the same plan.
 */
function pairedPlans(
  before: readonly UsagePlan[],
  after: readonly UsagePlan[],
): { pairs: Array<[UsagePlan, UsagePlan]>; removed: UsagePlan[]; added: UsagePlan[] } {
  const byName = new Map(after.map((plan) => [planName(plan), plan]));
  const pairs: Array<[UsagePlan, UsagePlan]> = [];
  const removed: UsagePlan[] = [];
  for (const plan of before) {
    const match = byName.get(planName(plan));
    if (match) {
      pairs.push([plan, match]);
      byName.delete(planName(plan));
    } else removed.push(plan);
  }
  const added = [...byName.values()];
  if (removed.length === 1 && added.length === 1)
    return { pairs: [...pairs, [removed[0], added[0]]], removed: [], added: [] };
  return { pairs, removed, added };
}

const DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 30 };

function quotaText(quota: UsagePlan['quota']): string {
  return quota?.limit === undefined
    ? 'none'
    : `${shown(quota.limit)} per ${shown(quota.period ?? 'period').toLowerCase()}`;
}

/** Requests per day the quota allows; undefined: no quota. */
function dailyQuota(quota: UsagePlan['quota']): number | undefined {
  const limit = numberOf(quota?.limit);
  if (limit === undefined) return undefined;
  return limit / (DAYS[String(quota?.period ?? 'DAY').toUpperCase()] ?? 1);
}

function throttleChanges(
  was: Throttle | undefined,
  is: Throttle | undefined,
  where: { method: string; path: string },
  prefix: string,
): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const [field, name] of [
    ['rateLimit', 'throttling rate limit'],
    ['burstLimit', 'throttling burst limit'],
  ] as const) {
    const found = compareLimit(`${prefix}${name}`, numberOf(was?.[field]), numberOf(is?.[field]));
    if (found) {
      changes.push(
        found.lowered
          ? change('throttling-lowered', 'breaking', where, found.message)
          : change('throttling-raised', 'non-breaking', where, found.message),
      );
    }
  }
  return changes;
}

/** Per-method throttles of a plan's stages, by `/orders/GET` key. */
function methodThrottles(plan: UsagePlan): Map<string, Throttle> {
  const result = new Map<string, Throttle>();
  for (const stage of plan.apiStages) {
    for (const [key, throttle] of Object.entries(stage.throttle ?? {})) result.set(key, throttle);
  }
  return result;
}

function diffUsagePlans(before: readonly UsagePlan[], after: readonly UsagePlan[]): ApiChange[] {
  const { pairs, removed, added } = pairedPlans(before, after);
  const stage = { method: '*', path: '*' };
  const changes: ApiChange[] = [
    ...removed.map((plan) =>
      change(
        'usage-plan-removed',
        'breaking',
        stage,
        `usage plan ${planName(plan)} removed: its API keys lose access`,
      ),
    ),
    ...added.map((plan) =>
      change('usage-plan-added', 'non-breaking', stage, `usage plan ${planName(plan)} added`),
    ),
  ];
  for (const [was, is] of pairs) {
    const prefix = `usage plan ${planName(is)}: `;
    changes.push(...throttleChanges(was.throttle, is.throttle, stage, prefix));
    const quotaBefore = dailyQuota(was.quota);
    const quotaAfter = dailyQuota(is.quota);
    if (quotaBefore !== quotaAfter) {
      const lowered =
        quotaAfter !== undefined && (quotaBefore === undefined || quotaAfter < quotaBefore);
      const message = `${prefix}quota ${quotaText(was.quota)} → ${quotaText(is.quota)}`;
      changes.push(
        lowered
          ? change('quota-lowered', 'breaking', stage, message)
          : change('quota-raised', 'non-breaking', stage, message),
      );
    }
    const throttlesBefore = methodThrottles(was);
    const throttlesAfter = methodThrottles(is);
    for (const key of [...new Set([...throttlesBefore.keys(), ...throttlesAfter.keys()])].sort(
      compare,
    )) {
      const slash = key.lastIndexOf('/');
      const where = {
        method: key.slice(slash + 1).toUpperCase(),
        path: key.slice(0, slash) || '/',
      };
      // A method's own throttle replaces the plan's field by field.
      changes.push(
        ...throttleChanges(
          { ...was.throttle, ...throttlesBefore.get(key) },
          { ...is.throttle, ...throttlesAfter.get(key) },
          where,
          prefix,
        ),
      );
    }
  }
  return changes;
}
