/**
 * Apache Velocity 1.7's evaluation rules on top of velocityjs's parser and block machinery
 * (velocityjs follows JavaScript: `5/2` is 2.5, `#if("")` is false, `#set` assigns null, `#break`
 * finishes the iteration it is in). What follows Velocity 1.7 (its User Guide and source):
 * - values are Java objects with Java methods (./java-values.ts, ./java-methods.ts), and
 *   operators follow ./velocity-math.ts;
 * - `#set($x = <null>)` leaves `$x` unchanged (directive.set.null.allowed = false in 1.7; the User
 *   Guide's "#set" section), and a `#set` on a property of a null reference does nothing;
 * - `#if` is false for null and false only (an empty string or list is true); a bare literal or an
 *   arithmetic expression as a condition is false (1.7's SimpleNode.evaluate);
 * - `#foreach` iterates a List, the values of a Map, nothing for null or a non-iterable; it gives
 *   `$foreach` (index, count, hasNext, first, last, parent, topmost, depth, stop()),
 *   `$velocityCount` (from 1) and `$velocityHasNext`;
 * - `#break` stops the nearest #foreach (the template outside one, the macro or #define body
 *   inside one), `#break($foreach.parent)` a given loop; the text before it is kept.
 * How a null reference prints is API Gateway's rule, not Velocity's (see render.ts).
 */
import { Compile, Helper } from 'velocityjs';
import { getProperty, invokeMethod } from './java-methods';
import { BreakSignal, ForeachScope } from './velocity-scope';
import {
  isJavaMap,
  isList,
  isNull,
  isNumber,
  JavaDouble,
  javaToString,
  NO_SUCH_METHOD,
  numberValue,
  ReadsAsNull,
} from './java-values';
import {
  arithmetic,
  compare,
  referenceIsTrue,
  velocityEquals,
  type ArithmeticOperator,
  type ComparisonOperator,
} from './velocity-math';

type VelocityAst = NonNullable<Parameters<Compile['renderAstList']>[0]>[number];
/** velocityjs's nodes, read structurally (its node types are not exported by name). */
type Node = { type: string; [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- velocityjs's tree is untyped JSON
type Item = Node | string;

/** An error raised while evaluating a reference, with where it happened. */
export class RenderFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VtlRenderError';
  }
}

const NO_PATH: readonly Node[] = [];

export class VelocityCompiler extends Compile {
  private foreachScope: ForeachScope | null = null;
  /**
   * Numbers a #foreach's scope in `this.local`. Counted per compiler (a compiler renders once),
   * not per process: the same template then uses the same keys on every render, where ever-new
   * keys gave V8 a new object shape per render.
   */
  private loopIds = 0;

  /** Renders with these variables; a #break outside any loop ends the template there. */
  renderWith(variables: Record<string, unknown>): string {
    try {
      return this.render(variables, undefined, true);
    } catch (error) {
      if (error instanceof BreakSignal) return error.text;
      throw error;
    }
  }

  override renderAstList(asts?: VelocityAst[], contextId?: string): string {
    if (contextId) {
      if (contextId !== this.contextId && !this.conditions.includes(contextId))
        this.conditions.unshift(contextId);
      this.contextId = contextId;
    } else this.contextId = '';
    const list = (asts ?? this.asts) as unknown as Item[];
    let out = '';
    try {
      for (let i = 0; i < list.length && !this.runState.stop; i += 1) {
        const ast = list[i];
        if (typeof ast === 'string') out += ast;
        else if (ast.type === 'references') out += this.renderReference(ast);
        else if (ast.type === 'set') this.setValue(ast as never);
        else if (ast.type === 'break') throw new BreakSignal(this.breakTarget(list, i));
        else if (ast.type === 'macro_call') out += String(this.getMacro(ast as never));
        else if (ast.type === 'raw') out += String(ast.value);
        else if (ast.type !== 'comment') out += this.getBlock(ast as never);
      }
    } catch (error) {
      if (error instanceof BreakSignal) error.text = out + error.text;
      throw error;
    }
    return out;
  }

  /** `#break($scope)` reaches velocityjs as `#break`, `(`, `$scope`, `)`. */
  private breakTarget(list: Item[], at: number): ForeachScope | undefined {
    const [open, argument, close] = list.slice(at + 1, at + 4);
    if (
      open !== '(' ||
      typeof argument !== 'object' ||
      argument.type !== 'references' ||
      close !== ')'
    )
      return undefined;
    const scope = this.referenceValue(argument);
    if (!(scope instanceof ForeachScope))
      throw new RenderFailure(
        `${Helper.getRefText(argument as never)} is not a valid Scope for #break`,
      );
    return scope;
  }

