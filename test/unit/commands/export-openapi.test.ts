/**
 * `sls export-openapi` end to end with a stand-in plugin context and the SDK mocked: options,
 * overrides, JSON/YAML output, stdout, the atomic write, the offline path, and the export after
 * deploy.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APIGatewayClient, GetExportCommand, NotFoundException } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import yaml from 'js-yaml';
import sinon from 'sinon';
import {
  type CommandIo,
  type ExportContext,
  type OpenApiConfig,
  exportAfterDeploy,
  runExportOpenApi,
} from '../../../src/commands/export-openapi';
import type { CfnTemplate } from '../../../src/cloudformation/template';

class FakeServerlessError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const AWS_DOCUMENT = {
  openapi: '3.0.1',
  info: { title: 'dev-orders', version: '2024-05-01T10:00:00Z' },
  servers: [
    {
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/{basePath}',
      variables: { basePath: { default: 'dev' } },
      'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: false },
    },
  ],
  paths: { '/orders': { get: { responses: { '200': { description: '200 response' } } } } },
};

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
    ApiGatewayMethodOrdersGet: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'GET',
        ResourceId: { Ref: 'ApiGatewayResourceOrders' },
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        AuthorizationType: 'NONE',
        Integration: { Type: 'AWS_PROXY' },
      },
    },
  },
};

interface Harness {
  io: CommandIo & { text: string[]; notices: string[]; warnings: string[] };
  context: ExportContext;
  dir: string;
  packaged: sinon.SinonStub;
}

function harness(openapi?: OpenApiConfig, template: CfnTemplate = TEMPLATE): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-openapi-'));
  const text: string[] = [];
  const notices: string[] = [];
  const warnings: string[] = [];
  const io = {
    text,
    notices,
    warnings,
    log: {
      notice: (m: string) => notices.push(m),
      warning: (m: string) => warnings.push(m),
      info: () => undefined,
    },
    writeText: (value: string) => text.push(value),
  };
  let packagedTemplate: CfnTemplate | undefined;
  const packaged = sinon.stub().callsFake(async () => {
    packagedTemplate = template;
  });
  const config = {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  };
  const context: ExportContext = {
    provider: { getRegion: () => 'eu-west-1', getStage: () => 'dev', getCredentials: () => ({}) },
    stackName: () => 'orders-dev',
    serviceName: 'orders',
    serviceDir: dir,
    openapiConfig: () => openapi,
    packageService: packaged,
    template: () => packagedTemplate,
    fail: (message, code) => {
      throw new FakeServerlessError(message, code);
    },
    clients: () => ({
      cloudFormation: new CloudFormationClient(config),
      apiGateway: new APIGatewayClient(config),
      apiGatewayV2: new ApiGatewayV2Client(config),
    }),
  };
  return { io, context, dir, packaged };
}

describe('sls export-openapi', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const apiGateway = mockClient(APIGatewayClient);

  beforeEach(() => {
    cloudFormation.reset();
    apiGateway.reset();
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'orders-dev',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(0),
          Outputs: [{ OutputKey: 'ApiGatewayRestApiId', OutputValue: 'abc123' }],
        },
      ],
    });
    apiGateway
      .on(GetExportCommand)
      .resolves({ body: new TextEncoder().encode(JSON.stringify(AWS_DOCUMENT)) as never });
  });

  it('writes the deployed stage as JSON to stdout by default', async () => {
    const { io, context } = harness();
    await runExportOpenApi({ stage: 'dev' }, io, context);
    assert.deepEqual(io.text, [JSON.stringify(AWS_DOCUMENT, null, 2)]);
    assert.equal(apiGateway.commandCalls(GetExportCommand)[0].args[0].input.exportType, 'oas30');
  });

  it('applies info and servers over what AWS wrote, and writes YAML for a .yaml --output', async () => {
    const overrides: OpenApiConfig = {
      info: { title: 'Orders', version: '1.2.3', description: 'The orders API' },
      servers: [{ url: 'https://api.example.com/v1', description: 'Production' }],
    };
    const { io, context, dir } = harness(overrides);
    await runExportOpenApi({ output: 'docs/openapi.yaml', extensions: 'apigateway' }, io, context);
    const file = path.join(dir, 'docs', 'openapi.yaml');
    const written = yaml.load(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written.info, {
      title: 'Orders',
      version: '1.2.3',
      description: 'The orders API',
    });
    assert.deepEqual(written.servers, [
      {
        url: 'https://api.example.com/v1',
        description: 'Production',
        'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: false },
      },
    ]);
    assert.deepEqual(written.paths, AWS_DOCUMENT.paths);
    assert.deepEqual(io.notices, [
      `Wrote the OpenAPI 3.0 document of REST API abc123 (stage dev) to ${file}`,
    ]);
    assert.deepEqual(apiGateway.commandCalls(GetExportCommand)[0].args[0].input.parameters, {
      extensions: 'apigateway',
    });
    assert.deepEqual(io.text, []);
  });

  it('lets --format win over the file extension', async () => {
    const { io, context, dir } = harness();
    await runExportOpenApi({ output: 'openapi.yaml', format: 'json' }, io, context);
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')),
      AWS_DOCUMENT,
    );
  });

  it('rejects option values it does not know, naming the allowed ones', async () => {
    const { io, context } = harness();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'oas31' }, '--type: "oas31" is not allowed; use oas30, swagger.'],
      [{ format: 'xml' }, '--format: "xml" is not allowed; use json, yaml.'],
      [
        { extensions: 'all' },
        '--extensions: "all" is not allowed; use integrations, apigateway, authorizers, postman.',
      ],
      [{ api: 'graphql' }, '--api: "graphql" is not allowed; use rest, http.'],
      [{ output: ' ' }, '--output needs a file path.'],
      [
        { template: 'template.json' },
        '--template reads a packaged template for --offline; add --offline, or leave --template out to export the deployed stage.',
      ],
    ];
    for (const [options, message] of cases) {
      await assert.rejects(runExportOpenApi(options, io, context), {
        message,
        code: 'APIGATEWAY_KIT_OPENAPI_EXPORT',
      });
    }
    assert.equal(cloudFormation.commandCalls(DescribeStacksCommand).length, 0);
  });

  it('fails with the export error and keeps the previous file when the stage is not deployed', async () => {
    const { io, context, dir } = harness();
    writeFileSync(path.join(dir, 'openapi.json'), 'previous');
    apiGateway
      .on(GetExportCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
      );
    await assert.rejects(runExportOpenApi({ output: 'openapi.json' }, io, context), {
      code: 'APIGATEWAY_KIT_OPENAPI_EXPORT',
      message: /^The stage "dev" of REST API abc123 is not deployed/,
    });
    assert.equal(readFileSync(path.join(dir, 'openapi.json'), 'utf8'), 'previous');
    assert.deepEqual(readdirSync(dir), ['openapi.json']);
  });

  it('--offline packages the service, builds and validates the document, without calling AWS', async () => {
    const { io, context, packaged } = harness({ info: { version: '2.0.0' } });
    await runExportOpenApi({ offline: true, type: 'swagger' }, io, context);
    assert.equal(packaged.callCount, 1);
    const document = JSON.parse(io.text[0]) as Record<string, unknown>;
    assert.equal(document.swagger, '2.0');
    assert.deepEqual(document.info, { title: 'dev-orders', version: '2.0.0' });
    assert.deepEqual(Object.keys(document.paths as object), ['/orders']);
    assert.equal(cloudFormation.commandCalls(DescribeStacksCommand).length, 0);
    assert.equal(apiGateway.commandCalls(GetExportCommand).length, 0);
  });

  it('--offline --template reads a packaged template instead of packaging', async () => {
    const { io, context, dir, packaged } = harness();
    writeFileSync(path.join(dir, 'template.json'), JSON.stringify(TEMPLATE));
    await runExportOpenApi(
      { offline: true, template: 'template.json', output: 'out/openapi.json' },
      io,
      context,
    );
    assert.equal(packaged.callCount, 0);
    const document = JSON.parse(
      readFileSync(path.join(dir, 'out', 'openapi.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.equal(document.openapi, '3.0.1');
    await assert.rejects(
      runExportOpenApi({ offline: true, template: 'missing.json' }, io, context),
      {
        message: new RegExp(
          `^--template: could not read a CloudFormation template from ${path.join(dir, 'missing.json').replace(/[/\\.]/g, '\\$&')}`,
        ),
      },
    );
  });

  it('--offline refuses to write a document that does not validate, and leaves the file alone', async () => {
    const broken: CfnTemplate = {
      Resources: {
        ...TEMPLATE.Resources,
        Model: {
          Type: 'AWS::ApiGateway::Model',
          Properties: {
            Name: 'Order',
            Schema: { type: 'object', properties: { a: { $ref: '#/definitions/missing' } } },
          },
        },
      },
    };
    const { io, context, dir } = harness(undefined, broken);
    writeFileSync(path.join(dir, 'openapi.json'), 'previous');
    await assert.rejects(runExportOpenApi({ offline: true, output: 'openapi.json' }, io, context), {
      code: 'APIGATEWAY_KIT_OPENAPI_EXPORT',
      message:
        /^The document built from the template is not a valid OpenAPI 3.0 document, so it was not written: .*missing/s,
    });
    assert.equal(readFileSync(path.join(dir, 'openapi.json'), 'utf8'), 'previous');
  });

  it('exports after deploy to exportAfterDeploy.path, and only warns when that fails', async () => {
    const { io, context, dir } = harness({
      exportAfterDeploy: { path: 'openapi.yml', type: 'swagger', extensions: 'integrations' },
    });
    await exportAfterDeploy(io, context);
    const input = apiGateway.commandCalls(GetExportCommand)[0].args[0].input;
    assert.equal(input.exportType, 'swagger');
    assert.deepEqual(input.parameters, { extensions: 'integrations' });
    assert.deepEqual(yaml.load(readFileSync(path.join(dir, 'openapi.yml'), 'utf8')), AWS_DOCUMENT);
    assert.deepEqual(io.notices, [
      `OpenAPI: wrote the Swagger 2.0 document of REST API abc123 (stage dev) to ${path.join(dir, 'openapi.yml')}`,
    ]);

    apiGateway
      .on(GetExportCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
      );
    await exportAfterDeploy(io, context);
    assert.equal(io.warnings.length, 1);
    assert.match(
      io.warnings[0],
      /^OpenAPI: the export after deploy \(custom.apiGateway.openapi.exportAfterDeploy\) failed; the deploy itself succeeded. The stage "dev"/,
    );
  });

  it('writes an export of API Gateway that does not validate as it is, and says that it wrote it', async () => {
    const invalid = {
      ...AWS_DOCUMENT,
      paths: {
        '/orders': { get: { responses: { '200': { $ref: '#/components/responses/Missing' } } } },
      },
    };
    apiGateway
      .on(GetExportCommand)
      .resolves({ body: new TextEncoder().encode(JSON.stringify(invalid)) as never });
    const expectWarning = (warnings: string[], done: 'written' | 'printed') => {
      assert.equal(warnings.length, 1);
      assert.match(
        warnings[0],
        new RegExp(
          `^OpenAPI: the document API Gateway exported is not a valid OpenAPI 3\\.0 document \\(.*Missing.*\\); it was ${done} as API Gateway exported it\\.$`,
          's',
        ),
      );
      assert.doesNotMatch(warnings[0], /not written/);
    };

    const command = harness();
    await runExportOpenApi({ output: 'openapi.json' }, command.io, command.context);
    const file = path.join(command.dir, 'openapi.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), invalid);
    assert.deepEqual(command.io.notices, [
      `Wrote the OpenAPI 3.0 document of REST API abc123 (stage dev) to ${file}`,
    ]);
    expectWarning(command.io.warnings, 'written');

    const printed = harness();
    await runExportOpenApi({}, printed.io, printed.context);
    assert.deepEqual(JSON.parse(printed.io.text[0]), invalid);
    expectWarning(printed.io.warnings, 'printed');

    const afterDeploy = harness({ exportAfterDeploy: { path: 'openapi.json' } });
    await exportAfterDeploy(afterDeploy.io, afterDeploy.context);
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(afterDeploy.dir, 'openapi.json'), 'utf8')),
      invalid,
    );
    assert.equal(afterDeploy.io.notices.length, 1);
    expectWarning(afterDeploy.io.warnings, 'written');
  });

  it('says nothing about a write when the invalid export could not be written', async () => {
    const invalid = {
      ...AWS_DOCUMENT,
      paths: { '/orders': { get: { responses: { '200': { $ref: '#/nope' } } } } },
    };
    apiGateway
      .on(GetExportCommand)
      .resolves({ body: new TextEncoder().encode(JSON.stringify(invalid)) as never });
    const { io, context, dir } = harness({ exportAfterDeploy: { path: 'openapi.json' } });
    // A directory where the file should go: the write fails.
    mkdirSync(path.join(dir, 'openapi.json'));
    await exportAfterDeploy(io, context);
    assert.deepEqual(io.notices, []);
    assert.equal(io.warnings.length, 1);
    assert.match(io.warnings[0], /^OpenAPI: the export after deploy .* failed/);
    assert.doesNotMatch(io.warnings[0], /was written/);
  });

  it('does nothing after deploy without exportAfterDeploy', async () => {
    const { io, context } = harness({ info: { title: 'x' } });
    await exportAfterDeploy(io, context);
    assert.equal(cloudFormation.commandCalls(DescribeStacksCommand).length, 0);
  });
});
