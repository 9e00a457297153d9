/**
 * `sls apigateway diff` with a stand-in plugin context: the options, each thing to compare with
 * (a deployed stage through the SDK, mocked; an OpenAPI file in YAML; a previous package), the
 * list and JSON output, and --fail-on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APIGatewayClient,
  GetExportCommand,
  GetStageCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { runApiDiff, type DiffContext } from '../../../src/commands/diff';
import { apigatewayCommandsHelp, type CommandIo } from '../../../src/commands/options';
import { KitError } from '../../../src/pipeline/errors';

function methodResource(httpMethod: string, resource: string, authorization = 'NONE') {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: httpMethod,
      ResourceId: { Ref: resource },
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      AuthorizationType: authorization,
      Integration: { Type: 'AWS_PROXY' },
    },
  };
}

/** The API about to be deployed: GET /orders (now IAM), no DELETE; stage-wide throttling 10 rps. */
const TEMPLATE: CfnTemplate = {
  Resources: {
    ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'dev-orders' } },
    ApiGatewayResourceOrders: {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
        PathPart: 'orders',
        RestApiId: { Ref: 'ApiGatewayRestApi' },
      },
    },
    ApiGatewayMethodOrdersGet: methodResource('GET', 'ApiGatewayResourceOrders', 'AWS_IAM'),
    ApiGatewayStage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        StageName: 'dev',
        MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 10 }],
      },
    },
  },
};

const PREVIOUS: CfnTemplate = {
  Resources: {
    ...TEMPLATE.Resources,
    ApiGatewayMethodOrdersGet: methodResource('GET', 'ApiGatewayResourceOrders'),
    ApiGatewayMethodOrdersDelete: methodResource('DELETE', 'ApiGatewayResourceOrders'),
  },
};

const DEPLOYED_EXPORT = {
  openapi: '3.0.1',
  info: { title: 'prod-orders', version: '1' },
  paths: {
    '/orders': {
      get: { responses: {}, 'x-amazon-apigateway-integration': { type: 'aws_proxy' } },
      delete: { responses: {}, 'x-amazon-apigateway-integration': { type: 'aws_proxy' } },
    },
  },
};

interface Harness {
  io: CommandIo & { text: string[]; notices: string[] };
  context: DiffContext;
  dir: string;
  packaged: sinon.SinonStub;
}

function harness(): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-diff-'));
  const text: string[] = [];
  const notices: string[] = [];
  const io = {
    text,
    notices,
    log: {
      notice: (m: string) => notices.push(m),
      warning: () => undefined,
      info: () => undefined,
    },
    writeText: (value: string) => text.push(value),
  };
  let packagedTemplate: CfnTemplate | undefined;
  const packaged = sinon.stub().callsFake(async () => {
    packagedTemplate = TEMPLATE;
  });
  const config = {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  };
  const context: DiffContext = {
    provider: { getRegion: () => 'eu-west-1', getStage: () => 'dev', getCredentials: () => ({}) },
    stackName: () => 'orders-dev',
    serviceName: 'orders',
    serviceDir: dir,
    packageService: packaged,
    template: () => packagedTemplate,
    clients: () => ({
      cloudFormation: new CloudFormationClient(config),
      apiGateway: new APIGatewayClient(config),
      apiGatewayV2: new ApiGatewayV2Client(config),
    }),
  };
  return { io, context, dir, packaged };
}

