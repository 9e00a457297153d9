import assert from 'node:assert/strict';
import { classifyAwsError, errorMessage, retryAttempts } from '../../src/aws/errors';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('x'), { name }, extra);

describe('AWS error classification', () => {
  it('recognises credentials, permission and throttling failures by name, code or retry flag', () => {
    assert.equal(classifyAwsError(named('ExpiredTokenException')), 'credentials');
    assert.equal(classifyAwsError({ code: 'AWS_CREDENTIALS_NOT_FOUND' }), 'credentials');
    assert.equal(classifyAwsError(named('AccessDeniedException')), 'access-denied');
    assert.equal(classifyAwsError(named('TooManyRequestsException')), 'throttled');
    assert.equal(
      classifyAwsError(named('SomethingElse', { $retryable: { throttling: true } })),
      'throttled',
    );
    assert.equal(classifyAwsError(named('NotFoundException')), 'other');
    assert.equal(classifyAwsError('plain string'), 'other');
  });

  it('keeps access key ids out of messages and cuts long ones', () => {
    assert.equal(
      errorMessage(new Error('key AKIAIOSFODNN7EXAMPLE is bad')),
      'key <access key id> is bad',
    );
    assert.equal(errorMessage(new Error('y'.repeat(600))).length, 501);
  });

  it('reads the attempts the SDK made', () => {
    assert.equal(retryAttempts(named('T', { $metadata: { attempts: 6 } })), 6);
    assert.equal(retryAttempts(named('T')), undefined);
  });
});
