/**
 * Selection expressions of WebSocket APIs as "Selection expressions for WebSocket APIs in API
 * Gateway" (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-selection-expressions.html)
 * documents them: `$request.body.<path>` (a dotted path into the JSON message) or the
 * interpolated form `${request.body.<path>}`, which may join several values and literal text
 * (`${request.body.service}/${request.body.action}`); API keys are selected by
 * `$request.header.<name>` or `$context.authorizer.usageIdentifierKey`. A message that is not
 * JSON, or lacks the property, selects no route key: it goes to `$default` ("Non-JSON messages
 * are directed to a $default route", the overview page).
 */

/** What an expression reads: the message body (parsed JSON), the handshake headers, `$context`. */
export interface SelectionInput {
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  context?: Readonly<Record<string, unknown>>;
}

const MISSING = Symbol('missing');

function walk(value: unknown, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return MISSING;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function variable(name: string, input: SelectionInput): unknown {
  const [root, kind, ...rest] = name.split('.');
  if (root === 'request' && kind === 'body' && rest.length > 0) {
    if (input.body === undefined) return MISSING;
    return walk(input.body, rest);
  }
  if (root === 'request' && kind === 'header' && rest.length > 0) {
    const wanted = rest.join('.').toLowerCase();
    const found = Object.entries(input.headers ?? {}).find(
      ([header]) => header.toLowerCase() === wanted,
    );
    return found ? found[1] : MISSING;
  }
  if (root === 'context' && kind !== undefined) return walk(input.context ?? {}, [kind, ...rest]);
  return MISSING;
}

const text = (value: unknown): string | undefined => {
  if (value === MISSING || value === null || value === undefined) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/**
 * The value an expression selects, or undefined when a variable it names is absent (then no key
 * is selected). `$default` and a literal without `$` select themselves.
 */
export function evaluateSelection(expression: string, input: SelectionInput): string | undefined {
  const trimmed = expression.trim();
  if (!trimmed.includes('$') || trimmed === '$default') return trimmed;
  if (trimmed.includes('${')) {
    let missing = false;
    const joined = trimmed.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const value = text(variable(name.trim(), input));
      if (value === undefined) missing = true;
      return value ?? '';
    });
    return missing ? undefined : joined;
  }
  return /^\$[\w.-]+$/.test(trimmed) ? text(variable(trimmed.slice(1), input)) : undefined;
}

/** A text frame's JSON, or undefined when it is not JSON. */
export function parseMessage(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
