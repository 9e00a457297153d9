/**
 * `npm run bench -- --only package`: generated services of 10, 100, 500 and 1,000 REST endpoints
 * (mixed methods, paths 1-4 segments deep, a third cached and behind an authorizer, CORS on),
 * packaged with the real framework (serverless v3, offline) five ways: bare endpoints without the
 * plugin; the same with the plugin listed but unused; core's own `cors` and `authorizer` (the same
 * API as far as core can express it: no caching); the plugin in both compile modes. Prints, per
 * size: `sls package` wall time (median of 5 interleaved runs), its ratio to core with the same
 * features (the plugin's own cost) and to bare endpoints (the plugin's cost plus the features'),
 * the plugin's own compile time (in process, median of 5), resources, resources per endpoint,
 * template bytes (compact JSON, as Serverless uploads it) and the share of CloudFormation's
 * limits.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import yaml from 'js-yaml';
import { applyFragment } from '../../src/cloudformation/merge';
import { standaloneNaming } from '../../src/cloudformation/naming';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { compileAll } from '../../src/pipeline/compile';
import { readCoreSettings } from '../../src/pipeline/core-settings';
import { collectEvents } from '../../src/common/events';
import { resolveConfig } from '../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../src/config/types.generated';
import { measureTemplate, RESOURCE_LIMIT, S3_TEMPLATE_LIMIT } from '../../src/deploy/template-size';
import { generateService, type ServiceKind } from '../../test/fixtures/openapi-body-large/generate';
import { packageService } from '../../test/helpers/serverless';

const RUNS = 5;
const COMPILE_RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Variant {
  kind: ServiceKind;
  label: string;
  loadPlugin?: boolean;
  dir: string;
  times: number[];
  template?: CfnTemplate;
}

/**
 * Packages every variant RUNS times, interleaved (a, b, c, a, b, c…) so that a slow spell of a
 * shared machine spreads over all of them instead of skewing one.
 */
function timePackages(variants: Variant[]): void {
  for (let run = 0; run < RUNS; run += 1) {
    for (const variant of variants) {
      const start = performance.now();
      const result = packageService(variant.dir);
      variant.times.push((performance.now() - start) / 1000);
      rmSync(result.outDir, { recursive: true, force: true });
      variant.template = result.template;
    }
  }
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
  label: string;
  seconds: number;
  /** Against core doing the same where it can (`cors`, `authorizer`): the plugin's own cost. */
  vsCore?: number;
  /** Against bare endpoints: the plugin's cost plus that of the features. */
  vsPlain?: number;
  compileMs?: number;
  resources: number;
  bytes: number;
}

function percent(ratio: number | undefined): string {
  if (ratio === undefined) return '—';
  const value = (ratio - 1) * 100;
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;
}

export const PACKAGE_SIZES = [10, 100, 500, 1000];

/** Packages the generated services of each size; returns the table (markdown). */
export function benchPackage(sizes: readonly number[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-bench-'));
  const rows: Row[] = [];
  try {
    for (const endpoints of sizes) {
      const variants: Variant[] = (
        [
          { kind: 'plain', label: 'core, bare endpoints' },
          { kind: 'plain', label: 'core, bare + plugin listed', loadPlugin: true },
          { kind: 'core', label: 'core, cors + authorizer' },
          { kind: 'resources', label: 'plugin, resources' },
          { kind: 'openapi', label: 'plugin, openapi' },
        ] as const
      ).map((variant, index) => {
        const dir = path.join(root, `${endpoints}-${index}-${variant.kind}`);
        generateService(dir, endpoints, {
          compile: variant.kind,
          loadPlugin: 'loadPlugin' in variant,
        });
        return { ...variant, dir, times: [] };
      });
      timePackages(variants);
      const [plain, , core] = variants;
      for (const variant of variants) {
        const seconds = median(variant.times);
        const size = measureTemplate(variant.template as CfnTemplate);
        const plugin = variant.kind === 'resources' || variant.kind === 'openapi';
        rows.push({
          endpoints,
          label: variant.label,
          seconds,
          vsCore: plugin ? seconds / median(core.times) : undefined,
          vsPlain: variant === plain ? undefined : seconds / median(plain.times),
          compileMs: plugin ? compileMs(variant.dir, plain.template as CfnTemplate) : undefined,
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
    `Serverless v3, offline \`sls package\`, median of ${RUNS} interleaved runs.`,
    '',
    '| endpoints | service | sls package (s) | vs core, same features | vs bare endpoints | our compile (ms) | resources | per endpoint | template bytes | of 1 MB | of 500 resources |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.endpoints} | ${row.label} | ${row.seconds.toFixed(2)} | ${percent(row.vsCore)} | ${percent(row.vsPlain)} | ${row.compileMs === undefined ? '—' : row.compileMs.toFixed(1)} | ${row.resources} | ${(row.resources / row.endpoints).toFixed(2)} | ${row.bytes.toLocaleString('en-US')} | ${Math.round((row.bytes / S3_TEMPLATE_LIMIT) * 100)} % | ${Math.round((row.resources / RESOURCE_LIMIT) * 100)} % |`,
    ),
  ];
  return lines.join('\n');
}
