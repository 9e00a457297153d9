/**
 * The JSONPath subset the local renderer evaluates for `$input.json(x)` and `$input.path(x)`:
 * `$` (root), `.key`, `['key']` / `["key"]`, `[n]` (array index, negative from the end), and the
 * wildcards `[*]` / `.*`. API Gateway uses Jayway JsonPath, which has more (filters, deep scan
 * `..`, slices); a path using them is reported instead of being guessed.
 */

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export class JsonPathError extends Error {}

const SUPPORTED = "$, .key, ['key'], [n] and [*]";

export function parseJsonPath(path: string): Step[] {
  const text = path.trim();
  if (!text.startsWith('$'))
    throw new JsonPathError(`JSONPath '${path}' must start at the root $, e.g. '$.name'`);
  const steps: Step[] = [];
  let i = 1;
  const fail = (): never => {
    throw new JsonPathError(
      `JSONPath '${path}' is not supported by the local renderer at '${text.slice(i)}' (supported: ${SUPPORTED})`,
    );
  };
  while (i < text.length) {
    if (text.startsWith('..', i)) fail();
    if (text[i] === '.') {
      const match = /^\.(\*|[^.[\]\s]+)/.exec(text.slice(i));
      if (!match) fail();
      const key = (match as RegExpExecArray)[1];
      steps.push(key === '*' ? { kind: 'wildcard' } : { kind: 'key', key });
      i += (match as RegExpExecArray)[0].length;
    } else if (text[i] === '[') {
      const rest = text.slice(i);
      const quoted = /^\[\s*(['"])((?:(?!\1).)*)\1\s*\]/.exec(rest);
      const index = /^\[\s*(-?\d+)\s*\]/.exec(rest);
      const star = /^\[\s*\*\s*\]/.exec(rest);
      if (quoted) {
        steps.push({ kind: 'key', key: quoted[2] });
        i += quoted[0].length;
      } else if (index) {
        steps.push({ kind: 'index', index: Number(index[1]) });
        i += index[0].length;
      } else if (star) {
        steps.push({ kind: 'wildcard' });
        i += star[0].length;
      } else fail();
    } else fail();
  }
  return steps;
}

interface CompiledPath {
  readonly steps: readonly Step[];
  /** No wildcard: the path selects one value, not a list. */
  readonly definite: boolean;
}

/**
 * Parsed paths by their text. A template's paths are literals, evaluated on every render (the
 * parse was a tenth of a render); the steps are never changed once parsed. A path built at render
 * time (`$input.path("$.$name")`) could make the map grow without end, hence the bound.
 */
const compiledPaths = new Map<string, CompiledPath>();
const MAX_COMPILED_PATHS = 1000;

function compiledPath(path: string): CompiledPath {
  let compiled = compiledPaths.get(path);
  if (!compiled) {
    const steps = parseJsonPath(path);
    compiled = { steps, definite: steps.every((step) => step.kind !== 'wildcard') };
    if (compiledPaths.size >= MAX_COMPILED_PATHS) compiledPaths.clear();
    compiledPaths.set(path, compiled);
  }
  return compiled;
}

/** A JSON object as the renderer holds it (a Java map) or as JSON.parse gives it. */
function member(value: unknown, key: string): { found: boolean; value?: unknown } {
  if (value instanceof Map)
    return value.has(key) ? { found: true, value: value.get(key) } : { found: false };
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.prototype.hasOwnProperty.call(value, key)
  )
    return { found: true, value: (value as Record<string, unknown>)[key] };
  return { found: false };
}

/**
 * Evaluates a path. A definite path (no wildcard) gives the value or `undefined` when nothing
 * matches; a path with a wildcard gives the array of every match, as Jayway does.
 */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  const { steps, definite } = compiledPath(path);
  let current: unknown[] = [document];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'wildcard') {
        if (Array.isArray(value)) next.push(...value);
        else if (value instanceof Map) next.push(...value.values());
        else if (typeof value === 'object' && value !== null) next.push(...Object.values(value));
      } else if (step.kind === 'index') {
        if (Array.isArray(value)) {
          const at = step.index < 0 ? value.length + step.index : step.index;
          if (at >= 0 && at < value.length) next.push(value[at]);
        }
      } else {
        const found = member(value, step.key);
        if (found.found) next.push(found.value);
      }
    }
    current = next;
  }
  return definite ? current[0] : current;
}
