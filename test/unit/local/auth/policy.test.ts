/**
 * The policy a Lambda authorizer returns, evaluated as API Gateway does ("Output from an API
 * Gateway Lambda authorizer",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html).
 */
import { strict as assert } from 'node:assert';
import {
  evaluatePolicy,
  methodArn,
  readAuthorizerResult,
  wildcardMatches,
} from '../../../../src/local/rest/auth/policy';

const parts = { region: 'eu-west-1', accountId: '123456789012', apiId: 'local', stage: 'dev' };

describe('local gateway: authorizer policies', () => {
  it('a method ARN is arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>', () => {
    assert.equal(
      methodArn(parts, 'GET', '/pets/1'),
      'arn:aws:execute-api:eu-west-1:123456789012:local/dev/GET/pets/1',
    );
    assert.equal(
      methodArn(parts, 'GET', '/'),
      'arn:aws:execute-api:eu-west-1:123456789012:local/dev/GET/',
    );
  });

  it('* matches any run of characters, / included; ? exactly one; the rest literally', () => {
    assert.equal(wildcardMatches('arn:*/dev/*', 'arn:x/dev/GET/a/b'), true);
    assert.equal(wildcardMatches('a?c', 'abc'), true);
    assert.equal(wildcardMatches('a?c', 'abbc'), false);
    assert.equal(wildcardMatches('a.c', 'abc'), false);
    assert.equal(wildcardMatches('GET/pets', 'get/pets'), false);
  });

  it('explicit Deny wins; nothing applying is not allowed; other actions do not apply', () => {
    const arn = methodArn(parts, 'GET', '/pets');
    const allow = { effect: 'Allow' as const, actions: ['execute-api:Invoke'], resources: ['*'] };
    const deny = { effect: 'Deny' as const, actions: ['execute-api:*'], resources: [arn] };
    assert.equal(evaluatePolicy([allow], arn), 'allow');
    assert.equal(evaluatePolicy([allow, deny], arn), 'explicit-deny');
    assert.equal(evaluatePolicy([], arn), 'not-allowed');
    assert.equal(
      evaluatePolicy([{ ...allow, actions: ['execute-api:ManageConnections'] }], arn),
      'not-allowed',
    );
    assert.equal(evaluatePolicy([{ ...allow, actions: ['*'] }], arn), 'allow');
  });

  it('reads a single Statement object or a list, and refuses what is not a policy', () => {
    const result = readAuthorizerResult({
      principalId: 'me',
      policyDocument: {
        Statement: { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
      },
      context: { a: 'x', b: 1, c: false },
      usageIdentifierKey: 'k',
    });
    assert.deepEqual(result, {
      principalId: 'me',
      statements: [{ effect: 'Allow', actions: ['execute-api:Invoke'], resources: ['*'] }],
      context: { a: 'x', b: 1, c: false },
      usageIdentifierKey: 'k',
    });
    assert.equal(typeof readAuthorizerResult('Allow'), 'string');
    assert.equal(typeof readAuthorizerResult({ principalId: 'me' }), 'string');
    assert.equal(
      typeof readAuthorizerResult({
        policyDocument: { Statement: [{ Effect: 'allow', Action: 'x', Resource: '*' }] },
      }),
      'string',
    );
    assert.equal(
      typeof readAuthorizerResult({
        policyDocument: { Statement: [] },
        context: { list: [1] },
      }),
      'string',
    );
  });
});
