/**
 * Names used as `${stageVariables.name}` in a string (URIs, templates, parameter values). Any text
 * up to the closing brace counts, so a misspelt or invalid name is reported by the caller rather
 * than silently passed over.
 */
export function stageVariableReferences(value: string): string[] {
  return [...value.matchAll(/\$\{stageVariables\.([^}]*)\}/g)].map((match) => match[1]);
}
