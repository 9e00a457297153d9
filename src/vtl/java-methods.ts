/**
 * Java methods and properties of the values a template holds, with their Java results (Java SE
 * API: java.lang.String, java.util.List, java.util.Map, Integer/Long/Double/Boolean), resolved as
 * Velocity 1.7 resolves them: a method is found by name and argument types (an Integer where an
 * `int` is declared, anything where an Object is); no match gives null. A `void` method gives ''
 * (Velocity 1.7 ASTMethod). A property `$x.name` is `get("name")` on a Map, `getName()` or
 * `isName()` on other objects (Velocity 1.7 UberspectImpl.getPropertyGet).
 */
import { JavaException } from './java-exception';
import { matches, replaceAll, replaceFirst, split } from './java-regex';
import {
  isInteger,
  isJavaMap,
  isList,
  isNull,
  JavaDouble,
  javaEquals,
  JavaObject,
  javaToString,
  MapEntry,
  NO_SUCH_METHOD,
  numberValue,
  type JavaMap,
} from './java-values';

type Param = 'int' | 'String' | 'Object' | 'List' | 'Map';
type Overload<T> = { params: readonly Param[]; call: (self: T, args: any) => unknown }; // eslint-disable-line @typescript-eslint/no-explicit-any -- arguments are checked against `params` before the call
type Methods<T> = Record<string, ReadonlyArray<Overload<T>>>;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const VOID = '';

const accepts = (param: Param, arg: unknown): boolean => {
  if (param === 'int') return isInteger(arg) && arg >= INT_MIN && arg <= INT_MAX;
  if (isNull(arg)) return true;
  if (param === 'String') return typeof arg === 'string';
  if (param === 'List') return isList(arg);
  if (param === 'Map') return isJavaMap(arg);
  return true;
};

const m = <T>(params: readonly Param[], call: Overload<T>['call']): Overload<T> => ({
  params,
  call,
});

const npe = (what: string): never => {
  throw new JavaException('java.lang.NullPointerException', `${what} is null`);
};
const str = (value: unknown): string => (typeof value === 'string' ? value : npe('the argument'));
const outOfBounds = (kind: 'String' | '', detail: string): never => {
  throw new JavaException(`java.lang.${kind}IndexOutOfBoundsException`, detail);
};

function javaHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

function compareStrings(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1)
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
  return a.length - b.length;
}

const foldCase = (text: string): string =>
  [...text].map((c) => c.toUpperCase().toLowerCase()).join('');

/** String.trim: removes every character up to U+0020 at both ends (not Unicode spaces). */
const javaTrim = (text: string): string => text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ''); // eslint-disable-line no-control-regex -- Java's definition of whitespace for trim()

const checkRange = (begin: number, end: number, length: number): void => {
  if (begin < 0 || end > length || begin > end)
    outOfBounds('String', `begin ${begin}, end ${end}, length ${length}`);
};

