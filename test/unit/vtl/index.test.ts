/**
 * src/vtl is published on its own as `serverless-apigateway-kit/vtl` (package.json "exports"), so
 * users can test their templates: it must import nothing from the rest of the plugin.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('serverless-apigateway-kit/vtl stands alone', () => {
  it('no module in src/vtl imports from outside src/vtl', () => {
    const dir = join(__dirname, '../../../src/vtl');
    const outside = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [
          ...readFileSync(join(dir, file), 'utf8').matchAll(
            /from '(\.\.\/[^']*)'|require\('(\.\.\/[^']*)'\)/g,
          ),
        ].map((match) => `${file}: ${match[1] ?? match[2]}`),
      );
    assert.deepEqual(outside, []);
  });
});
