import assert from 'node:assert/strict';
import { diffOperations, diffResponses } from '../../../../src/openapi/diff/operations';
import { api, lines, method } from './models';

describe('apigateway diff: operations, paths and responses', () => {
  it('a removed path or operation is breaking; an added one is not', () => {
    const before = api([
      method('GET', '/orders'),
      method('DELETE', '/orders/{id}'),
      method('GET', '/legacy'),
      method('POST', '/legacy'),
    ]);
    const after = api([
      method('GET', '/orders'),
      method('POST', '/orders'),
      method('GET', '/orders/{id}'),
      method('GET', '/health'),
    ]);
    assert.deepEqual(lines(diffOperations(before, after)), [
      'breaking operation-removed DELETE /orders/{id}: operation removed',
      'breaking path-removed * /legacy: path removed, with its operations GET, POST',
      'non-breaking operation-added POST /orders: operation added',
      'non-breaking operation-added GET /orders/{id}: operation added',
      'non-breaking path-added * /health: path added, with operations GET',
    ]);
  });

  it('a path parameter renamed is the same path; an operation an ANY method answers is not broken', () => {
    const before = api([method('GET', '/orders/{id}'), method('PUT', '/items')]);
    const after = api([method('GET', '/orders/{orderId}'), method('ANY', '/items')]);
    assert.deepEqual(lines(diffOperations(before, after)), [
      'non-breaking operation-removed PUT /items: operation removed; the ANY method of the path answers it now',
      'non-breaking operation-added ANY /items: operation added',
    ]);
  });

  it('a removed OPTIONS method says that the CORS preflight is gone', () => {
    const changes = diffOperations(
      api([method('GET', '/a'), method('OPTIONS', '/a')]),
      api([method('GET', '/a')]),
    );
    assert.equal(changes[0].severity, 'breaking');
    assert.match(changes[0].message, /no CORS preflight answer/);
  });

  it('a removed response is breaking, an added one is not; an undeclared proxy response is not removed', () => {
    const responses = (...codes: string[]) =>
      codes.map((statusCode) => ({ statusCode, responseParameters: {}, responseModels: {} }));
    const before = api([
      method('GET', '/a', { methodResponses: responses('200', '404') }),
      method('GET', '/b', { methodResponses: responses('200') }),
    ]);
    const after = api([
      method('GET', '/a', { methodResponses: responses('200', '409') }),
      method('GET', '/b', { integration: { type: 'AWS_PROXY', responses: [] } }),
    ]);
    assert.deepEqual(lines(diffResponses(before, after)), [
      'breaking response-removed GET /a: response 404 removed',
      'non-breaking response-added GET /a: response 409 added',
    ]);
    const mock = api([method('GET', '/b', { integration: { type: 'MOCK', responses: [] } })]);
    assert.deepEqual(lines(diffResponses(before, mock)), [
      'breaking response-removed GET /b: response 200 removed',
    ]);
  });
});
