/**
 * The lint report for people (one block per finding: where, what, why, fix) and for tools
 * (`--json`), and the one summary line `sls package` prints.
 */
import type { Finding, LintReport, Severity } from './types';
import { SEVERITIES } from './types';

function counts(findings: readonly Finding[]): Record<Severity, number> {
  const result: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const finding of findings) result[finding.severity] += 1;
  return result;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `security lint (stage prod): 5 findings (2 high, 3 low), 1 suppressed`. */
export function summaryLine(report: LintReport): string {
  const bySeverity = counts(report.findings);
  const parts = SEVERITIES.filter((severity) => bySeverity[severity] > 0).map(
    (severity) => `${bySeverity[severity]} ${severity}`,
  );
  const found =
    report.findings.length === 0
      ? 'no findings'
      : `${plural(report.findings.length, 'finding')} (${parts.join(', ')})`;
  const extras = [
    ...(report.suppressed.length > 0 ? [`${report.suppressed.length} suppressed`] : []),
    ...(report.unusedSuppressions.length > 0
      ? [plural(report.unusedSuppressions.length, 'unused suppression')]
      : []),
  ];
  return `security lint (stage ${report.stage}): ${[found, ...extras].join(', ')}`;
}

/** One line: `high APIGW-AUTH-001 <path>: <message>`. */
export function findingLine(finding: Finding): string {
  return `${finding.severity} ${finding.rule} ${finding.path}: ${finding.message}`;
}

export function formatFinding(finding: Finding): string[] {
  return [
    findingLine(finding),
    `    why: ${finding.why} (${finding.source})`,
    `    fix: ${finding.fix}`,
  ];
}

/** What `sls apigateway lint` prints. */
export function formatReport(report: LintReport): string {
  const lines = [summaryLine(report)];
  for (const finding of report.findings) lines.push('', ...formatFinding(finding));
  if (report.unusedSuppressions.length > 0) lines.push('', 'Unused suppressions:');
  for (const unused of report.unusedSuppressions) lines.push(`  ${unused.path}: ${unused.message}`);
  if (report.suppressed.length > 0) lines.push('', 'Suppressed:');
  for (const finding of report.suppressed) {
    lines.push(`  ${finding.rule} ${finding.path}: ${finding.reason}`);
  }
  return lines.join('\n');
}

/** `--json`: the report as one document, with counts for CI. */
export function reportDocument(report: LintReport): Record<string, unknown> {
  return {
    stage: report.stage,
    summary: { ...counts(report.findings), suppressed: report.suppressed.length },
    findings: report.findings,
    suppressed: report.suppressed,
    unusedSuppressions: report.unusedSuppressions,
  };
}
