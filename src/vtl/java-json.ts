/**
 * JSON text to the Java model (./java-values.ts), as a JSON library on the JVM reads it: objects
 * are ordered maps, integral numbers Integer/Long and numbers with a fraction or exponent Double
 * (`1.0` stays a double). Integers beyond 2^53 lose precision here (a Long or BigInteger in Java).
 *
 * JSON.parse alone cannot give that model: it makes `1.0` the number 1, and a JS object lists
 * keys such as "10" before the others whatever their place in the text. It is, however, several
 * times faster than reading the text here, and a request body is read on every render that uses
 * `$input.path`/`$input.json`. So a text with neither (no digit followed by `.`, `e` or `E`: every
 * JSON number with a fraction or an exponent has one; no object key that starts with a digit) is
 * read with JSON.parse and converted; any other text, valid or not, is read token by token.
 */
import { JavaDouble, type JavaMap } from './java-values';

/** A digit followed by `.`, `e` or `E`: the text may hold a number with a fraction or exponent. */
const MAY_HOLD_DOUBLE = /\d[.eE]/;

/** A JSON.parse result that cannot be converted as it is (its key order is not the text's). */
const KEY_ORDER_LOST: unique symbol = Symbol('key order lost');

/**
 * JSON.parse's value as the Java model. Object.keys lists integer-like keys (array indices) first,
 * so an object has one exactly when its first key is one; a key starting with a digit is enough to
 * give up (JSON.parse keeps the last value of a repeated key at the first one's place, as
 * Map.set does below).
 */
function fromParsedJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const list: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const item = fromParsedJson(value[i]);
      if (item === KEY_ORDER_LOST) return KEY_ORDER_LOST;
      list[i] = item;
    }
    return list;
  }
  const keys = Object.keys(value);
  const first = keys.length > 0 ? keys[0].charCodeAt(0) : 0;
  if (first >= 48 && first <= 57) return KEY_ORDER_LOST;
  const map: JavaMap = new Map();
  for (const key of keys) {
    const item = fromParsedJson((value as Record<string, unknown>)[key]);
    if (item === KEY_ORDER_LOST) return KEY_ORDER_LOST;
    map.set(key, item);
  }
  return map;
}

/** JSON text as the Java model; a SyntaxError when it is not JSON. */
export function parseJavaJson(text: string): unknown {
  if (!MAY_HOLD_DOUBLE.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the token reader below reports where, in its own words.
      return readJavaJson(text);
    }
    const converted = fromParsedJson(parsed);
    if (converted !== KEY_ORDER_LOST) return converted;
  }
  return readJavaJson(text);
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
// eslint-disable-next-line no-control-regex -- a backslash or a raw control character inside quotes
const NEEDS_STRING_SCAN = /[\\\u0000-\u001f]/;

/** The Java model of any JSON text, read token by token (see parseJavaJson). */
function readJavaJson(text: string): unknown {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token at position ${i}`);
  };
  const space = (): void => {
    // Char codes rather than `' \t\n\r'.includes(text[i])`: this runs between every token.
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13;)
      c = text.charCodeAt((i += 1));
  };
  const value = (): unknown => {
    space();
    const c = text[i];
    if (c === '{') {
      i += 1;
      const map: JavaMap = new Map();
      space();
      if (text[i] === '}') {
        i += 1;
        return map;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        const key = string();
        space();
        if (text[i] !== ':') fail();
        i += 1;
        map.set(key, value());
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') {
          i += 1;
          return map;
        } else fail();
      }
    }
    if (c === '[') {
      i += 1;
      const list: unknown[] = [];
      space();
      if (text[i] === ']') {
        i += 1;
        return list;
      }
      for (;;) {
        list.push(value());
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') {
          i += 1;
          return list;
        } else fail();
      }
    }
    if (c === '"') return string();
    LITERAL.lastIndex = i;
    const literal = LITERAL.exec(text);
    if (!literal) return fail();
    i += literal[0].length;
    if (literal[0] === 'true') return true;
    if (literal[0] === 'false') return false;
    if (literal[0] === 'null') return null;
    const number = Number(literal[0]);
    return literal[1] !== undefined || literal[2] !== undefined ? new JavaDouble(number) : number;
  };
  const string = (): string => {
    // Most strings have no escape: their text is what lies between the quotes, without the regex
    // match and JSON.parse per string (the bulk of parsing a body). A backslash (the closing quote
    // may be escaped) or a raw control character (an error) takes the general path below.
    const close = text.indexOf('"', i + 1);
    if (close > i) {
      const raw = text.slice(i + 1, close);
      if (!NEEDS_STRING_SCAN.test(raw)) {
        i = close + 1;
        return raw;
      }
    }
    STRING.lastIndex = i;
    const match = STRING.exec(text);
    if (!match) return fail();
    i += match[0].length;
    return JSON.parse(match[0]) as string;
  };
  const result = value();
  space();
  if (i < text.length) fail();
  return result;
}
