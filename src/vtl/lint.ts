/**
 * Package-time check of an API Gateway (REST) mapping template: syntax, block structure, and every
 * `$util`, `$input`, `$context` and `$stageVariables` reference against what API Gateway
 * documents (see ./variables.ts for the lists and their source).
 */
import { didYouMean } from './did-you-mean';
import { checkBlocks, parseTemplate, SourceMap, velocityParse, type VtlProblem } from './parse';
import {
  CONTEXT_COMMON,
  CONTEXT_REQUEST_ONLY,
  CONTEXT_RESPONSE_ONLY,
  INPUT_MEMBERS,
  MAP_METHODS,
  UTIL_FUNCTIONS,
  type ContextTree,
} from './variables';

export type { VtlProblem } from './parse';

export type TemplateKind = 'request' | 'response';

export interface LintOptions {
  /** Shown in problems (and by formatProblems) as `file:line:column`. */
  file?: string;
  /** Request templates may set `$context.requestOverride.*`, response templates `$context.responseOverride.*`. */
  kind: TemplateKind;
  /**
   * Names of the stage variables any stage defines. When given, `$stageVariables.x` must be one of
   * them; when omitted, stage variables are not checked.
   */
  stageVariables?: readonly string[];
}

/** A node of velocityjs's tree, seen structurally. */
type Node = { [key: string]: unknown };

interface Segment {
  /** The member name: a property, a method, or a string index/`get('x')`. */
  name?: string;
  type: 'property' | 'method' | 'index';
  args?: unknown[];
}

