/**
 * Packages the service again for `sls apigateway serve` after its config changed. The running
 * framework cannot do it: it read serverless.yml (and resolved its variables) once, at start. So
 * the framework runs again, as a child process: the same Node.js executable and the same
 * serverless entry script the user ran, `package --stage S --region R --package <temp dir>` in the
 * service directory, and the packaged template is read from the temporary directory (removed
 * afterwards). A failure is returned with the first lines of what the framework printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnTemplate } from '../cloudformation/template';

export interface ChildPackageRequest {
  serviceDir: string;
  stage: string;
  region: string;
  /** `--config` when the user gave one. */
  config?: string;
  /** Default: this process's (`process.execPath`, `process.argv[1]`). */
  node?: string;
  entryScript?: string;
  /** Default 5 minutes: the child is killed after it. */
  timeoutMs?: number;
  /** Aborting (the command stopping) kills the child. */
  signal?: AbortSignal;
}

export type ChildPackageResult = { template: CfnTemplate } | { error: string };

const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';
/** Output kept from the child (its last bytes are dropped beyond this). */
const MAX_OUTPUT = 64 * 1024;
const ERROR_LINES = 8;

// eslint-disable-next-line no-control-regex -- ANSI escape sequences are control characters.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The framework's error in a few lines: from its first line naming an error, else the first. */
export function firstLines(output: string, count = ERROR_LINES): string {
  const lines = output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const start = lines.findIndex((line) => /error/i.test(line));
  return lines.slice(Math.max(0, start), Math.max(0, start) + count).join('\n');
}

export async function packageInChild(request: ChildPackageRequest): Promise<ChildPackageResult> {
  const entryScript = request.entryScript ?? process.argv[1];
  if (!entryScript) return { error: 'the serverless entry script is unknown (process.argv[1])' };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'apigateway-kit-serve-'));
  try {
    const args = [
      entryScript,
      'package',
      '--stage',
      request.stage,
      '--region',
      request.region,
      '--package',
      outDir,
      ...(request.config !== undefined ? ['--config', request.config] : []),
    ];
    const { code, output } = await run(request.node ?? process.execPath, args, request);
    if (code !== 0)
      return {
        error: `serverless package exited with ${code}:\n${firstLines(output) || '(no output)'}`,
      };
    try {
      return {
        template: JSON.parse(readFileSync(path.join(outDir, TEMPLATE_FILE), 'utf8')) as CfnTemplate,
      };
    } catch (error) {
      return { error: `no packaged template to read: ${(error as Error).message}` };
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function run(
  node: string,
  args: string[],
  request: ChildPackageRequest,
): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
    };
    const child = spawn(node, args, {
      cwd: request.serviceDir,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(request.signal ? { signal: request.signal } : {}),
      timeout: request.timeoutMs ?? 5 * 60_000,
      killSignal: 'SIGKILL',
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // 'error': the executable could not start, or the signal aborted it ('close' follows a start).
    child.once('error', (error) => resolve({ code: error.message, output }));
    child.once('close', (code, signal) =>
      resolve({ code: code ?? `signal ${String(signal)}`, output }),
    );
  });
}