const STRING: Methods<string> = {
  length: [m([], (s) => s.length)],
  isEmpty: [m([], (s) => s.length === 0)],
  charAt: [
    m(['int'], (s, [i]: [number]) =>
      i >= 0 && i < s.length ? s[i] : outOfBounds('String', `index ${i}, length ${s.length}`),
    ),
  ],
  codePointAt: [
    m(['int'], (s, [i]: [number]) =>
      i >= 0 && i < s.length
        ? s.codePointAt(i)
        : outOfBounds('String', `index ${i}, length ${s.length}`),
    ),
  ],
  substring: [
    m(['int'], (s, [b]: [number]) => (checkRange(b, s.length, s.length), s.slice(b))),
    m(['int', 'int'], (s, [b, e]: [number, number]) => (checkRange(b, e, s.length), s.slice(b, e))),
  ],
  subSequence: [
    m(['int', 'int'], (s, [b, e]: [number, number]) => (checkRange(b, e, s.length), s.slice(b, e))),
  ],
  indexOf: [
    m(['String'], (s, [t]) => s.indexOf(str(t))),
    m(['String', 'int'], (s, [t, from]: [unknown, number]) => s.indexOf(str(t), Math.max(from, 0))),
    m(['int'], (s, [c]: [number]) => s.indexOf(String.fromCodePoint(c))),
  ],
  lastIndexOf: [
    m(['String'], (s, [t]) => s.lastIndexOf(str(t))),
    m(['String', 'int'], (s, [t, from]: [unknown, number]) =>
      from < 0 ? -1 : s.lastIndexOf(str(t), from),
    ),
    m(['int'], (s, [c]: [number]) => s.lastIndexOf(String.fromCodePoint(c))),
  ],
  contains: [m(['String'], (s, [t]) => s.includes(str(t)))],
  startsWith: [
    m(['String'], (s, [t]) => s.startsWith(str(t))),
    m(['String', 'int'], (s, [t, at]: [unknown, number]) => at >= 0 && s.startsWith(str(t), at)),
  ],
  endsWith: [m(['String'], (s, [t]) => s.endsWith(str(t)))],
  // replace(CharSequence, CharSequence): every literal occurrence, "" matching between characters.
  replace: [m(['String', 'String'], (s, [t, r]) => s.replaceAll(str(t), () => str(r)))],
  replaceAll: [m(['String', 'String'], (s, [re, r]) => replaceAll(s, str(re), str(r)))],
  replaceFirst: [m(['String', 'String'], (s, [re, r]) => replaceFirst(s, str(re), str(r)))],
  matches: [m(['String'], (s, [re]) => matches(s, str(re)))],
  split: [
    m(['String'], (s, [re]) => split(s, str(re))),
    m(['String', 'int'], (s, [re, limit]: [unknown, number]) => split(s, str(re), limit)),
  ],
  toLowerCase: [m([], (s) => s.toLowerCase())],
  toUpperCase: [m([], (s) => s.toUpperCase())],
  trim: [m([], (s) => javaTrim(s))],
  concat: [m(['String'], (s, [t]) => s + str(t))],
  equals: [m(['Object'], (s, [o]) => s === o)],
  equalsIgnoreCase: [
    m(
      ['String'],
      (s, [o]) => typeof o === 'string' && s.length === o.length && foldCase(s) === foldCase(o),
    ),
  ],
  compareTo: [m(['String'], (s, [o]) => compareStrings(s, str(o)))],
  compareToIgnoreCase: [m(['String'], (s, [o]) => compareStrings(foldCase(s), foldCase(str(o))))],
  hashCode: [m([], (s) => javaHashCode(s))],
  toString: [m([], (s) => s)],
};

const listIndex = (list: unknown[], i: number, inclusiveEnd = false): number =>
  i >= 0 && (inclusiveEnd ? i <= list.length : i < list.length)
    ? i
    : outOfBounds('', `Index: ${i}, Size: ${list.length}`);

const indexIn = (list: readonly unknown[], item: unknown): number =>
  list.findIndex((x) => javaEquals(x, item));

const LIST: Methods<unknown[]> = {
  size: [m([], (l) => l.length)],
  isEmpty: [m([], (l) => l.length === 0)],
  get: [m(['int'], (l, [i]: [number]) => l[listIndex(l, i)])],
  contains: [m(['Object'], (l, [o]) => indexIn(l, o) >= 0)],
  containsAll: [
    m(['List'], (l, [o]: [unknown[]]) =>
      (o ?? npe('the collection')).every((x) => indexIn(l, x) >= 0),
    ),
  ],
  indexOf: [m(['Object'], (l, [o]) => indexIn(l, o))],
  lastIndexOf: [m(['Object'], (l, [o]) => l.length - 1 - indexIn([...l].reverse(), o))],
  add: [
    m(['Object'], (l, [o]) => (l.push(o), true)),
    m(
      ['int', 'Object'],
      (l, [i, o]: [number, unknown]) => (l.splice(listIndex(l, i, true), 0, o), VOID),
    ),
  ],
  addAll: [
    m(['List'], (l, [o]: [unknown[]]) => (l.push(...(o ?? npe('the collection'))), o.length > 0)),
  ],
  set: [m(['int', 'Object'], (l, [i, o]: [number, unknown]) => l.splice(listIndex(l, i), 1, o)[0])],
  // remove(int) when given an integer, remove(Object) otherwise.
  remove: [
    m(['int'], (l, [i]: [number]) => l.splice(listIndex(l, i), 1)[0]),
    m(['Object'], (l, [o]) => {
      const at = indexIn(l, o);
      if (at >= 0) l.splice(at, 1);
      return at >= 0;
    }),
  ],
  clear: [m([], (l) => (l.splice(0), VOID))],
  // A copy here; a view of the list in Java (writes through it are not followed).
  subList: [
    m(['int', 'int'], (l, [b, e]: [number, number]) =>
      b < 0 || e > l.length || b > e
        ? outOfBounds('', `fromIndex ${b}, toIndex ${e}, size ${l.length}`)
        : l.slice(b, e),
    ),
  ],
  equals: [m(['Object'], (l, [o]) => javaEquals(l, o))],
  toString: [m([], (l) => javaToString(l))],
};

