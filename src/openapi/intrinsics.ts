/**
 * Offline, values CloudFormation only knows at deploy time (ARNs, ids) are written in Fn::Sub
 * notation: `${Logical}`, `${Logical.Attribute}`, `${AWS::Region}`. Readable, stable, and a string
 * wherever the document needs one.
 */

export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return JSON.stringify(value) ?? '';
  }
  const entries = Object.entries(value);
  if (entries.length !== 1) return JSON.stringify(value);
  const [fn, args] = entries[0];
  if (fn === 'Ref') return `\${${String(args)}}`;
  if (fn === 'Fn::GetAtt') {
    return `\${${Array.isArray(args) ? args.map(String).join('.') : String(args)}}`;
  }
  if (fn === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
    return (args[1] as unknown[]).map(renderValue).join(String(args[0]));
  }
  if (fn === 'Fn::Sub') {
    if (typeof args === 'string') return args;
    if (Array.isArray(args) && typeof args[0] === 'string') {
      const variables = (args[1] ?? {}) as Record<string, unknown>;
      return args[0].replace(/\$\{([^}!]+)\}/g, (match, name: string) =>
        name in variables ? renderValue(variables[name]) : match,
      );
    }
  }
  if (fn === 'Fn::ImportValue') return `\${ImportValue:${renderValue(args)}}`;
  return `\${${fn}:${JSON.stringify(args)}}`;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, else undefined. */
export function referencedId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}
