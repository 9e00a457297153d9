/**
 * Findings accepted on purpose: `custom.apiGateway.lint.suppress` (by rule, optionally stage and
 * endpoint) and an endpoint's own `apiGateway.lintSuppress` (by rule, optionally stage). Each
 * carries a reason (the schema requires one). A suppression that matches no finding of the stage
 * it applies to is reported: the problem was fixed, or its stage or endpoint is misspelt.
 */
import type { EventsByKind } from '../common/events';
import { eventSettingsPath } from '../common/events';
import { normalizeHttpPath, parseHttpEvent } from '../common/http-endpoint';
import { joinPath } from '../pipeline/issues';
import { httpApiRouteKey } from '../features/http-api/resolve';
import type {
  Finding,
  LintRuleId,
  LintSuppressionConfig,
  SuppressedFinding,
  UnusedSuppression,
} from './types';

interface Suppression {
  readonly rule: LintRuleId;
  readonly reason: string;
  readonly stage?: string;
  readonly endpoint?: string;
  /** Where it is written. */
  readonly path: string;
}

/** `get /orders/` and `GET /orders` are one endpoint; route keys (`$connect`) stay as written. */
export function endpointKey(endpoint: string): string {
  const match = /^([A-Za-z]+) (\S*)$/.exec(endpoint.trim());
  if (!match) return endpoint.trim();
  return `${match[1].toUpperCase()} /${normalizeHttpPath(match[2])}`;
}

export function collectSuppressions(
  configured: readonly LintSuppressionConfig[],
  events: EventsByKind,
): Suppression[] {
  const list: Suppression[] = configured.map((entry, index) => ({
    ...entry,
    path: `custom.apiGateway.lint.suppress[${index}]`,
  }));
  for (const ref of [...events.http, ...events.httpApi]) {
    const own = (ref.settings as { lintSuppress?: unknown } | undefined)?.lintSuppress;
    if (!Array.isArray(own)) continue;
    const parsed = ref.kind === 'http' ? parseHttpEvent(ref.event) : undefined;
    const endpoint = parsed
      ? `${parsed.method} /${parsed.path}`
      : ref.kind === 'httpApi'
        ? httpApiRouteKey(ref.event)
        : undefined;
    if (endpoint === undefined) continue;
    (own as Array<Omit<Suppression, 'path' | 'endpoint'>>).forEach((entry, index) => {
      list.push({
        ...entry,
        endpoint,
        path: `${joinPath(eventSettingsPath(ref), 'lintSuppress')}[${index}]`,
      });
    });
  }
  return list;
}

function matches(suppression: Suppression, finding: Finding): boolean {
  if (suppression.rule !== finding.rule) return false;
  if (suppression.stage !== undefined && suppression.stage !== finding.stage) return false;
  if (suppression.endpoint === undefined) return true;
  return (
    finding.endpoint !== undefined &&
    endpointKey(suppression.endpoint) === endpointKey(finding.endpoint)
  );
}

export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  stageName: string,
): {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  unused: UnusedSuppression[];
} {
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const suppression = suppressions.find((candidate) => matches(candidate, finding));
    if (!suppression) {
      kept.push(finding);
      continue;
    }
    suppressed.push({ ...finding, reason: suppression.reason });
  }
  // Every suppression that matches a finding is in use, also when an earlier one took it.
  for (const finding of findings) {
    for (const suppression of suppressions)
      if (matches(suppression, finding)) used.add(suppression);
  }
  const unused = suppressions
    .filter((suppression) => !used.has(suppression))
    // A suppression for another stage is not this stage's to judge.
    .filter((suppression) => suppression.stage === undefined || suppression.stage === stageName)
    .map((suppression): UnusedSuppression => ({
      path: suppression.path,
      rule: suppression.rule,
      message: `suppresses ${suppression.rule}${suppression.endpoint !== undefined ? ` for ${suppression.endpoint}` : ''} in stage ${stageName}, but no such finding exists: remove it, or fix its ${suppression.endpoint !== undefined ? 'endpoint or ' : ''}rule id`,
    }));
  return { findings: kept, suppressed, unused };
}