/** Map.get: keys are compared with equals (a JSON key is a String: get(1) does not find "1"). */
function mapKey(map: JavaMap, key: unknown): unknown {
  if (map.has(key) || typeof key !== 'object' || key === null) return key;
  return [...map.keys()].find((candidate) => javaEquals(candidate, key)) ?? key;
}

const MAP: Methods<JavaMap> = {
  size: [m([], (map) => map.size)],
  isEmpty: [m([], (map) => map.size === 0)],
  get: [m(['Object'], (map, [k]) => map.get(mapKey(map, k)) ?? null)],
  getOrDefault: [
    m(['Object', 'Object'], (map, [k, d]) =>
      map.has(mapKey(map, k)) ? map.get(mapKey(map, k)) : d,
    ),
  ],
  containsKey: [m(['Object'], (map, [k]) => map.has(mapKey(map, k)))],
  containsValue: [m(['Object'], (map, [v]) => [...map.values()].some((x) => javaEquals(x, v)))],
  keySet: [m([], (map) => [...map.keys()])],
  values: [m([], (map) => [...map.values()])],
  entrySet: [m([], (map) => [...map].map(([k, v]) => new MapEntry(k, v)))],
  put: [
    m(['Object', 'Object'], (map, [k, v]) => {
      const key = mapKey(map, k);
      const previous = map.get(key) ?? null;
      map.set(key, v);
      return previous;
    }),
  ],
  putAll: [
    m(
      ['Map'],
      (map, [o]: [JavaMap]) => (
        (o ?? npe('the map')).forEach((v, k) => map.set(mapKey(map, k), v)),
        VOID
      ),
    ),
  ],
  remove: [
    m(['Object'], (map, [k]) => {
      const key = mapKey(map, k);
      const previous = map.get(key) ?? null;
      map.delete(key);
      return previous;
    }),
  ],
  clear: [m([], (map) => (map.clear(), VOID))],
  equals: [m(['Object'], (map, [o]) => javaEquals(map, o))],
  toString: [m([], (map) => javaToString(map))],
};

const NUMBER: Methods<number | JavaDouble> = {
  intValue: [m([], (n) => Math.trunc(numberValue(n)) | 0)],
  longValue: [m([], (n) => Math.trunc(numberValue(n)))],
  doubleValue: [m([], (n) => new JavaDouble(numberValue(n)))],
  isNaN: [m([], (n) => Number.isNaN(numberValue(n)))],
  isInfinite: [m([], (n) => Math.abs(numberValue(n)) === Infinity)],
  equals: [m(['Object'], (n, [o]) => javaEquals(n, o))],
  toString: [m([], (n) => javaToString(n))],
};

const BOOLEAN: Methods<boolean> = {
  booleanValue: [m([], (b) => b)],
  equals: [m(['Object'], (b, [o]) => b === o)],
  toString: [m([], (b) => String(b))],
};

function dispatch<T>(
  methods: Methods<T>,
  self: T,
  name: string,
  args: readonly unknown[],
): unknown {
  if (!Object.prototype.hasOwnProperty.call(methods, name)) return NO_SUCH_METHOD;
  const overload = methods[name].find(
    ({ params }) =>
      params.length === args.length && params.every((param, i) => accepts(param, args[i])),
  );
  return overload ? overload.call(self, [...args]) : NO_SUCH_METHOD;
}

/** `$target.name(args)`: the Java result, or NO_SUCH_METHOD. */
export function invokeMethod(target: unknown, name: string, args: readonly unknown[]): unknown {
  if (typeof target === 'string') return dispatch(STRING, target, name, args);
  if (isList(target)) return dispatch(LIST, target, name, args);
  if (isJavaMap(target)) return dispatch(MAP, target, name, args);
  if (typeof target === 'number' || target instanceof JavaDouble)
    return dispatch(NUMBER, target, name, args);
  if (typeof target === 'boolean') return dispatch(BOOLEAN, target, name, args);
  if (target instanceof JavaObject) return target.invoke(name, args);
  return NO_SUCH_METHOD;
}

/** `$target.name`: `get("name")` on a Map, else a `getName()`/`isName()` getter; undefined when none. */
export function getProperty(target: unknown, name: string): unknown {
  if (isJavaMap(target)) return target.get(name) ?? null;
  if (target instanceof JavaObject) return target.property(name);
  if ((typeof target === 'string' || isList(target)) && name === 'empty')
    return invokeMethod(target, 'isEmpty', []);
  return undefined;
}
