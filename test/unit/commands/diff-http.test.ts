/**
 * `sls apigateway diff` on an HTTP API (`--api http`, or the default when the package has no REST
 * API): routes compared as operations (removed, authorization added or changed), the API's CORS
 * origins, the stage's route throttles; against a previous package, an HTTP API document and a
 * deployed stage (ExportApi and GetStage through the SDK, mocked).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  ExportApiCommand,
  GetStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { runApiDiff, type DiffContext } from '../../../src/commands/diff';
import type { CommandIo } from '../../../src/commands/options';
import { readHttpApi, writeHttpApiDocument } from '../../../src/model';
import { diffApis } from '../../../src/openapi/diff';
import { httpApiAsRest } from '../../../src/openapi/diff/http-api';
import { KitError } from '../../../src/pipeline/errors';

interface HttpShape {
  routes: Record<string, { authorizer?: string; scopes?: string[] }>;
  origins: string[];
  routeThrottle?: number;
}

/** An HTTP API with a JWT authorizer, CORS, and a stage with route throttles. */
function httpTemplate(shape: HttpShape): CfnTemplate {
  const resources: CfnTemplate['Resources'] = {
    HttpApi: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: 'dev-orders',
        ProtocolType: 'HTTP',
        CorsConfiguration: { AllowOrigins: shape.origins },
      },
    },
    HttpApiAuthorizerUsers: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        Name: 'users',
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: ['client'], Issuer: 'https://issuer.example.com' },
      },
    },
    HttpApiStage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        ...(shape.routeThrottle !== undefined
          ? { RouteSettings: { 'GET /orders': { ThrottlingRateLimit: shape.routeThrottle } } }
          : {}),
      },
    },
  };
  for (const [routeKey, route] of Object.entries(shape.routes)) {
    const id = `HttpApiRoute${routeKey.replace(/[^A-Za-z0-9]/g, '')}`;
    resources[id] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        RouteKey: routeKey,
        ...(route.authorizer
          ? {
              AuthorizationType: 'JWT',
              AuthorizerId: { Ref: 'HttpApiAuthorizerUsers' },
              AuthorizationScopes: route.scopes ?? [],
            }
          : { AuthorizationType: 'NONE' }),
      },
    };
  }
  return { Resources: resources };
}

const CURRENT = httpTemplate({
  routes: { 'GET /orders': { authorizer: 'users' }, 'POST /orders': {} },
  origins: ['https://app.example.com'],
  routeThrottle: 10,
});
const PREVIOUS = httpTemplate({
  routes: { 'GET /orders': {}, 'POST /orders': {}, 'DELETE /orders/{id}': {} },
  origins: ['https://app.example.com', 'https://admin.example.com'],
  routeThrottle: 50,
});

function harness(template: CfnTemplate) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-diff-http-'));
  const text: string[] = [];
  const io: CommandIo = {
    log: { notice: () => undefined, warning: () => undefined, info: () => undefined },
    writeText: (value: string) => text.push(value),
  };
  const config = {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  };
  let packaged: CfnTemplate | undefined;
  const context: DiffContext = {
    provider: { getRegion: () => 'eu-west-1', getStage: () => 'dev', getCredentials: () => ({}) },
    stackName: () => 'orders-dev',
    serviceName: 'orders',
    serviceDir: dir,
    packageService: async () => {
      packaged = template;
    },
    template: () => packaged,
    clients: () => ({
      cloudFormation: new CloudFormationClient(config),
      apiGateway: new APIGatewayClient(config),
      apiGatewayV2: new ApiGatewayV2Client(config),
    }),
  };
  return { dir, text, io, context };
}

function changeLines(json: string): string[] {
  const report = JSON.parse(json) as {
    breaking: Array<{ kind: string; method: string; path: string }>;
    nonBreaking: Array<{ kind: string; method: string; path: string }>;
  };
  return [
    ...report.breaking.map((c) => `breaking ${c.kind} ${c.method} ${c.path}`),
    ...report.nonBreaking.map((c) => `non-breaking ${c.kind} ${c.method} ${c.path}`),
  ];
}

