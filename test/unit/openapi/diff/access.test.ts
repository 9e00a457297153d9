import assert from 'node:assert/strict';
import type { RestAuthorizer } from '../../../../src/model';
import { diffAccess } from '../../../../src/openapi/diff/access';
import { api, lines, method } from './models';

const auth = (
  type: string,
  authorizer?: string,
  scopes: string[] = [],
  apiKeyRequired = false,
) => ({
  authorization: { type, ...(authorizer ? { authorizer } : {}), scopes, apiKeyRequired },
});
const tokenAuthorizer = (header: string): RestAuthorizer => ({
  name: 'jwt',
  type: 'TOKEN',
  identitySources: [`method.request.header.${header}`],
});

describe('apigateway diff: authorization and API keys', () => {
  it('authorization added is breaking, removed is not, changed is', () => {
    const open = api([
      method('GET', '/a'),
      method('GET', '/b', auth('AWS_IAM')),
      method('GET', '/c', auth('CUSTOM', 'jwt')),
    ]);
    const closed = api([
      method('GET', '/a', auth('AWS_IAM')),
      method('GET', '/b'),
      method('GET', '/c', auth('COGNITO_USER_POOLS', 'pool')),
    ]);
    assert.deepEqual(lines(diffAccess(open, closed)), [
      'breaking authorization-added GET /a: authorization added: NONE → AWS_IAM',
      'non-breaking authorization-removed GET /b: authorization removed: AWS_IAM → NONE (anyone may call it now)',
      'breaking authorization-changed GET /c: authorization changed: CUSTOM (authorizer jwt) → COGNITO_USER_POOLS (authorizer pool)',
    ]);
  });

  it('the same authorizer reading another header is breaking', () => {
    const before = api([method('GET', '/a', auth('CUSTOM', 'jwt'))], {
      authorizers: [tokenAuthorizer('Authorization')],
    });
    const after = api([method('GET', '/a', auth('CUSTOM', 'jwt'))], {
      authorizers: [tokenAuthorizer('X-Token')],
    });
    assert.deepEqual(lines(diffAccess(before, after)), [
      'breaking authorization-changed GET /a: authorizer jwt changed: TOKEN reading method.request.header.Authorization → TOKEN reading method.request.header.X-Token',
    ]);
  });

  it('scopes removed (or first required) are breaking; scopes added to a list are not', () => {
    const scoped = (...scopes: string[]) =>
      api([method('GET', '/a', auth('COGNITO_USER_POOLS', 'pool', scopes))]);
    assert.deepEqual(lines(diffAccess(scoped('read', 'write'), scoped('read'))), [
      'breaking authorization-changed GET /a: authorization scopes changed: read, write → read',
    ]);
    assert.deepEqual(lines(diffAccess(scoped('read'), scoped('read', 'admin'))), [
      'non-breaking authorization-changed GET /a: authorization scopes changed: read → admin, read',
    ]);
    assert.equal(diffAccess(scoped(), scoped('read'))[0].severity, 'breaking');
  });

  it('an API key newly required is breaking; no longer required is not', () => {
    const keyed = api([method('GET', '/a', auth('NONE', undefined, [], true))]);
    const free = api([method('GET', '/a')]);
    assert.deepEqual(lines(diffAccess(free, keyed)), [
      'breaking api-key-required GET /a: an API key is now required',
    ]);
    assert.deepEqual(lines(diffAccess(keyed, free)), [
      'non-breaking api-key-not-required GET /a: an API key is no longer required',
    ]);
  });
});
