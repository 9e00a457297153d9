import assert from 'node:assert/strict';
import {
  type CoreV2Naming,
  coreV2NamingRules,
  createV2Naming,
  standaloneV2Naming,
  type V2Naming,
} from '../../../src/cloudformation/naming';

// Tests may read core's naming to prove ours matches it; src/ never does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const coreNaming = require('serverless/lib/plugins/aws/lib/naming.js') as CoreV2Naming;

const NAMES = ['users', 'my-auth_v2', 'X', 'chat'];
const ROUTE_KEYS = [
  'GET /orders',
  'POST /orders/{id}',
  'ANY /files/{proxy+}',
  'GET /a-b/c_d',
  '$default',
];
const WEBSOCKET_ROUTES = ['$connect', '$default', 'sendMessage', 'chat/send-message_v1.x'];

/** Every name a V2Naming gives for the sample inputs, keyed by function and input. */
function allNames(naming: V2Naming): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [key, fn] of Object.entries(naming) as Array<[string, (arg: string) => string]>) {
    const inputs = /route/i.test(key)
      ? key.startsWith('websockets')
        ? WEBSOCKET_ROUTES
        : ROUTE_KEYS
      : key === 'websocketsDeployment'
        ? ['abc123', 'a+b/c=']
        : NAMES;
    for (const input of inputs) names[`${key}(${input})`] = fn(input);
  }
  return names;
}

describe('v2 naming', () => {
  it("gives core's own ids when built on core's provider.naming", () => {
    assert.deepEqual(allNames(createV2Naming(coreNaming)), allNames(standaloneV2Naming));
  });

  it("copies core 3.40's naming functions exactly", () => {
    const inputs = [...NAMES, ...ROUTE_KEYS, ...WEBSOCKET_ROUTES, '*', 'a+b/c='];
    for (const key of Object.keys(coreV2NamingRules) as Array<keyof CoreV2Naming>) {
      for (const input of inputs) {
        const ours = (coreV2NamingRules[key] as (arg: string) => string)(input);
        const core = (coreNaming[key] as (arg: string) => string).call(coreNaming, input);
        assert.equal(ours, core, `${key}(${input})`);
      }
    }
  });

  it('names the routes and roles of routes without a function like core names routes', () => {
    assert.equal(standaloneV2Naming.httpApiRoute('$default'), 'HttpApiRouteDefault');
    assert.equal(
      standaloneV2Naming.httpApiRouteIntegration('GET /orders/{id}'),
      'ApiGatewayHttpApiRouteIntegrationGetOrdersIdVar',
    );
    assert.equal(
      standaloneV2Naming.httpApiRouteRole('$default'),
      'ApiGatewayHttpApiRouteRoleDefault',
    );
  });
});
