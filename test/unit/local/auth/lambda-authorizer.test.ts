/**
 * Lambda TOKEN and REQUEST authorizers in the local gateway, as API Gateway runs them:
 * - "Use API Gateway Lambda authorizers":
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * - input: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 * - output: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * Every authorizer function appends its event to a file: the tests count its lines to know
 * whether (and how often) the function ran. The cache's clock is injected.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { contextMock, guardedTemplate, lambdaAuthorizer, nodeFunction, proxyTo } from './fixtures';

const AUTHORIZERS = `
const fs = require('node:fs');
const record = (event) => fs.appendFileSync(process.env.CALLS, JSON.stringify(event) + '\\n');
const policy = (effect, resource) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Action: 'execute-api:Invoke', Resource: resource }],
});
exports.token = async (event) => {
  record(event);
  const token = event.authorizationToken;
  if (token === 'unauthorized') throw new Error('Unauthorized');
  if (token === 'boom') throw new Error('boom');
  if (token === 'no-policy') return { principalId: 'u' };
  if (token === 'nested') return { principalId: 'u', policyDocument: policy('Allow', '*'), context: { a: { b: 1 } } };
  if (token === 'deny') return { principalId: 'u', policyDocument: policy('Deny', event.methodArn) };
  if (token === 'elsewhere') return { principalId: 'u', policyDocument: policy('Allow', 'arn:aws:execute-api:us-east-1:123456789012:local/test/GET/other') };
  if (token.startsWith('this-method')) return { principalId: 'u', policyDocument: policy('Allow', event.methodArn) };
  if (token === 'wildcards') return {
    principalId: 'u',
    policyDocument: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: 'execute-api:*', Resource: 'arn:aws:execute-api:*:*:local/test/GET/*' },
      { Effect: 'Deny', Action: '*', Resource: ['arn:aws:execute-api:*:*:local/test/GET/items/?/secret'] },
    ] },
  };
  return {
    principalId: 'user-1',
    policyDocument: policy('Allow', '*'),
    context: { user: 'u1', count: 7, admin: true },
    usageIdentifierKey: 'key-1',
  };
};
exports.request = async (event) => {
  record(event);
  return { principalId: 'req-' + event.queryStringParameters.q, policyDocument: policy('Allow', event.methodArn) };
};
`;

const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer ?? null) });`;

describe('local gateway: Lambda authorizers', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  let clock = 1_700_000_000_000;
  const lines: string[] = [];
  const callsFile = () => path.join(dir, 'calls.jsonl');
  const calls = (): Array<Record<string, unknown>> => {
    const text = readFileSync(callsFile(), 'utf8');
    return text === ''
      ? []
      : text
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
  };
  const get = (pathname: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${pathname}`, { headers });

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-auth-'));
    writeFileSync(path.join(dir, 'authorizers.js'), AUTHORIZERS);
    writeFileSync(path.join(dir, 'echo.js'), ECHO);
    const token = { type: 'CUSTOM', authorizer: 'TokenAuth' };
    const template = guardedTemplate(
      [
        { path: '/items/{id}', httpMethod: 'GET', integration: proxyTo('Echo'), auth: token },
        {
          path: '/items/{id}/secret',
          httpMethod: 'GET',
          integration: proxyTo('Echo'),
          auth: token,
        },
        { path: '/other', httpMethod: 'GET', integration: proxyTo('Echo'), auth: token },
        {
          path: '/context',
          httpMethod: 'GET',
          integration: contextMock(
            '{"principalId": "$context.authorizer.principalId", "user": "$context.authorizer.user", "count": "$context.authorizer.count"}',
          ),
          auth: token,
        },
        {
          path: '/validated',
          httpMethod: 'GET',
          integration: proxyTo('Echo'),
          auth: { type: 'CUSTOM', authorizer: 'ValidatedAuth' },
        },
        {
          path: '/uncached',
          httpMethod: 'GET',
          integration: proxyTo('Echo'),
          auth: { type: 'CUSTOM', authorizer: 'UncachedAuth' },
        },
        {
          path: '/request/{name}',
          httpMethod: 'POST',
          integration: proxyTo('Echo'),
          auth: { type: 'CUSTOM', authorizer: 'RequestAuth' },
        },
        { path: '/open', httpMethod: 'GET', integration: proxyTo('Echo') },
      ],
      {
        Authorizers: nodeFunction('authorizers.token', { CALLS: path.join(dir, 'calls.jsonl') }),
        RequestAuthorizer: nodeFunction('authorizers.request', {
          CALLS: path.join(dir, 'calls.jsonl'),
        }),
        Echo: nodeFunction('echo.handler'),
        TokenAuth: lambdaAuthorizer('Authorizers', {
          Name: 'token',
          Type: 'TOKEN',
          IdentitySource: 'method.request.header.Authorization',
        }),
        ValidatedAuth: lambdaAuthorizer('Authorizers', {
          Name: 'validated',
          Type: 'TOKEN',
          IdentitySource: 'method.request.header.Authorization',
          IdentityValidationExpression: '[a-z-]+',
        }),
        UncachedAuth: lambdaAuthorizer('Authorizers', {
          Name: 'uncached',
          Type: 'TOKEN',
          IdentitySource: 'method.request.header.Authorization',
          AuthorizerResultTtlInSeconds: 0,
        }),
        RequestAuth: lambdaAuthorizer('RequestAuthorizer', {
          Name: 'request',
          Type: 'REQUEST',
          IdentitySource:
            'method.request.header.X-Key, method.request.querystring.q, stageVariables.color, context.httpMethod',
        }),
        ApiGatewayStage: {
          Type: 'AWS::ApiGateway::Stage',
          Properties: { StageName: 'test', Variables: { color: 'blue' } },
        },
      },
    );
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'test',
      port: 0,
      now: () => clock,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest ?? '';
  });

  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => writeFileSync(callsFile(), ''));

  it('a missing identity source is 401 Unauthorized without invoking the function', async () => {
    const response = await get('/items/1');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('x-amzn-errortype'), 'UnauthorizedException');
    assert.equal(await response.text(), '{"message":"Unauthorized"}');
    assert.equal(calls().length, 0);
    // An empty value is missing too ("present, not null and non-empty").
    assert.equal((await get('/items/1', { Authorization: '' })).status, 401);
    assert.equal(calls().length, 0);
  });

  it('a TOKEN that does not match identityValidationExpression is 401 without invoking', async () => {
    const refused = await get('/validated', { Authorization: 'NOT-lower' });
    assert.equal(refused.status, 401);
    assert.equal(calls().length, 0);
    // The whole token must match, not a part of it.
    assert.equal((await get('/validated', { Authorization: 'ok!' })).status, 401);
    assert.equal(calls().length, 0);
    assert.equal((await get('/validated', { Authorization: 'lower-case' })).status, 200);
    assert.equal(calls().length, 1);
  });

  it('a TOKEN event has exactly type, authorizationToken and methodArn', async () => {
    await get('/items/42', { Authorization: 'event-shape' });
    assert.deepEqual(calls(), [
      {
        type: 'TOKEN',
        authorizationToken: 'event-shape',
        methodArn: 'arn:aws:execute-api:us-east-1:123456789012:local/test/GET/items/42',
      },
    ]);
  });

  it('an error whose message is exactly "Unauthorized" is 401', async () => {
    const response = await get('/items/1', { Authorization: 'unauthorized' });
    assert.equal(response.status, 401);
    assert.equal(await response.text(), '{"message":"Unauthorized"}');
    assert.equal(calls().length, 1);
  });

  it('another error, or output that is not a policy, is 500 AUTHORIZER_CONFIGURATION_ERROR', async () => {
    for (const token of ['boom', 'no-policy', 'nested']) {
      const response = await get('/items/1', { Authorization: token });
      assert.equal(response.status, 500, token);
      assert.equal(response.headers.get('x-amzn-errortype'), 'AuthorizerConfigurationException');
      assert.equal(await response.text(), '{"message":null}');
    }
    assert.match(lines.join('\n'), /authorizer token: .*failed: Error: boom/);
    assert.match(lines.join('\n'), /context\.a is not a string, number or boolean/);
  });

  it('an explicit Deny is 403 "... with an explicit deny"; a policy that does not allow the method is 403', async () => {
    const denied = await get('/items/1', { Authorization: 'deny' });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal(
      await denied.text(),
      '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    );
    const notAllowed = await get('/items/1', { Authorization: 'elsewhere' });
    assert.equal(notAllowed.status, 403);
    assert.equal(
      await notAllowed.text(),
      '{"Message":"User is not authorized to access this resource"}',
    );
    assert.equal((await get('/other', { Authorization: 'elsewhere' })).status, 200);
  });

  it('Resource wildcards (* and ?) and Action execute-api:* / *; Deny wins over Allow', async () => {
    assert.equal((await get('/items/7', { Authorization: 'wildcards' })).status, 200);
    assert.equal((await get('/other', { Authorization: 'wildcards' })).status, 200);
    const secret = await get('/items/7/secret', { Authorization: 'wildcards' });
    assert.equal(secret.status, 403);
    assert.match(await secret.text(), /explicit deny/);
    // `?` is one character: the Deny on items/?/secret does not name items/77/secret.
    assert.equal((await get('/items/77/secret', { Authorization: 'wildcards' })).status, 200);
  });

  it('principalId and context reach requestContext.authorizer (values as strings) and $context.authorizer', async () => {
    const response = await get('/items/1', { Authorization: 'allow' });
    assert.equal(response.status, 200);
    const authorizer = (await response.json()) as Record<string, unknown>;
    assert.equal(typeof authorizer.integrationLatency, 'number');
    delete authorizer.integrationLatency;
    assert.deepEqual(authorizer, {
      principalId: 'user-1',
      user: 'u1',
      count: '7',
      admin: 'true',
    });
    const mapped = await get('/context', { Authorization: 'allow' });
    assert.deepEqual(await mapped.json(), { principalId: 'user-1', user: 'u1', count: '7' });
  });

  it('caches the policy for resultTtlInSeconds by token; a cached policy that does not name another method denies it', async () => {
    assert.equal((await get('/items/1', { Authorization: 'this-method-a' })).status, 200);
    assert.equal((await get('/items/1', { Authorization: 'this-method-a' })).status, 200);
    assert.equal(calls().length, 1, 'the second request used the cached policy');
    const other = await get('/items/2', { Authorization: 'this-method-a' });
    assert.equal(other.status, 403, 'the policy cached for /items/1 does not allow /items/2');
    assert.equal(calls().length, 1);
    assert.equal((await get('/items/2', { Authorization: 'this-method-b' })).status, 200);
    assert.equal(calls().length, 2, 'another token is another cache entry');
    clock += 299_000;
    await get('/items/1', { Authorization: 'this-method-a' });
    assert.equal(calls().length, 2, 'still cached at 299 s');
    clock += 2_000;
    await get('/items/1', { Authorization: 'this-method-a' });
    assert.equal(calls().length, 3, 'expired after the default 300 s');
  });

  it('resultTtlInSeconds 0 turns the cache off', async () => {
    await get('/uncached', { Authorization: 'allow' });
    await get('/uncached', { Authorization: 'allow' });
    assert.equal(calls().length, 2);
  });

  it('REQUEST: every identity source (header, query string, stage variable, context) must be present', async () => {
    const post = (query: string, headers: Record<string, string>) =>
      fetch(`${base}/request/alice${query}`, { method: 'POST', headers, body: 'payload' });
    assert.equal((await post('', { 'X-Key': 'k' })).status, 401);
    assert.equal((await post('?q=1', {})).status, 401);
    assert.equal(calls().length, 0);
    const allowed = await post('?q=1&q=2', { 'x-key': 'k' });
    assert.equal(allowed.status, 200);
    assert.equal(((await allowed.json()) as { principalId: string }).principalId, 'req-2');
    const [event] = calls();
    assert.deepEqual(Object.keys(event).sort(), [
      'headers',
      'httpMethod',
      'methodArn',
      'multiValueHeaders',
      'multiValueQueryStringParameters',
      'path',
      'pathParameters',
      'queryStringParameters',
      'requestContext',
      'resource',
      'stageVariables',
      'type',
    ]);
    assert.equal(event.type, 'REQUEST');
    assert.equal(
      event.methodArn,
      'arn:aws:execute-api:us-east-1:123456789012:local/test/POST/request/alice',
    );
    assert.equal(event.resource, '/request/{name}');
    assert.equal(event.path, '/request/alice');
    assert.deepEqual(event.pathParameters, { name: 'alice' });
    assert.deepEqual(event.multiValueQueryStringParameters, { q: ['1', '2'] });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal((event.requestContext as { stage: string }).stage, 'test');
    // Cached by the identity source values: the same values do not invoke again, others do.
    await post('?q=1&q=2', { 'x-key': 'k' });
    assert.equal(calls().length, 1);
    await post('?q=3', { 'x-key': 'k' });
    assert.equal(calls().length, 2);
  });

  it('methods without an authorizer run as before', async () => {
    const response = await get('/open');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'null');
  });
});