  /** A reference as text: a null one renders as nothing (API Gateway; plain Velocity prints its text). */
  private renderReference(ast: Node): string {
    const define = ast.prue
      ? (this.defines[ast.id as string] as VelocityAst[] | undefined)
      : undefined;
    if (Array.isArray(define)) {
      try {
        return this.renderAstList(define);
      } catch (error) {
        if (error instanceof BreakSignal && !error.target) return error.text;
        throw error;
      }
    }
    const value = this.referenceValue(ast);
    return isNull(value) ? '' : javaToString(value);
  }

  /** The Java value of `$a.b.c(…)[i]`: null as soon as a step gives null or does not exist. */
  private referenceValue(ast: Node): unknown {
    try {
      const id = ast.id as string;
      const scope = this.localScopeOf(id);
      let value: unknown = scope ? scope[id] : this.context[id];
      if (ast.args !== undefined) return null;
      // Indexed loops, no closure per method call: every reference of every render comes here.
      const path = (ast.path ?? NO_PATH) as Node[];
      for (let p = 0; p < path.length; p += 1) {
        const part = path[p];
        if (isNull(value)) return null;
        if (part.type === 'property') value = getProperty(value, part.id as string);
        else if (part.type === 'index') value = this.indexValue(value, this.value(part.id as Node));
        else {
          const written = (Array.isArray(part.args) ? part.args : NO_PATH) as Node[];
          const args: unknown[] = new Array(written.length);
          for (let a = 0; a < written.length; a += 1) args[a] = this.value(written[a]);
          value = invokeMethod(value, part.id as string, args);
        }
        if (value === NO_SUCH_METHOD || value === undefined) value = null;
      }
      return value instanceof ReadsAsNull ? null : (value ?? null);
    } catch (error) {
      if (error instanceof BreakSignal || error instanceof RenderFailure) throw error;
      const pos = ast.pos as { first_line: number; first_column: number } | undefined;
      const where = pos
        ? ` (at ${pos.first_line}:${pos.first_column + 1}: ${Helper.getRefText(ast as never)})`
        : '';
      throw new RenderFailure(`${error instanceof Error ? error.message : String(error)}${where}`);
    }
  }

  /** `$x[i]` is `$x.get(i)`, a negative index counting from the end of a list (Velocity 1.7 ASTIndex). */
  private indexValue(target: unknown, key: unknown): unknown {
    const index = isList(target) && typeof key === 'number' && key < 0 ? target.length + key : key;
    return invokeMethod(target, 'get', [index]);
  }