describe('sls apigateway diff: HTTP APIs', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const apiGatewayV2 = mockClient(ApiGatewayV2Client);
  afterEach(() => {
    cloudFormation.reset();
    apiGatewayV2.reset();
  });
  after(() => {
    cloudFormation.restore();
    apiGatewayV2.restore();
  });

  it('--against-package: routes, authorization, CORS origins and route throttles (HTTP API by default)', async () => {
    const { dir, text, io, context } = harness(CURRENT);
    writeFileSync(
      path.join(dir, 'cloudformation-template-update-stack.json'),
      JSON.stringify(PREVIOUS),
    );
    await runApiDiff({ 'against-package': dir, json: true }, io, context);
    assert.deepEqual(changeLines(text[0]), [
      'breaking cors-origin-removed * *',
      'breaking authorization-added GET /orders',
      'breaking throttling-lowered GET /orders',
      'breaking path-removed * /orders/{id}',
    ]);
  });

  it('--against an HTTP API document (as ExportApi writes one): routes and authorization', async () => {
    const { dir, text, io, context } = harness(CURRENT);
    const previous = readHttpApi(PREVIOUS);
    assert.ok(previous);
    const { document } = writeHttpApiDocument(previous, {
      type: 'oas30',
      extensions: 'apigateway',
      stageName: '$default',
      region: 'eu-west-1',
      fallbackTitle: 'orders',
    });
    writeFileSync(path.join(dir, 'http.json'), JSON.stringify(document));
    await runApiDiff({ against: 'http.json', api: 'http', json: true }, io, context);
    // A document says nothing of the stage: throttles are not compared.
    assert.deepEqual(changeLines(text[0]), [
      'breaking cors-origin-removed * *',
      'breaking authorization-added GET /orders',
      'breaking path-removed * /orders/{id}',
    ]);
  });

  it('--against-stage: ExportApi of the deployed stage and its route settings (SDK)', async () => {
    const previous = readHttpApi(PREVIOUS);
    assert.ok(previous);
    const exported = writeHttpApiDocument(previous, {
      type: 'oas30',
      extensions: 'apigateway',
      stageName: '$default',
      region: 'eu-west-1',
      fallbackTitle: 'orders',
    }).document;
    cloudFormation.on(DescribeStacksCommand, { StackName: 'orders-prod' }).resolves({
      Stacks: [
        {
          StackName: 'orders-prod',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [{ OutputKey: 'HttpApiId', OutputValue: 'h77' }],
        },
      ],
    });
    apiGatewayV2
      .on(ExportApiCommand, { ApiId: 'h77', StageName: '$default' })
      .resolves({ body: new TextEncoder().encode(JSON.stringify(exported)) as never });
    apiGatewayV2.on(GetStageCommand, { ApiId: 'h77', StageName: '$default' }).resolves({
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: { 'GET /orders': { ThrottlingRateLimit: 50 } },
    });
    const { text, io, context } = harness(CURRENT);
    await runApiDiff({ 'against-stage': 'prod', api: 'http' }, io, context);
    assert.equal(
      text[0],
      [
        'API changes: the package of stage dev against stage prod (HTTP API h77, deployed)',
        'Breaking changes (4):',
        "  (stage)       CORS origin https://admin.example.com removed from the HTTP API's CORS configuration",
        '  GET /orders   authorization added: NONE → JWT (authorizer users)',
        '  GET /orders   throttling rate limit 50 → 10',
        '  /orders/{id}  path removed, with its operations DELETE',
        '4 breaking, 0 non-breaking.',
      ].join('\n'),
    );
  });

  it('says which API there is when --api names one the package lacks, and refuses other values', async () => {
    const { io, context } = harness(CURRENT);
    const refused = async (options: Record<string, unknown>, message: RegExp) =>
      assert.rejects(
        () => runApiDiff(options, io, context),
        (error: unknown) =>
          error instanceof KitError &&
          error.code === 'APIGATEWAY_KIT_INVALID_OPTION' &&
          message.test(error.message),
      );
    await refused(
      { against: 'a.yaml', api: 'websocket' },
      /--api: "websocket" is not allowed; use rest or http/,
    );
    const { dir } = harness(CURRENT);
    writeFileSync(
      path.join(dir, 'cloudformation-template-update-stack.json'),
      JSON.stringify(PREVIOUS),
    );
    await refused(
      { 'against-package': dir, api: 'rest' },
      /no REST API methods to compare .*its HTTP API is compared with --api http/,
    );
    const empty = harness({ Resources: {} });
    writeFileSync(
      path.join(empty.dir, 'cloudformation-template-update-stack.json'),
      JSON.stringify(PREVIOUS),
    );
    await assert.rejects(
      () => runApiDiff({ 'against-package': empty.dir, api: 'http' }, empty.io, empty.context),
      /no HTTP API to compare/,
    );
  });
});

describe('apigateway diff: the $default route of an HTTP API', () => {
  it('pairs the $default route with its own route settings', () => {
    const api = (rate: number) =>
      httpApiAsRest({
        kind: 'http',
        logicalId: 'HttpApi',
        authorizers: [],
        routes: [
          {
            logicalId: 'Default',
            routeKey: '$default',
            authorizationType: 'NONE',
            scopes: [],
            routeResponses: [],
          },
        ],
        stages: [
          {
            logicalId: 'Stage',
            stageName: '$default',
            routeSettings: { $default: { ThrottlingRateLimit: rate } },
          },
        ],
      });
    const side = (rate: number) => ({ label: `rate ${rate}`, api: api(rate), knowsStage: true });
    const diff = diffApis(side(50), side(10));
    assert.deepEqual(
      diff.breaking.map((change) => `${change.kind} ${change.method} ${change.path}`),
      ['throttling-lowered ANY /$default'],
    );
  });
});
