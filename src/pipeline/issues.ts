import { ERROR_CODES, KitError } from './errors';

/** A problem in the user's configuration, at a config path such as `custom.apiGateway.stages.prod`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Every problem found in one validation pass; reported together, never the first one only. */
export class ConfigValidationError extends KitError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues), ERROR_CODES.invalidConfig);
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}`;
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return [
    `serverless-apigateway-kit found ${count} in the configuration:`,
    ...issues.map((issue) => `  - ${formatIssue(issue)}`),
  ].join('\n');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends a key or index to a config path the way a user would write it. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}['${key.replace(/'/g, "\\'")}']`;
}

/**
 * Turns a JSON pointer (`/stages/prod/caching`) into a config path below `root`. With the data the
 * pointer walks, a numeric segment is a list index only where the value is a list (a stage named
 * "123" stays a key).
 */
export function pointerToPath(root: string, pointer: string, data?: unknown): string {
  if (!pointer) return root;
  let path = root;
  let node: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const isIndex = data === undefined ? /^\d+$/.test(segment) : Array.isArray(node);
    path = joinPath(path, isIndex ? Number(segment) : segment);
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[segment]
        : undefined;
  }
  return path;
}

/** What a feature's check finds: errors fail the command, warnings are printed. */
export interface SemanticResult {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}
