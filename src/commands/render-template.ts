/**
 * `sls render-template` (issue 5): renders a VTL mapping template locally with API Gateway's
 * semantics, from a request given as JSON. The template is checked first (as at package time);
 * problems fail the command with `file:line:column`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblems, lintTemplate, type TemplateKind } from '../vtl/lint';
import { renderTemplateDetailed, type ContextInput, type RenderRequest } from '../vtl/render';
import type { CommandIo } from './options';
import { ERROR_CODES, KitError } from '../pipeline/errors';

/** A mistake in the command's options or files: reported without a stack trace. */
export class RenderTemplateError extends KitError {
  constructor(message: string) {
    super(message, ERROR_CODES.renderTemplate);
  }
}

export { RENDER_TEMPLATE_OPTIONS } from './options';

const REQUEST_KEYS = ['body', 'headers', 'queryString', 'path', 'stageVariables', 'context'];
const MAP_KEYS = ['headers', 'queryString', 'path', 'stageVariables'] as const;

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new RenderTemplateError(`Cannot read the ${what} ${file}: ${reason}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and checks the --request file; every problem is reported at once. */
export function readRenderRequest(file: string): RenderRequest {
  const text = readText(file, 'request file');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RenderTemplateError(
      `The request file ${file} is not JSON: ${(error as Error).message}`,
    );
  }
  if (!isObject(data))
    throw new RenderTemplateError(
      `The request file ${file} must hold a JSON object with any of: ${REQUEST_KEYS.join(', ')}`,
    );
  const errors: string[] = [];
  for (const key of Object.keys(data))
    if (!REQUEST_KEYS.includes(key))
      errors.push(`'${key}' is not a request key; allowed: ${REQUEST_KEYS.join(', ')}`);
  const request: RenderRequest = {};
  if (data.body !== undefined)
    // A JSON body may be written as JSON; it is sent as its text.
    request.body = typeof data.body === 'string' ? data.body : JSON.stringify(data.body);
  for (const key of MAP_KEYS) {
    const value = data[key];
    if (value === undefined) continue;
    if (!isObject(value)) {
      errors.push(`'${key}' must be an object of names to string values`);
      continue;
    }
    const map: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
        map[name] = String(item);
      else errors.push(`'${key}.${name}' must be a string, not ${JSON.stringify(item)}`);
    }
    request[key] = map;
  }
  if (data.context !== undefined) {
    if (isObject(data.context)) request.context = data.context as ContextInput;
    else
      errors.push(`'context' must be an object of $context values, e.g. { "httpMethod": "POST" }`);
  }
  if (errors.length)
    throw new RenderTemplateError(
      `The request file ${file} is not valid:\n  ${errors.join('\n  ')}`,
    );
  return request;
}

/** A route's template, found in the service's config (the plugin supplies it). */
export interface RouteTemplate {
  /** The template text. */
  source: string;
  /** For messages: the file, or the config path of an inline template. */
  name: string;
  /** The deployed stage's variables, the defaults of the request's `stageVariables`. */
  stageVariables: Record<string, string>;
}

export type RouteTemplateLookup = (
  route: string,
  kind: TemplateKind,
  contentType: string,
  /** `--status`: which integration response's template (response templates only). */
  status?: string,
) => RouteTemplate;

export async function runRenderTemplate(
  options: Record<string, unknown>,
  io: CommandIo,
  baseDir: string = process.cwd(),
  routeTemplate?: RouteTemplateLookup,
): Promise<void> {
  const template = options.template;
  const route = options.route;
  const hasTemplate = typeof template === 'string' && template !== '';
  const hasRoute = typeof route === 'string' && route !== '';
  if (hasTemplate === hasRoute)
    throw new RenderTemplateError(
      "render-template needs either --template <file> (a VTL mapping template) or --route '<METHOD /path>' (a route of custom.apiGateway.routes)",
    );
  const kind = options.kind ?? 'request';
  if (kind !== 'request' && kind !== 'response')
    throw new RenderTemplateError(`--kind must be "request" or "response", not "${String(kind)}"`);
  const contentType =
    typeof options['content-type'] === 'string' ? options['content-type'] : 'application/json';
  let source: string;
  let name: string;
  let stageVariables: Record<string, string> = {};
  const status = options.status === undefined ? undefined : String(options.status);
  if (status !== undefined && (!hasRoute || kind !== 'response'))
    throw new RenderTemplateError(
      '--status picks the integration response of --route whose template to render: use it with --route and --kind response',
    );
  if (hasRoute) {
    if (!routeTemplate) throw new RenderTemplateError('--route needs the service configuration');
    ({ source, name, stageVariables } = routeTemplate(route as string, kind, contentType, status));
  } else {
    name = template as string;
    source = readText(path.resolve(baseDir, name), 'template');
  }
  const fromFile =
    typeof options.request === 'string' && options.request !== ''
      ? readRenderRequest(path.resolve(baseDir, options.request))
      : {};
  const request = {
    ...fromFile,
    stageVariables: { ...stageVariables, ...fromFile.stageVariables },
  };
  // Stage variables are not checked here: the request file gives their values, and a missing one
  // renders as nothing, as it would on a stage that does not define it.
  const problems = lintTemplate(source, { file: name, kind: kind as TemplateKind });
  if (problems.length)
    throw new RenderTemplateError(
      `${name} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} API Gateway would reject:\n${formatProblems(problems)}`,
    );
  const { output, overrides } = renderTemplateDetailed(source, request);
  const set = [
    ...Object.entries(overrides.requestOverride).flatMap(([group, values]) =>
      Object.entries(values).map(
        ([name, value]) => `$context.requestOverride.${group}.${name} = ${value}`,
      ),
    ),
    ...(overrides.responseOverride.status !== undefined
      ? [`$context.responseOverride.status = ${overrides.responseOverride.status}`]
      : []),
    ...Object.entries(overrides.responseOverride.header).map(
      ([name, value]) => `$context.responseOverride.header.${name} = ${value}`,
    ),
  ];
  if (set.length) io.log.notice(`The template sets:\n  ${set.join('\n  ')}`);
  io.writeText(output);
}