  /** The Java value of an expression or literal. */
  value(ast: Node): unknown {
    switch (ast.type) {
      case 'references':
        return this.referenceValue(ast);
      case 'string':
        return ast.isEval && /[#$]/.test(ast.value as string)
          ? this.evalStr(ast.value as string)
          : ast.value;
      case 'integer':
        return parseInt(String(ast.value), 10);
      case 'decimal':
        return new JavaDouble(Number(ast.value));
      case 'bool':
        return ast.value === 'true' ? true : ast.value === 'false' ? false : null;
      case 'array':
        return ast.isRange
          ? this.range(ast.value as Item[])
          : (ast.value as Node[]).map((item) => this.value(item));
      case 'map':
        return new Map(
          Object.entries((ast.value ?? {}) as Record<string, Node>).map(([key, item]) => [
            key,
            this.value(item),
          ]),
        );
      case 'math':
        return this.mathValue(ast);
      default:
        return null;
    }
  }

  /** `[a..b]`: the integers from a to b, either way; null when an end is null or not a number. */
  private range([from, to]: Item[]): unknown {
    const end = (item: Item): unknown =>
      typeof item === 'string' ? parseInt(item, 10) : this.value(item);
    const [a, b] = [end(from), end(to)];
    if (!isNumber(a) || !isNumber(b)) return null;
    const [l, r] = [Math.trunc(numberValue(a)), Math.trunc(numberValue(b))];
    return Array.from({ length: Math.abs(l - r) + 1 }, (_, i) => (l <= r ? l + i : l - i));
  }

  private mathValue(ast: Node): unknown {
    const [left, right] = ast.expression as Node[];
    const operator = ast.operator as string;
    if (['+', '-', '*', '/', '%'].includes(operator)) {
      const literal = (side: 0 | 1): string => {
        const node = side === 0 ? left : right;
        return node.type === 'references' ? Helper.getRefText(node as never) : '';
      };
      return arithmetic(
        operator as ArithmeticOperator,
        this.value(left),
        this.value(right),
        literal,
      );
    }
    if (operator === 'minus') return arithmetic('-', 0, this.value(left), () => '');
    if (operator === 'parenthesis') return this.value(left);
    return this.evaluate(ast);
  }

  /** A condition, as Velocity 1.7's Node.evaluate. */
  evaluate(ast: Node): boolean {
    if (ast.type === 'references') return referenceIsTrue(this.referenceValue(ast));
    if (ast.type === 'bool') return ast.value === 'true';
    if (ast.type !== 'math') return false;
    const [left, right] = ast.expression as Node[];
    switch (ast.operator as string) {
      case '&&':
        return this.evaluate(left) && this.evaluate(right);
      case '||':
        return this.evaluate(left) || this.evaluate(right);
      case 'not':
        return !this.evaluate(left);
      case 'parenthesis':
        return this.evaluate(left);
      case '==':
        return velocityEquals(this.value(left), this.value(right));
      case '!=':
        return !velocityEquals(this.value(left), this.value(right));
      case '<':
      case '>':
      case '<=':
      case '>=':
        return compare(ast.operator as ComparisonOperator, this.value(left), this.value(right));
      default:
        return false;
    }
  }

  // velocityjs calls these three itself (macro arguments, string interpolation); they return any
  // Java value, whatever velocityjs's declarations say.
  protected override getLiteral(ast: VelocityAst): string {
    return this.value(ast as unknown as Node) as string;
  }
  protected override getExpression(ast: VelocityAst): string {
    return this.value(ast as unknown as Node) as string;
  }
  protected override getReferences(ast: VelocityAst, isVal?: boolean): string {
    const node = ast as unknown as Node;
    return isVal ? this.renderReference(node) : (this.referenceValue(node) as string);
  }

  protected override setValue(ast: Parameters<Compile['setValue']>[0]): void {
    const [ref, rhs] = (ast as unknown as { equal: Node[] }).equal;
    const value = this.value(rhs);
    if (isNull(value)) return;
    const path = (ref.path ?? []) as Node[];
    if (path.length === 0) {
      const local = this.contextId.startsWith('macro:')
        ? undefined
        : this.localScopeOf(ref.id as string);
      (local ?? this.context)[ref.id as string] = value;
      return;
    }
    const target = this.referenceValue({ ...ref, path: path.slice(0, -1) });
    const last = path[path.length - 1];
    const key = last.type === 'index' ? this.value(last.id as Node) : last.id;
    if (isJavaMap(target)) target.set(key, value);
    else if (isList(target) && typeof key === 'number')
      invokeMethod(target, 'set', [key < 0 ? target.length + key : key, value]);
  }

  private localScopeOf(id: string): Record<string, unknown> | undefined {
    for (const contextId of this.conditions) {
      const scope = this.local[contextId] as Record<string, unknown> | undefined;
      if (scope && Object.prototype.hasOwnProperty.call(scope, id)) return scope;
    }
    return undefined;
  }

  getBlockIf(block: Node[]): string {
    let chosen = false;
    const body: Item[] = [];
    for (const ast of block) {
      const conditional = ast.type === 'if' || ast.type === 'elseif';
      if (!conditional && ast.type !== 'else') {
        if (chosen) body.push(ast);
        continue;
      }
      if (chosen) break;
      chosen = conditional ? this.evaluate(ast.condition as Node) : true;
    }
    return this.renderAstList(body as unknown as VelocityAst[], this.contextId);
  }

  getBlockEach(block: Node[]): string {
    const [head, ...body] = block;
    const from = this.value(head.from as Node);
    const items = isList(from) ? from.slice() : isJavaMap(from) ? [...from.values()] : [];
    const scope = new ForeachScope(this.foreachScope);
    const contextId = `foreach:${(this.loopIds += 1)}`;
    const local: Record<string, unknown> = {};
    this.local[contextId] = local;
    this.foreachScope = scope;
    let out = '';
    try {
      for (let i = 0; i < items.length && !this.runState.stop; i += 1) {
        scope.index = i;
        scope.hasNext = i + 1 < items.length;
        // Plain stores, in this order (a loop variable named `foreach` is then the scope), rather
        // than Object.assign of a fresh object with a computed key per iteration.
        local[head.to as string] = items[i];
        local.foreach = scope;
        local.velocityCount = i + 1;
        local.velocityHasNext = scope.hasNext;
        try {
          out += this.renderAstList(body as unknown as VelocityAst[], contextId);
        } catch (error) {
          if (!(error instanceof BreakSignal)) throw error;
          if (error.target === undefined || error.target === scope) return out + error.text;
          error.text = out + error.text;
          throw error;
        }
      }
      return out;
    } finally {
      this.foreachScope = scope.parent;
      delete this.local[contextId];
      this.conditions = this.conditions.filter((id) => id !== contextId);
      this.contextId = this.conditions[0] ?? '';
    }
  }

  /** A macro's or #define's body stops at a #break that names no scope (1.7 RuntimeMacro, Block). */
  override eval(str: string | VelocityAst[], local?: object, contextId?: string): string {
    const base = super.eval as unknown as (...args: unknown[]) => string;
    try {
      return base.call(this, str, local, contextId);
    } catch (error) {
      if (!(error instanceof BreakSignal) || error.target) throw error;
      if (this.conditions[0]?.startsWith('macro:')) this.conditions.shift();
      this.contextId = this.conditions[0] ?? '';
      return error.text;
    }
  }
}
