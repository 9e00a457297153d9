/**
 * cfn-lint (AWS's CloudFormation linter, Python) over the templates the tests package: it knows
 * rules `cfn-check` does not. `packageService` hands every template it reads to
 * `collectTemplateForLint`; the root hook in `cfn-lint-hook.ts` lints them all in one cfn-lint run
 * after the last test (cfn-lint takes seconds to start, so one run, not one per template).
 *
 * Settings are pinned in `cfnlintrc.yaml` (region, and the date-dependent runtime rules off); in
 * their place `runtimeFindings` checks, with no date involved, that the functions our fixtures
 * declare use a current runtime.
 */
import { spawn, spawnSync } from 'node:child_process';
import { AssertionError } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LintFinding {
  /** What the template is (service directory, stage, framework). */
  label: string;
  file: string;
  rule: string;
  /** `Resources.X.DependsOn[1]`, or '' for the whole template. */
  path: string;
  message: string;
}

export const CFN_LINT_CONFIG = path.join(__dirname, 'cfnlintrc.yaml');

/** The oldest Node.js runtime the fixtures and example-service may declare (project rule). */
const OLDEST_NODE_RUNTIME = 22;

/**
 * Findings caused by core Serverless, not by the plugin or the fixtures: core emits these
 * whether or not the plugin runs (they are in the templates of the fixtures packaged without it),
 * and a fixture cannot avoid them. Each entry is as narrow as the resources core names.
 */
const CORE_FINDINGS: ReadonlyArray<{
  rule: string;
  matches: (resource: string, dependency: string) => boolean;
  why: string;
}> = [
  {
    rule: 'W3005',
    matches: (resource, dependency) =>
      /^CustomDashresourceDash\w+LambdaFunction$/.test(resource) &&
      dependency === 'IamRoleCustomResourcesLambdaExecution',
    why: "core's custom-resource function depends on the role it also GetAtts",
  },
  {
    rule: 'W3005',
    matches: (resource, dependency) =>
      /^ApiGatewayMethod\w+$/.test(resource) && /^\w+ApiGatewayAuthorizer$/.test(dependency),
    why: "core's REST method (an `http` event with an authorizer) depends on the authorizer it Refs",
  },
  {
    rule: 'W3005',
    matches: (resource, dependency) =>
      /^HttpApiRoute\w+$/.test(resource) && /^HttpApiIntegration\w+$/.test(dependency),
    why: "core's HTTP API route (an `httpApi` event) depends on the integration it Refs",
  },
  {
    rule: 'W3005',
    matches: (resource, dependency) =>
      resource.endsWith('LambdaPermissionWebsockets') &&
      dependency === `${resource.slice(0, -'PermissionWebsockets'.length)}Function`,
    why: "core's WebSocket permission depends on the function it GetAtts",
  },
];

/** Whether a finding (rule, the resource at its path, the resource its message names first) is core's. */
export function isCoreFinding(rule: string, resource: string, message: string): boolean {
  const dependency = /^'([^']+)'/.exec(message)?.[1];
  if (dependency === undefined) return false;
  return CORE_FINDINGS.some((core) => core.rule === rule && core.matches(resource, dependency));
}

/**
 * Core's HTTP API stage with provider.logs.httpApi waits for the log group it also GetAtts. The
 * plugin keeps that stage as core made it when it changes nothing in it, and writes any stage it
 * does change with a DependsOn list without the log group: core's is the string form.
 */
export function isKeptCoreHttpApiStage(
  rule: string,
  resource: string,
  message: string,
  template: { Resources?: Record<string, { DependsOn?: unknown }> },
): boolean {
  return (
    rule === 'W3005' &&
    resource === 'HttpApiStage' &&
    message.startsWith("'HttpApiLogGroup'") &&
    template.Resources?.HttpApiStage?.DependsOn === 'HttpApiLogGroup'
  );
}

// ---------------------------------------------------------------------------------------------
// Collecting

export interface Collected {
  file: string;
  label: string;
}

const collected = new Map<string, Collected>();
let collectDir: string | undefined;

/**
 * Keeps a copy of a packaged template for the lint run. Templates that differ only in core's
 * timestamps (a service packaged twice) are linted once.
 */
export function collectTemplateForLint(templateFile: string, label: string): void {
  const text = readFileSync(templateFile, 'utf8');
  const key = createHash('sha256')
    .update(
      text
        .replace(/ApiGatewayDeployment\d{10,}/g, 'ApiGatewayDeploymentTIMESTAMP')
        .replace(/\d{13}-\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, 'ARTIFACT-DIRECTORY'),
    )
    .digest('hex');
  if (collected.has(key)) return;
  collectDir ??= mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-cfn-lint-'));
  mkdirSync(collectDir, { recursive: true });
  const slug = label.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '');
  const file = path.join(collectDir, `${String(collected.size + 1).padStart(3, '0')}-${slug}.json`);
  // Serverless uploads the template as compact JSON (JSON.stringify, no indentation): lint those
  // bytes, so cfn-lint's size limit (E1002) measures what CloudFormation receives.
  writeFileSync(file, JSON.stringify(JSON.parse(text)));
  collected.set(key, { file, label });
}

export function collectedTemplates(): Collected[] {
  return [...collected.values()];
}

// ---------------------------------------------------------------------------------------------
// Linting

/** cfn-lint's version line, or undefined when it is not installed. */
export function cfnLintVersion(): string | undefined {
  const result = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}

