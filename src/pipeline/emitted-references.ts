/**
 * The last step of packaging, once core merged the user's `resources:`: every reference in what
 * the plugin emitted (the resources it created, the properties it set on core's, its Outputs) must
 * resolve in the final template, or CloudFormation refuses the stack at deploy time. A VPC link or
 * a queue named in the config but declared nowhere fails the command here instead, naming the
 * config path that holds the name (or, for a name the plugin derived, the config it compiled).
 */
import { didYouMeanHint } from '../common/did-you-mean';
import { type EventsByKind, eventSettingsPath } from '../common/events';
import type { CfnTemplate, TemplateFragment } from '../cloudformation/template';
import type { TemplateWrites, UserResources } from '../cloudformation/ownership';
import {
  type CheckedParts,
  type UnresolvedReference,
  unresolvedReferences,
} from '../cloudformation/unresolved-references';
import type { PipelineInputs } from './inputs';
import { type ConfigIssue, ConfigValidationError, joinPath } from './issues';
import type { Reconciliation } from './reconcile';

/** Which config compiled what: per resource, per top-level key (`*`: the resource as a whole). */
export interface EmittedOrigins {
  readonly resources: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly outputs: ReadonlyMap<string, string>;
}

/** Usage plans and keys come from the access-control compiler too, but from their own config. */
const USAGE_PLAN_TYPES = new Set([
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::UsagePlanKey',
]);

function refinedOrigin(origin: string, type: string | undefined): string {
  if (origin.endsWith('.authorizers') && type && USAGE_PLAN_TYPES.has(type))
    return origin.replace(/\.authorizers$/, '.usagePlans');
  return origin;
}

/** From the compiled fragments and the config each compiled (`compileAll`'s `origins`). */
export function originsOf(
  fragments: readonly TemplateFragment[],
  origins: readonly string[],
): EmittedOrigins {
  const resources = new Map<string, Map<string, string>>();
  const outputs = new Map<string, string>();
  fragments.forEach((fragment, index) => {
    const origin = origins[index];
    for (const patch of fragment.patches ?? []) {
      const keys = resources.get(patch.logicalId) ?? new Map<string, string>();
      for (const key of Object.keys(patch.setProperties ?? {})) keys.set(key, origin);
      if (patch.addDependsOn?.length) keys.set('DependsOn', origin);
      resources.set(patch.logicalId, keys);
    }
    for (const [id, resource] of Object.entries(fragment.Resources ?? {}))
      resources.set(id, new Map([['*', refinedOrigin(origin, resource.Type)]]));
    for (const key of Object.keys(fragment.Outputs ?? {})) outputs.set(key, origin);
  });
  return { resources, outputs };
}

/**
 * What the plugin owns in the final template: what it created or set, less what the user's
 * `resources:` took over (their properties, DependsOn, Condition and Outputs are theirs).
 */
export function emittedParts(
  template: CfnTemplate,
  writes: TemplateWrites,
  user: UserResources | undefined,
  reconciliation: Reconciliation | undefined,
  origins: EmittedOrigins,
): CheckedParts {
  const resources = new Map<string, ReadonlySet<string>>();
  const userKeys = (id: string): Set<string> => {
    const theirs = user?.Resources?.[id];
    const keys = new Set(Object.keys(theirs?.Properties ?? {}));
    if (theirs?.Condition !== undefined) keys.add('Condition');
    return keys;
  };
  const own = (id: string, keys: Iterable<string>) => {
    const taken = userKeys(id);
    const kept = [...keys].filter((key) => !taken.has(key));
    if (kept.length > 0) resources.set(id, new Set([...(resources.get(id) ?? []), ...kept]));
  };
  for (const id of writes.created) {
    const resource = template.Resources[id];
    if (resource) own(id, [...Object.keys(resource.Properties ?? {}), 'DependsOn', 'Condition']);
  }
  for (const [id, keys] of writes.patched) own(id, keys);
  for (const [id, keys] of origins.resources) if (keys.has('DependsOn')) own(id, ['DependsOn']);
  const adopted = reconciliation?.adoptedStageProperties;
  const stageId = reconciliation?.stage?.stageLogicalId;
  if (adopted && stageId) own(stageId, Object.keys(adopted));
  const outputs = [...writes.outputs].filter((key) => user?.Outputs?.[key] === undefined);
  return { resources, outputs };
}

