/** The config types users import are generated from schemas/: fail when the committed file is stale. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GENERATED_TYPES_PATH, generateTypes } from '../../../scripts/generate-types';

describe('generated config types', () => {
  it('match the schemas (run `npm run generate:types` after changing schemas/)', async () => {
    const expected = await generateTypes();
    const committed = readFileSync(GENERATED_TYPES_PATH, 'utf8');
    assert.equal(
      committed,
      expected,
      'src/config/types.generated.ts is stale: run `npm run generate:types`',
    );
  });
});
