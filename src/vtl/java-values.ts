/**
 * The Java object model API Gateway's templates see (Apache Velocity 1.7 on the JVM), in
 * JavaScript:
 * - `null` (and `undefined`) is Java null; a JS string is a java.lang.String; a boolean a Boolean;
 * - an integral JS number is an Integer or a Long (Velocity widens an int that overflows to a
 *   long, so the two print and compute alike below 2^53), a `JavaDouble` is a java.lang.Double:
 *   `1.0` stays a double and prints `1.0`, which a JS number cannot tell from `1`;
 * - an array is a java.util.List (ArrayList), a JS `Map` a java.util.Map (LinkedHashMap: insertion
 *   order, also for keys such as "10" that a JS object would sort first);
 * - a `JavaObject` is any other object with properties and methods ($input, $util, $foreach…).
 * Java's `toString()` (Java SE API: AbstractMap.toString `{k=v, k2=v2}`, AbstractCollection.toString
 * `[a, b]`, Double.toString) is `javaToString`.
 */

/** A java.lang.Double. */
export class JavaDouble {
  constructor(readonly value: number) {}
}

/** A Java object other than a String, number, Boolean, List or Map. */
export abstract class JavaObject {
  /** Velocity's `$x.name`: a getter (getName/isName) or `undefined` when there is none. */
  abstract property(name: string): unknown;
  /** `$x.name(args)`: the result, or NO_SUCH_METHOD when there is no such method. */
  abstract invoke(name: string, args: readonly unknown[]): unknown;
  abstract javaString(): string;
}

/** A java.util.Map.Entry (from `entrySet()`). */
export class MapEntry extends JavaObject {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {
    super();
  }
  property(name: string): unknown {
    return name === 'key' ? this.key : name === 'value' ? this.value : undefined;
  }
  invoke(name: string, args: readonly unknown[]): unknown {
    if (args.length === 0 && name === 'getKey') return this.key;
    if (args.length === 0 && name === 'getValue') return this.value;
    if (args.length === 0 && name === 'toString') return this.javaString();
    return NO_SUCH_METHOD;
  }
  javaString(): string {
    return `${javaToString(this.key)}=${javaToString(this.value)}`;
  }
}

/**
 * A map that reads as null when a reference ends on it, while its keys can still be read
 * (`$context.authorizer.claims` is null, `$context.authorizer.claims.email` is not: API Gateway's
 * mapping template reference, "Calling $context.authorizer.claims returns null").
 */
export class ReadsAsNull extends Map<unknown, unknown> {}

/** What a method lookup returns when the object has no such method (Velocity then gives null). */
export const NO_SUCH_METHOD: unique symbol = Symbol('no such method');

export type JavaMap = Map<unknown, unknown>;

export const isNull = (value: unknown): value is null | undefined =>
  value === null || value === undefined;
export const isJavaMap = (value: unknown): value is JavaMap => value instanceof Map;
export const isList = (value: unknown): value is unknown[] => Array.isArray(value);
export const isInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value);
export const isNumber = (value: unknown): value is number | JavaDouble =>
  typeof value === 'number' || value instanceof JavaDouble;
export const numberValue = (value: number | JavaDouble): number =>
  value instanceof JavaDouble ? value.value : value;

/** A JS number as Java would hold it: integral values as Integer/Long, others as Double. */
export const javaNumber = (value: number): number | JavaDouble =>
  Number.isInteger(value) ? value : new JavaDouble(value);

/**
 * Double.toString: `1.0`, `1.5`, `-0.0`; computerized scientific notation (`1.0E7`, `1.0E-4`)
 * outside [10^-3, 10^7); `NaN`, `Infinity`.
 */
export function doubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * Java's `String.valueOf(x)`: null is `null` (inside a collection; a reference to null renders as
 * nothing in API Gateway, see render.ts), maps `{k=v}`, lists `[a, b]`. Plain JS objects, which
 * users may pass to the exported $util functions, print as maps.
 */
export function javaToString(value: unknown): string {
  if (isNull(value)) return 'null';
  if (typeof value === 'string') return value;
  if (value instanceof JavaDouble) return doubleToString(value.value);
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : doubleToString(value);
  if (isList(value)) return `[${value.map(javaToString).join(', ')}]`;
  if (isJavaMap(value))
    return `{${[...value].map(([key, item]) => `${javaToString(key)}=${javaToString(item)}`).join(', ')}}`;
  if (value instanceof JavaObject) return value.javaString();
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaToString(item)}`)
      .join(', ')}}`;
  return String(value);
}

/** Object.equals as the Java classes define it (String, Integer/Long, Double, Boolean, List, Map). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  if (a instanceof JavaDouble || b instanceof JavaDouble)
    return a instanceof JavaDouble && b instanceof JavaDouble && Object.is(a.value, b.value);
  if (isList(a))
    return isList(b) && a.length === b.length && a.every((x, i) => javaEquals(x, b[i]));
  if (isJavaMap(a))
    return (
      isJavaMap(b) &&
      a.size === b.size &&
      [...a].every(([key, item]) => b.has(key) && javaEquals(item, b.get(key)))
    );
  return a === b;
}

/** Converts plain JS data (a request's maps, a user's context) to the Java model, deeply. */
export function toJava(value: unknown): unknown {
  if (isNull(value)) return null;
  if (typeof value === 'number') return javaNumber(value);
  if (isList(value)) return value.map(toJava);
  if (value instanceof JavaDouble || value instanceof JavaObject || isJavaMap(value)) return value;
  if (typeof value === 'object') {
    // Object.keys, as Object.entries would (own enumerable string keys, in order), without the
    // entry arrays: a request's headers and context are converted on every render.
    const map: JavaMap = new Map();
    for (const key of Object.keys(value))
      map.set(key, toJava((value as Record<string, unknown>)[key]));
    return map;
  }
  return value;
}

/** The Java model back to plain JS data (what renderTemplateDetailed returns). */
export function fromJava(value: unknown): unknown {
  if (value instanceof JavaDouble) return value.value;
  if (isList(value)) return value.map(fromJava);
  if (isJavaMap(value)) {
    // A loop rather than Object.fromEntries of mapped entries: the overrides are converted on
    // every render. defineProperty for `__proto__`, which assignment would take as the prototype.
    const object: Record<string, unknown> = {};
    for (const [key, item] of value) {
      const name = javaToString(key);
      if (name === '__proto__')
        Object.defineProperty(object, name, {
          value: fromJava(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else object[name] = fromJava(item);
    }
    return object;
  }
  return value;
}

/** The Java model as JSON text (`$input.json`): doubles as Double.toString writes them. */
export function toJsonText(value: unknown): string {
  if (isNull(value)) return 'null';
  if (value instanceof JavaDouble)
    return Number.isFinite(value.value) ? doubleToString(value.value) : 'null';
  // Loops rather than mapped arrays joined: `$input.json` writes every value it selects.
  if (isList(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i > 0 ? ',' : '') + toJsonText(value[i]);
    return `${text}]`;
  }
  if (isJavaMap(value)) {
    let text = '{';
    for (const [key, item] of value)
      text += `${text.length > 1 ? ',' : ''}${JSON.stringify(javaToString(key))}:${toJsonText(item)}`;
    return `${text}}`;
  }
  if (value instanceof JavaObject) return JSON.stringify(value.javaString());
  return JSON.stringify(value) ?? 'null';
}
