/**
 * Runs the real Serverless Framework (`serverless@3` or `osls`) `package` command on a service
 * directory, offline, and returns what it wrote. The plugin under test is loaded from
 * `<service>/.serverless_plugins/serverless-apigateway-kit`, a link to the built `dist/` (Serverless
 * looks there and never zips it; a link to the repo root would make it walk node_modules).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { collectTemplateForLint } from './cfn-lint';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

const FRAMEWORKS = {
  serverless: path.join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js'),
  osls: path.join(REPO_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'),
} as const;

export type Framework = keyof typeof FRAMEWORKS;

export interface PackageResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Where the package was written (a fresh temp dir per run). */
  outDir: string;
  template: CfnTemplate;
  state: { service: { provider: Record<string, unknown> } };
}

export interface PackageFailure {
  status: number | null;
  stdout: string;
  stderr: string;
  outDir: string;
}

/** Links the built plugin into the service, idempotently. */
export function linkPlugin(serviceDir: string): void {
  const pluginsDir = path.join(serviceDir, '.serverless_plugins');
  const link = path.join(pluginsDir, 'serverless-apigateway-kit');
  const target = path.relative(pluginsDir, path.join(REPO_ROOT, 'dist'));
  mkdirSync(pluginsDir, { recursive: true });
  if (existsSync(link) || isLink(link)) {
    if (isLink(link) && readlinkSync(link) === target) return;
    rmSync(link, { recursive: true, force: true });
  }
  symlinkSync(target, link, 'dir');
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export interface RunOptions {
  stage?: string;
  framework?: Framework;
  args?: string[];
  env?: Record<string, string>;
  /** 'node_modules': the service has the plugin installed; do not link the built one. */
  plugin?: 'linked' | 'node_modules';
}

/** The `serverless package` command line and environment for a service (see `run`). */
function packageCommand(
  serviceDir: string,
  options: RunOptions,
): { args: string[]; env: NodeJS.ProcessEnv; outDir: string } {
  if (options.plugin !== 'node_modules') linkPlugin(serviceDir);
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-pkg-'));
  rmSync(outDir, { recursive: true, force: true });
  const args = [
    FRAMEWORKS[options.framework ?? 'serverless'],
    'package',
    '--stage',
    options.stage ?? 'dev',
    '--package',
    outDir,
    ...(options.args ?? []),
  ];
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    // Packaging is offline; fake credentials keep any provider code path from looking for real ones.
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    TS_NODE_TRANSPILE_ONLY: 'true',
    ...options.env,
  };
  return { args, env, outDir };
}

function run(serviceDir: string, options: RunOptions): PackageFailure {
  const { args, env, outDir } = packageCommand(serviceDir, options);
  const result = spawnSync(process.execPath, args, {
    cwd: serviceDir,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outDir };
}

/** `run` without blocking, so that a test can package several services at once. */
function runAsync(serviceDir: string, options: RunOptions): Promise<PackageFailure> {
  const { args, env, outDir } = packageCommand(serviceDir, options);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: serviceDir, env, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, outDir }));
  });
}

/** Runs any Serverless command (offline) in the service directory; returns exit status and output. */
export function runServerless(
  serviceDir: string,
  args: readonly string[],
  options: Pick<RunOptions, 'framework' | 'env'> = {},
): { status: number | null; stdout: string; stderr: string } {
  linkPlugin(serviceDir);
  const result = spawnSync(
    process.execPath,
    [FRAMEWORKS[options.framework ?? 'serverless'], ...args],
    {
      cwd: serviceDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        SLS_DEPRECATION_DISABLE: '*',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        TS_NODE_TRANSPILE_ONLY: 'true',
        ...options.env,
      },
      timeout: 120_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Packages the service and returns the update template; throws with the CLI output on failure. */
export function packageService(serviceDir: string, options: RunOptions = {}): PackageResult {
  return packaged(serviceDir, options, run(serviceDir, options));
}

/** `packageService` without blocking (a failure rejects with the CLI output). */
export async function packageServiceAsync(
  serviceDir: string,
  options: RunOptions = {},
): Promise<PackageResult> {
  return packaged(serviceDir, options, await runAsync(serviceDir, options));
}

/** What a `serverless package` run wrote; throws with the CLI output when it failed. */
function packaged(serviceDir: string, options: RunOptions, result: PackageFailure): PackageResult {
  const templatePath = path.join(result.outDir, 'cloudformation-template-update-stack.json');
  if (result.status !== 0 || !existsSync(templatePath)) {
    throw new Error(
      `serverless package failed (exit ${String(result.status)}) in ${serviceDir}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  collectTemplateForLint(templatePath, packageLabel(serviceDir, options));
  return {
    ...result,
    template: JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate,
    state: JSON.parse(
      readFileSync(path.join(result.outDir, 'serverless-state.json'), 'utf8'),
    ) as PackageResult['state'],
  };
}

/** `test/fixtures/http-api --stage prod (osls) --config serverless.plain.yml`, for lint findings. */
function packageLabel(serviceDir: string, options: RunOptions): string {
  const relative = path.relative(REPO_ROOT, serviceDir);
  return [
    relative.startsWith('..') ? serviceDir : relative,
    `--stage ${options.stage ?? 'dev'}`,
    ...(options.framework && options.framework !== 'serverless' ? [`(${options.framework})`] : []),
    ...(options.args ?? []),
  ].join(' ');
}

/** Packages a service that is expected to fail; returns the CLI output. */
export function packageServiceExpectingFailure(
  serviceDir: string,
  options: RunOptions = {},
): PackageFailure {
  const result = run(serviceDir, options);
  if (result.status === 0) {
    throw new Error(
      `serverless package unexpectedly succeeded in ${serviceDir}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Serverless output without ANSI colours. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Core's Deployment id and artifact directory embed the time of packaging: replace both so two
 * packages of the same service can be compared byte for byte.
 */
export function normalizeTemplate(template: CfnTemplate): string {
  return JSON.stringify(template, null, 2)
    .replace(/ApiGatewayDeployment\d{10,}/g, 'ApiGatewayDeploymentTIMESTAMP')
    .replace(/\d{13}-\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, 'ARTIFACT-DIRECTORY');
}

/** The template with those values normalized, as an object (for deep comparisons). */
export function normalizedTemplate(template: CfnTemplate): CfnTemplate {
  return JSON.parse(normalizeTemplate(template)) as CfnTemplate;
}
