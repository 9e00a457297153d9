/**
 * Parsing a mapping template with velocityjs, turning its parse errors into `file:line:column`
 * problems, and checking the block structure (#if/#foreach/#macro/#define … #end) that velocityjs
 * accepts silently when unbalanced, but Apache Velocity (API Gateway's engine) rejects.
 */
import type { parse as VelocityParse } from 'velocityjs';

/** One thing wrong with a template; `line` and `column` are 1-based. */
export interface VtlProblem {
  file?: string;
  line: number;
  column: number;
  /** The offending text, as written (or as near as can be reconstructed). */
  text: string;
  /** What is wrong and what is allowed. */
  message: string;
}

/** velocityjs's syntax tree (its node types are not exported by name). */
export type VtlAst = ReturnType<typeof VelocityParse>;

/** Maps offsets in a source to 1-based line/column. */
export class SourceMap {
  private readonly lineStarts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i += 1) if (source[i] === '\n') this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= offset) line += 1;
    return { line: line + 1, column: offset - this.lineStarts[line] + 1 };
  }

  /** Offset of a 1-based line and 0-based column (velocityjs positions). */
  offset(line: number, column0: number): number {
    const start = this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1];
    return Math.min(start + column0, this.source.length);
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.source.length;
    const end = this.lineStarts[line] ?? this.source.length + 1;
    return this.source.slice(start, end - 1);
  }

  end(): { line: number; column: number } {
    return this.position(this.source.length);
  }
}

interface JisonHash {
  text?: string;
  token?: string | number | null;
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  expected?: string[];
}

const TOKEN_NAMES: Record<string, string> = {
  PARENTHESIS: "'('",
  CLOSE_PARENTHESIS: "')'",
  BRACKET: "'['",
  CLOSE_BRACKET: "']'",
  MAP_BEGIN: "'{'",
  MAP_END: "'}'",
  VAR_END: "'}'",
  MAP_SPLIT: "':'",
  COMMA: "','",
  DOT: "'.'",
  DOLLAR: 'a $reference',
  ID: 'a name',
  STRING: 'a string',
  EVAL_STRING: 'a string',
  INTEGER: 'a number',
  DECIMAL_POINT: 'a number',
  BOOL: 'true, false or null',
  HASH: 'a #directive',
  EOF: 'the end of the template',
  EQUAL: "'='",
  IN: "'in'",
  RANGE: "'..'",
};

function describeToken(token: string): string {
  const bare = token.replace(/^'|'$/g, '');
  return TOKEN_NAMES[bare] ?? `'${bare}'`;
}

function syntaxProblem(error: unknown, map: SourceMap): VtlProblem {
  const hash: JisonHash =
    typeof error === 'object' && error !== null && 'hash' in error
      ? ((error as { hash?: JisonHash }).hash ?? {})
      : {};
  const message = error instanceof Error ? error.message : String(error);
  const text = hash.text ?? '';
  const atEnd = hash.token === 'EOF' || hash.token === 1 || (hash.text === '' && !!hash.loc);
  let line: number;
  let column: number;
  if (atEnd) {
    ({ line, column } = map.end());
  } else if (hash.loc) {
    // jison reports the location of the token before the unexpected one: find the unexpected
    // text from there.
    const from = map.offset(hash.loc.first_line, hash.loc.first_column);
    const found = text ? map.source.indexOf(text, from) : -1;
    ({ line, column } = map.position(found >= 0 ? found : from));
  } else {
    const lineMatch = /on line (\d+)/.exec(message);
    line = lineMatch ? Number(lineMatch[1]) : 1;
    column = 1;
  }
  const expected = [...new Set((hash.expected ?? []).map(describeToken))].filter(
    (name) => !["'SPACE'", "'CONTENT'"].includes(name),
  );
  const got = atEnd ? 'end of the template' : text ? `'${text}'` : undefined;
  const unclosed = !hash.loc && /["'(]/.test(map.lineText(line));
  const detail = expected.length
    ? `expected ${expected.join(', ')}`
    : unclosed
      ? 'a string, a ( or a #directive opened on this line is not closed'
      : 'this is not valid Velocity (VTL)';
  return {
    line,
    column,
    text: atEnd ? map.lineText(line).trim() : text || map.lineText(line).trim(),
    message: got ? `syntax error: unexpected ${got}; ${detail}` : `syntax error: ${detail}`,
  };
}

/**
 * velocityjs's parser, loaded on first use: most services have no mapping template to check. (A
 * plain require rather than the plugin's lazy loader: src/vtl stands alone, it is published as
 * `serverless-apigateway-kit/vtl`.)
 */
export function velocityParse(source: string): VtlAst {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, typed here
  return (require('velocityjs') as typeof import('velocityjs')).parse(source);
}

export type ParseResult = { ok: true; ast: VtlAst } | { ok: false; problem: VtlProblem };

/** Parses a template; a syntax error becomes a positioned problem. */
export function parseTemplate(source: string): ParseResult {
  try {
    return { ok: true, ast: velocityParse(source) };
  } catch (error) {
    // Line starts are only needed to place an error: not built for a template that parses.
    return { ok: false, problem: syntaxProblem(error, new SourceMap(source)) };
  }
}

const BLOCK_OPENERS = new Set(['if', 'foreach', 'macro', 'define']);

interface OpenBlock {
  name: string;
  offset: number;
  seenElse: boolean;
}

/** Skips a balanced `( … )` starting at `start` (a '('), honouring quoted strings. */
function skipParens(source: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < source.length; i += 1) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return source.length;
}

