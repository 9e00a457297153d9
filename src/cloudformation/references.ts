/**
 * How template values refer to resources: `Ref`, `Fn::GetAtt` (list or dotted string), `${Id}` and
 * `${Id.Attr}` in `Fn::Sub`, and `DependsOn`. Used to move a resource to another logical id and to
 * find what a resource waits for, over whole templates (the user's resources included).
 */
import type { CfnResource, CfnTemplate } from './template';
import { dependsOnList } from './template';

type Visit = (node: Record<string, unknown>) => void;

function walk(value: unknown, visit: Visit): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    visit(node);
    for (const child of Object.values(node)) walk(child, visit);
  }
}

const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

function subTemplate(node: Record<string, unknown>): string | undefined {
  const sub = node['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return undefined;
}

/** Logical ids (and pseudo parameters) a value refers to through Ref, GetAtt or Sub. */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  walk(value, (node) => {
    if (typeof node.Ref === 'string') ids.add(node.Ref);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') ids.add(getAtt[0]);
    if (typeof getAtt === 'string') ids.add(getAtt.split('.')[0]);
    const sub = subTemplate(node);
    if (sub !== undefined) {
      for (const match of sub.matchAll(SUB_VARIABLE)) ids.add(match[1].split('.')[0].trim());
    }
  });
  return ids;
}

/** Every string in a value (Sub templates and Join parts included). */
export function stringsIn(value: unknown): string[] {
  const found: string[] = [];
  const collect = (item: unknown): void => {
    if (typeof item === 'string') found.push(item);
    else if (Array.isArray(item)) item.forEach(collect);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(collect);
  };
  collect(value);
  return found;
}

/** What a resource waits for: what it refers to, and its DependsOn. */
export function directDependencies(resource: CfnResource): Set<string> {
  const ids = referencedIds({ ...resource, DependsOn: undefined });
  for (const id of dependsOnList(resource)) ids.add(id);
  return ids;
}

/** Every resource `logicalId` waits for, directly or through others. */
export function transitiveDependencies(template: CfnTemplate, logicalId: string): Set<string> {
  const seen = new Set<string>();
  const pending = [logicalId];
  while (pending.length > 0) {
    const resource = template.Resources[pending.pop() as string];
    if (!resource) continue;
    for (const id of directDependencies(resource)) {
      if (seen.has(id) || !template.Resources[id]) continue;
      seen.add(id);
      pending.push(id);
    }
  }
  return seen;
}

function renameInValue(value: unknown, from: string, to: string): void {
  const renameSub = (text: string): string =>
    text.replace(SUB_VARIABLE, (whole, variable: string) => {
      const [id, ...attribute] = variable.split('.');
      return id.trim() === from ? `\${${[to, ...attribute].join('.')}}` : whole;
    });
  walk(value, (node) => {
    if (node.Ref === from) node.Ref = to;
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[0] === from) getAtt[0] = to;
    if (typeof getAtt === 'string' && getAtt.split('.')[0] === from)
      node['Fn::GetAtt'] = [to, ...getAtt.split('.').slice(1)].join('.');
    const sub = node['Fn::Sub'];
    if (typeof sub === 'string') node['Fn::Sub'] = renameSub(sub);
    if (Array.isArray(sub) && typeof sub[0] === 'string') sub[0] = renameSub(sub[0]);
  });
}

/**
 * Moves resource `from` to logical id `to` and points every reference in the template (Resources,
 * Outputs, DependsOn) at the new id.
 */
export function renameResource(template: CfnTemplate, from: string, to: string): void {
  const resource = template.Resources[from];
  if (!resource) return;
  delete template.Resources[from];
  template.Resources[to] = resource;
  for (const each of Object.values(template.Resources)) {
    renameInValue(each, from, to);
    if (each.DependsOn !== undefined) {
      const renamed = dependsOnList(each).map((id) => (id === from ? to : id));
      each.DependsOn = Array.isArray(each.DependsOn) ? renamed : renamed[0];
    }
  }
  renameInValue(template.Outputs ?? {}, from, to);
}
