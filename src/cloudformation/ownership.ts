/**
 * Who owns what in the packaged template. Core merges the user's `resources:` into the template
 * after the plugin compiled (lodash `merge`, property by property, lists index by index), so a
 * user's Output or property could end up mixed with ours: their `Export` on our `Value`. Before
 * that merge, the plugin takes back what the user declares: an Output the user declares is theirs
 * whole, and so is every top-level property the user sets on a resource the plugin wrote.
 */
import type { CfnObject, CfnResource, CfnTemplate, TemplateFragment } from './template';

/** What the plugin's fragments wrote into core's template. */
export interface TemplateWrites {
  /** Resources written whole (new, or replacing core's). */
  readonly created: ReadonlySet<string>;
  /** Properties set on resources core compiled. */
  readonly patched: ReadonlyMap<string, ReadonlySet<string>>;
  readonly outputs: ReadonlySet<string>;
}

export function writesOf(fragments: readonly TemplateFragment[]): TemplateWrites {
  const created = new Set<string>();
  const patched = new Map<string, Set<string>>();
  const outputs = new Set<string>();
  for (const fragment of fragments) {
    for (const patch of fragment.patches ?? []) {
      if (patch.remove) {
        created.delete(patch.logicalId);
        patched.delete(patch.logicalId);
        continue;
      }
      const properties = patched.get(patch.logicalId) ?? new Set<string>();
      for (const key of Object.keys(patch.setProperties ?? {})) properties.add(key);
      if (properties.size > 0) patched.set(patch.logicalId, properties);
    }
    for (const id of Object.keys(fragment.Resources ?? {})) {
      created.add(id);
      patched.delete(id);
    }
    for (const key of Object.keys(fragment.Outputs ?? {})) outputs.add(key);
  }
  return { created, patched, outputs };
}

/** The user's `resources:` block as core holds it (any part may be missing). */
export interface UserResources {
  readonly Resources?: Record<string, Partial<CfnResource> | undefined>;
  readonly Outputs?: Record<string, unknown>;
}

/** One thing the user's template takes over from the plugin, for a warning. */
export interface YieldedToUser {
  /** `resources.Outputs.X` or `resources.Resources.X.Properties.Y`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Removes, from the template, each plugin-written Output the user declares and each plugin-written
 * property the user sets, so core's merge puts the user's whole value there. Returns what differed
 * (a value the user set equal to ours is not worth a warning).
 */
export function yieldToUser(
  template: CfnTemplate,
  user: UserResources,
  writes: TemplateWrites,
  /** Resources the plugin adopted from the user: theirs become ours (features/stage/ownership.ts). */
  adopted: ReadonlySet<string> = new Set(),
): YieldedToUser[] {
  const yielded: YieldedToUser[] = [];
  for (const [key, theirs] of Object.entries(user.Outputs ?? {})) {
    const ours = template.Outputs?.[key];
    if (!writes.outputs.has(key) || !ours || !template.Outputs) continue;
    delete template.Outputs[key];
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      yielded.push({
        path: `resources.Outputs.${key}`,
        message: `the plugin also emits the Output ${key}; yours is kept as you wrote it (the plugin's is left out)`,
      });
    }
  }
  for (const [id, theirs] of Object.entries(user.Resources ?? {})) {
    const ours = template.Resources[id];
    const theirProperties = theirs?.Properties;
    if (!ours?.Properties || !theirProperties || typeof theirProperties !== 'object') continue;
    if (adopted.has(id)) continue;
    const written = writes.created.has(id)
      ? new Set(Object.keys(ours.Properties))
      : (writes.patched.get(id) ?? new Set<string>());
    const taken = takeBackProperties(ours.Properties, theirProperties as CfnObject, written);
    if (taken.length > 0) {
      yielded.push({
        path: `resources.Resources.${id}.Properties`,
        message: `${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} also set by the plugin; yours ${taken.length === 1 ? 'is' : 'are'} kept whole`,
      });
    }
  }
  return yielded;
}

/** Drops our value of each property the user sets; names those whose values differed. */
function takeBackProperties(
  ours: CfnObject,
  theirs: CfnObject,
  written: ReadonlySet<string>,
): string[] {
  const differing: string[] = [];
  for (const [key, value] of Object.entries(theirs)) {
    if (!written.has(key) || !(key in ours)) continue;
    if (JSON.stringify(ours[key]) !== JSON.stringify(value)) differing.push(key);
    delete ours[key];
  }
  return differing.sort();
}
