import { strict as assert } from 'node:assert';
import type { RestMethod } from '../../../src/model';
import { RestRouter } from '../../../src/local/rest/routes';

function method(path: string, httpMethod: string): RestMethod {
  return {
    path,
    httpMethod,
    authorization: { type: 'NONE', scopes: [], apiKeyRequired: false },
    requestParameters: {},
    requestModels: {},
    methodResponses: [],
  };
}

// Proxy resources and ANY: "Set up a proxy integration with a proxy resource",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-set-up-simple-proxy.html
describe('local gateway: routing (RestRouter)', () => {
  const router = new RestRouter([
    method('/', 'GET'),
    method('/orders', 'GET'),
    method('/orders/latest', 'GET'),
    method('/orders/{id}', 'GET'),
    method('/orders/{id}', 'DELETE'),
    method('/orders/{id}/items/{item}', 'GET'),
    method('/files/{proxy+}', 'ANY'),
    method('/mixed/{proxy+}', 'ANY'),
    method('/mixed/fixed', 'POST'),
  ]);

  it('matches the root and static resources', () => {
    assert.equal(router.match('/', 'GET')?.resourcePath, '/');
    assert.equal(router.match('/orders', 'GET')?.resourcePath, '/orders');
  });

  it('prefers a static segment over a path parameter', () => {
    const latest = router.match('/orders/latest', 'GET');
    assert.equal(latest?.resourcePath, '/orders/latest');
    assert.deepEqual(latest?.pathParameters, {});
    const one = router.match('/orders/42', 'GET');
    assert.equal(one?.resourcePath, '/orders/{id}');
    assert.deepEqual(one?.pathParameters, { id: '42' });
  });

  it('reads several path parameters, URL-decoded', () => {
    const match = router.match('/orders/a%20b/items/7', 'GET');
    assert.equal(match?.resourcePath, '/orders/{id}/items/{item}');
    assert.deepEqual(match?.pathParameters, { id: 'a b', item: '7' });
  });

  it('a greedy {proxy+} takes one or more segments, and ANY any method', () => {
    const match = router.match('/files/a/b/c.txt', 'PATCH');
    assert.equal(match?.resourcePath, '/files/{proxy+}');
    assert.deepEqual(match?.pathParameters, { proxy: 'a/b/c.txt' });
    assert.equal(match?.method.httpMethod, 'ANY');
    assert.equal(router.match('/files', 'GET'), undefined, '{proxy+} needs at least one segment');
  });

  it('a static resource beside a greedy one wins for its own path', () => {
    assert.equal(router.match('/mixed/fixed', 'POST')?.resourcePath, '/mixed/fixed');
    assert.equal(router.match('/mixed/other', 'POST')?.resourcePath, '/mixed/{proxy+}');
  });

  it('an unknown resource or a method the resource lacks has no match', () => {
    assert.equal(router.match('/nope', 'GET'), undefined);
    assert.equal(router.match('/orders', 'POST'), undefined);
    assert.equal(router.match('/orders/42/items', 'GET'), undefined);
  });

  it('a trailing slash names the same resource', () => {
    assert.equal(router.match('/orders/', 'GET')?.resourcePath, '/orders');
  });
});
