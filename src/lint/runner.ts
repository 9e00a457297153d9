/**
 * Runs the security lint over a packaged template: reads the template into the API model, runs
 * every rule for the deployed stage, turns hits into findings (rule text, severity, stage) and
 * applies the suppressions. Pure: the same template and config give the same report.
 */
import type { EventsByKind } from '../common/events';
import type { CfnTemplate } from '../cloudformation/template';
import type { ApiGatewayConfig } from '../config/types.generated';
import { readApiModels } from '../model';
import { compare } from '../model/order';
import { createLocator } from './locator';
import { RULES } from './rules';
import { applySuppressions, collectSuppressions } from './suppressions';
import type { Finding, LintConfig, LintContext, LintReport, LintRule } from './types';
import { SEVERITIES } from './types';

export type LintLevel = 'warn' | 'error' | 'off';

export interface LintSettings {
  readonly level: LintLevel;
  readonly productionStages?: readonly string[];
  readonly suppress: NonNullable<Exclude<LintConfig, string>['suppress']>;
}

/**
 * `custom.apiGateway.lint` as settings. The default is `warn`: findings are advice about a
 * service's exposure, most of them are AWS's own defaults (no WAF, no X-Ray), and failing every
 * package of every existing service on upgrade would break deploys nobody changed; `error` is
 * the opt-in for CI gates.
 */
export function lintSettings(config: ApiGatewayConfig): LintSettings {
  const lint = config.lint;
  if (lint === undefined) return { level: 'warn', suppress: [] };
  if (typeof lint === 'string') return { level: lint, suppress: [] };
  return {
    level: lint.level ?? 'warn',
    ...(lint.productionStages ? { productionStages: lint.productionStages } : {}),
    suppress: lint.suppress ?? [],
  };
}

/** A stage named like production (prod, prd, live, production…), unless productionStages says. */
export function isProductionStage(stageName: string, settings: LintSettings): boolean {
  if (settings.productionStages) return settings.productionStages.includes(stageName);
  return /prod|prd|live/i.test(stageName);
}

export interface LintInputs {
  readonly template: CfnTemplate;
  readonly stageName: string;
  /** `custom.apiGateway`, validated ({} when absent). */
  readonly config: ApiGatewayConfig;
  readonly events: EventsByKind;
  readonly provider?: Readonly<Record<string, unknown>>;
  /** The rules to run (tests run one at a time); default every rule. */
  readonly rules?: readonly LintRule[];
}

function rank(finding: Finding, rules: readonly LintRule[]): [number, number] {
  return [
    SEVERITIES.indexOf(finding.severity),
    rules.findIndex((rule) => rule.id === finding.rule),
  ];
}

export function runLint(inputs: LintInputs): LintReport {
  const settings = lintSettings(inputs.config);
  const rules = inputs.rules ?? RULES;
  const context: LintContext = {
    template: inputs.template,
    apis: readApiModels(inputs.template),
    stageName: inputs.stageName,
    production: isProductionStage(inputs.stageName, settings),
    locate: createLocator(inputs),
  };
  const findings: Finding[] = rules.flatMap((rule) =>
    rule.check(context).map((hit): Finding => ({
      rule: rule.id,
      severity: hit.severity ?? rule.severity,
      title: rule.title,
      path: hit.path,
      message: hit.message,
      why: rule.why,
      source: rule.source,
      fix: rule.fix,
      stage: inputs.stageName,
      ...(hit.endpoint !== undefined ? { endpoint: hit.endpoint } : {}),
      ...(hit.resource !== undefined ? { resource: hit.resource } : {}),
    })),
  );
  findings.sort((a, b) => {
    const [severityA, ruleA] = rank(a, rules);
    const [severityB, ruleB] = rank(b, rules);
    return (
      severityA - severityB ||
      ruleA - ruleB ||
      compare(a.path, b.path) ||
      compare(a.message, b.message)
    );
  });
  const result = applySuppressions(
    findings,
    collectSuppressions(settings.suppress, inputs.events),
    inputs.stageName,
  );
  return {
    stage: inputs.stageName,
    findings: result.findings,
    suppressed: result.suppressed,
    unusedSuppressions: result.unused,
  };
}
