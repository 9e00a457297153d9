/** A problem in the user's configuration, at a config path such as `custom.apiGateway.stages.prod`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Every problem found in one validation pass; reported together, never the first one only. */
export class ConfigValidationError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigValidationError';
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

/** Turns a JSON pointer (`/stages/prod/caching`) into a config path below `root`. */
export function pointerToPath(root: string, pointer: string): string {
  if (!pointer) return root;
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>(
      (path, segment) => joinPath(path, /^\d+$/.test(segment) ? Number(segment) : segment),
      root,
    );
}
