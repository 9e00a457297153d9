/**
 * Packages services other people wrote with the plugin added, as a check that real configurations
 * keep working. Not part of `npm test` (it needs a checkout that CI does not have):
 *
 *   npx tsx scripts/try-public-examples.ts <examples-dir> [example ...]
 *
 * `<examples-dir>` is a checkout of github.com/serverless/examples. For each example (default: every
 * one with `http` or `httpApi` events and Serverless v3), the script copies it to a temp dir and
 * packages it three ways with the real framework: as written, with the plugin and no
 * `custom.apiGateway` (the template must be byte-identical), and with the plugin and a typical
 * `custom.apiGateway` (stages, tracing, access logs, throttling). Each template is checked against
 * the CloudFormation schemas. Nothing of the examples is kept.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { checkTemplate } from '../test/helpers/cfn-check';
import { normalizeTemplate, packageService } from '../test/helpers/serverless';

/** `!GetAtt Queue.Arn` → `{ 'Fn::GetAtt': ['Queue', 'Arn'] }`, `!Ref X` → `{ Ref: 'X' }`, … */
function longForm(name: string, data: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: data };
  if (name === 'GetAtt' && typeof data === 'string') {
    const dot = data.indexOf('.');
    return { 'Fn::GetAtt': [data.slice(0, dot), data.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: data };
}

const CFN_FUNCTIONS = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'ImportValue',
  'Base64',
  'GetAZs',
  'Cidr',
];

/**
 * CloudFormation's short-form tags, read as the long form Serverless turns them into, so that
 * examples using them can be rewritten and packaged.
 */
const CFN_SCHEMA = yaml.CORE_SCHEMA.withTags(
  ...CFN_FUNCTIONS.flatMap((name) => [
    yaml.defineScalarTag(`!${name}`, {
      resolve: (source) => longForm(name, source),
      identify: () => false,
    }),
    yaml.defineSequenceTag<unknown[], unknown>(`!${name}`, {
      create: () => [],
      addItem: (items, item) => {
        items.push(item);
      },
      finalize: (items) => longForm(name, items),
      identify: () => false,
    }),
    yaml.defineMappingTag<Record<string, unknown>, unknown>(`!${name}`, {
      create: () => ({}),
      addPair: (map, key, value) => {
        map[String(key)] = value;
        return '';
      },
      has: (map, key) => String(key) in map,
      keys: (result) => Object.keys(result as Record<string, unknown>),
      get: (result, key) => (result as Record<string, unknown>)[String(key)],
      finalize: (map) => longForm(name, map),
      identify: () => false,
    }),
  ]),
);

const TYPICAL_CONFIG = {
  restApi: { endpointType: 'REGIONAL' },
  stages: {
    '*': { tracing: true, logging: { level: 'ERROR', accessLog: 'json' } },
    prod: { throttling: { rateLimit: 100, burstLimit: 200 } },
  },
  httpApi: { stages: { '*': { throttling: { rateLimit: 100, burstLimit: 200 } } } },
};

type Config = Record<string, unknown> & { plugins?: unknown; custom?: Record<string, unknown> };

function candidates(root: string): string[] {
  return readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'serverless.yml')))
    .filter((name) => {
      const text = readFileSync(path.join(root, name, 'serverless.yml'), 'utf8');
      return /frameworkVersion:\s*["']?3/.test(text) && /-\s+(http|httpApi):/.test(text);
    })
    .sort();
}

function withPlugin(config: Config, apiGateway?: unknown): Config {
  const plugins = Array.isArray(config.plugins) ? [...(config.plugins as string[])] : [];
  // Plugins that need their own npm install (bundlers, offline emulators) are left out of the check.
  const kept = plugins.filter(
    (plugin) =>
      !/esbuild|webpack|typescript|offline|python-requirements|dotenv|ruby-layer|rust|wsgi|rack/.test(
        plugin,
      ),
  );
  return {
    ...config,
    plugins: [...kept, 'serverless-apigateway-kit'],
    ...(apiGateway ? { custom: { ...config.custom, apiGateway } } : {}),
  };
}

function run(root: string, name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  try {
    cpSync(path.join(root, name), dir, { recursive: true });
    const original = yaml.load(readFileSync(path.join(dir, 'serverless.yml'), 'utf8'), {
      schema: CFN_SCHEMA,
    }) as Config;
    const variants: Array<[string, Config]> = [
      ['as written (minus build plugins)', withPlugin(original)],
      ['typical custom.apiGateway', withPlugin(original, TYPICAL_CONFIG)],
    ];
    // The baseline: same plugin list without ours.
    const baseline = {
      ...variants[0][1],
      plugins: (variants[0][1].plugins as string[]).slice(0, -1),
    };
    writeFileSync(path.join(dir, 'serverless.yml'), yaml.dump(baseline));
    const plain = packageService(dir, { stage: 'prod', args: ['--region', 'us-east-1'] });
    const results: string[] = [];
    for (const [label, config] of variants) {
      writeFileSync(path.join(dir, 'serverless.yml'), yaml.dump(config));
      const packaged = packageService(dir, { stage: 'prod', args: ['--region', 'us-east-1'] });
      const problems = checkTemplate(packaged.template);
      const same = normalizeTemplate(packaged.template) === normalizeTemplate(plain.template);
      results.push(
        `${label}: ${problems.length === 0 ? 'valid' : `${problems.length} problem(s): ${problems[0].path}: ${problems[0].message}`}` +
          (config.custom?.apiGateway
            ? ''
            : `, ${same ? 'identical to the plain package' : 'DIFFERS from the plain package'}`),
      );
    }
    return results.join('; ');
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const [root, ...names] = process.argv.slice(2);
  if (!root) {
    console.error('usage: npx tsx scripts/try-public-examples.ts <examples-dir> [example ...]');
    process.exitCode = 2;
    return;
  }
  for (const name of names.length > 0 ? names : candidates(root)) {
    console.log(`${name}: ${run(root, name)}`);
  }
}

main();
