import assert from 'node:assert/strict';
import { didYouMean, editDistance } from '../../../src/common/did-you-mean';

describe('editDistance', () => {
  const cases: Array<[string, string, number]> = [
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['cachng', 'caching', 1],
    ['stges', 'stages', 1],
    ['acessLog', 'accessLog', 1],
    ['a', 'A', 1],
  ];
  for (const [a, b, expected] of cases) {
    it(`"${a}" → "${b}" is ${expected}`, () => {
      assert.equal(editDistance(a, b), expected);
      assert.equal(editDistance(b, a), expected, 'symmetric');
    });
  }
});

describe('didYouMean', () => {
  const stageKeys = ['description', 'variables', 'throttling', 'logging', 'caching', 'canary'];

  it('suggests the closest key for a typo', () => {
    assert.equal(didYouMean('cachng', stageKeys), 'caching');
    assert.equal(didYouMean('loging', stageKeys), 'logging');
    assert.equal(didYouMean('stges', ['restApi', 'stages', 'stageMigration']), 'stages');
  });

  it('prefers a case-only match, keeping the candidate spelling', () => {
    assert.equal(didYouMean('regional', ['EDGE', 'REGIONAL', 'PRIVATE']), 'REGIONAL');
    assert.equal(didYouMean('restapi', ['restApi', 'stages']), 'restApi');
    // 'stage' is closer by one edit than nothing, but 'Stages' matches 'stages' exactly up to case.
    assert.equal(didYouMean('Stages', ['stage', 'stages']), 'stages');
  });

  it('never suggests for numbers: "3" did not mean "237"', () => {
    const sizes = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
    assert.equal(didYouMean('3', sizes), undefined);
    assert.equal(
      didYouMean('118', sizes),
      undefined,
      'even an exact number is a value, not a typo',
    );
    assert.equal(didYouMean('1.7', sizes), undefined);
    assert.equal(didYouMean('30', ['3', '30']), undefined);
  });

  it('returns undefined when nothing is close', () => {
    assert.equal(didYouMean('banana', stageKeys), undefined);
    assert.equal(
      didYouMean('ttl', ['enabled', 'clusterSize', 'ttlInSeconds', 'encrypted']),
      undefined,
    );
    assert.equal(didYouMean('anything', []), undefined);
  });

  it('allows 2 edits for short words', () => {
    assert.equal(didYouMean('lvel', ['level']), 'level', '1 edit');
    assert.equal(didYouMean('lvl', ['level']), 'level', '2 edits');
    assert.equal(didYouMean('lv', ['level']), undefined, '3 edits');
  });

  it('never suggests when the distance is the whole word (every letter replaced)', () => {
    // distance 2 is within the limit of 2, but not below the word's length of 2
    assert.equal(didYouMean('ab', ['xy']), undefined);
    assert.equal(didYouMean('ab', ['ax']), 'ax');
  });

  it('allows a third of the length for longer words', () => {
    // 11 letters → limit 3: a missing 'd' and a swap ('Tpye') are 3 edits
    assert.equal(didYouMean('enpointTpye', ['endpointType']), 'endpointType');
    // 12 letters → limit 4
    assert.equal(didYouMean('abcdefghijkl', ['abcdefghwxyz']), 'abcdefghwxyz', '4 edits of 12');
    assert.equal(didYouMean('abcdefghijkl', ['abcdefgvwxyz']), undefined, '5 edits of 12');
  });

  it('picks the smallest distance, and the first candidate on a tie', () => {
    assert.equal(didYouMean('metrcs', ['metric', 'metrics']), 'metrics');
    assert.equal(didYouMean('rat', ['cat', 'bat']), 'cat');
  });
});
