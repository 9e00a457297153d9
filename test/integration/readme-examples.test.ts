/**
 * Every service example of README.md packages as written, with the real framework (issue 20).
 *
 * An example is the fenced block below `<!-- readme-example: <name> -->`: the lines a user
 * pastes into serverless.yml. A block below `<!-- readme-example: <name> file=<path> -->` is a
 * file of that example's service (a mapping template, a schema, an OpenAPI document), so that an
 * example that needs a file shows it. The services are generated into a temp dir from the README
 * at test time (nothing is committed under test/fixtures, so they cannot drift from the README):
 * - the example's text, verbatim, under what it does not say itself: `service`, `frameworkVersion`,
 *   `provider` (aws, nodejs22.x, eu-west-1) and `plugins: [serverless-apigateway-kit]`;
 * - an example with no `functions:` is pasted into a service with one function, `hello`, with an
 *   `http` event, plus an `httpApi` / `websocket` event when the example configures that API;
 * - a handler file exporting every handler the functions name.
 * Each is packaged once (two at a time), at the stage it says the most about (`stageOf`), with a
 * sample value for every `${env:…}` it reads; the template must pass the schema check and cfn-lint
 * (the root hook lints every packaged template), and the plugin must warn about nothing.
 *
 * A yaml block mentioning `custom:`, `apiGateway` or `functions:` without a marker must be a
 * fragment: its first key is not one a service's top level has (an event, a `validate:`, an
 * exported document): otherwise the test fails and asks for a marker.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { assertValidTemplate } from '../helpers/cfn-check';
import { REPO_ROOT, packageServiceAsync, plain, type PackageResult } from '../helpers/serverless';

const README = path.join(REPO_ROOT, 'README.md');

/** Top-level keys of a serverless.yml: a block starting with one of these is a whole example. */
const SERVICE_KEYS = new Set([
  'service',
  'provider',
  'plugins',
  'custom',
  'functions',
  'params',
  'resources',
  'package',
]);

interface FencedBlock {
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  text: string;
  /** The `<!-- readme-example: … -->` marker right above it, if any. */
  marker?: { name: string; file?: string };
}

interface Example {
  name: string;
  line: number;
  text: string;
  files: Map<string, string>;
}

const MARKER = /^<!-- readme-example: ([a-z0-9-]+)(?: file=(\S+))? -->$/;

/** Every fenced block of the README, with the marker above it. */
function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    assert.ok(end > i, `README.md:${i + 1}: a fence that is never closed`);
    // Prettier keeps a blank line between the marker and the fence.
    let previous = i - 1;
    while (previous > 0 && lines[previous].trim() === '') previous--;
    const above = previous >= 0 ? MARKER.exec(lines[previous]) : null;
    blocks.push({
      line: i + 1,
      language: open[1],
      text: lines.slice(i + 1, end).join('\n') + '\n',
      marker: above ? { name: above[1], file: above[2] } : undefined,
    });
    i = end;
  }
  return blocks;
}

