/**
 * java.util.regex patterns as JavaScript RegExps, and the String methods that take them
 * (Java SE API: String.split, replaceAll, replaceFirst, matches; Pattern; Matcher.appendReplacement).
 * Java-only syntax templates meet is translated: leading inline flags `(?i)`, `(?s)`, `(?m)`,
 * `\Q…\E` quoting, `\A` `\z` `\Z` and the POSIX classes `\p{Alpha}` and friends. What JavaScript
 * cannot express (possessive quantifiers, atomic groups…) is reported as a PatternSyntaxException.
 */
import { JavaException } from './java-exception';

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

const quote = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A Java pattern as a RegExp (`g` for the methods that scan). */
export function javaRegex(pattern: string, global = false): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    if (inline[1].includes('x'))
      throw new JavaException(
        'java.util.regex.PatternSyntaxException',
        'flag (?x) is not supported by the local renderer',
        pattern,
      );
    flags += inline[1].replace(/[^ims]/g, '');
    source = source.slice(inline[0].length);
  }
  source = source
    .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, text: string) => quote(text))
    .replace(
      /(\\\\)|\\p\{(?:Is)?(\w+)\}|\\P\{(?:Is)?(\w+)\}|\\A|\\[zZ]/g,
      (match, escaped: string | undefined, name?: string, negated?: string) => {
        if (escaped) return escaped;
        if (match === '\\A') return '^';
        if (match === '\\z' || match === '\\Z') return '$(?![\\s\\S])';
        const range = POSIX[(name ?? negated) as string];
        if (!range) return match;
        return name ? `[${range}]` : `[^${range}]`;
      },
    );
  if (/[*+?}]\+|\(\?>/.test(source))
    throw new JavaException(
      'java.util.regex.PatternSyntaxException',
      'possessive quantifiers and atomic groups are not supported by the local renderer',
      pattern,
    );
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new JavaException(
      'java.util.regex.PatternSyntaxException',
      error instanceof Error ? error.message : String(error),
      pattern,
    );
  }
}

/** Matcher.appendReplacement's syntax: `$n` and `${name}` are groups, `\x` is a literal x. */
function replacer(replacement: string): (match: string, ...rest: unknown[]) => string {
  return (match, ...rest) => {
    const groupsAt = rest.findIndex((item) => typeof item === 'number');
    const groups = [match, ...(rest.slice(0, groupsAt) as Array<string | undefined>)];
    const named = rest[groupsAt + 2] as Record<string, string | undefined> | undefined;
    let out = '';
    for (let i = 0; i < replacement.length; i += 1) {
      const c = replacement[i];
      if (c === '\\') {
        i += 1;
        if (i >= replacement.length)
          throw new JavaException(
            'java.lang.IllegalArgumentException',
            'character to be escaped is missing',
          );
        out += replacement[i];
      } else if (c === '$') {
        const name = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1));
        if (name) {
          if (!named || !(name[1] in named))
            throw new JavaException(
              'java.lang.IllegalArgumentException',
              `No group with name {${name[1]}}`,
            );
          out += named[name[1]] ?? '';
          i += name[0].length;
          continue;
        }
        if (!/\d/.test(replacement[i + 1] ?? ''))
          throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference');
        let group = Number(replacement[(i += 1)]);
        if (group >= groups.length)
          throw new JavaException('java.lang.IndexOutOfBoundsException', `No group ${group}`);
        while (
          /\d/.test(replacement[i + 1] ?? '') &&
          group * 10 + Number(replacement[i + 1]) < groups.length
        )
          group = group * 10 + Number(replacement[(i += 1)]);
        out += groups[group] ?? '';
      } else out += c;
    }
    return out;
  };
}

export const replaceAll = (text: string, regex: string, replacement: string): string =>
  text.replace(javaRegex(regex, true), replacer(replacement));

export const replaceFirst = (text: string, regex: string, replacement: string): string =>
  text.replace(javaRegex(regex), replacer(replacement));

export function matches(text: string, regex: string): boolean {
  const re = javaRegex(regex, true);
  const whole = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', ''));
  return whole.test(text);
}

/**
 * String.split(regex, limit): no leading empty string for a zero-width match at the start (Java
 * 8+), trailing empty strings dropped when limit is 0, at most `limit` parts when it is positive.
 */
export function split(text: string, regex: string, limit = 0): string[] {
  const re = javaRegex(regex, true);
  const parts: string[] = [];
  let index = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    const zeroWidth = match[0].length === 0;
    if (zeroWidth) re.lastIndex += 1;
    if (zeroWidth && match.index === 0) continue;
    if (zeroWidth && match.index >= text.length) break;
    if (limit > 0 && parts.length >= limit - 1) break;
    parts.push(text.slice(index, match.index));
    index = match.index + match[0].length;
  }
  if (parts.length === 0) return [text];
  parts.push(text.slice(index));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
