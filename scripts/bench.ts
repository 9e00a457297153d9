/**
 * `npm run bench`: the project's benchmarks, each in scripts/bench/. Not part of `npm test`; needs
 * `npm run build` first (the services load dist/), which `npm run bench` does.
 *
 * - render: mapping-template renders per second, parsed once against parsed every time.
 * - local: requests per second and p99 latency of the local gateway against serverless-offline.
 * - package: `sls package` time and template size for generated services of 10-1,000 endpoints,
 *   then body mode with the body in S3 at 1,000-10,000 endpoints against core at 1,000.
 *
 *   npm run bench                                  # all three
 *   npm run bench -- --only render                 # one (or several: --only render,local)
 *   npm run bench -- --only package 10 100         # some sizes
 *   npm run bench -- --only package --large 1000   # some sizes of the second table (none: skip it)
 *   npm run bench -- --out bench/last-run.md       # also write the tables to a file
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchLocal, formatLocal } from './bench/local';
import { benchPackage, PACKAGE_SIZES } from './bench/package';
import { benchLargePackage, LARGE_SIZES } from './bench/package-large';
import { benchRender, formatRender } from './bench/render';

const PARTS = ['render', 'local', 'package'] as const;
type Part = (typeof PARTS)[number];

/** A wrong command line: its message is all the user needs. */
class UsageError extends Error {}

interface BenchArgs {
  parts: Part[];
  sizes: number[];
  /** Sizes of the body-in-S3 table; empty: skipped. */
  large: number[];
  out?: string;
}

function readArgs(args: readonly string[]): BenchArgs {
  let parts: Part[] = [...PARTS];
  let out: string | undefined;
  let large = LARGE_SIZES;
  const sizes: number[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--only') {
      const names = (args[(index += 1)] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
      if (names.length === 0 || unknown.length > 0)
        throw new UsageError(
          `--only takes ${PARTS.join('|')} (comma-separated); got "${names.join(',')}"`,
        );
      parts = names as Part[];
    } else if (arg === '--out') {
      out = args[(index += 1)];
      if (!out) throw new UsageError('--out takes a file');
    } else if (arg === '--large') {
      const value = args[(index += 1)] ?? '';
      large = value === 'none' ? [] : value.split(',').map(Number);
      if (large.some((size) => !(size > 0)))
        throw new UsageError(`--large takes sizes (comma-separated) or none; got "${value}"`);
    } else if (Number(arg) > 0) {
      sizes.push(Number(arg));
    } else {
      throw new UsageError(
        `unknown argument "${arg}" (--only ${PARTS.join('|')}, --large <sizes>|none, --out <file>, sizes)`,
      );
    }
  }
  return { parts, sizes, large, out };
}

async function main(): Promise<void> {
  const { parts, sizes, large, out } = readArgs(process.argv.slice(2));
  const machine = `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, node ${process.version}; load average ${os.loadavg()[0].toFixed(1)} at the start (the machine's other work skews the figures).`;
  const sections: string[] = [];
  const section = (title: string, body: string) => {
    const text = `## ${title}\n\n${body}\n`;
    process.stdout.write(`\n${text}`);
    sections.push(text);
  };
  process.stdout.write(`${machine}\n`);
  // In order of duration: a failed part later still leaves the earlier tables printed.
  if (parts.includes('render')) section('Mapping templates (render)', formatRender(benchRender()));
  if (parts.includes('local')) section('Local gateway (local)', formatLocal(await benchLocal()));
  if (parts.includes('package'))
    section('sls package (package)', benchPackage(sizes.length > 0 ? sizes : PACKAGE_SIZES));
  if (parts.includes('package') && large.length > 0)
    section('sls package, body in S3 (package)', benchLargePackage(large));
  if (out) {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `# Benchmark\n\n${machine}\n\n${sections.join('\n')}`);
  }
}

main().catch((error: unknown) => {
  const text =
    error instanceof UsageError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`bench: ${text}\n`);
  process.exitCode = 1;
});
