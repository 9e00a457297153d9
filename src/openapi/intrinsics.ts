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
    // `${!Literal}` is Fn::Sub's escape for a literal `${Literal}` (a stage variable, a VTL
    // reference): shown as CloudFormation will write it.
    if (typeof args === 'string') return unescapeSub(args);
    if (Array.isArray(args) && typeof args[0] === 'string') {
      const variables = (args[1] ?? {}) as Record<string, unknown>;
      return args[0]
        .split('${!')
        .map((part) =>
          part.replace(/\$\{([^}!]+)\}/g, (match, name: string) =>
            name in variables ? renderValue(variables[name]) : match,
          ),
        )
        .join('${');
    }
  }
  if (fn === 'Fn::ImportValue') return `\${ImportValue:${renderValue(args)}}`;
  return `\${${fn}:${JSON.stringify(args)}}`;
}

function unescapeSub(text: string): string {
  return text.replace(/\$\{!/g, '${');
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

/**
 * A template value as it goes into a RestApi `Body`, where CloudFormation resolves intrinsic
 * functions: kept as it is, except that an `Fn::Join` of literals, `Ref`s and `Fn::GetAtt`s (how
 * core writes every Lambda integration URI) becomes the equivalent, much shorter `Fn::Sub`; a body
 * of a thousand endpoints has to fit CloudFormation's template size limit.
 */
export function cloudFormationValue(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const join = (value as { 'Fn::Join'?: unknown })['Fn::Join'];
  if (Object.keys(value).length === 1 && Array.isArray(join)) {
    const sub = joinAsSub(join);
    if (sub !== undefined) return sub;
  }
  return structuredClone(value);
}

function joinAsSub(join: unknown[]): unknown {
  const [separator, parts] = join;
  if (typeof separator !== 'string' || !Array.isArray(parts)) return undefined;
  const pieces: string[] = [];
  let variables = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      pieces.push(part.replace(/\$\{/g, '${!'));
      continue;
    }
    const variable = subVariable(part);
    if (variable === undefined) return undefined;
    pieces.push(`\${${variable}}`);
    variables += 1;
  }
  const text = pieces.join(separator.replace(/\$\{/g, '${!'));
  return variables === 0 ? (parts as string[]).join(separator) : { 'Fn::Sub': text };
}

function subVariable(part: unknown): string | undefined {
  if (!part || typeof part !== 'object' || Object.keys(part).length !== 1) return undefined;
  const { Ref: refTarget, 'Fn::GetAtt': getAtt } = part as {
    Ref?: unknown;
    'Fn::GetAtt'?: unknown;
  };
  if (typeof refTarget === 'string') return refTarget;
  if (Array.isArray(getAtt) && getAtt.length === 2 && getAtt.every((x) => typeof x === 'string')) {
    return `${getAtt[0] as string}.${getAtt[1] as string}`;
  }
  return undefined;
}