interface RefNode {
  type: 'references';
  id: string;
  leader?: string;
  path?: Node[];
  args?: unknown;
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isRef = (value: unknown): value is RefNode =>
  isNode(value) && value.type === 'references' && typeof value.id === 'string';

function literalString(value: unknown): string | undefined {
  return isNode(value) && value.type === 'string' && typeof value.value === 'string'
    ? value.value
    : undefined;
}

function segments(ref: RefNode): Segment[] {
  return (ref.path ?? []).map((part): Segment => {
    if (part.type === 'method') {
      const args = Array.isArray(part.args) ? part.args : [];
      return { type: 'method', name: String(part.id), args };
    }
    if (part.type === 'index') return { type: 'index', name: literalString(part.id) };
    return { type: 'property', name: String(part.id) };
  });
}

function segmentText(segment: Segment): string {
  if (segment.type === 'index') return segment.name === undefined ? '[…]' : `['${segment.name}']`;
  return `.${segment.name}${segment.type === 'method' ? '(…)' : ''}`;
}

function refText(ref: RefNode, upTo: number): string {
  return `$${ref.id}${segments(ref)
    .slice(0, upTo + 1)
    .map(segmentText)
    .join('')}`;
}

const list = (names: readonly string[]): string => names.join(', ');

function suggestion(name: string, candidates: readonly string[]): string {
  // didYouMean catches typos; a prefix catches abbreviations such as escapeJS.
  const lower = name.toLowerCase();
  const guess =
    didYouMean(name, candidates) ??
    (lower.length >= 5
      ? candidates.find((candidate) => candidate.toLowerCase().startsWith(lower.slice(0, -1)))
      : undefined);
  return guess ? `did you mean ${guess}? ` : '';
}

interface Finding {
  /** Index of the offending segment (-1: the root). */
  at: number;
  message: string;
}

function checkUtil(ref: RefNode): Finding[] {
  const [first] = segments(ref);
  if (!first) return [];
  const allowed = `API Gateway's $util has: ${list(UTIL_FUNCTIONS)}`;
  const name = first.name ?? '';
  if (!(UTIL_FUNCTIONS as readonly string[]).includes(name)) {
    return [
      {
        at: 0,
        message: `$util.${name} is not an API Gateway $util function; ${suggestion(name, UTIL_FUNCTIONS)}${allowed}`,
      },
    ];
  }
  if (first.type !== 'method')
    return [
      {
        at: 0,
        message: `$util.${name} is a function: call it with one argument, e.g. $util.${name}($value)`,
      },
    ];
  if (first.args?.length !== 1)
    return [
      { at: 0, message: `$util.${name} takes exactly 1 argument, got ${first.args?.length ?? 0}` },
    ];
  return [];
}

const INPUT_ALLOWED =
  "API Gateway's $input has: $input.body, $input.json(path), $input.path(path), $input.params() and $input.params(name)";
const PARAM_TYPES = ['path', 'querystring', 'header'];

function checkInput(ref: RefNode): Finding[] {
  const all = segments(ref);
  const [first, second] = all;
  if (!first) return [];
  const name = first.name ?? '';
  const member = INPUT_MEMBERS[name];
  if (!member)
    return [
      {
        at: 0,
        message: `$input.${name} is not an API Gateway $input member; ${suggestion(name, Object.keys(INPUT_MEMBERS))}${INPUT_ALLOWED}`,
      },
    ];
  if (member.kind === 'property') {
    return first.type === 'method'
      ? [{ at: 0, message: `$input.${name} is a property, not a function: write $input.${name}` }]
      : [];
  }
  if (first.type !== 'method')
    return [
      {
        at: 0,
        message:
          name === 'params'
            ? "$input.params is a function: write $input.params() for all parameters or $input.params('name') for one"
            : `$input.${name} is a function: call it with a JSONPath, e.g. $input.${name}('$.name')`,
      },
    ];
  const count = first.args?.length ?? 0;
  if (!member.arity.includes(count)) {
    const wanted =
      name === 'params'
        ? '0 arguments (all parameters) or 1 (a parameter name)'
        : "1 argument (a JSONPath such as '$.name')";
    return [{ at: 0, message: `$input.${name} takes ${wanted}, got ${count}` }];
  }
  const findings: Finding[] = [];
  if (name !== 'params') {
    const path = literalString(first.args?.[0]);
    if (path !== undefined && !path.trim().startsWith('$'))
      findings.push({
        at: 0,
        message: `$input.${name}('${path}') needs a JSONPath that starts at the root $, e.g. '$.${path.replace(/^[.@]+/, '')}'`,
      });
  }
  if (name === 'params' && count === 0 && second) {
    const key =
      second.type === 'method' && second.name === 'get'
        ? literalString(second.args?.[0])
        : second.name;
    const isMapMethod =
      second.type === 'method' && second.name !== 'get' && MAP_METHODS.includes(second.name ?? '');
    if (key !== undefined && !isMapMethod && !PARAM_TYPES.includes(key))
      findings.push({
        at: 1,
        message: `$input.params() has no '${key}' parameter map; ${suggestion(key, PARAM_TYPES)}$input.params() has: ${list(PARAM_TYPES)}`,
      });
  }
  return findings;
}

function checkContext(ref: RefNode, kind: TemplateKind): Finding[] {
  const tree: ContextTree = {
    ...CONTEXT_COMMON,
    ...(kind === 'request' ? CONTEXT_REQUEST_ONLY : CONTEXT_RESPONSE_ONLY),
  };
  let node: ContextTree | true | 'any' = tree;
  let prefix = '$context';
  const all = segments(ref);
  for (let index = 0; index < all.length; index += 1) {
    if (node === true || node === 'any') return [];
    const segment = all[index];
    let name = segment.name;
    if (segment.type === 'method') {
      if (segment.name === 'get') name = literalString(segment.args?.[0]);
      else if (MAP_METHODS.includes(segment.name ?? '')) return [];
      else name = undefined;
    }
    if (name === undefined) return [];
    const child: ContextTree | true | 'any' | undefined = node[name];
    if (child === undefined) {
      if (index === 0 && (name === 'requestOverride' || name === 'responseOverride')) {
        const other = name === 'requestOverride' ? 'request' : 'response';
        const instead =
          kind === 'request'
            ? '$context.requestOverride.header/path/querystring.<name>'
            : '$context.responseOverride.status or $context.responseOverride.header.<name>';
        return [
          {
            at: index,
            message: `$context.${name} is only available in ${other} templates (this is a ${kind} template); here use ${instead}`,
          },
        ];
      }
      const names = Object.keys(node).sort();
      return [
        {
          at: index,
          message: `${prefix}.${name} is not an API Gateway $context variable; ${suggestion(name, names)}${prefix} has: ${list(names)}`,
        },
      ];
    }
    prefix += `.${name}`;
    node = child;
  }
  return [];
}

function checkStageVariable(ref: RefNode, defined: readonly string[]): Finding[] {
  const [first] = segments(ref);
  if (!first) return [];
  const name =
    first.type === 'method'
      ? first.name === 'get'
        ? literalString(first.args?.[0])
        : undefined
      : first.name;
  if (name === undefined || defined.includes(name)) return [];
  const where = 'define it under custom.apiGateway.stages.<stage>.variables';
  return [
    {
      at: 0,
      message: defined.length
        ? `stage variable '${name}' is not defined by any stage; ${suggestion(name, defined)}defined: ${list([...defined].sort())}; or ${where}`
        : `stage variable '${name}' is not defined by any stage (no stage defines variables); ${where}`,
    },
  ];
}

function checkRef(ref: RefNode, options: LintOptions): Finding[] {
  switch (ref.id) {
    case 'util':
      return checkUtil(ref);
    case 'input':
      return checkInput(ref);
    case 'context':
      return checkContext(ref, options.kind);
    case 'stageVariables':
      return options.stageVariables ? checkStageVariable(ref, options.stageVariables) : [];
    default:
      return [];
  }
}

/** Walks the tree in source order, locating each reference in the source text. */
class Walker {
  private cursor = 0;
  readonly problems: VtlProblem[] = [];

