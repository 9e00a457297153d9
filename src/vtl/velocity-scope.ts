/**
 * Velocity 1.7's loop scope control: `$foreach` (its ForeachScope: index, count, hasNext, first,
 * last, parent, topmost, depth, stop()) and the unwinding of `#break` (its StopCommand).
 */
import { JavaObject, NO_SUCH_METHOD } from './java-values';

/** `#break` (or `$foreach.stop()`) unwinding to the scope it stops, carrying the text rendered so far. */
export class BreakSignal {
  text = '';
  constructor(readonly target?: ForeachScope) {}
}

/** Velocity 1.7's ForeachScope (`$foreach`). */
export class ForeachScope extends JavaObject {
  index = -1;
  hasNext = false;
  constructor(readonly parent: ForeachScope | null) {
    super();
  }
  private get topmost(): ForeachScope {
    return this.parent ? this.parent.topmost : this;
  }
  private get depth(): number {
    return this.parent ? this.parent.depth + 1 : 1;
  }
  /** A switch, not a table built per call: `$foreach.hasNext` is read on every iteration. */
  property(name: string): unknown {
    switch (name) {
      case 'index':
        return this.index;
      case 'count':
        return this.index + 1;
      case 'hasNext':
        return this.hasNext;
      case 'first':
        return this.index < 1;
      case 'last':
        return !this.hasNext;
      case 'parent':
        return this.parent;
      case 'topmost':
        return this.topmost;
      case 'depth':
        return this.depth;
      default:
        return undefined;
    }
  }
  invoke(name: string, args: readonly unknown[]): unknown {
    if (args.length > 0) return NO_SUCH_METHOD;
    if (name === 'stop') throw new BreakSignal(this);
    if (name === 'hasNext') return this.hasNext;
    const getter = /^(?:get|is)([A-Z]\w*)$/.exec(name);
    const value = getter
      ? this.property(getter[1][0].toLowerCase() + getter[1].slice(1))
      : undefined;
    return value === undefined ? NO_SUCH_METHOD : value;
  }
  /** A Scope is an (empty) AbstractMap. */
  javaString(): string {
    return '{}';
  }
}
