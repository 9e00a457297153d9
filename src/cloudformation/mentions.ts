/**
 * Which logical ids a template value refers to: a string that is an id (`Ref`, the first item of
 * `Fn::GetAtt`) or a `${Id}` / `${Id.Attr}` of an `Fn::Sub`. Read once per value and asked per id,
 * because a body of thousands of integrations asked per function made packaging quadratic.
 */

const SUB_NAME = /\$\{([A-Za-z0-9]+)[}.]/g;

/** Every name the value mentions (a superset of the logical ids it refers to). */
export function mentionedNames(value: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      names.add(node);
      for (const match of node.matchAll(SUB_NAME)) names.add(match[1]);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        names.add(key);
        visit(item);
      }
    }
  };
  visit(value);
  return names;
}

/** Whether a value refers to a logical id (Ref, GetAtt, or a `${Id}` of Fn::Sub). */
export function mentions(value: unknown, logicalId: string): boolean {
  return mentionedNames(value).has(logicalId);
}
