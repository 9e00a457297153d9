/**
 * `sls apigateway lint`: packages the service (the package-time lint stays quiet meanwhile), runs
 * the security lint (src/lint) over the packaged template and prints the findings at the config
 * paths to change, or one JSON document with `--json`. It fails, after printing, when a finding
 * is at or above `--fail-on` (default: any finding when custom.apiGateway.lint is 'error').
 */
import { formatReport, reportDocument } from '../lint/format';
import { lintSettings, runLint, type LintInputs } from '../lint/runner';
import { SEVERITIES, type LintReport, type Severity } from '../lint/types';
import { ERROR_CODES, KitError } from '../pipeline/errors';
import type { CommandIo } from './options';

export interface LintCommandContext {
  packageService(): Promise<void>;
  /** The packaged template, the stage, custom.apiGateway (validated), events and provider. */
  inputs(): LintInputs;
}

type FailOn = Severity | 'none';

export function parseFailOn(value: unknown): FailOn | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (value === 'none' || SEVERITIES.includes(value as Severity))) {
    return value as FailOn;
  }
  throw new KitError(
    `--fail-on takes high, medium, low (fail on a finding of that severity or above) or none; got ${JSON.stringify(value)}.`,
    ERROR_CODES.invalidOption,
  );
}

/** The findings at or above the threshold. */
export function failingFindings(report: LintReport, failOn: FailOn): number {
  if (failOn === 'none') return 0;
  const limit = SEVERITIES.indexOf(failOn);
  return report.findings.filter((finding) => SEVERITIES.indexOf(finding.severity) <= limit).length;
}

export async function runLintCommand(
  options: Record<string, unknown>,
  io: CommandIo,
  context: LintCommandContext,
): Promise<void> {
  const requested = parseFailOn(options['fail-on']);
  await context.packageService();
  const inputs = context.inputs();
  const report = runLint(inputs);
  io.writeText(
    options.json === true ? JSON.stringify(reportDocument(report), null, 2) : formatReport(report),
  );
  const failOn = requested ?? (lintSettings(inputs.config).level === 'error' ? 'low' : 'none');
  const failing = failingFindings(report, failOn);
  if (failing > 0) {
    throw new KitError(
      `security lint: ${failing} finding(s) at or above ${failOn} severity (${requested ? '--fail-on' : "custom.apiGateway.lint is 'error'"}).`,
      ERROR_CODES.securityLint,
    );
  }
}
