/**
 * Mapping templates of routes: where each is written, for which content type, and its text (the
 * file's content, read at the edge, or the value itself). Pure.
 */
import { joinPath } from '../../pipeline/issues';
import { fileContent, type ServiceFiles } from '../../common/service-files';
import {
  type IntegrationRequestConfig,
  type ResolvedRoute,
  routeResponseEntries,
} from '../routes/resolve';

export type TemplateSetting = NonNullable<IntegrationRequestConfig['template']>;

export const DEFAULT_CONTENT_TYPE = 'application/json';

/** A template value naming a file (`templates/enqueue.vtl`) rather than holding the text. */
function isTemplateFile(value: string): boolean {
  return /^[^\s#$]+\.vtl$/.test(value);
}

export interface TemplateRef {
  /** Config path of the template value. */
  readonly configPath: string;
  /** Config path of the setting it belongs to (a string setting: the same as `configPath`). */
  readonly setting: string;
  readonly kind: 'request' | 'response';
  readonly contentType: string;
  /** What the user wrote: a file path or the text. */
  readonly value: string;
  /** Set when `value` names a file. */
  readonly file?: string;
}

/** The content-type → template entries of a template setting. */
export function templateEntries(
  setting: TemplateSetting | undefined,
  configPath: string,
  kind: TemplateRef['kind'],
): TemplateRef[] {
  if (setting === undefined) return [];
  const entries: Array<[string, string, string]> =
    typeof setting === 'string'
      ? [[DEFAULT_CONTENT_TYPE, setting, configPath]]
      : Object.keys(setting)
          .sort()
          .map((contentType) => [
            contentType,
            setting[contentType],
            joinPath(configPath, contentType),
          ]);
  return entries.map(([contentType, value, entryPath]) => ({
    configPath: entryPath,
    setting: configPath,
    kind,
    contentType,
    value,
    ...(isTemplateFile(value) ? { file: value } : {}),
  }));
}

/** Every mapping template a route declares (request, `response`, `responses`), in config order. */
export function routeTemplates(route: Pick<ResolvedRoute, 'config' | 'configPath'>): TemplateRef[] {
  const { config, configPath } = route;
  const refs = templateEntries(
    config.request?.template,
    joinPath(joinPath(configPath, 'request'), 'template'),
    'request',
  );
  for (const [responsePath, response] of routeResponseEntries(route)) {
    refs.push(
      ...templateEntries(response.template, joinPath(responsePath, 'template'), 'response'),
    );
    if (typeof response.body === 'string') {
      refs.push(...templateEntries(response.body, joinPath(responsePath, 'body'), 'response'));
    }
  }
  return refs;
}

/** The text of a template value: the file's content, or the value itself. */
function templateText(ref: TemplateRef, files: ServiceFiles | undefined): string | undefined {
  return ref.file ? fileContent(files, ref.file) : ref.value;
}

export interface ResolvedTemplate extends TemplateRef {
  /** undefined when the file could not be read (validation reports it). */
  readonly text?: string;
}

/** Route key → the route's templates with their text, in config order. */
export type ResolvedTemplates = Readonly<Record<string, readonly ResolvedTemplate[]>>;

export function resolveTemplates(
  routes: readonly ResolvedRoute[],
  files: ServiceFiles | undefined,
): ResolvedTemplates {
  return Object.fromEntries(
    routes.map((route) => [
      route.key,
      routeTemplates(route).map((ref) => {
        const text = templateText(ref, files);
        return text === undefined ? ref : { ...ref, text };
      }),
    ]),
  );
}
