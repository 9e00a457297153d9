/**
 * Refreshes the CloudFormation resource provider schemas the tests check templates against
 * (`test/cfn-schemas/`, read by `test/helpers/cfn-check.ts`) from a directory laid out the same
 * way: an `index.json` mapping each resource type to its file, the files, and `extensions/` with
 * cfn-lint's extra rules (`<aws_service_type>--<rule>.json`).
 *
 *   npm run refresh-cfn-schemas -- <source-dir> [TYPE ...]
 *
 * `source-dir` is required: a snapshot of AWS's schemas (cfn-lint bundles one). The types refreshed are
 * the ones `test/cfn-schemas/index.json` lists, plus each `TYPE` given (how a test that emits a
 * new resource type gets its schema). Files are copied byte for byte, so a diff shows exactly
 * what AWS changed; files of types no longer listed are removed; the README's "Copied" line gets
 * today's date.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
const TARGET = path.join(REPO_ROOT, 'test', 'cfn-schemas');
const COPIED_LINE = /Copied: \d{4}-\d{2}-\d{2}/;
const RESOURCE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

function readIndex(dir: string): Record<string, string> {
  const file = path.join(dir, 'index.json');
  if (!existsSync(file)) throw new Error(`no index.json in ${dir}: is it a schema directory?`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** Byte for byte, as a fresh writable file (the source may be read-only). */
function copy(from: string, to: string): void {
  writeFileSync(to, readFileSync(from));
}

/** `AWS::ApiGateway::Stage` → `aws_apigateway_stage`, the prefix of its extension files. */
function extensionPrefix(type: string): string {
  return type.toLowerCase().replace(/::/g, '_');
}

function main(argv: readonly string[]): void {
  const typesToAdd = argv.filter((arg) => RESOURCE_TYPE.test(arg));
  const others = argv.filter((arg) => !RESOURCE_TYPE.test(arg));
  if (others.length !== 1 || others.some((arg) => arg.startsWith('-'))) {
    throw new Error(
      `usage: npm run refresh-cfn-schemas -- <source-dir> [TYPE ...] (got ${others.join(' ') || 'no source-dir'})`,
    );
  }
  const source = path.resolve(others[0]);
  const sourceIndex = readIndex(source);
  const current = existsSync(path.join(TARGET, 'index.json')) ? readIndex(TARGET) : {};
  const types = [...new Set([...Object.keys(current), ...typesToAdd])].sort();

  const missing = types.filter((type) => sourceIndex[type] === undefined);
  if (missing.length > 0) {
    throw new Error(`${source} has no schema for ${missing.join(', ')} (check the spelling)`);
  }

  mkdirSync(TARGET, { recursive: true });
  const index: Record<string, string> = {};
  for (const type of types) {
    index[type] = sourceIndex[type];
    copy(path.join(source, sourceIndex[type]), path.join(TARGET, sourceIndex[type]));
  }
  const keep = new Set(Object.values(index));
  for (const file of readdirSync(TARGET)) {
    if (file.endsWith('.json') && file !== 'index.json' && !keep.has(file))
      rmSync(path.join(TARGET, file));
  }
  writeFileSync(path.join(TARGET, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);

  const prefixes = new Set(types.map(extensionPrefix));
  const sourceExtensions = path.join(source, 'extensions');
  const targetExtensions = path.join(TARGET, 'extensions');
  rmSync(targetExtensions, { recursive: true, force: true });
  const extensions = existsSync(sourceExtensions)
    ? readdirSync(sourceExtensions)
        .filter((file) => file.endsWith('.json') && prefixes.has(file.split('--')[0]))
        .sort()
    : [];
  if (extensions.length > 0) mkdirSync(targetExtensions);
  for (const file of extensions) {
    copy(path.join(sourceExtensions, file), path.join(targetExtensions, file));
  }

  const readme = path.join(TARGET, 'README.md');
  const today = new Date().toISOString().slice(0, 10);
  const text = readFileSync(readme, 'utf8');
  if (!COPIED_LINE.test(text)) throw new Error(`${readme} has no "Copied: <date>" line to update`);
  writeFileSync(readme, text.replace(COPIED_LINE, `Copied: ${today}`));

  process.stdout.write(
    `Refreshed ${types.length} resource types and ${extensions.length} extension rules from ${source} into ${path.relative(REPO_ROOT, TARGET)}\n`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`refresh-cfn-schemas: ${(error as Error).message}\n`);
  process.exit(1);
}