async function rejectsWithCode(
  run: () => Promise<void>,
  code: string,
  message: RegExp,
): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof KitError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('sls apigateway diff', () => {
  it('is listed by `sls apigateway` with each of its options', () => {
    const help = apigatewayCommandsHelp();
    assert.match(
      help,
      /sls apigateway diff {2}List the changes between the API about to be deployed/,
    );
    for (const option of [
      'against-stage',
      'against-stack',
      'against',
      'against-package',
      'json',
      'fail-on',
    ]) {
      assert.match(help, new RegExp(`\\n {6}--${option}\\n`));
    }
  });

  const cloudFormation = mockClient(CloudFormationClient);
  const apiGateway = mockClient(APIGatewayClient);
  afterEach(() => {
    cloudFormation.reset();
    apiGateway.reset();
  });

  it('--against-stage: the export of the deployed stage, its settings and usage plans (SDK)', async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'orders-prod' }).resolves({
      Stacks: [
        {
          StackName: 'orders-prod',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [{ OutputKey: 'ApiGatewayRestApiId', OutputValue: 'abc123' }],
        },
      ],
    });
    apiGateway
      .on(GetExportCommand, {
        restApiId: 'abc123',
        stageName: 'prod',
        exportType: 'oas30',
        parameters: { extensions: 'apigateway' },
      })
      .resolves({ body: new TextEncoder().encode(JSON.stringify(DEPLOYED_EXPORT)) as never });
    apiGateway.on(GetStageCommand, { restApiId: 'abc123', stageName: 'prod' }).resolves({
      stageName: 'prod',
      methodSettings: { '*/*': { throttlingRateLimit: 100 } },
    });
    apiGateway.on(GetUsagePlansCommand).resolves({
      items: [
        {
          id: 'p1',
          name: 'other-api',
          apiStages: [{ apiId: 'zzz', stage: 'prod' }],
          quota: { limit: 1, period: 'DAY' },
        },
      ],
    });
    const { io, context, packaged } = harness();
    await runApiDiff({ 'against-stage': 'prod' }, io, context);
    sinon.assert.calledOnce(packaged);
    assert.equal(
      io.text[0],
      [
        'API changes: the package of stage dev against stage prod (REST API abc123, deployed)',
        'Breaking changes (3):',
        '  (stage)         throttling rate limit 100 → 10',
        '  DELETE /orders  operation removed',
        '  GET /orders     authorization added: NONE → AWS_IAM',
        '3 breaking, 0 non-breaking.',
      ].join('\n'),
    );
    assert.match(io.notices[0], /3 breaking, 0 non-breaking/);
  });

  it("--against-stack names the stack; AWS errors are the export's", async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Stack with id x does not exist'), { name: 'ValidationError' }),
      );
    const { io, context } = harness();
    await rejectsWithCode(
      () => runApiDiff({ 'against-stage': 'prod', 'against-stack': 'legacy-orders' }, io, context),
      'APIGATEWAY_KIT_OPENAPI_EXPORT',
      /The stack "legacy-orders" does not exist/,
    );
  });

  it('--against FILE (YAML) --json: one JSON document', async () => {
    const { io, context, dir } = harness();
    writeFileSync(
      path.join(dir, 'api.yaml'),
      [
        'openapi: 3.0.1',
        'info: { title: orders, version: "1" }',
        'paths:',
        '  /orders:',
        '    get:',
        '      responses: {}',
      ].join('\n'),
    );
    await runApiDiff({ against: 'api.yaml', json: true }, io, context);
    const report = JSON.parse(io.text[0]) as {
      against: string;
      summary: unknown;
      breaking: Array<{ kind: string; method: string; path: string }>;
    };
    assert.equal(report.against, 'api.yaml');
    assert.deepEqual(report.summary, { breaking: 1, nonBreaking: 0 });
    assert.deepEqual(
      report.breaking.map((c) => `${c.kind} ${c.method} ${c.path}`),
      ['authorization-added GET /orders'],
    );
  });

  it('--against-package DIR --fail-on breaking: the report, then an error with its own code', async () => {
    const { io, context, dir } = harness();
    writeFileSync(
      path.join(dir, 'cloudformation-template-update-stack.json'),
      JSON.stringify(PREVIOUS),
    );
    await rejectsWithCode(
      () => runApiDiff({ 'against-package': dir, 'fail-on': 'breaking' }, io, context),
      'APIGATEWAY_KIT_API_DIFF',
      /--fail-on breaking: 2 breaking change\(s\) against the package in /,
    );
    assert.match(io.text[0], /DELETE \/orders {2}operation removed/);
    // The same package against itself: nothing to fail on, even with --fail-on any.
    writeFileSync(
      path.join(dir, 'cloudformation-template-update-stack.json'),
      JSON.stringify(TEMPLATE),
    );
    const again = harness();
    await runApiDiff(
      {
        'against-package': path.join(dir, 'cloudformation-template-update-stack.json'),
        'fail-on': 'any',
      },
      again.io,
      again.context,
    );
    assert.match(again.io.text[0], /No changes\./);
  });

  it('refuses wrong options before packaging', async () => {
    const { io, context, packaged, dir } = harness();
    const invalid = 'APIGATEWAY_KIT_INVALID_OPTION';
    await rejectsWithCode(() => runApiDiff({}, io, context), invalid, /Say what to compare with/);
    await rejectsWithCode(
      () => runApiDiff({ against: 'a.yaml', 'against-stage': 'prod' }, io, context),
      invalid,
      /one thing at a time/,
    );
    await rejectsWithCode(
      () => runApiDiff({ against: 'a.yaml', 'fail-on': 'some' }, io, context),
      invalid,
      /--fail-on: "some" is not allowed/,
    );
    await rejectsWithCode(
      () => runApiDiff({ against: 'missing.yaml' }, io, context),
      invalid,
      /--against: could not read an OpenAPI/,
    );
    writeFileSync(path.join(dir, 'not-openapi.json'), '{"hello": 1}');
    await rejectsWithCode(
      () => runApiDiff({ against: 'not-openapi.json' }, io, context),
      invalid,
      /could not read an OpenAPI/,
    );
    await rejectsWithCode(
      () => runApiDiff({ 'against-package': 'nowhere' }, io, context),
      invalid,
      /nowhere does not exist/,
    );
    await rejectsWithCode(
      () => runApiDiff({ 'against-stack': 'x', against: 'a.yaml' }, io, context),
      invalid,
      /add --against-stage/,
    );
    sinon.assert.notCalled(packaged);
  });

  it('a stack name that does not end with the stage needs --against-stack', async () => {
    const { io, context } = harness();
    context.stackName = () => 'custom-name';
    await rejectsWithCode(
      () => runApiDiff({ 'against-stage': 'prod' }, io, context),
      'APIGATEWAY_KIT_INVALID_OPTION',
      /--against-stack/,
    );
  });
});