interface CfnLintJsonFinding {
  Filename: string;
  Level: string;
  Message: string;
  Location: { Path?: Array<string | number> };
  Rule: { Id: string };
}

function formatPath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** One cfn-lint process over some templates; resolves with what it printed as JSON. */
function runCfnLint(files: readonly string[]): Promise<CfnLintJsonFinding[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('cfn-lint', [
      '--config-file',
      CFN_LINT_CONFIG,
      '--format',
      'json',
      '--',
      ...files,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve(JSON.parse(stdout) as CfnLintJsonFinding[]);
      } catch {
        reject(
          new Error(`cfn-lint did not report (exit ${String(status)}):\n${stdout}\n${stderr}`),
        );
      }
    });
  });
}

/**
 * Splits the templates into at most `count` groups of about the same size in bytes (cfn-lint's
 * time grows with it; the 1,000-endpoint template alone is about half of all).
 */
function balancedGroups(templates: readonly Collected[], count: number): Collected[][] {
  const groups = Array.from({ length: count }, () => ({ bytes: 0, items: [] as Collected[] }));
  const sized = templates.map((t) => ({ t, bytes: statSync(t.file).size }));
  for (const { t, bytes } of sized.sort((a, b) => b.bytes - a.bytes)) {
    const smallest = groups.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    smallest.bytes += bytes;
    smallest.items.push(t);
  }
  return groups.map((g) => g.items).filter((items) => items.length > 0);
}

/**
 * Lints the templates with cfn-lint (one process per core, at most two: it takes seconds to
 * start); returns every finding the plugin or a fixture causes.
 */
export async function lintTemplates(templates: readonly Collected[]): Promise<LintFinding[]> {
  if (templates.length === 0) return [];
  const labels = new Map(templates.map((t) => [path.resolve(t.file), t.label]));
  const jobs = Math.min(2, os.availableParallelism());
  const results = await Promise.all(
    balancedGroups(templates, jobs).map((group) => runCfnLint(group.map((t) => t.file))),
  );
  const findings: LintFinding[] = [];
  for (const item of results.flat()) {
    const segments = item.Location.Path ?? [];
    const file = path.resolve(item.Filename);
    const finding: LintFinding = {
      label: labels.get(file) ?? file,
      file,
      rule: item.Rule.Id,
      path: formatPath(segments),
      message: item.Message,
    };
    const resource = segments[0] === 'Resources' ? String(segments[1]) : '';
    if (isCoreFinding(finding.rule, resource, finding.message)) continue;
    const template = () =>
      JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof isKeptCoreHttpApiStage>[3];
    if (isKeptCoreHttpApiStage(finding.rule, resource, finding.message, template())) continue;
    findings.push(finding);
  }
  for (const template of templates) findings.push(...runtimeFindings(template));
  return findings.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * The date-free stand-in for cfn-lint's runtime lifecycle rules (off in cfnlintrc.yaml): a
 * Node.js function must run nodejs22.x or later. Core's own custom-resource function (its runtime
 * is core's choice, not ours) is left out.
 */
export function runtimeFindings(template: Collected): LintFinding[] {
  const parsed = JSON.parse(readFileSync(template.file, 'utf8')) as {
    Resources?: Record<string, { Type?: string; Properties?: { Runtime?: unknown } }>;
  };
  const findings: LintFinding[] = [];
  for (const [id, resource] of Object.entries(parsed.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function' || id.startsWith('CustomDashresource')) continue;
    const runtime = resource.Properties?.Runtime;
    const major = typeof runtime === 'string' ? /^nodejs(\d+)\.x$/.exec(runtime)?.[1] : undefined;
    if (major !== undefined && Number(major) < OLDEST_NODE_RUNTIME) {
      findings.push({
        label: template.label,
        file: path.resolve(template.file),
        rule: 'runtime',
        path: `Resources.${id}.Properties.Runtime`,
        message: `${String(runtime)}: fixtures and example-service use nodejs${OLDEST_NODE_RUNTIME}.x or later`,
      });
    }
  }
  return findings;
}

/** One line per finding: what the template is, the rule, where, and cfn-lint's message. */
export function formatFindings(findings: readonly LintFinding[]): string {
  return findings
    .map((f) => `  - ${f.label}: ${f.rule} at ${f.path || '(template)'}: ${f.message}`)
    .join('\n');
}

/**
 * Lints every collected template and removes the copies. Returns one line to print: cfn-lint's
 * version and how many templates are clean, or that cfn-lint is not installed (then nothing is
 * linted; under CI=true that throws instead). Throws listing the findings when there are any
 * (the copies are kept to look at).
 */
export async function lintCollectedTemplates(): Promise<string> {
  const templates = collectedTemplates();
  const version = cfnLintVersion();
  if (version === undefined) {
    const line = `cfn-lint not found: ${templates.length} packaged template(s) not linted (pip install cfn-lint)`;
    if (process.env.CI === 'true') throw new Error(`${line}; CI=true requires it`);
    return line;
  }
  const started = Date.now();
  const findings = await lintTemplates(templates);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (findings.length > 0) {
    throw new AssertionError({
      message:
        `${version}: ${findings.length} finding(s) in the packaged templates` +
        (collectDir ? ` (copies in ${collectDir})` : '') +
        `:\n${formatFindings(findings)}`,
    });
  }
  if (collectDir) rmSync(collectDir, { recursive: true, force: true });
  collected.clear();
  collectDir = undefined;
  return `${version}: ${templates.length} packaged template(s) clean (${seconds} s)`;
}
