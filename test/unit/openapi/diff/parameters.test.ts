import assert from 'node:assert/strict';
import { diffParameters } from '../../../../src/openapi/diff/parameters';
import { api, lines, method } from './models';

const validating = {
  requestValidators: [
    { name: 'params', validateRequestBody: false, validateRequestParameters: true },
  ],
};

describe('apigateway diff: request parameters', () => {
  it('a parameter newly required on a validated method is breaking', () => {
    const before = api(
      [
        method('GET', '/orders', {
          requestParameters: { 'method.request.querystring.status': false },
          requestValidator: 'params',
        }),
      ],
      validating,
    );
    const after = api(
      [
        method('GET', '/orders', {
          requestParameters: {
            'method.request.querystring.status': true,
            'method.request.header.X-Tenant': true,
          },
          requestValidator: 'params',
        }),
      ],
      validating,
    );
    assert.deepEqual(lines(diffParameters(before, after)), [
      'breaking parameter-required GET /orders: header parameter "X-Tenant" added, required',
      'breaking parameter-required GET /orders: query parameter "status" is now required',
    ]);
  });

  it('without a validator checking parameters, a new requirement is documented only (non-breaking)', () => {
    const before = api([method('GET', '/orders')]);
    const after = api([
      method('GET', '/orders', {
        requestParameters: { 'method.request.querystring.status': 'true' },
      }),
    ]);
    assert.deepEqual(lines(diffParameters(before, after)), [
      'non-breaking parameter-required GET /orders: query parameter "status" added, required (documented only: no request validator checks parameters)',
    ]);
  });

  it('optional parameters added, requirements dropped and parameters removed are non-breaking', () => {
    const before = api([
      method('GET', '/orders', {
        requestParameters: {
          'method.request.querystring.page': true,
          'method.request.header.x-old': false,
          'method.request.path.id': true,
        },
      }),
    ]);
    const after = api([
      method('GET', '/orders', {
        requestParameters: {
          'method.request.querystring.page': false,
          'method.request.multivaluequerystring.tag': false,
          'method.request.path.id': true,
        },
      }),
    ]);
    assert.deepEqual(lines(diffParameters(before, after)), [
      'non-breaking parameter-optional GET /orders: query parameter "page" is now optional',
      'non-breaking parameter-added GET /orders: query parameter "tag" added, optional',
      'non-breaking parameter-removed GET /orders: header parameter "x-old" removed',
    ]);
  });

  it('header names compare case-insensitively', () => {
    const before = api([
      method('GET', '/a', { requestParameters: { 'method.request.header.X-Id': true } }),
    ]);
    const after = api([
      method('GET', '/a', { requestParameters: { 'method.request.header.x-id': true } }),
    ]);
    assert.deepEqual(diffParameters(before, after), []);
  });

  it('validation turned on enforces what was required (breaking); turned off is non-breaking', () => {
    const parameters = { 'method.request.querystring.status': true };
    const unchecked = api([method('GET', '/orders', { requestParameters: parameters })]);
    const checked = api(
      [method('GET', '/orders', { requestParameters: parameters, requestValidator: 'params' })],
      validating,
    );
    assert.deepEqual(lines(diffParameters(unchecked, checked)), [
      'breaking validation-added GET /orders: request parameters are now validated: query parameter "status" required',
    ]);
    assert.deepEqual(lines(diffParameters(checked, unchecked)), [
      'non-breaking validation-removed GET /orders: request parameters are no longer validated',
    ]);
  });
});
