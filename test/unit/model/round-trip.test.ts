import assert from 'node:assert/strict';
import { comparable, roundTrip } from './round-trip';
import { restTemplate } from './fixtures';

describe('model: round trip template → model → body → template → model', () => {
  it('gives the same model for a REST API with authorizers, validators, models and responses', () => {
    const { before, after, template } = roundTrip(restTemplate());
    assert.equal(
      Object.values(template.Resources).filter((r) => r.Type === 'AWS::ApiGateway::Method').length,
      0,
    );
    assert.deepEqual(comparable(after), comparable(before));
    // Not vacuous: the models hold the API.
    assert.equal(after.methods.length, 2);
    assert.equal(after.stages.length, 1);
  });

  it('notices a difference a body would lose', () => {
    const { before } = roundTrip(restTemplate());
    const changed = structuredClone(before);
    changed.methods[0].authorization.apiKeyRequired = false;
    assert.notDeepEqual(comparable(changed), comparable(before));
  });
});
