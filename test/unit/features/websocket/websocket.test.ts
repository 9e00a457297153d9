import assert from 'node:assert/strict';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { compileWebsocket } from '../../../../src/features/websocket/compile';
import { emptyEvents, type EventsByKind } from '../../../../src/common/events';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings } from '../../../helpers/config-builders';

function websocketEvents(
  list: Array<{ functionName?: string; route: string; settings?: unknown }>,
): EventsByKind {
  return {
    ...emptyEvents(),
    websocket: list.map(({ functionName, route, settings }, eventIndex) => ({
      kind: 'websocket' as const,
      functionName: functionName ?? 'chat',
      eventIndex,
      event: settings === undefined ? { route } : { route, apiGateway: settings },
      ...(settings === undefined ? {} : { settings }),
    })),
  };
}

function errorsOf(config: ApiGatewayConfig, events: EventsByKind, functionNames?: string[]) {
  return validateConfig(config, events, coreSettings(functionNames ? { functionNames } : {}))
    .errors;
}

describe('WebSocket API: validation', () => {
  it('refuses a route selection expression outside $request.body', () => {
    assert.deepEqual(
      errorsOf(
        { websocket: { routeSelectionExpression: '$request.header.action' } },
        emptyEvents(),
      ),
      [
        {
          path: 'custom.apiGateway.websocket.routeSelectionExpression',
          message:
            '"$request.header.action" is not a valid route selection expression: $request.body.<field>, the field of an incoming message that picks the route (API Gateway rule for WebSocket APIs; default $request.body.action)',
        },
      ],
    );
  });

  it('refuses an authorizer naming a function the service does not have (issue 20)', () => {
    const config: ApiGatewayConfig = {
      websocket: { authorizers: { token: { functionName: 'auht' } } },
    };
    assert.deepEqual(errorsOf(config, emptyEvents(), ['auth', 'chat']), [
      {
        path: 'custom.apiGateway.websocket.authorizers.token.functionName',
        message:
          '"auht" is not a function of this service (did you mean "auth"?); use one of "auth", "chat", or functionArn for a function outside the service',
      },
    ]);
    assert.deepEqual(errorsOf(config, emptyEvents(), ['auht']), []);
  });

  it('allows an authorizer on $connect only, by a known name', () => {
    const config: ApiGatewayConfig = {
      websocket: { authorizers: { token: { functionName: 'auth' } } },
    };
    assert.deepEqual(
      errorsOf(
        config,
        websocketEvents([
          { route: '$connect', settings: { authorizer: 'tokn' } },
          { route: 'send', settings: { authorizer: 'token' } },
        ]),
      ),
      [
        {
          path: 'functions.chat.events[0].websocket.apiGateway.authorizer',
          message:
            'no WebSocket authorizer is named "tokn" (did you mean "token"?); custom.apiGateway.websocket.authorizers define: "token"',
        },
        {
          path: 'functions.chat.events[1].websocket.apiGateway.authorizer',
          message:
            'WebSocket APIs authorize a client once, on $connect (API Gateway rule), but this is route "send"; move the authorizer to the $connect event',
        },
      ],
    );
  });

  it('refuses identity sources that are not route.request.header/querystring', () => {
    assert.deepEqual(
      errorsOf(
        {
          websocket: {
            authorizers: {
              token: { functionName: 'auth', identitySource: ['$request.header.Auth'] },
            },
          },
        },
        emptyEvents(),
      ).map((issue) => issue.path),
      ['custom.apiGateway.websocket.authorizers.token.identitySource[0]'],
    );
  });

  it('refuses route settings for a route no websocket event declares', () => {
    assert.deepEqual(
      errorsOf(
        { websocket: { stages: { '*': { routes: { sendMesage: { metrics: true } } } } } },
        websocketEvents([{ route: 'sendMessage' }]),
      ),
      [
        {
          path: "custom.apiGateway.websocket.stages['*'].routes.sendMesage",
          message:
            'no websocket event declares the route "sendMesage" (did you mean "sendMessage"?), and API Gateway refuses route settings for a route that does not exist; routes: "sendMessage"',
        },
      ],
    );
  });
});