function examples(blocks: readonly FencedBlock[]): Example[] {
  const byName = new Map<string, Example>();
  for (const block of blocks) {
    if (!block.marker || block.marker.file !== undefined) continue;
    const { name } = block.marker;
    assert.ok(!byName.has(name), `README.md:${block.line}: a second example named ${name}`);
    byName.set(name, { name, line: block.line, text: block.text, files: new Map() });
  }
  for (const block of blocks) {
    if (block.marker?.file === undefined) continue;
    const example = byName.get(block.marker.name);
    assert.ok(example, `README.md:${block.line}: a file of ${block.marker.name}, no such example`);
    example.files.set(block.marker.file, block.text);
  }
  return [...byName.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first top-level key of a yaml block (comments skipped), or undefined for a list. */
function firstKey(text: string): string | undefined {
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return line === undefined ? undefined : /^([A-Za-z$][\w$-]*):/.exec(line)?.[1];
}

/**
 * The stage to package (one packaging per example): `prod` when the example configures it (where
 * it says the most: a cache cluster, a canary), else `dev`. Other stages the example names would
 * get the '*' defaults and the plugin's warning that the stage has no entry.
 */
function stageOf(config: Record<string, unknown>): string {
  const apiGateway = isRecord(config.custom) ? config.custom.apiGateway : undefined;
  const maps: unknown[] = [config.params];
  if (isRecord(apiGateway)) {
    maps.push(apiGateway.stages);
    for (const api of [apiGateway.httpApi, apiGateway.websocket])
      if (isRecord(api)) maps.push(api.stages);
  }
  return maps.some((map) => isRecord(map) && 'prod' in map) ? 'prod' : 'dev';
}

/** A sample value for every `${env:NAME}` the example reads, as the user's shell would set. */
function envOf(example: Example): Record<string, string> {
  const names = [...example.text.matchAll(/\$\{env:(\w+)\}/g)].map((match) => match[1]);
  return Object.fromEntries(names.map((name) => [name, `readme-${name.toLowerCase()}-0123456789`]));
}

/** Writes the service of an example into `dir`. */
function writeService(example: Example, dir: string): Record<string, unknown> {
  const config = yaml.load(example.text);
  assert.ok(isRecord(config), `README.md:${example.line}: ${example.name} is not a YAML mapping`);
  const apiGateway = isRecord(config.custom) ? config.custom.apiGateway : undefined;
  const configures = (api: string) => isRecord(apiGateway) && api in apiGateway;
  const header = [
    `service: readme-${example.name}`,
    "frameworkVersion: '3'",
    ...('provider' in config
      ? []
      : ['provider:', '  name: aws', '  runtime: nodejs22.x', '  region: eu-west-1']),
    ...('plugins' in config ? [] : ['plugins:', '  - serverless-apigateway-kit']),
  ];
  const footer =
    'functions' in config
      ? []
      : [
          'functions:',
          '  hello:',
          '    handler: handler.hello',
          '    events:',
          '      - http: { method: get, path: hello }',
          ...(configures('httpApi') ? ['      - httpApi: { method: get, path: /hello }'] : []),
          ...(configures('websocket') ? ['      - websocket: { route: $default }'] : []),
        ];
  const serverlessYml = [...header, '', example.text.trimEnd(), '', ...footer, ''].join('\n');
  writeFileSync(path.join(dir, 'serverless.yml'), serverlessYml);
  const functions = yaml.load(serverlessYml) as { functions: Record<string, { handler: string }> };
  writeHandlers(
    dir,
    Object.values(functions.functions).map((fn) => fn.handler),
  );
  for (const [file, text] of example.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return config;
}

/** `src/orders.list` → src/orders.js exporting `list`: one file per module, every export. */
function writeHandlers(dir: string, handlers: readonly string[]): void {
  const modules = new Map<string, Set<string>>();
  for (const handler of handlers) {
    const dot = handler.lastIndexOf('.');
    const file = `${handler.slice(0, dot)}.js`;
    modules.set(file, (modules.get(file) ?? new Set()).add(handler.slice(dot + 1)));
  }
  for (const [file, names] of modules) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    const exports = [...names].map(
      (name) => `exports.${name} = async () => ({ statusCode: 200, body: '${name}' });`,
    );
    writeFileSync(path.join(dir, file), `${exports.join('\n')}\n`);
  }
}

/** Runs `task` over `items`, `limit` at a time, in order; settles every one. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<Array<PromiseSettledResult<R>>> {
  const results: Array<PromiseSettledResult<R>> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(items[index]) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * What the run warns about: the plugin's warnings, and each finding of core's configuration
 * validation (`Warning: Invalid configuration encountered` then `  at 'path': …`; it catches an
 * `apiGateway` key the plugin did not declare to core's schema), except `provider.runtime`:
 * serverless v3's schema predates nodejs22.x.
 */
function warnings(result: PackageResult): string[] {
  return plain(`${result.stdout}\n${result.stderr}`)
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('Warning: serverless-apigateway-kit') ||
        (/^\s+at '[^']+':/.test(line) && !line.includes("at 'provider.runtime'")),
    );
}

const blocks = fencedBlocks(readFileSync(README, 'utf8'));
const EXAMPLES = examples(blocks);

describe('README examples: marked', () => {
  it('marks every service example of the README; the unmarked yaml blocks are fragments', () => {
    assert.ok(EXAMPLES.length >= 20, `${EXAMPLES.length} examples found`);
    const markers = readFileSync(README, 'utf8').match(/^<!-- readme-example:.*$/gm) ?? [];
    const attached = blocks.filter((block) => block.marker).length;
    assert.equal(attached, markers.length, 'every marker stands above a fenced block');
    const unmarked = blocks
      .filter((block) => block.language === 'yaml' && !block.marker)
      .filter((block) => /custom:|apiGateway|functions:/.test(block.text))
      .filter((block) => SERVICE_KEYS.has(firstKey(block.text) ?? ''))
      .map((block) => `README.md:${block.line}`);
    assert.deepEqual(unmarked, [], 'mark these with <!-- readme-example: <name> -->');
  });
});

describe('README examples: each packages as written (serverless v3)', function () {
  this.timeout(600_000);

  const root = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-readme-'));
  const unwritable = new Map<string, unknown>();
  const runs = EXAMPLES.flatMap((example) => {
    const dir = path.join(root, example.name);
    mkdirSync(dir);
    try {
      const stage = stageOf(writeService(example, dir));
      return [{ example, dir, stage, env: envOf(example) }];
    } catch (error) {
      unwritable.set(example.name, error);
      return [];
    }
  });
  /** By example name (one packaging each). */
  const results = new Map<string, PromiseSettledResult<PackageResult>>();

  before(async () => {
    const settled = await inBatches(runs, 2, (run) =>
      packageServiceAsync(run.dir, { stage: run.stage, env: run.env }),
    );
    runs.forEach((run, i) => results.set(run.example.name, settled[i]));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  for (const [name, error] of unwritable) {
    it(`${name}: is a service`, () => {
      throw error;
    });
  }

  for (const run of runs) {
    it(`${run.example.name} (README.md:${run.example.line}) --stage ${run.stage}`, () => {
      const result = results.get(run.example.name);
      assert.ok(result, 'packaged');
      if (result.status === 'rejected') throw result.reason;
      assertValidTemplate(result.value.template);
      assert.deepEqual(warnings(result.value), [], 'nothing to warn about');
    });
  }
});