  constructor(
    private readonly map: SourceMap,
    private readonly options: LintOptions,
  ) {}

  walk(value: unknown, usePositions: boolean): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, usePositions);
      return;
    }
    if (!isNode(value)) return;
    const pos = value.pos;
    if (
      usePositions &&
      isNode(pos) &&
      typeof pos.first_line === 'number' &&
      typeof pos.first_column === 'number'
    )
      this.cursor = this.map.offset(pos.first_line, pos.first_column);
    if (isRef(value)) this.visitRef(value);
    if (
      value.type === 'string' &&
      value.isEval === true &&
      typeof value.value === 'string' &&
      /[$#]/.test(value.value)
    ) {
      // "…$x…" strings are evaluated: check the references inside them too.
      try {
        this.walk(velocityParse(value.value), false);
      } catch {
        // A string that is not valid VTL renders as text.
      }
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'pos' && typeof child === 'object') this.walk(child, usePositions);
    }
  }

  private visitRef(ref: RefNode): void {
    const found = new RegExp(`\\$!?\\{?${ref.id}(?![A-Za-z0-9_-])`, 'g');
    found.lastIndex = this.cursor;
    const match = found.exec(this.map.source);
    const offset = match ? match.index : this.cursor;
    if (match) this.cursor = match.index + match[0].length;
    for (const finding of checkRef(ref, this.options)) {
      this.problems.push({
        ...(this.options.file !== undefined ? { file: this.options.file } : {}),
        ...this.map.position(offset),
        text: refText(ref, finding.at),
        message: finding.message,
      });
    }
  }
}

/**
 * Checks a mapping template as API Gateway would run it. Returns every problem found (none: the
 * template is fine), each with 1-based line and column.
 */
export function lintTemplate(source: string, options: LintOptions): VtlProblem[] {
  const withFile = (problem: VtlProblem): VtlProblem =>
    options.file !== undefined ? { file: options.file, ...problem } : problem;
  const parsed = parseTemplate(source);
  if (!parsed.ok) return [withFile(parsed.problem)];
  const blocks = checkBlocks(source).map(withFile);
  const walker = new Walker(new SourceMap(source), options);
  walker.walk(parsed.ast, true);
  return [...blocks, ...walker.problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `file:line:column: message (text)` lines, for error output. */
export function formatProblems(
  problems: readonly VtlProblem[],
  fallbackFile = '<template>',
): string {
  return problems
    .map(
      (problem) =>
        `${problem.file ?? fallbackFile}:${problem.line}:${problem.column}: ${problem.message} (at: ${problem.text})`,
    )
    .join('\n');
}
