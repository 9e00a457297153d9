/**
 * `npm run snapshots -- <dir>`: packages every fixture service in test/fixtures/ (each of its
 * serverless*.yml files) and example-service/, for the stages dev and prod, with the real
 * Serverless Framework (osls for the osls fixture), and writes what each produced into <dir>: the
 * update template (core's timestamped ids normalised) or, when packaging failed, its output.
 *
 * `npm run snapshots -- <dir> --compare <before>` does the same, then lists every file that
 * differs from <before> and exits 1 when any does. A refactoring proves it changed nothing by
 * running this before and after.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnTemplate } from '../src/cloudformation/template';
import {
  FIXTURES,
  REPO_ROOT,
  normalizeTemplate,
  plain,
  runServerless,
  type Framework,
} from '../test/helpers/serverless';

interface Target {
  name: string;
  dir: string;
  config: string;
  framework: Framework;
  env: Record<string, string>;
}

/** What the fixtures read from the environment (the values the integration tests give). */
const ENV = { PARTNER_A_KEY: 'partner-a-key-0123456789abcdef' };

function targets(): Target[] {
  const found: Target[] = [];
  for (const fixture of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, fixture);
    const configs = readdirSync(dir)
      .filter((file) => /^serverless(\..+)?\.(yml|yaml|ts|js|json)$/.test(file))
      .sort();
    for (const config of configs) {
      const target: Target = {
        name: `${fixture}--${config}`,
        dir,
        config,
        framework: fixture === 'osls' ? 'osls' : 'serverless',
        env: ENV,
      };
      found.push(target);
      // A fixture that compiles either way by an environment switch is packaged both ways.
      if (readFileSync(path.join(dir, config), 'utf8').includes('${env:KIT_COMPILE'))
        found.push({
          ...target,
          name: `${target.name}--openapi`,
          env: { ...ENV, KIT_COMPILE: 'openapi' },
        });
    }
  }
  found.push({
    name: 'example-service--serverless.ts',
    dir: path.join(REPO_ROOT, 'example-service'),
    config: 'serverless.ts',
    framework: 'serverless',
    env: ENV,
  });
  return found;
}

/** Output of a failed package without colours, temp paths or timings. */
function normalizeOutput(text: string, outDir: string): string {
  return plain(text)
    .split(outDir)
    .join('<OUT>')
    .replace(/\d+(\.\d+)?\s?m?s\b/g, '<TIME>')
    .split(REPO_ROOT)
    .join('<REPO>');
}

function snapshot(target: Target, stage: string, into: string): void {
  const outDir = path.join(into, '.work', `${target.name}--${stage}`);
  rmSync(outDir, { recursive: true, force: true });
  const result = runServerless(
    target.dir,
    ['package', '--stage', stage, '--package', outDir, '--config', target.config],
    { framework: target.framework, env: target.env },
  );
  const templatePath = path.join(outDir, 'cloudformation-template-update-stack.json');
  const base = path.join(into, `${target.name}--${stage}`);
  if (result.status === 0 && existsSync(templatePath)) {
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
    writeFileSync(`${base}.json`, normalizeTemplate(template) + '\n');
  } else {
    writeFileSync(
      `${base}.failed.txt`,
      `exit ${String(result.status)}\n${normalizeOutput(result.stdout + result.stderr, outDir)}`,
    );
  }
  rmSync(outDir, { recursive: true, force: true });
}

function compare(before: string, after: string): string[] {
  const names = new Set([...readdirSync(before), ...readdirSync(after)]);
  names.delete('.work');
  const differing: string[] = [];
  for (const name of [...names].sort()) {
    const a = path.join(before, name);
    const b = path.join(after, name);
    if (!existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8'))
      differing.push(name);
  }
  return differing;
}

function main(argv: string[]): number {
  const [into, flag, before] = argv;
  if (!into || (flag !== undefined && (flag !== '--compare' || !before))) {
    console.error('usage: template-snapshots <dir> [--compare <before-dir>]');
    return 2;
  }
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'index.js')))
    throw new Error('run `npm run build` first');
  mkdirSync(into, { recursive: true });
  for (const target of targets())
    for (const stage of ['dev', 'prod']) {
      snapshot(target, stage, into);
      process.stdout.write('.');
    }
  rmSync(path.join(into, '.work'), { recursive: true, force: true });
  process.stdout.write('\n');
  if (!before) return 0;
  const differing = compare(before, into);
  for (const name of differing) console.log(`differs: ${name}`);
  console.log(
    differing.length === 0 ? 'every template is identical' : `${differing.length} differ`,
  );
  return differing.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
