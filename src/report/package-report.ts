/**
 * What the plugin says after `sls package` (and before `deploy --package`): one line per API and
 * where the template is, always; the full summary and the template's size against
 * CloudFormation's limits with `--verbose`; a warning when the template is over a limit.
 */
import path from 'node:path';
import type { CfnTemplate } from '../cloudformation/template';
import { formatTemplateSize, measureTemplate, templateSizeWarnings } from '../deploy/template-size';
import type { TemplateSize } from '../deploy/template-size';
import { PLUGIN_NAME } from '../pipeline/errors';
import type { PluginLogger } from '../pipeline/serverless';
import { formatShortSummary, formatSummary, summarizeTemplate } from './summary';

/** Where core writes the packaged template (`--package` or `.serverless`), relative to here. */
export function templateFileForHumans(serviceDir: string, packageOption: unknown): string {
  const packageDir =
    typeof packageOption === 'string'
      ? path.resolve(serviceDir, packageOption)
      : path.join(serviceDir, '.serverless');
  const file = path.join(packageDir, 'cloudformation-template-update-stack.json');
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/** CloudFormation's limits (1 MB template from S3, 500 resources), with the figures. */
export function reportTemplateSize(
  log: PluginLogger,
  template: CfnTemplate,
  size: TemplateSize = measureTemplate(template),
): void {
  log.verbose(`${PLUGIN_NAME}: ${formatTemplateSize(size)}`);
  for (const warning of templateSizeWarnings(size)) log.warning(`${PLUGIN_NAME}: ${warning}`);
}

export function reportPackage(
  log: PluginLogger,
  template: CfnTemplate,
  templateFile: string,
): void {
  const summary = summarizeTemplate(template);
  const size = measureTemplate(template);
  for (const line of formatShortSummary(summary)) log.notice(`${PLUGIN_NAME}: ${line}`);
  log.notice(`${PLUGIN_NAME}: ${templateFile} (${size.resources} resources)`);
  for (const line of formatSummary(summary)) log.verbose(`${PLUGIN_NAME}: ${line}`);
  reportTemplateSize(log, template, size);
}
