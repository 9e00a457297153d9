/**
 * The one entry point for config validation, in one round: the schema (service config and every
 * event's `apiGateway` block), and the semantic checks of every feature whose part of the config
 * passed it; all issues together, sorted by path.
 */
import type { CoreSettings } from '../core-settings';
import { type EventKind, type EventsByKind, eventSettingsPath } from '../../common/events';
import { didYouMean } from '../../common/did-you-mean';
import type { ConfigIssue } from '../issues';
import { loadBundledSchema, SCHEMA_FILES } from './schemas';
import { checkSemantics, type ConfigPart, ROOT_PATH } from './semantic';
import type { ApiGatewayConfig } from '../../config/types.generated';
import { validateAgainstSchema } from './schema';

export interface ValidationResult {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const EVENT_SCHEMAS: Record<EventKind, string> = {
  http: SCHEMA_FILES.httpEvent,
  httpApi: SCHEMA_FILES.httpApiEvent,
  websocket: SCHEMA_FILES.websocketEvent,
};

/** `custom.apiGateway.<key>…` or `custom.apiGateway['<key>']…`: the top-level key of a path. */
const TOP_LEVEL_KEY = /^custom\.apiGateway(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\])/;

function topLevelKeys(): string[] {
  const properties = loadBundledSchema(SCHEMA_FILES.apiGateway).properties;
  return Object.keys((properties ?? {}) as Record<string, unknown>);
}

/**
 * The parts of the service config its schema issues fall in. An unknown top-level key counts as
 * the key it most likely meant (`stagse` for `stages`: that part is missing, not empty).
 */
function failedConfigParts(issues: readonly ConfigIssue[]): Set<ConfigPart> | 'all' {
  const failed = new Set<ConfigPart>();
  let known: string[] | undefined;
  for (const issue of issues) {
    const match = TOP_LEVEL_KEY.exec(issue.path);
    if (!match) return 'all';
    const key = match[1] ?? match[2].replace(/\\(.)/g, '$1');
    known ??= topLevelKeys();
    const part = known.includes(key) ? key : didYouMean(key, known);
    if (part !== undefined) failed.add(part as ConfigPart);
  }
  return failed;
}

/**
 * The part of the config a path is in, to sort by: a top-level key of custom.apiGateway, the
 * events (in the service's order), or a provider setting. Within a part, issues keep the order
 * they were found in (the schema's, then each check's: a check reports in the order it reads).
 */
function sortKey(path: string): string {
  if (path.startsWith('functions.')) return 'functions';
  return TOP_LEVEL_KEY.exec(path)?.[0] ?? path;
}

/** Sorted by the part of the config each is in, each issue once. */
function sortedUnique(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const keys = new Map(unique.map((issue) => [issue, sortKey(issue.path)]));
  return unique.sort((a, b) => {
    const [first, second] = [keys.get(a) ?? '', keys.get(b) ?? ''];
    if (first === second) return 0;
    return first < second ? -1 : 1;
  });
}

export function validateConfig(
  config: unknown,
  events: EventsByKind,
  core: CoreSettings,
): ValidationResult {
  const configErrors = validateAgainstSchema(SCHEMA_FILES.apiGateway, config ?? {}, ROOT_PATH);
  const failed = failedConfigParts(configErrors);
  const eventErrors: ConfigIssue[] = [];
  for (const kind of Object.keys(EVENT_SCHEMAS) as EventKind[]) {
    for (const event of events[kind]) {
      if (event.settings === undefined) continue;
      const found = validateAgainstSchema(
        EVENT_SCHEMAS[kind],
        event.settings,
        eventSettingsPath(event),
      );
      if (found.length > 0 && failed !== 'all') failed.add(`events.${kind}`);
      eventErrors.push(...found);
    }
  }
  const semantic = checkSemantics(
    (failed === 'all' ? {} : (config ?? {})) as ApiGatewayConfig,
    events,
    core,
    failed,
  );
  return {
    // Core settings in a shape no one reads: reported with the config's own errors.
    errors: sortedUnique([
      ...(core.unreadable ?? []),
      ...configErrors,
      ...eventErrors,
      ...semantic.errors,
    ]),
    warnings: sortedUnique(semantic.warnings),
  };
}
