/**
 * Velocity 1.7's operators on Java values (its ASTMathNode, ASTAddNode, ASTDivNode, ASTModNode,
 * ASTEQNode/ASTNENode, ASTLTNode… and MathUtils; source of Apache Velocity 1.7):
 * - integer op integer is integer arithmetic (`5 / 2` is 2, truncated toward zero), a Double on
 *   either side makes a Double; an int that overflows becomes a long (Integers beyond 2^53, a Long
 *   or BigInteger in Java, lose precision here);
 * - a null or non-number operand gives null, and so does division or modulo by zero (Velocity
 *   logs it; the #set that receives the null is then not executed);
 * - `+` with a String on either side concatenates (a null side contributes its reference text);
 * - `==` compares numbers by value, objects of one class with equals(), anything else by
 *   toString(); null == null is true; `<` `>` `<=` `>=` compare numbers only (false otherwise);
 * - `&&`, `||` and `!` give Booleans.
 */
import {
  isInteger,
  isJavaMap,
  isList,
  isNull,
  isNumber,
  JavaDouble,
  javaEquals,
  JavaObject,
  javaToString,
  numberValue,
} from './java-values';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

function numeric(
  left: number | JavaDouble,
  right: number | JavaDouble,
  operator: ArithmeticOperator,
): number | JavaDouble | null {
  const a = numberValue(left);
  const b = numberValue(right);
  const integers = isInteger(left) && isInteger(right);
  if ((operator === '/' || operator === '%') && b === 0) return null;
  let result: number;
  switch (operator) {
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = a * b;
      break;
    case '/':
      result = integers ? Math.trunc(a / b) : a / b;
      break;
    default:
      result = a % b;
  }
  return integers ? result + 0 : new JavaDouble(result);
}

/**
 * `left op right`; `literalOf(side)` is the reference text of an operand, which Velocity
 * concatenates in place of a null next to a String.
 */
export function arithmetic(
  operator: ArithmeticOperator,
  left: unknown,
  right: unknown,
  literalOf: (side: 0 | 1) => string,
): unknown {
  if (operator === '+' && (typeof left === 'string' || typeof right === 'string')) {
    const l = isNull(left) ? literalOf(0) : javaToString(left);
    const r = isNull(right) ? literalOf(1) : javaToString(right);
    return l + r;
  }
  if (!isNumber(left) || !isNumber(right)) return null;
  return numeric(left, right, operator);
}

/** The Java class family that decides whether `==` uses equals() or toString(). */
function javaClass(value: unknown): string {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (isList(value)) return 'List';
  if (isJavaMap(value)) return 'Map';
  if (value instanceof JavaObject) return value.constructor.name;
  return typeof value;
}

export function velocityEquals(left: unknown, right: unknown): boolean {
  if (isNumber(left) && isNumber(right)) return numberValue(left) === numberValue(right);
  if (isNull(left) || isNull(right)) return isNull(left) && isNull(right);
  if (javaClass(left) === javaClass(right)) return javaEquals(left, right);
  return javaToString(left) === javaToString(right);
}

export type ComparisonOperator = '<' | '>' | '<=' | '>=';

export function compare(operator: ComparisonOperator, left: unknown, right: unknown): boolean {
  if (!isNumber(left) || !isNumber(right)) return false;
  const a = numberValue(left);
  const b = numberValue(right);
  if (operator === '<') return a < b;
  if (operator === '>') return a > b;
  if (operator === '<=') return a <= b;
  return a >= b;
}

/**
 * `#if($ref)` (Velocity 1.7 ASTReference.evaluate): false for null and Boolean false, true for
 * everything else, an empty string or an empty list included (1.7 has no empty check; Velocity 2
 * added directive.if.emptycheck).
 */
export const referenceIsTrue = (value: unknown): boolean => !isNull(value) && value !== false;
