import assert from 'node:assert/strict';
import {
  awsErrorKind,
  awsFailureMessage,
  awsFailureWarning,
  classifyAwsError,
  errorMessage,
  retryAttempts,
  type AwsCaller,
} from '../../../src/aws/errors';

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

describe('AWS error kinds', () => {
  it('tells not-found, conflict and invalid requests apart from other failures', () => {
    assert.equal(awsErrorKind(named('NotFoundException')), 'not-found');
    assert.equal(awsErrorKind(named('ResourceNotFoundException')), 'not-found');
    // CloudFormation reports a missing stack as a ValidationError, any other one is a bad request.
    assert.equal(
      awsErrorKind(
        Object.assign(new Error('Stack with id s does not exist'), { name: 'ValidationError' }),
      ),
      'not-found',
    );
    assert.equal(awsErrorKind(named('ValidationError')), 'invalid-request');
    assert.equal(awsErrorKind(named('BadRequestException')), 'invalid-request');
    assert.equal(awsErrorKind(named('ConflictException')), 'conflict');
    assert.equal(awsErrorKind(named('InternalFailure')), 'other');
  });

  it('puts credentials, permission and throttling first, as the shared messages do', () => {
    assert.equal(awsErrorKind(named('ExpiredTokenException')), 'credentials');
    assert.equal(awsErrorKind(named('AccessDeniedException')), 'access-denied');
    assert.equal(
      awsErrorKind(named('NotFoundException', { $retryable: { throttling: true } })),
      'throttled',
    );
    for (const name of ['NotFoundException', 'ConflictException', 'BadRequestException']) {
      assert.equal(classifyAwsError(named(name)), 'other');
    }
  });
});

describe('AWS failure messages', () => {
  const caller: AwsCaller = {
    actor: 'the tool',
    nothingDone: 'Nothing changed',
    again: 'run it again',
    withoutAws: 'Or work offline.',
  };
  const call = {
    doing: 'reading stack "s"',
    permission: 'cloudformation:DescribeStacks on stack s',
  };
  const error = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error('key AKIAIOSFODNN7EXAMPLE said no'), { name }, extra);

  it('words each kind once, with what AWS said (redacted)', () => {
    assert.equal(
      awsFailureMessage(error('ExpiredToken'), call, caller),
      'AWS rejected or could not find the credentials while reading stack "s" (ExpiredToken: key <access key id> said no). The tool uses the credentials the Serverless Framework resolved (provider.profile, --aws-profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): check that they exist, are valid and have not expired. Or work offline.',
    );
    assert.equal(
      awsFailureMessage(error('AccessDenied'), { ...call, outcome: 'The file is kept.' }, caller),
      'Access denied while reading stack "s": the identity needs cloudformation:DescribeStacks on stack s (AccessDenied: key <access key id> said no). The file is kept.',
    );
    assert.equal(
      awsFailureMessage(error('Throttling', { $metadata: { attempts: 3 } }), call, caller),
      'AWS kept throttling the requests while reading stack "s", and the tool gave up after 3 attempts with backoff (Throttling: key <access key id> said no). Nothing changed; wait a minute and run it again.',
    );
    assert.equal(
      awsFailureMessage(
        error('NotFoundException'),
        { ...call, outcome: 'The file is kept.' },
        caller,
      ),
      'Unexpected AWS error while reading stack "s": NotFoundException: key <access key id> said no. The file is kept.',
    );
  });

  it('has a one-line form for the warnings after a deploy that went through', () => {
    const attempt = { attempted: 'read stack "s"', permission: 'cloudformation:DescribeStacks' };
    assert.equal(
      awsFailureWarning(error('AccessDenied'), attempt),
      'could not read stack "s" (AccessDenied: key <access key id> said no); it needs cloudformation:DescribeStacks',
    );
    assert.equal(
      awsFailureWarning(error('TooManyRequestsException'), attempt),
      'could not read stack "s": AWS kept throttling the requests despite retries (TooManyRequestsException: key <access key id> said no)',
    );
    assert.match(
      awsFailureWarning(error('CredentialsProviderError'), attempt),
      /^could not read stack "s": AWS rejected or could not find the credentials/,
    );
    assert.equal(
      awsFailureWarning('socket hang up', attempt),
      'could not read stack "s" (Error: socket hang up)',
    );
  });
});
