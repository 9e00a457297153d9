/**
 * A stage's method settings as they apply to one method: the stage-wide entry (`/*` `*`) is the
 * default of every method, an entry naming the method's resource path and HTTP method overrides it
 * field by field ("Override stage-level settings", in "Set up a stage for a REST API in API
 * Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-stages.html).
 * Resource paths are written as CloudFormation's MethodSetting wants them (`/~1orders~1{id}`);
 * the plain form (`/orders/{id}`) is read too.
 */
import { renderValue } from '../../openapi/intrinsics';
import type { MethodSetting, RestApiModel, RestStage } from '../../model';

/** `/~1orders~1{id}` → `/orders/{id}`; `/` and `/*` stay. */
export function decodeSettingsPath(path: string): string {
  if (!path.startsWith('/~1')) return path;
  return path.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
}

export function stageOf(api: RestApiModel, stage: string): RestStage | undefined {
  return api.stages.find((candidate) => renderValue(candidate.stageName) === stage);
}

/** `true`, `'true'` → true (a template may write booleans as strings). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** A number a template wrote as a number or a string; undefined when it is neither. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export interface MethodSettingsFor {
  /** The stage-wide default merged with the entries for this method, most specific last. */
  layered: MethodSetting;
  /** Only the entries that name this method (its resource path or HTTP method), merged. */
  own: MethodSetting;
}

/**
 * The settings of the method at `resourcePath` (`/orders/{id}`, as the router names it) for
 * `httpMethod`, from least to most specific: `/*` `*`, `/*` METHOD, path `*`, path METHOD.
 */
export function methodSettingsFor(
  stage: RestStage | undefined,
  resourcePath: string,
  httpMethod: string,
): MethodSettingsFor {
  const rank = (setting: MethodSetting): number | undefined => {
    const path = decodeSettingsPath(renderValue(setting.resourcePath ?? '/*'));
    const method = renderValue(setting.httpMethod ?? '*').toUpperCase();
    const pathRank = path === '/*' ? 0 : path === resourcePath ? 2 : undefined;
    const methodRank = method === '*' ? 0 : method === httpMethod ? 1 : undefined;
    return pathRank === undefined || methodRank === undefined ? undefined : pathRank + methodRank;
  };
  const ranked = (stage?.methodSettings ?? [])
    .map((setting) => ({ setting, rank: rank(setting) }))
    .filter((entry): entry is { setting: MethodSetting; rank: number } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank);
  const merge = (entries: typeof ranked): MethodSetting =>
    Object.assign(
      {},
      ...entries.map(({ setting }) =>
        Object.fromEntries(Object.entries(setting).filter(([, value]) => value !== undefined)),
      ),
    ) as MethodSetting;
  return { layered: merge(ranked), own: merge(ranked.filter((entry) => entry.rank > 0)) };
}
