/**
 * Runs the real `serverless package` on the HTTP API routes fixture (routes without a function:
 * http_proxy and the five first-class aws subtypes, our own CORS, stage tags): templates are valid
 * against the CloudFormation schemas and the routes, integrations and roles land where API Gateway
 * reads them. A broken fixture fails with every problem reported at once.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  type PackageResult,
  plain,
} from '../helpers/serverless';

function props(template: CfnTemplate, logicalId: string): Record<string, unknown> {
  const resource = template.Resources[logicalId];
  assert.ok(resource, `no resource ${logicalId}`);
  return resource.Properties ?? {};
}

function rolePolicy(template: CfnTemplate, logicalId: string): unknown {
  const policies = props(template, logicalId).Policies as Array<{
    PolicyDocument: { Statement: unknown[] };
  }>;
  return policies[0].PolicyDocument.Statement;
}

describe('serverless package: HTTP API routes without a function', () => {
  let dev: PackageResult;
  let prod: PackageResult;
  before(() => {
    dev = packageService(path.join(FIXTURES, 'http-api-routes'), { stage: 'dev' });
    prod = packageService(path.join(FIXTURES, 'http-api-routes'), { stage: 'prod' });
  });

  it('emits valid templates with every route on the one HTTP API', () => {
    for (const { template } of [dev, prod]) {
      assertValidTemplate(template);
      const routeKeys = Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
        .map((resource) => resource.Properties?.RouteKey)
        .sort();
      assert.deepEqual(routeKeys, [
        '$default',
        'ANY /legacy/{proxy+}',
        'GET /config',
        'GET /health',
        'POST /clicks',
        'POST /events',
        'POST /orders',
        'POST /workflows',
      ]);
    }
  });

  it('proxies to a URL with a stage variable, open, with a 10 s timeout', () => {
    const t = prod.template;
    assert.deepEqual(props(t, 'ApiGatewayHttpApiRouteIntegrationAnyLegacyProxyVar'), {
      ApiId: { Ref: 'HttpApi' },
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: '${stageVariables.backend}/{proxy}',
      IntegrationMethod: 'ANY',
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 10000,
    });
    assert.equal(props(t, 'HttpApiRouteAnyLegacyProxyVar').AuthorizationType, 'NONE');
    assert.deepEqual(props(t, 'HttpApiStage').StageVariables, {
      backend: 'https://legacy.prod.example.com',
    });
  });

  it('sends to SQS with a role allowed sqs:SendMessage on that queue only, behind the JWT authorizer', () => {
    const t = prod.template;
    assert.deepEqual(props(t, 'ApiGatewayHttpApiRouteIntegrationPostOrders'), {
      ApiId: { Ref: 'HttpApi' },
      IntegrationType: 'AWS_PROXY',
      IntegrationSubtype: 'SQS-SendMessage',
      PayloadFormatVersion: '1.0',
      RequestParameters: { MessageBody: '$request.body', QueueUrl: { Ref: 'OrdersQueue' } },
      CredentialsArn: { 'Fn::GetAtt': ['ApiGatewayHttpApiRouteRolePostOrders', 'Arn'] },
    });
    // The queue URL ({ Ref: OrdersQueue }) is split into the queue ARN at deploy time.
    const part = (index: number, separator: string, of: unknown) => ({
      'Fn::Select': [index, { 'Fn::Split': [separator, of] }],
    });
    const url = { Ref: 'OrdersQueue' };
    assert.deepEqual(rolePolicy(t, 'ApiGatewayHttpApiRouteRolePostOrders'), [
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':sqs:',
              part(1, '.', part(2, '/', url)),
              ':',
              part(3, '/', url),
              ':',
              part(4, '/', url),
            ],
          ],
        },
      },
    ]);
    const route = props(t, 'HttpApiRoutePostOrders');
    assert.equal(route.AuthorizationType, 'JWT');
    assert.deepEqual(route.AuthorizerId, { Ref: 'HttpApiAuthorizerUsers' });
    assert.deepEqual(route.AuthorizationScopes, ['orders/write']);
  });

  it('gives each subtype a role for exactly its action and target', () => {
    const t = prod.template;
    const statement = (id: string) =>
      (rolePolicy(t, id) as Array<{ Action: string; Resource: unknown }>)[0];
    assert.deepEqual(statement('ApiGatewayHttpApiRouteRolePostEvents'), {
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':events:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':event-bus/',
            { Ref: 'OrdersBus' },
          ],
        ],
      },
    });
    assert.deepEqual(
      statement('ApiGatewayHttpApiRouteRolePostWorkflows').Resource,
      'arn:aws:states:eu-west-1:123456789012:stateMachine:fulfil',
    );
    assert.equal(
      statement('ApiGatewayHttpApiRouteRolePostWorkflows').Action,
      'states:StartExecution',
    );
    assert.deepEqual(statement('ApiGatewayHttpApiRouteRolePostClicks'), {
      Effect: 'Allow',
      Action: 'kinesis:PutRecord',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':kinesis:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':stream/clicks',
          ],
        ],
      },
    });
    assert.equal(
      statement('ApiGatewayHttpApiRouteRoleGetConfig').Action,
      'appconfig:GetConfiguration',
    );
    assert.equal(props(t, 'HttpApiRouteGetConfig').AuthorizationType, 'NONE');
  });

  it('uses a named role as is and creates none', () => {
    const t = prod.template;
    assert.equal(
      props(t, 'ApiGatewayHttpApiRouteIntegrationDefault').CredentialsArn,
      'arn:aws:iam::123456789012:role/dead-letters',
    );
    assert.equal(t.Resources.ApiGatewayHttpApiRouteRoleDefault, undefined);
    assert.equal(props(t, 'HttpApiRouteDefault').AuthorizationType, 'JWT');
  });

  it('puts route throttling in the stage RouteSettings, after the route exists', () => {
    assert.deepEqual(props(prod.template, 'HttpApiStage').RouteSettings, {
      'POST /orders': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
    assert.deepEqual(prod.template.Resources.HttpApiStage.DependsOn, ['HttpApiRoutePostOrders']);
  });

  it("sets the Api's CorsConfiguration and the stage's tags over core's", () => {
    assert.deepEqual(props(dev.template, 'HttpApi').CorsConfiguration, {
      AllowOrigins: ['https://app.example.com'],
      AllowHeaders: [
        'Content-Type',
        'X-Amz-Date',
        'Authorization',
        'X-Api-Key',
        'X-Amz-Security-Token',
        'X-Amz-User-Agent',
        'X-Amzn-Trace-Id',
      ],
      AllowMethods: ['*'],
      ExposeHeaders: ['X-Request-Id'],
      AllowCredentials: true,
      MaxAge: 600,
    });
    assert.deepEqual(props(dev.template, 'HttpApiStage').Tags, {
      owner: 'orders-team',
      team: 'orders',
    });
    assert.deepEqual(props(dev.template, 'HttpApi').Tags, { owner: 'platform' });
  });

  it("keeps core's HTTP API id and URL outputs", () => {
    assert.deepEqual(prod.template.Outputs?.HttpApiId?.Value, { Ref: 'HttpApi' });
    assert.ok(prod.template.Outputs?.HttpApiUrl);
  });

  it('fails on a broken routes config with every problem at once', () => {
    const result = packageServiceExpectingFailure(path.join(FIXTURES, 'http-api-routes-invalid'), {
      stage: 'dev',
    });
    const output = plain(result.stdout + result.stderr);
    for (const expected of [
      "custom.apiGateway.httpApi.cors.origins: allowCredentials: true cannot be combined with the origin '*'",
      'custom.apiGateway.httpApi.cors.allowCredentials: true contradicts provider.httpApi.cors.allowCredentials (null)',
      'custom.apiGateway.httpApi.routes[\'GET /health\']: functions.health.events[0].httpApi also declares the route "GET /health"',
      'custom.apiGateway.httpApi.routes[\'POST /orders\'].integration.parameters: SQS-SendMessage needs the parameters "QueueUrl", "MessageBody" (API Gateway rule); missing: "MessageBody"',
      "custom.apiGateway.httpApi.routes['POST /orders'].integration.parameters.QueueUrl: QueueUrl is mapped from the request ($request.header.X-Queue)",
    ]) {
      assert.ok(output.includes(expected), `missing:\n${expected}\nin:\n${output}`);
    }
  });
});

describe('serverless package: an HTTP API of routes only (no httpApi event)', () => {
  const fixture = path.join(FIXTURES, 'http-api-routes-only');
  let prod: PackageResult;
  before(() => {
    prod = packageService(fixture, { stage: 'prod' });
  });

  it("creates the API, its $default stage and core's outputs, with the routes on them", () => {
    assertValidTemplate(prod.template);
    assert.deepEqual(props(prod.template, 'HttpApi'), {
      Name: 'orders-edge-prod',
      ProtocolType: 'HTTP',
      Tags: { owner: 'platform' },
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com'],
        AllowHeaders: [
          'Content-Type',
          'X-Amz-Date',
          'Authorization',
          'X-Api-Key',
          'X-Amz-Security-Token',
          'X-Amz-User-Agent',
          'X-Amzn-Trace-Id',
        ],
        AllowMethods: ['*'],
      },
    });
    const stage = props(prod.template, 'HttpApiStage');
    assert.equal(stage.StageName, '$default');
    assert.equal(stage.AutoDeploy, true);
    assert.deepEqual(stage.DefaultRouteSettings, { DetailedMetricsEnabled: true });
    assert.deepEqual(stage.StageVariables, { backend: 'https://legacy.example.com' });
    assert.ok(stage.AccessLogSettings, 'access logs from the stage config');
    assert.deepEqual(
      Object.keys(prod.template.Outputs ?? {}).filter((k) => k.startsWith('HttpApi')),
      ['HttpApiId', 'HttpApiUrl'],
    );
    assert.equal(props(prod.template, 'HttpApiRoutePostOrders').AuthorizationType, 'JWT');
    const actions = Object.values(prod.template.Resources)
      .filter(
        (resource) =>
          resource.Type === 'AWS::IAM::Role' &&
          resource !== prod.template.Resources.IamRoleLambdaExecution,
      )
      .flatMap((resource) =>
        (
          resource.Properties?.Policies as Array<{
            PolicyDocument: { Statement: Array<{ Action: string | string[] }> };
          }>
        ).flatMap((policy) =>
          policy.PolicyDocument.Statement.flatMap((statement) => statement.Action),
        ),
      )
      .sort();
    assert.deepEqual(actions, [
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'states:StartSyncExecution',
      'states:StopExecution',
    ]);
    const types = Object.values(prod.template.Resources).map((resource) => resource.Type);
    assert.ok(!types.includes('AWS::ApiGateway::RestApi'), 'no REST API');
    const privateIntegration = props(
      prod.template,
      'ApiGatewayHttpApiRouteIntegrationAnyInventoryProxyVar',
    );
    assert.equal(privateIntegration.ConnectionType, 'VPC_LINK');
    assert.deepEqual(privateIntegration.ConnectionId, { Ref: 'InventoryVpcLink' });
    assert.deepEqual(privateIntegration.TlsConfig, {
      ServerNameToVerify: 'inventory.internal.example.com',
    });
  });

  it('makes the API and stage core makes once a function gets an httpApi event', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'http-api-routes-event-'));
    try {
      cpSync(fixture, dir, {
        recursive: true,
        filter: (source) => !source.includes('.serverless'),
      });
      const config = path.join(dir, 'serverless.yml');
      writeFileSync(
        config,
        readFileSync(config, 'utf8').replace(
          '    handler: handler.hello\n',
          '    handler: handler.hello\n    events:\n      - httpApi: GET /health\n',
        ),
      );
      const withEvent = packageService(dir, { stage: 'prod' });
      assert.ok(withEvent.template.Resources.HttpApiRouteGetHealth, "core's route");
      for (const id of ['HttpApi', 'HttpApiStage']) {
        assert.deepEqual(props(prod.template, id), props(withEvent.template, id), id);
      }
      assert.deepEqual(prod.template.Outputs?.HttpApiUrl, withEvent.template.Outputs?.HttpApiUrl);
      rmSync(withEvent.outDir, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
