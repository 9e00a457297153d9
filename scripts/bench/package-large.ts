/**
 * `npm run bench -- --only package`, second table: body mode with the body out of the template
 * (`openapi.bodyLocation: s3`) at 1,000, 5,000 and 10,000 endpoints, against core packaging 1,000
 * endpoints with its own `cors` and `authorizer`. The services are the generated ones of the first
 * table, with 100 endpoints per function (at 10 per function, 10,000 endpoints are 1,000
 * functions: 3,000 resources, over CloudFormation's 500 whatever the API). Prints `sls package`
 * wall time (median of interleaved runs), its ratio to core at 1,000, resources, template bytes
 * (compact JSON, as Serverless uploads it) and the body file's bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { measureTemplate, S3_TEMPLATE_LIMIT } from '../../src/deploy/template-size';
import { generateService, type ServiceKind } from '../../test/fixtures/openapi-body-large/generate';
import { generateDocumentService } from '../../test/fixtures/openapi-body-large/generate-document';
import { packageService } from '../../test/helpers/serverless';

export const LARGE_SIZES = [1000, 5000, 10000];
const RUNS = 3;
const PER_FUNCTION = 100;
const CORE_ENDPOINTS = 1000;

interface LargeVariant {
  endpoints: number;
  kind: ServiceKind;
  label: string;
  /** false: the same service without caching (the measure: CORS and an authorizer). */
  caching?: boolean;
  /** The same API defined by an OpenAPI document alone (no `http` events; ./generate-document). */
  document?: boolean;
  dir: string;
  times: number[];
  template?: CfnTemplate;
  bodyBytes?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The body file the template names (BodyS3Location), read from the package. */
function bodyFileBytes(template: CfnTemplate, outDir: string): number | undefined {
  const location = template.Resources.ApiGatewayRestApi?.Properties?.BodyS3Location as
    { Key?: string } | undefined;
  if (!location?.Key) return undefined;
  return readFileSync(path.join(outDir, path.basename(location.Key))).byteLength;
}

/** Packages the large services; returns the table (markdown). */
export function benchLargePackage(sizes: readonly number[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-bench-large-'));
  const variants: LargeVariant[] = [
    {
      endpoints: CORE_ENDPOINTS,
      kind: 'core' as const,
      label: 'core, cors + authorizer',
    },
    ...sizes.map((endpoints) => ({
      endpoints,
      kind: 'openapi' as const,
      label: 'plugin, openapi, body in S3',
    })),
    // The largest size again without per-method caching: the Stage's MethodSettings are the part
    // of the template that grows with the (cached) endpoints once the body is out of it.
    ...sizes.slice(-1).map((endpoints) => ({
      endpoints,
      kind: 'openapi' as const,
      label: 'plugin, openapi, body in S3, no caching',
      caching: false,
    })),
    // And defined by a document alone: no `http` events for Serverless to validate, compile and
    // write into its state file.
    ...sizes.slice(-1).map((endpoints) => ({
      endpoints,
      kind: 'openapi' as const,
      label: 'plugin, OpenAPI document alone, body in S3',
      document: true,
    })),
  ].map((variant: Omit<LargeVariant, 'dir' | 'times'>, index) => {
    const dir = path.join(root, `${variant.endpoints}-${index}-${variant.kind}`);
    if (variant.document) {
      generateDocumentService(dir, variant.endpoints, { perFunction: PER_FUNCTION });
      return { ...variant, dir, times: [] };
    }
    generateService(dir, variant.endpoints, {
      compile: variant.kind,
      perFunction: PER_FUNCTION,
      ...(variant.kind === 'openapi' ? { bodyLocation: 's3' as const } : {}),
      ...(variant.caching === false ? { caching: false } : {}),
    });
    return { ...variant, dir, times: [] };
  });
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const variant of variants) {
        const start = performance.now();
        const result = packageService(variant.dir);
        variant.times.push((performance.now() - start) / 1000);
        variant.template = result.template;
        variant.bodyBytes = bodyFileBytes(result.template, result.outDir);
        rmSync(result.outDir, { recursive: true, force: true });
      }
      process.stderr.write(`bench: large packages, run ${run + 1} of ${RUNS} done\n`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const core = median(variants[0].times);
  const rows = variants.map((variant) => {
    const seconds = median(variant.times);
    const size = measureTemplate(variant.template as CfnTemplate);
    const vsCore = variant === variants[0] ? '—' : `${(seconds / core).toFixed(2)}×`;
    return `| ${variant.endpoints.toLocaleString('en-US')} | ${variant.label} | ${seconds.toFixed(2)} | ${vsCore} | ${size.resources} | ${size.bytes.toLocaleString('en-US')} | ${Math.round((size.bytes / S3_TEMPLATE_LIMIT) * 100)} % | ${variant.bodyBytes === undefined ? '—' : variant.bodyBytes.toLocaleString('en-US')} |`;
  });
  return [
    `Serverless v3, offline \`sls package\`, ${PER_FUNCTION} endpoints per function, median of ${RUNS} interleaved runs.`,
    '',
    '| endpoints | service | sls package (s) | vs core at 1,000 | resources | template bytes | of 1 MB | body file bytes |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
