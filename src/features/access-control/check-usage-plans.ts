/**
 * Semantic checks of usage plans and their API keys (issue 3). API key values are secrets: no
 * message ever shows one.
 */
import { accessCore, resolveEndpointAccess } from './resolve';
import { planAppliesTo } from './usage-plans';
import { accessIds } from '../../cloudformation/naming';
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMeanHint as suggestion } from '../../common/did-you-mean';
import { describeEndpoint, parseEndpointKey } from '../../common/http-endpoint';
import { restEndpoints } from '../../common/rest-endpoints';
import type { EventsByKind } from '../../common/events';
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import type { ApiGatewayConfig } from '../../config/types.generated';

const ROOT = 'custom.apiGateway';
const USAGE_PLANS = joinPath(ROOT, 'usagePlans');

/** API Gateway's limits on an API key value. */
const KEY_MIN = 20;
const KEY_MAX = 128;

/** Names for a message: `a, b`, or `(none defined)`. */
export function list(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : '(none defined)';
}

/** Two names that make the same logical id (`my-auth`, `myAuth`…) would overwrite each other. */
export function checkIdCollisions(
  names: readonly string[],
  idOf: (name: string) => string,
  pathOf: (name: string) => string,
  what: string,
  errors: ConfigIssue[],
): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const id = idOf(name);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, name);
      continue;
    }
    errors.push({
      path: pathOf(name),
      message: `${what} "${name}" and "${first}" both become the CloudFormation logical id ${id} (only letters and digits count, first letter upper case); rename one`,
    });
  }
}

function checkApiKey(
  plan: string,
  index: number,
  key: NonNullable<NonNullable<ApiGatewayConfig['usagePlans']>[string]['apiKeys']>[number],
  errors: ConfigIssue[],
): void {
  const value = key.value;
  if (value === undefined) return;
  const path = joinPath(joinPath(joinPath(joinPath(USAGE_PLANS, plan), 'apiKeys'), index), 'value');
  const isIntrinsic =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    /^(Ref|Fn::)/.test(Object.keys(value)[0]);
  if (isIntrinsic) return;
  if (typeof value !== 'string') {
    const found = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    errors.push({
      path,
      message: `the value of API key "${key.name}" must be a string of ${KEY_MIN}-${KEY_MAX} characters, found ${found} (not shown); quote it, or take it from \${ssm:...} / \${env:...}`,
    });
  } else if (value.length < KEY_MIN || value.length > KEY_MAX) {
    errors.push({
      path,
      message: `the value of API key "${key.name}" has ${value.length} characters (not shown); API Gateway requires ${KEY_MIN}-${KEY_MAX}. Use a longer value, or leave value out and AWS generates one`,
    });
  }
}

export function checkUsagePlans(
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
  result: SemanticResult,
): void {
  const plans = config.usagePlans ?? {};
  const planNames = Object.keys(plans);
  const endpoints = restEndpoints(config, events);
  const labels = [...new Set(endpoints.map(describeEndpoint))].sort();
  const keyOwners = new Map<string, string>();
  checkIdCollisions(
    planNames,
    accessIds.usagePlan,
    (name) => joinPath(USAGE_PLANS, name),
    'usage plans',
    result.errors,
  );
  for (const name of planNames) {
    const plan = plans[name];
    const path = joinPath(USAGE_PLANS, name);
    const quota = plan.quota;
    if (quota?.offset !== undefined) {
      const max = quota.period === 'WEEK' ? 6 : quota.period === 'MONTH' ? 27 : 0;
      if (quota.offset > max) {
        result.errors.push({
          path: joinPath(joinPath(path, 'quota'), 'offset'),
          message: `offset ${quota.offset} does not fit period ${quota.period}: API Gateway allows ${max === 0 ? 'only 0 for DAY' : `0-${max} for ${quota.period}`}`,
        });
      }
    }
    for (const key of Object.keys(plan.methodThrottles ?? {})) {
      const label = describeEndpoint(parseEndpointKey(key));
      if (labels.includes(label)) continue;
      result.errors.push({
        path: joinPath(joinPath(path, 'methodThrottles'), key),
        message: `"${key}" names no http endpoint of this service${suggestion(label, labels)}; use one of ${list(labels)} (method and path as in the http event)`,
      });
    }
    const apiKeys = plan.apiKeys ?? [];
    apiKeys.forEach((key, index) => {
      const keyPath = joinPath(joinPath(joinPath(path, 'apiKeys'), index), 'name');
      const owner = keyOwners.get(key.name);
      if (owner !== undefined) {
        result.errors.push({
          path: keyPath,
          message: `API key "${key.name}" is already declared in ${owner}; key names must be unique across usage plans (AWS lets a key belong to only one plan of a stage)`,
        });
      } else {
        keyOwners.set(key.name, joinPath(path, 'apiKeys'));
      }
      checkApiKey(name, index, key, result.errors);
    });
    checkIdCollisions(
      apiKeys.map((key) => key.name),
      (key) => accessIds.apiKey(name, key),
      (key) =>
        joinPath(
          joinPath(
            joinPath(path, 'apiKeys'),
            apiKeys.findIndex((item) => item.name === key),
          ),
          'name',
        ),
      'API keys',
      result.errors,
    );
  }
  const extras = accessCore(core);
  const coreHasPlans =
    (extras.apiKeys !== undefined && extras.apiKeys.length > 0) || extras.usagePlan !== undefined;
  if (planNames.length > 0 && coreHasPlans) {
    result.errors.push({
      path: USAGE_PLANS,
      message:
        "core's provider.apiGateway.apiKeys/usagePlan also create usage plans and keys for this stage, and core's `sls info` prints the value of every API key in the stack (ours included); declare plans and keys in one place: move them into custom.apiGateway.usagePlans (remove provider.apiGateway.apiKeys and usagePlan), or remove custom.apiGateway.usagePlans",
    });
  }
  const applying = planNames.filter((name) => planAppliesTo(plans[name], core.stageName));
  const requiring = endpoints.filter(
    (endpoint) => resolveEndpointAccess(config, endpoint).apiKeyRequired === true,
  );
  if (requiring.length > 0 && applying.length === 0 && !coreHasPlans) {
    const apiKeyPath =
      requiring[0].settings.apiKeyRequired !== undefined
        ? joinPath(requiring[0].configPath, 'apiKeyRequired')
        : joinPath(ROOT, 'apiKeyRequired');
    result.warnings.push({
      path: apiKeyPath,
      message: `${requiring.length} endpoint(s) require an API key, but no usage plan of this service applies to stage "${core.stageName}"; every call gets 403 until a key of a usage plan for this stage is sent (add custom.apiGateway.usagePlans, or attach keys managed elsewhere)`,
    });
  }
}