/** Config paths whose value names `target`: as an intrinsic (`{ Ref: X }`…) or as the name itself. */
function configPathsNaming(value: unknown, path: string, target: string, found: string[]): void {
  if (value === target) {
    found.push(path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => configPathsNaming(item, joinPath(path, index), target, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  const getAtt = node['Fn::GetAtt'];
  const sub = node['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
  const names =
    node.Ref === target ||
    (Array.isArray(getAtt) && getAtt[0] === target) ||
    (typeof getAtt === 'string' && getAtt.split('.')[0] === target) ||
    (typeof subText === 'string' &&
      [...subText.matchAll(/\$\{([^!}][^}]*)\}/g)].some(
        (match) => match[1].split('.')[0].trim() === target,
      ));
  if (names) {
    found.push(path);
    return;
  }
  for (const [key, child] of Object.entries(node))
    configPathsNaming(child, joinPath(path, key), target, found);
}

function describe(reference: UnresolvedReference): string {
  const where = reference.location;
  switch (reference.kind) {
    case 'DependsOn':
      return `DependsOn "${reference.target}" (${where})`;
    case 'Condition':
      return `the condition "${reference.target}" (${where})`;
    case 'Fn::Sub':
      return `\${${reference.target}} in Fn::Sub (${where})`;
    default:
      return `${reference.kind} "${reference.target}" (${where})`;
  }
}

function fix(reference: UnresolvedReference, template: CfnTemplate): string {
  const candidates =
    reference.kind === 'Condition'
      ? Object.keys((template.Conditions ?? {}) as object)
      : Object.keys(template.Resources);
  const hint = didYouMeanHint(reference.target, candidates);
  if (reference.kind === 'Condition')
    return `the template has no such condition${hint}; declare ${reference.target} under resources.Conditions, or name one that exists`;
  const what =
    reference.kind === 'Ref' || reference.kind === 'Fn::Sub' ? 'resource or parameter' : 'resource';
  return `the template has no such ${what}${hint}, and CloudFormation would refuse the stack; declare ${reference.target} under resources.Resources, or name one that exists (or give the value itself, e.g. an id or ARN, instead of a reference)`;
}

function originOf(reference: UnresolvedReference, origins: EmittedOrigins): string {
  if (reference.resourceId === undefined) {
    const key = /^Outputs\.([^.[]+)/.exec(reference.location)?.[1] ?? '';
    return origins.outputs.get(key) ?? 'custom.apiGateway';
  }
  const keys = origins.resources.get(reference.resourceId);
  return keys?.get(reference.key ?? '*') ?? keys?.get('*') ?? 'custom.apiGateway';
}

/** One issue per config path and name: a value used in several places is one mistake. */
export function checkEmittedReferences(
  template: CfnTemplate,
  parts: CheckedParts,
  origins: EmittedOrigins,
  config: unknown,
  events: EventsByKind,
): ConfigIssue[] {
  const issues = new Map<string, ConfigIssue>();
  for (const reference of unresolvedReferences(template, parts)) {
    const paths: string[] = [];
    configPathsNaming(config, 'custom.apiGateway', reference.target, paths);
    for (const kind of ['http', 'httpApi', 'websocket'] as const) {
      for (const event of events[kind]) {
        if (event.settings !== undefined)
          configPathsNaming(event.settings, eventSettingsPath(event), reference.target, paths);
      }
    }
    const named = paths.length > 0;
    for (const path of named ? paths : [originOf(reference, origins)]) {
      const key = `${path}\n${reference.target}`;
      if (issues.has(key)) continue;
      const subject = named
        ? `names "${reference.target}", which the plugin emits as ${describe(reference)}`
        : `the plugin emits ${describe(reference)} for this config`;
      issues.set(key, { path, message: `${subject}; ${fix(reference, template)}` });
    }
  }
  return [...issues.values()];
}

/** Throws a ConfigValidationError naming every reference of the plugin's that resolves to nothing. */
export function assertEmittedReferencesResolve(
  template: CfnTemplate,
  emitted: {
    writes: TemplateWrites;
    origins: EmittedOrigins;
    reconciliation: Reconciliation | undefined;
    user: UserResources | undefined;
    inputs: Pick<PipelineInputs, 'userConfig' | 'events'>;
  },
): void {
  const parts = emittedParts(
    template,
    emitted.writes,
    emitted.user,
    emitted.reconciliation,
    emitted.origins,
  );
  const issues = checkEmittedReferences(
    template,
    parts,
    emitted.origins,
    emitted.inputs.userConfig,
    emitted.inputs.events,
  );
  if (issues.length > 0) throw new ConfigValidationError(issues);
}
