/**
 * Runs the real `serverless package` on the HTTP API and WebSocket fixtures: templates are valid
 * against the CloudFormation schemas (aws-apigatewayv2-*), references resolve, there is one stage
 * and no duplicate authorizer per API, and the configured settings land where API Gateway reads them.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnResource, CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import { FIXTURES, packageService, type PackageResult } from '../helpers/serverless';

function ofType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function props(template: CfnTemplate, logicalId: string): Record<string, unknown> {
  const resource = template.Resources[logicalId];
  assert.ok(resource, `no resource ${logicalId}`);
  return resource.Properties ?? {};
}

function assertNoDuplicates(template: CfnTemplate, apiLogicalId: string): void {
  const onApi = (type: string) =>
    ofType(template, type).filter(
      ([, resource]) =>
        JSON.stringify(resource.Properties?.ApiId) === JSON.stringify({ Ref: apiLogicalId }),
    );
  assert.equal(onApi('AWS::ApiGatewayV2::Stage').length, 1);
  const names = onApi('AWS::ApiGatewayV2::Authorizer').map(([, r]) => r.Properties?.Name);
  assert.deepEqual(names, [...new Set(names)]);
}

describe('serverless package: HTTP API', () => {
  let dev: PackageResult;
  let prod: PackageResult;
  before(() => {
    dev = packageService(path.join(FIXTURES, 'http-api'), { stage: 'dev' });
    prod = packageService(path.join(FIXTURES, 'http-api'), { stage: 'prod' });
  });

  it('emits valid templates with one stage and no duplicate authorizers', () => {
    for (const { template } of [dev, prod]) {
      assertValidTemplate(template);
      assertNoDuplicates(template, 'HttpApi');
      assert.equal(template.Resources.ApiGatewayRestApi, undefined);
    }
  });

  it("merges '*' and the stage entry into the $default stage", () => {
    const devStage = props(dev.template, 'HttpApiStage');
    assert.deepEqual(devStage.DefaultRouteSettings, {
      DetailedMetricsEnabled: true,
      ThrottlingRateLimit: 100,
      ThrottlingBurstLimit: 200,
    });
    assert.equal(devStage.StageVariables, undefined);
    assert.deepEqual(devStage.RouteSettings, { 'GET /orders': { ThrottlingRateLimit: 5 } });
    const prodStage = props(prod.template, 'HttpApiStage');
    assert.equal(prodStage.StageName, '$default');
    assert.equal(prodStage.AutoDeploy, true);
    assert.deepEqual(prodStage.StageVariables, { backend: 'https://orders.example.com' });
    assert.deepEqual(prodStage.RouteSettings, {
      'GET /orders': { ThrottlingRateLimit: 5 },
      'POST /orders': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
    assert.deepEqual(prod.template.Resources.HttpApiStage.DependsOn, [
      'HttpApiRouteGetOrders',
      'HttpApiRoutePostOrders',
    ]);
  });

  it('writes access logs with the json preset to the log group core named, with retention', () => {
    const stage = props(prod.template, 'HttpApiStage');
    const accessLog = stage.AccessLogSettings as { DestinationArn: unknown; Format: string };
    assert.deepEqual(accessLog.DestinationArn, { 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    assert.equal(JSON.parse(accessLog.Format).requestId, '$context.requestId');
    assert.deepEqual(props(prod.template, 'HttpApiLogGroup'), {
      LogGroupName: '/aws/http-api/kit-http-api-prod',
      RetentionInDays: 14,
    });
  });

  it('puts the default, named, iam and core authorizers on the right routes', () => {
    const t = prod.template;
    assert.deepEqual(
      {
        type: props(t, 'HttpApiRouteGetOrders').AuthorizationType,
        id: props(t, 'HttpApiRouteGetOrders').AuthorizerId,
        scopes: props(t, 'HttpApiRouteGetOrders').AuthorizationScopes,
      },
      { type: 'JWT', id: { Ref: 'HttpApiAuthorizerUsers' }, scopes: ['orders/read'] },
    );
    assert.equal(props(t, 'HttpApiRoutePostOrders').AuthorizationType, 'CUSTOM');
    assert.deepEqual(props(t, 'HttpApiRoutePostOrders').AuthorizerId, {
      Ref: 'HttpApiAuthorizerPartner',
    });
    assert.equal(props(t, 'HttpApiRouteGetHealth').AuthorizationType, undefined);
    assert.equal(props(t, 'HttpApiRouteDeleteOrdersIdVar').AuthorizationType, 'AWS_IAM');
    assert.deepEqual(props(t, 'HttpApiRouteGetCore').AuthorizerId, {
      Ref: 'HttpApiAuthorizerCoreJwt',
    });
    assert.deepEqual(props(t, 'HttpApiAuthorizerUsers').JwtConfiguration, {
      Audience: ['client-id-1'],
      Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example',
    });
    const partner = props(t, 'HttpApiAuthorizerPartner');
    assert.equal(partner.AuthorizerType, 'REQUEST');
    assert.equal(partner.AuthorizerResultTtlInSeconds, 300);
    assert.equal(partner.EnableSimpleResponses, true);
    assert.equal(
      t.Resources.PartnerLambdaAuthorizerPermissionHttpApi.Type,
      'AWS::Lambda::Permission',
    );
  });

  it("sets the function integration's timeout and payload format version", () => {
    const integration = props(prod.template, 'HttpApiIntegrationOrders');
    assert.equal(integration.TimeoutInMillis, 10000);
    assert.equal(integration.PayloadFormatVersion, '1.0');
    assert.equal(props(prod.template, 'HttpApiIntegrationHealth').TimeoutInMillis, 30000);
  });

  it("keeps core's HTTP API id and URL outputs", () => {
    assert.deepEqual(prod.template.Outputs?.HttpApiId?.Value, { Ref: 'HttpApi' });
    assert.ok(prod.template.Outputs?.HttpApiUrl);
  });
});

describe('serverless package: WebSocket API', () => {
  let dev: PackageResult;
  let prod: PackageResult;
  before(() => {
    dev = packageService(path.join(FIXTURES, 'websocket'), { stage: 'dev' });
    prod = packageService(path.join(FIXTURES, 'websocket'), { stage: 'prod' });
  });

  it('emits valid templates with one stage, one deployment and no duplicate authorizers', () => {
    for (const { template } of [dev, prod]) {
      assertValidTemplate(template);
      assertNoDuplicates(template, 'WebsocketsApi');
      const deployments = ofType(template, 'AWS::ApiGatewayV2::Deployment');
      assert.equal(deployments.length, 1);
      assert.deepEqual(props(template, 'WebsocketsDeploymentStage').DeploymentId, {
        Ref: deployments[0][0],
      });
      assert.ok(
        (deployments[0][1].DependsOn as string[]).includes('sendMessageWebsocketsRouteResponse'),
      );
    }
  });

  it('sets the route selection expression and the API-key selection expression', () => {
    const api = props(prod.template, 'WebsocketsApi');
    assert.equal(api.RouteSelectionExpression, '$request.body.type');
    assert.equal(api.ApiKeySelectionExpression, '$request.header.x-api-key');
    assert.equal(props(prod.template, 'SconnectWebsocketsRoute').ApiKeyRequired, true);
  });

  it('protects $connect with the named REQUEST authorizer', () => {
    const route = props(prod.template, 'SconnectWebsocketsRoute');
    assert.equal(route.AuthorizationType, 'CUSTOM');
    assert.deepEqual(route.AuthorizerId, { Ref: 'TokenWebsocketsAuthorizer' });
    const authorizer = props(prod.template, 'TokenWebsocketsAuthorizer');
    assert.equal(authorizer.AuthorizerType, 'REQUEST');
    assert.deepEqual(authorizer.IdentitySource, ['route.request.querystring.token']);
  });

  it('adds a route response for the two-way route', () => {
    assert.deepEqual(props(prod.template, 'sendMessageWebsocketsRouteResponse'), {
      ApiId: { Ref: 'WebsocketsApi' },
      RouteId: { Ref: 'sendMessageWebsocketsRoute' },
      RouteResponseKey: '$default',
    });
    assert.equal(
      props(prod.template, 'sendMessageWebsocketsRoute').RouteResponseSelectionExpression,
      '$default',
    );
  });

  it('configures stage variables, throttling, logging and route settings per stage', () => {
    const devStage = props(dev.template, 'WebsocketsDeploymentStage');
    assert.deepEqual(devStage.DefaultRouteSettings, {
      DetailedMetricsEnabled: true,
      LoggingLevel: 'ERROR',
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
    assert.deepEqual(devStage.StageVariables, { flavour: 'plain' });
    // v2 stages take tags as a JSON map.
    assert.deepEqual(devStage.Tags, { team: 'chat' });
    const prodStage = props(prod.template, 'WebsocketsDeploymentStage');
    assert.equal((prodStage.DefaultRouteSettings as { LoggingLevel: string }).LoggingLevel, 'INFO');
    assert.deepEqual(prodStage.RouteSettings, {
      sendMessage: {
        ThrottlingRateLimit: 5,
        ThrottlingBurstLimit: 10,
        DetailedMetricsEnabled: false,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
      },
    });
    assert.deepEqual(props(prod.template, 'WebsocketsLogGroup'), {
      LogGroupName: '/aws/websocket/kit-websocket-prod',
      RetentionInDays: 7,
    });
  });

  it('scopes execute-api:ManageConnections to this API and stage', () => {
    const policies = props(prod.template, 'IamRoleLambdaExecution').Policies as Array<{
      PolicyDocument: { Statement: Array<{ Action: string[]; Resource: unknown }> };
    }>;
    const manage = policies[0].PolicyDocument.Statement.filter((statement) =>
      statement.Action.includes('execute-api:ManageConnections'),
    );
    assert.deepEqual(manage, [
      {
        Effect: 'Allow',
        Action: ['execute-api:ManageConnections'],
        Resource: [
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebsocketsApi}/prod/*/@connections/*',
          },
        ],
      },
    ]);
  });

  it('outputs the WebSocket API id and the @connections management URL', () => {
    const outputs = prod.template.Outputs ?? {};
    assert.deepEqual(outputs.ApiGatewayWebsocketApiId?.Value, { Ref: 'WebsocketsApi' });
    assert.deepEqual(outputs.ApiGatewayWebsocketConnectionsUrl?.Value, {
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: 'WebsocketsApi' },
          '.execute-api.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/prod/@connections',
        ],
      ],
    });
    assert.ok(outputs.ServiceEndpointWebsocket);
  });

  it('names the deployment after the API it deploys: same input, same id', () => {
    const again = packageService(path.join(FIXTURES, 'websocket'), { stage: 'prod' });
    const id = (t: CfnTemplate) => ofType(t, 'AWS::ApiGatewayV2::Deployment')[0][0];
    assert.equal(id(again.template), id(prod.template));
    assert.notEqual(id(dev.template), undefined);
  });
});
