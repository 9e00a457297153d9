/**
 * Semantic checks of mapping templates (VTL is code): each template is read from the loaded files
 * or taken inline, held to API Gateway's size limit and linted (syntax, `$util`/`$input` methods,
 * stage variables), reported at its config path with file, line and column.
 */
import { lintTemplate, type VtlProblem } from '../../vtl/lint';
import type { EventRef } from '../../common/events';
import type { ServiceFiles } from '../../common/service-files';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import { templateEntries, type TemplateRef } from './resolve';

/** API Gateway's limit on one mapping template. */
const MAX_TEMPLATE_BYTES = 300 * 1024;

/** What a template check reads and where it reports. */
export interface TemplateChecker {
  readonly files: ServiceFiles | undefined;
  /** The stage variables some stage defines. */
  readonly stageVariables: readonly string[];
  readonly errors: ConfigIssue[];
}

function error(checker: TemplateChecker, path: string, message: string): void {
  checker.errors.push({ path, message });
}

function problemMessage(problem: VtlProblem, file: string | undefined): string {
  const where =
    file !== undefined
      ? `${file}:${problem.line}:${problem.column}`
      : `line ${problem.line}, column ${problem.column}`;
  return `${where}: ${problem.message} (at: ${problem.text})`;
}

/** Reads (from the loaded files) and lints one template; reports at its config path. */
export function checkTemplate(checker: TemplateChecker, ref: TemplateRef): void {
  let text = ref.value;
  if (ref.file) {
    const loaded = checker.files?.[ref.file];
    if (!loaded) {
      error(
        checker,
        ref.configPath,
        `template file ${ref.file} was not loaded (the plugin reads template files when it validates the service); make sure the plugin version matches and run the command from the service directory`,
      );
      return;
    }
    if ('error' in loaded) {
      error(
        checker,
        ref.configPath,
        `template file ${ref.file} ${loaded.error}; the path is relative to the service directory (a value ending in .vtl names a file; write the template inline otherwise)`,
      );
      return;
    }
    text = loaded.content;
  }
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_TEMPLATE_BYTES) {
    error(
      checker,
      ref.configPath,
      `${ref.file ?? 'the template'} is ${Math.ceil(size / 1024)} KB; API Gateway allows at most 300 KB per mapping template`,
    );
  }
  const messages = lintTemplate(text, {
    kind: ref.kind,
    stageVariables: checker.stageVariables,
  }).map((problem) => problemMessage(problem, ref.file));
  for (const message of new Set(messages)) error(checker, ref.configPath, message);
}

const CORE_NON_PROXY = new Set(['lambda', 'aws', 'http', 'mock']);

/** `request.template` / `response.template` / `response.statusCodes.*.template` of core's event. */
export function coreEventTemplates(ref: EventRef): TemplateRef[] {
  const event = ref.event;
  if (!event || typeof event !== 'object') return [];
  const { integration, request, response } = event as Record<string, unknown>;
  if (typeof integration !== 'string' || !CORE_NON_PROXY.has(integration.toLowerCase())) return [];
  const base = `functions${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(ref.functionName) ? `.${ref.functionName}` : `['${ref.functionName}']`}.events[${ref.eventIndex}].http`;
  const inline = (refs: TemplateRef[]): TemplateRef[] => refs.map(({ file: _file, ...ref }) => ref);
  const refs: TemplateRef[] = [];
  const asTemplate = (value: unknown): value is string | Record<string, string> =>
    typeof value === 'string' ||
    (!!value &&
      typeof value === 'object' &&
      Object.values(value).every((item) => typeof item === 'string'));
  const requestTemplate = (request as Record<string, unknown> | undefined)?.template;
  if (asTemplate(requestTemplate))
    refs.push(...inline(templateEntries(requestTemplate, `${base}.request.template`, 'request')));
  const responseObject = (response ?? {}) as Record<string, unknown>;
  if (asTemplate(responseObject.template))
    refs.push(
      ...inline(templateEntries(responseObject.template, `${base}.response.template`, 'response')),
    );
  const statusCodes = (responseObject.statusCodes ?? {}) as Record<string, unknown>;
  for (const status of Object.keys(statusCodes).sort()) {
    const template = (statusCodes[status] as Record<string, unknown> | undefined)?.template;
    if (asTemplate(template))
      refs.push(
        ...inline(
          templateEntries(
            template,
            joinPath(`${base}.response.statusCodes`, status) + '.template',
            'response',
          ),
        ),
      );
  }
  return refs;
}
