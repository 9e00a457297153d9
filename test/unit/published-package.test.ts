/**
 * What `npm publish` ships: the files a user reads on npm must be in the package. A README link to a
 * file the package leaves out is a broken link on npmjs.com and in node_modules (issue 20 found
 * `bench/RESULTS.md`); the license the manifest names must come with its text.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  files: string[];
  license: string;
};

function shipped(file: string): boolean {
  const normalised = path.posix.normalize(file).replace(/\/$/, '');
  return manifest.files.some(
    (entry) => normalised === entry || normalised.startsWith(`${entry.replace(/\/$/, '')}/`),
  );
}

/** Relative Markdown link targets (`[text](path)`), without anchors; web and in-page links skipped. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
  return targets
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]);
}

describe('the published package', () => {
  for (const document of ['README.md', 'CHANGELOG.md']) {
    it(`ships every file ${document} links to`, () => {
      assert.ok(shipped(document), `${document} is not in package.json "files"`);
      const links = relativeLinks(readFileSync(path.join(root, document), 'utf8'));
      for (const link of links) {
        assert.ok(
          existsSync(path.join(root, link)),
          `${document} links to ${link}, which does not exist`,
        );
        assert.ok(
          shipped(link),
          `${document} links to ${link}, which package.json "files" leaves out`,
        );
      }
    });
  }

  it('ships the license text of the license it declares', () => {
    assert.ok(shipped('LICENSE'), 'LICENSE is not in package.json "files"');
    const text = readFileSync(path.join(root, 'LICENSE'), 'utf8');
    assert.equal(manifest.license, 'MIT');
    assert.match(text, /^MIT License/);
  });
});
