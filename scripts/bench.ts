/**
 * `npm run bench`: generated services of 10, 100, 500 and 1,000 REST endpoints (mixed methods,
 * paths 1-4 segments deep, a third cached and behind an authorizer, CORS on), packaged with the
 * real framework (serverless v3, offline) without the plugin and with it in both compile modes.
 * Prints, per size and mode: `sls package` wall time (median of 3) and its ratio to plain core,
 * the plugin's own compile time (in process, median of 5), resources, resources per endpoint,
 * template bytes (compact JSON, as Serverless uploads it) and the share of CloudFormation's
 * limits. Not part of `npm test`; needs `npm run build` first (the fixtures load dist/).
 *
 *   npm run bench                      # all sizes
 *   npm run bench -- 10 100            # some sizes
 *   npm run bench -- --out bench/RESULTS.md
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import yaml from 'js-yaml';
import { applyFragment } from '../src/cloudformation/merge';
import { standaloneNaming } from '../src/cloudformation/naming';
import type { CfnTemplate } from '../src/cloudformation/template';
import { compileAll } from '../src/compile';
import { readCoreSettings } from '../src/config/core-settings';
import { collectEvents } from '../src/config/events';
import { resolveConfig } from '../src/config/resolve';
import type { ApiGatewayConfig } from '../src/config/types.generated';
import { measureTemplate, RESOURCE_LIMIT, S3_TEMPLATE_LIMIT } from '../src/deploy/template-size';
import { generateService } from '../test/fixtures/openapi-body-large/generate';
import { packageService } from '../test/helpers/serverless';

const RUNS = 3;
const COMPILE_RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timedPackage(dir: string): { seconds: number; template: CfnTemplate } {
  const times: number[] = [];
  let template: CfnTemplate | undefined;
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    const result = packageService(dir);
    times.push((performance.now() - start) / 1000);
    rmSync(result.outDir, { recursive: true, force: true });
    template = result.template;
  }
  return { seconds: median(times), template: template as CfnTemplate };
}

/** Our compilers alone, in process, on the template core made for the same service. */
function compileMs(dir: string, coreTemplate: CfnTemplate): number {
  const service = yaml.load(readFileSync(path.join(dir, 'serverless.yml'), 'utf8')) as {
    service: string;
    provider: Record<string, unknown>;
    custom: { apiGateway: ApiGatewayConfig };
    functions: Record<string, { events?: unknown[] }>;
  };
  const events = collectEvents(service.functions);
  const core = readCoreSettings({
    service: service.service,
    stageName: 'dev',
    region: 'eu-west-1',
    provider: service.provider,
    functionNames: Object.keys(service.functions),
  });
  const times: number[] = [];
  for (let run = 0; run < COMPILE_RUNS; run += 1) {
    const template = structuredClone(coreTemplate);
    const start = performance.now();
    const config = resolveConfig(service.custom.apiGateway, core, events);
    const result = compileAll(config, template, standaloneNaming(service.service, 'dev'));
    for (const fragment of result.fragments) applyFragment(template, fragment);
    times.push(performance.now() - start);
  }
  return median(times);
}

interface Row {
  endpoints: number;
  mode: string;
  seconds: number;
  ratio: number;
  compileMs?: number;
  resources: number;
  bytes: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const sizes = args
    .filter((_arg, index) => outIndex < 0 || (index !== outIndex && index !== outIndex + 1))
    .map(Number)
    .filter((value) => value > 0);
  const root = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-bench-'));
  const rows: Row[] = [];
  try {
    for (const endpoints of sizes.length > 0 ? sizes : [10, 100, 500, 1000]) {
      const plainDir = path.join(root, `${endpoints}-core`);
      generateService(plainDir, endpoints, { compile: 'resources', loadPlugin: false });
      const plain = timedPackage(plainDir);
      const plainSize = measureTemplate(plain.template);
      rows.push({
        endpoints,
        mode: 'core (no plugin)',
        seconds: plain.seconds,
        ratio: 1,
        resources: plainSize.resources,
        bytes: plainSize.bytes,
      });
      for (const mode of ['resources', 'openapi'] as const) {
        const dir = path.join(root, `${endpoints}-${mode}`);
        generateService(dir, endpoints, { compile: mode });
        const packaged = timedPackage(dir);
        const size = measureTemplate(packaged.template);
        rows.push({
          endpoints,
          mode: `plugin, ${mode}`,
          seconds: packaged.seconds,
          ratio: packaged.seconds / plain.seconds,
          compileMs: compileMs(dir, plain.template),
          resources: size.resources,
          bytes: size.bytes,
        });
      }
      process.stderr.write(`bench: ${endpoints} endpoints done\n`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const lines = [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, node ${process.version}; serverless v3, offline \`sls package\`, median of ${RUNS}.`,
    '',
    '| endpoints | mode | sls package (s) | vs core | our compile (ms) | resources | per endpoint | template bytes | of 1 MB | of 500 resources |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.endpoints} | ${row.mode} | ${row.seconds.toFixed(2)} | ${row.ratio === 1 ? '—' : `${row.ratio >= 1 ? '+' : ''}${((row.ratio - 1) * 100).toFixed(1)} %`} | ${row.compileMs === undefined ? '—' : row.compileMs.toFixed(1)} | ${row.resources} | ${(row.resources / row.endpoints).toFixed(2)} | ${row.bytes.toLocaleString('en-US')} | ${Math.round((row.bytes / S3_TEMPLATE_LIMIT) * 100)} % | ${Math.round((row.resources / RESOURCE_LIMIT) * 100)} % |`,
    ),
  ];
  const table = `${lines.join('\n')}\n`;
  process.stdout.write(table);
  if (out) mkdirSync(path.dirname(out), { recursive: true });
  if (out) writeFileSync(out, `# Benchmark\n\n${table}`);
}

main();
