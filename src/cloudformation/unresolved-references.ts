/**
 * References that point at nothing: a `Ref`, `Fn::GetAtt`, `${X}` / `${X.Attr}` in `Fn::Sub`,
 * `DependsOn` or `Condition` whose target is not in the template. CloudFormation would refuse the
 * whole stack at deploy time ("Unresolved resource dependencies"); found here, the command can say
 * which config produced it. Only the parts of the template asked about are read (what the plugin
 * wrote: core's and the user's own parts are theirs to answer for).
 */
import type { CfnTemplate } from './template';
import { dependsOnList } from './template';

/** What a `Ref` (or a `${X}` in `Fn::Sub`) may name besides resources and parameters. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export type ReferenceKind = 'Ref' | 'Fn::GetAtt' | 'Fn::Sub' | 'DependsOn' | 'Condition';

export interface UnresolvedReference {
  /** Where it is: `Resources.<id>.Properties.<key>…`, `Resources.<id>.DependsOn`, `Outputs.<key>…`. */
  readonly location: string;
  /** The resource it is in (absent for an Output). */
  readonly resourceId?: string;
  /** The resource's top-level key it is under: a property name, `DependsOn` or `Condition`. */
  readonly key?: string;
  readonly kind: ReferenceKind;
  /** The name that resolves to nothing. */
  readonly target: string;
}

/** The parts of the template to check: per resource, its properties to read (or all of it). */
export interface CheckedParts {
  readonly resources: ReadonlyMap<string, ReadonlySet<string> | 'all'>;
  readonly outputs: readonly string[];
}

interface Names {
  readonly resources: ReadonlySet<string>;
  readonly parameters: ReadonlySet<string>;
  readonly conditions: ReadonlySet<string>;
}

function namesOf(template: CfnTemplate): Names {
  const keys = (value: unknown): Set<string> =>
    new Set(value && typeof value === 'object' ? Object.keys(value) : []);
  return {
    resources: keys(template.Resources),
    parameters: keys(template.Parameters),
    conditions: keys(template.Conditions),
  };
}

const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

type Found = { kind: ReferenceKind; target: string; location: string };

function resolvesAsValue(names: Names, target: string): boolean {
  return (
    names.resources.has(target) || names.parameters.has(target) || PSEUDO_PARAMETERS.has(target)
  );
}

/** Each reference in a value that resolves to nothing, with where it is. */
function walkValue(value: unknown, location: string, names: Names, found: Found[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkValue(item, `${location}[${index}]`, names, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  if (typeof node.Ref === 'string' && !resolvesAsValue(names, node.Ref))
    found.push({ kind: 'Ref', target: node.Ref, location });
  const getAtt = node['Fn::GetAtt'];
  const getAttId =
    typeof getAtt === 'string'
      ? getAtt.split('.')[0]
      : Array.isArray(getAtt) && typeof getAtt[0] === 'string'
        ? getAtt[0]
        : undefined;
  if (getAttId !== undefined && !names.resources.has(getAttId))
    found.push({ kind: 'Fn::GetAtt', target: getAttId, location });
  const sub = node['Fn::Sub'];
  const subTemplate = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
  if (typeof subTemplate === 'string') {
    // Variables of the Sub's own map are not references.
    const own = Array.isArray(sub) && sub[1] && typeof sub[1] === 'object' ? sub[1] : {};
    for (const match of subTemplate.matchAll(SUB_VARIABLE)) {
      const variable = match[1].trim();
      if (variable in own) continue;
      const [id, attribute] = variable.split('.');
      const resolves =
        attribute === undefined ? resolvesAsValue(names, id) : names.resources.has(id);
      if (!resolves) found.push({ kind: 'Fn::Sub', target: id, location });
    }
  }
  const condition = node['Fn::If'];
  if (Array.isArray(condition) && typeof condition[0] === 'string') {
    if (!names.conditions.has(condition[0]))
      found.push({ kind: 'Condition', target: condition[0], location });
  }
  for (const [key, child] of Object.entries(node))
    walkValue(child, `${location}.${key}`, names, found);
}

/** The references in `parts` of `template` that point at nothing, in template order. */
export function unresolvedReferences(
  template: CfnTemplate,
  parts: CheckedParts,
): UnresolvedReference[] {
  const names = namesOf(template);
  const unresolved: UnresolvedReference[] = [];
  for (const [resourceId, keys] of parts.resources) {
    const resource = template.Resources[resourceId];
    if (!resource) continue;
    const base = `Resources.${resourceId}`;
    const wanted = (key: string) => keys === 'all' || keys.has(key);
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      if (!wanted(key)) continue;
      const found: Found[] = [];
      walkValue(value, `${base}.Properties.${key}`, names, found);
      unresolved.push(...found.map((each) => ({ ...each, resourceId, key })));
    }
    if (wanted('DependsOn')) {
      for (const id of dependsOnList(resource)) {
        if (!names.resources.has(id)) {
          unresolved.push({
            location: `${base}.DependsOn`,
            resourceId,
            key: 'DependsOn',
            kind: 'DependsOn',
            target: id,
          });
        }
      }
    }
    if (wanted('Condition') && typeof resource.Condition === 'string') {
      if (!names.conditions.has(resource.Condition)) {
        unresolved.push({
          location: `${base}.Condition`,
          resourceId,
          key: 'Condition',
          kind: 'Condition',
          target: resource.Condition,
        });
      }
    }
  }
  for (const key of parts.outputs) {
    const output = template.Outputs?.[key];
    if (!output) continue;
    const found: Found[] = [];
    walkValue(output, `Outputs.${key}`, names, found);
    unresolved.push(...found);
  }
  return unresolved;
}