/**
 * Checks that every #if/#foreach/#macro/#define is closed by #end, that no #end is left over, and
 * that #else/#elseif sit inside an #if (once, and before #else). Comments (## and #* *#), raw
 * blocks (#[[ ]]#) and escaped directives (\#end) are skipped. Run it on a template that parses.
 */
export function checkBlocks(source: string): VtlProblem[] {
  const map = new SourceMap(source);
  const problems: VtlProblem[] = [];
  const stack: OpenBlock[] = [];
  const at = (offset: number, text: string, message: string): void => {
    problems.push({ ...map.position(offset), text, message });
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\' && source[i + 1] === '#') {
      i += 2;
      continue;
    }
    if (c !== '#') {
      i += 1;
      continue;
    }
    if (source.startsWith('##', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      continue;
    }
    if (source.startsWith('#*', i)) {
      const end = source.indexOf('*#', i + 2);
      i = end < 0 ? source.length : end + 2;
      continue;
    }
    if (source.startsWith('#[[', i)) {
      const end = source.indexOf(']]#', i + 3);
      i = end < 0 ? source.length : end + 3;
      continue;
    }
    const match = /^#(\{)?([A-Za-z][A-Za-z0-9_]*)(\})?/.exec(source.slice(i, i + 64));
    if (!match || (match[1] === '{') !== (match[3] === '}')) {
      i += 1;
      continue;
    }
    const name = match[2];
    const text = match[0];
    let next = i + text.length;
    const afterSpace = /^[ \t]*\(/.exec(source.slice(next, next + 64));
    const hasParens = !!afterSpace && match[1] !== '{';
    if (hasParens) next = skipParens(source, next + afterSpace[0].length - 1);
    if (BLOCK_OPENERS.has(name) && hasParens) {
      stack.push({ name, offset: i, seenElse: false });
    } else if (name === 'end') {
      if (!stack.pop())
        at(
          i,
          text,
          '#end closes nothing: there is no open #if, #foreach, #macro or #define here; remove it or add the missing opening directive',
        );
    } else if (name === 'else' || (name === 'elseif' && hasParens)) {
      const top = stack[stack.length - 1];
      if (!top || top.name !== 'if') {
        at(i, text, `#${name} is only allowed inside an #if … #end block`);
      } else if (top.seenElse) {
        const opened = map.position(top.offset);
        at(
          i,
          text,
          `#${name} after #else in the #if opened at ${opened.line}:${opened.column}; #else must be the last branch`,
        );
      } else if (name === 'else') {
        top.seenElse = true;
      }
    }
    i = next;
  }
  for (const open of stack) {
    const position = map.position(open.offset);
    problems.push({
      ...position,
      text: `#${open.name}`,
      message: `#${open.name} is never closed: add #end after its body`,
    });
  }
  return problems;
}
