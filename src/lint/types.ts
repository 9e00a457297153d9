/**
 * The security lint's vocabulary: a rule (id, severity, why, the cfn-nag / checkov / Security Hub
 * rule it matches, the fix), what a rule reports (a hit, at the config path a user edits) and the
 * finding the runner makes of it. Rules read the API model of the packaged template, the template
 * itself for what the model does not describe (WAF associations, domain names) and the locator
 * that turns model elements into config paths.
 */
import type { CfnTemplate } from '../cloudformation/template';
import type { ApiGatewayConfig } from '../config/types.generated';
import type { ApiModel } from '../model';
import type { ConfigLocator } from './locator';

/** `custom.apiGateway.lint` (schemas/lint.schema.json). */
export type LintConfig = NonNullable<ApiGatewayConfig['lint']>;
export type LintSuppressionConfig = NonNullable<Exclude<LintConfig, string>['suppress']>[number];
export type LintRuleId = LintSuppressionConfig['rule'];

export type Severity = 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export interface LintContext {
  readonly template: CfnTemplate;
  readonly apis: readonly ApiModel[];
  /** The deployed stage the template was packaged for. */
  readonly stageName: string;
  /** Whether the stage counts as production (productionStages, else its name). */
  readonly production: boolean;
  readonly locate: ConfigLocator;
}

/** One problem a rule found: where to change it, and what exactly is wrong there. */
export interface RuleHit {
  /** The config path a user edits: `custom.apiGateway.stages.prod.tracing`. */
  readonly path: string;
  /** What is wrong, naming the endpoint or stage. */
  readonly message: string;
  /** `GET /health`, `$connect`: the endpoint the hit is about, for suppressions. */
  readonly endpoint?: string;
  /** The resource of the packaged template it was found in (for --json and --verbose). */
  readonly resource?: string;
  /** A severity of its own, when this hit is less (or more) serious than the rule's usual one. */
  readonly severity?: Severity;
}

export interface EventSuppression {
  readonly rule: LintRuleId;
  readonly reason: string;
  readonly stage?: string;
}

export interface LintRule {
  readonly id: LintRuleId;
  readonly severity: Severity;
  /** Short name: "Access logging off". */
  readonly title: string;
  /** One line: why it matters. */
  readonly why: string;
  /** The cfn-nag / checkov / AWS Security Hub rules it matches. */
  readonly source: string;
  /** The key to set. */
  readonly fix: string;
  check(context: LintContext): RuleHit[];
}

export interface Finding {
  readonly rule: LintRuleId;
  readonly severity: Severity;
  readonly title: string;
  readonly path: string;
  readonly message: string;
  readonly why: string;
  readonly source: string;
  readonly fix: string;
  readonly stage: string;
  readonly endpoint?: string;
  readonly resource?: string;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}

/** A suppression that matched no finding: stale, or a typo in its stage or endpoint. */
export interface UnusedSuppression {
  readonly path: string;
  readonly rule: LintRuleId;
  readonly message: string;
}

export interface LintReport {
  readonly stage: string;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unusedSuppressions: readonly UnusedSuppression[];
}
