/**
 * What users import, kept in step with what the README says: every type of
 * `serverless-apigateway-kit/types` listed in the README and on the main entry, the README's
 * TypeScript example being the fixture the integration tests compile and package, and the cors
 * helper package being the plugin's own dependency-free source at the plugin's version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

function exportedTypeNames(file: string): string[] {
  return [...read(file).matchAll(/^export (?:interface|type) (\w+)/gm)].map((match) => match[1]);
}

const TYPES = [
  ...exportedTypeNames('src/config/types.generated.ts'),
  ...exportedTypeNames('src/types/index.ts'),
].sort();

describe('package entries', () => {
  it('the types entry re-exports the generated types and adds the service helpers', () => {
    assert.match(read('src/types/index.ts'), /^export \* from '\.\.\/config\/types\.generated';$/m);
    for (const name of ['WithApiGateway', 'FunctionWithApiGateway', 'EventWithApiGateway'])
      assert.ok(TYPES.includes(name), name);
  });

  it('the README lists every exported type', () => {
    const readme = read('README.md');
    const start = readme.indexOf('Exported types (from `serverless-apigateway-kit/types`');
    assert.ok(start > 0, 'the README has the list');
    const list = readme.slice(start, readme.indexOf('\n## ', start));
    const listed = [...list.matchAll(/`(\w+)(?:<\w+>)?`/g)].map((match) => match[1]);
    assert.deepEqual(
      TYPES.filter((name) => !listed.includes(name)),
      [],
    );
  });

  it('the main entry has the same types (for existing imports)', () => {
    const namespace = read('src/index.ts');
    const declared = [...namespace.matchAll(/^ {2}export type (\w+)/gm)].map((match) => match[1]);
    assert.deepEqual(declared.sort(), TYPES);
  });

  it("the README's serverless.ts is test/fixtures/readme-typescript/serverless.ts", () => {
    const fixture = read('test/fixtures/readme-typescript/serverless.ts');
    assert.ok(read('README.md').includes('```ts\n' + fixture + '```\n'));
  });

  it('serverless-apigateway-kit-cors is src/runtime/cors.ts, dependency-free, at the plugin version', () => {
    const plugin = JSON.parse(read('package.json')) as { version: string };
    const helper = JSON.parse(read('packages/cors/package.json')) as Record<string, unknown>;
    assert.equal(helper.name, 'serverless-apigateway-kit-cors');
    assert.equal(helper.version, plugin.version);
    assert.equal(helper.dependencies, undefined);
    assert.equal(helper.peerDependencies, undefined);
    const tsconfig = read('packages/cors/tsconfig.json');
    assert.match(tsconfig, /"files": \["\.\.\/\.\.\/src\/runtime\/cors\.ts"\]/);
    // Compiled alone into the package: the source may import nothing.
    assert.doesNotMatch(read('src/runtime/cors.ts'), /^\s*import\s|\brequire\(/m);
  });
});
