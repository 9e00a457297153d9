/**
 * `$util` as API Gateway implements it (Java): escapeJavaScript is Apache Commons Lang 2's
 * StringEscapeUtils.escapeJavaScript, urlEncode/urlDecode are java.net.URLEncoder/URLDecoder with
 * UTF-8 ("application/x-www-form-urlencoded"), base64 is standard base64 of UTF-8 bytes.
 */

import { parseJavaJson } from './java-json';
import { isNull, javaToString } from './java-values';

/** The text of an argument: Java's toString() (maps `{k=v}`, lists `[a, b]`); null as ''. */
export const javaString = (value: unknown): string => (isNull(value) ? '' : javaToString(value));

const hex = (code: number): string => code.toString(16).toUpperCase();

const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
};

/** The escape of one UTF-16 unit that escapeJavaScript does not keep as it is. */
function escapeJavaScriptUnit(code: number): string {
  if (code > 0x7f) return `\\u${hex(code).padStart(4, '0')}`;
  if (code < 32) return NAMED_ESCAPES[code] ?? `\\u${hex(code).padStart(4, '0')}`;
  return `\\${String.fromCharCode(code)}`;
}

/**
 * Commons Lang 2 escapeJavaScript: `\b \t \n \f \r` and `" ' \ /` are backslash-escaped, other
 * control characters and everything above U+007F become `\uXXXX` (uppercase hex, per UTF-16 unit).
 * Note `'` becomes `\'`, which is not valid in JSON (API Gateway documents this).
 */
export function escapeJavaScript(value: unknown): string {
  const text = javaString(value);
  // Copies the runs between escapes rather than appending character by character, and returns
  // the text itself when nothing needs escaping (most ids and names): this runs for every field
  // of every item a template escapes. (A regex replace with a callback is slower on short text.)
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    // 34 `"`, 39 `'`, 47 `/`, 92 `\`
    if (code >= 32 && code <= 0x7f && code !== 34 && code !== 39 && code !== 47 && code !== 92)
      continue;
    out += text.slice(from, i) + escapeJavaScriptUnit(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** java.net.URLEncoder.encode(s, "UTF-8"): unreserved `A-Za-z0-9 . - * _`, space as `+`. */
export function urlEncode(value: unknown): string {
  return encodeURIComponent(javaString(value))
    .replace(/[!'()~]/g, (c) => `%${hex(c.charCodeAt(0))}`)
    .replace(/%20/g, '+');
}

/** java.net.URLDecoder.decode(s, "UTF-8"): `+` is a space, `%XX` are UTF-8 bytes. */
export function urlDecode(value: unknown): string {
  const text = javaString(value).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error(`$util.urlDecode: '${text}' has an invalid %-escape`);
  }
}

export function base64Encode(value: unknown): string {
  return Buffer.from(javaString(value), 'utf8').toString('base64');
}

export function base64Decode(value: unknown): string {
  return Buffer.from(javaString(value), 'base64').toString('utf8');
}

/** JSON text as Java values (maps, lists, Integer/Long/Double; see parseJavaJson). */
export function parseJson(value: unknown): unknown {
  const text = javaString(value);
  try {
    return parseJavaJson(text);
  } catch {
    throw new Error(`$util.parseJson: the argument is not JSON: ${text.slice(0, 80)}`);
  }
}
