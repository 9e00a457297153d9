/**
 * The security lint at `sls package` (custom.apiGateway.lint): 'warn' (default) says one summary
 * line, the findings with --verbose, and warns about suppressions that match nothing; 'error'
 * fails the package listing every finding; 'off' runs nothing.
 */
import { ERROR_CODES, KitError, PLUGIN_NAME } from '../pipeline/errors';
import type { PluginLogger } from '../pipeline/serverless';
import { findingLine, formatFinding, summaryLine } from './format';
import { lintSettings, runLint, type LintInputs } from './runner';
import type { LintReport } from './types';

/** Runs the lint for `sls package`; throws when the level is 'error' and something was found. */
export function lintAtPackage(inputs: LintInputs): LintReport | undefined {
  const settings = lintSettings(inputs.config);
  if (settings.level === 'off') return undefined;
  const report = runLint(inputs);
  if (settings.level === 'error' && report.findings.length > 0) {
    throw new KitError(
      [
        `${PLUGIN_NAME}: ${summaryLine(report)}; custom.apiGateway.lint is 'error', so the package stops. Fix each finding, or suppress it with a reason (custom.apiGateway.lint.suppress):`,
        ...report.findings.flatMap((finding) => ['', ...formatFinding(finding)]),
      ].join('\n'),
      ERROR_CODES.securityLint,
    );
  }
  return report;
}

export function reportLintAtPackage(log: PluginLogger, report: LintReport | undefined): void {
  if (!report) return;
  const hint =
    report.findings.length > 0 ? ' (the list: sls apigateway lint, or sls package --verbose)' : '';
  log.notice(`${PLUGIN_NAME}: ${summaryLine(report)}${hint}`);
  for (const unused of report.unusedSuppressions) {
    log.warning(`${PLUGIN_NAME}: ${unused.path}: ${unused.message}`);
  }
  for (const finding of report.findings) log.verbose(`${PLUGIN_NAME}: ${findingLine(finding)}`);
}
