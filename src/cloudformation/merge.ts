/**
 * The one place that writes compiler output into the template core compiled. Compilers return
 * fragments; this applies them in order.
 */
import type { CfnTemplate, TemplateFragment } from './template';
import { dependsOnList } from './template';
import { TemplateConflictError } from '../pipeline/errors';

export { TemplateConflictError };

/**
 * A copy that shares no object with its source or within itself (structuredClone keeps shared
 * references). Template values are plain JSON.
 */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function applyFragment(template: CfnTemplate, fragment: TemplateFragment): void {
  for (const patch of fragment.patches ?? []) {
    const resource = template.Resources[patch.logicalId];
    if (!resource) {
      throw new TemplateConflictError(
        `cannot patch ${patch.logicalId}: no such resource in the template`,
      );
    }
    if (patch.remove) {
      delete template.Resources[patch.logicalId];
      continue;
    }
    if (patch.setProperties) {
      const properties = { ...resource.Properties };
      for (const [key, value] of Object.entries(patch.setProperties)) {
        if (value === undefined) delete properties[key];
        else properties[key] = jsonCopy(value);
      }
      resource.Properties = properties;
    }
    if (patch.addDependsOn?.length) {
      const dependsOn = dependsOnList(resource);
      for (const id of patch.addDependsOn) if (!dependsOn.includes(id)) dependsOn.push(id);
      resource.DependsOn = dependsOn;
    }
  }
  // Copies, never shared objects: a value shared between two places of the template would be
  // written as a `$ref` pointer in Serverless's state file (and makes its decycling slow).
  Object.assign(template.Resources, jsonCopy(fragment.Resources ?? {}));
  if (fragment.Outputs && Object.keys(fragment.Outputs).length > 0) {
    template.Outputs = { ...template.Outputs, ...jsonCopy(fragment.Outputs) };
  }
}