describe('WebSocket API: compile', () => {
  const template = (): CfnTemplate => ({
    Resources: {
      WebsocketsApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: 'x',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
        },
      },
      SconnectWebsocketsRoute: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'WebsocketsApi' },
          RouteKey: '$connect',
          AuthorizationType: 'NONE',
        },
      },
      WebsocketsDeploymentabc: {
        Type: 'AWS::ApiGatewayV2::Deployment',
        DependsOn: ['SconnectWebsocketsRoute'],
        Properties: { ApiId: { Ref: 'WebsocketsApi' } },
      },
      WebsocketsDeploymentStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: 'WebsocketsApi' },
          StageName: 'prod',
          DeploymentId: { Ref: 'WebsocketsDeploymentabc' },
        },
      },
      IamRoleLambdaExecution: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [
            {
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: ['*'] },
                  { Effect: 'Allow', Action: ['execute-api:ManageConnections'], Resource: ['*'] },
                ],
              },
            },
          ],
        },
      },
    },
  });
  const compile = (config: ApiGatewayConfig, settings?: unknown, input = template()) =>
    compileWebsocket(
      resolveConfig(config, coreSettings(), websocketEvents([{ route: '$connect', settings }])),
      { template: input, naming: standaloneNaming('orders', 'prod') },
    )[0];
  const deploymentIds = (fragment: ReturnType<typeof compile>) =>
    Object.keys(fragment.Resources ?? {}).filter(
      (id) => id.startsWith('WebsocketsDeployment') && id !== 'WebsocketsDeploymentStage',
    );

  it('redeploys when a route changes, and only then; never mutates its input', () => {
    const input = template();
    const before = structuredClone(input);
    const plain = compile({}, undefined, input);
    assert.deepEqual(input, before);
    assert.deepEqual(compile({}, undefined, input), plain);
    const withKey = compile({}, { apiKeyRequired: true });
    assert.notDeepEqual(deploymentIds(withKey), deploymentIds(plain));
    assert.deepEqual(withKey.Resources?.WebsocketsDeploymentStage.Properties?.DeploymentId, {
      Ref: deploymentIds(withKey)[0],
    });
    assert.ok(
      withKey.patches?.some(
        (patch) => patch.logicalId === 'WebsocketsDeploymentabc' && patch.remove,
      ),
    );
    // Stage-only settings do not need a new deployment.
    const withStage = compile({ websocket: { stages: { '*': { metrics: true } } } });
    assert.deepEqual(deploymentIds(withStage), deploymentIds(plain));
  });

  it('keeps core’s Deployment and its id when the plugin changes nothing the API deploys', () => {
    for (const config of [
      {},
      { websocket: { manageConnections: false } },
      { websocket: { stages: { '*': { metrics: true, variables: { a: 'b' } } } } },
    ] satisfies ApiGatewayConfig[]) {
      const fragment = compile(config);
      assert.deepEqual(deploymentIds(fragment), [], JSON.stringify(config));
      assert.ok(!fragment.patches?.some((patch) => patch.logicalId === 'WebsocketsDeploymentabc'));
      const stage = fragment.Resources?.WebsocketsDeploymentStage;
      assert.deepEqual(stage?.Properties?.DeploymentId ?? { Ref: 'WebsocketsDeploymentabc' }, {
        Ref: 'WebsocketsDeploymentabc',
      });
    }
  });

  it('names a new Deployment after the API’s content, whatever the order of its keys', () => {
    const reordered = template();
    const api = reordered.Resources.WebsocketsApi;
    reordered.Resources.WebsocketsApi = {
      Properties: Object.fromEntries(Object.entries(api.Properties ?? {}).reverse()),
      Type: api.Type,
    };
    const settings = { apiKeyRequired: true };
    const ids = deploymentIds(compile({}, settings));
    assert.equal(ids.length, 1);
    assert.match(ids[0], /^WebsocketsDeployment[0-9a-f]{12}$/);
    assert.deepEqual(deploymentIds(compile({}, settings, reordered)), ids);
  });

  it('removes core’s ManageConnections statement with manageConnections: false', () => {
    const patch = compile({ websocket: { manageConnections: false } }).patches?.find(
      (p) => p.logicalId === 'IamRoleLambdaExecution',
    );
    assert.deepEqual(patch?.setProperties, {
      Policies: [
        {
          PolicyDocument: {
            Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: ['*'] }],
          },
        },
      ],
    });
  });

  it('does nothing without a WebSocket API', () => {
    assert.deepEqual(
      compileWebsocket(resolveConfig({}, coreSettings()), {
        template: { Resources: {} },
        naming: standaloneNaming('orders', 'prod'),
      }),
      [],
    );
  });
});
