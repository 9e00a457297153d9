/**
 * The export of the deployed stage against the AWS SDK mocked at the client: the API id from the
 * stack Outputs, GetExport / ExportApi inputs, and every error a user can hit.
 */
import assert from 'node:assert/strict';
import {
  APIGatewayClient,
  BadRequestException,
  GetExportCommand,
  NotFoundException,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  ExportApiCommand,
  NotFoundException as V2NotFoundException,
} from '@aws-sdk/client-apigatewayv2';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { OpenApiExportError } from '../../../src/openapi/errors';
import { exportDeployedApi, type DeployedExportInput } from '../../../src/openapi/export';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };
const config = { region: 'eu-west-1', credentials, maxAttempts: 1 };

const INPUT: DeployedExportInput = { stackName: 'orders-dev', stageName: 'dev', type: 'oas30' };
const REST_DOCUMENT = {
  openapi: '3.0.1',
  info: { title: 'dev-orders', version: '2024-01-01T00:00:00Z' },
  paths: {},
};

function body(value: unknown) {
  return new TextEncoder().encode(JSON.stringify(value)) as never;
}

function metadata(attempts = 1) {
  return { $metadata: { httpStatusCode: 400, attempts } };
}

describe('export of the deployed stage', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const apiGateway = mockClient(APIGatewayClient);
  const apiGatewayV2 = mockClient(ApiGatewayV2Client);
  const clients = () => ({
    cloudFormation: new CloudFormationClient(config),
    apiGateway: new APIGatewayClient(config),
    apiGatewayV2: new ApiGatewayV2Client(config),
  });
  const outputs = (values: Record<string, string>) =>
    cloudFormation.on(DescribeStacksCommand, { StackName: 'orders-dev' }).resolves({
      Stacks: [
        {
          StackName: 'orders-dev',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(0),
          Outputs: Object.entries(values).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
        },
      ],
    });

  beforeEach(() => {
    cloudFormation.reset();
    apiGateway.reset();
    apiGatewayV2.reset();
  });

  it('exports a REST API: id from the ApiGatewayRestApiId output, GetExport as JSON with the extensions', async () => {
    outputs({
      ApiGatewayRestApiId: 'abc123',
      ServiceEndpoint: 'https://other.execute-api.eu-west-1.amazonaws.com/dev',
    });
    apiGateway.on(GetExportCommand).resolves({ body: body(REST_DOCUMENT) });
    const result = await exportDeployedApi(clients(), {
      ...INPUT,
      type: 'swagger',
      extensions: 'postman',
    });
    assert.deepEqual(result, { kind: 'rest', apiId: 'abc123', document: REST_DOCUMENT });
    assert.deepEqual(apiGateway.commandCalls(GetExportCommand)[0].args[0].input, {
      restApiId: 'abc123',
      stageName: 'dev',
      exportType: 'swagger',
      accepts: 'application/json',
      parameters: { extensions: 'postman' },
    });
  });

  it("falls back to core's ServiceEndpoint output for the REST API id", async () => {
    outputs({ ServiceEndpoint: 'https://k2j3h4.execute-api.eu-west-1.amazonaws.com/dev' });
    apiGateway.on(GetExportCommand).resolves({ body: body(REST_DOCUMENT) });
    const result = await exportDeployedApi(clients(), INPUT);
    assert.equal(result.apiId, 'k2j3h4');
    assert.equal(apiGateway.commandCalls(GetExportCommand)[0].args[0].input.parameters, undefined);
  });

  it('exports an HTTP API: id from the HttpApiId output, ExportApi OAS30 of the $default stage', async () => {
    outputs({ HttpApiId: 'h77', HttpApiUrl: 'https://h77.execute-api.eu-west-1.amazonaws.com' });
    apiGatewayV2
      .on(ExportApiCommand)
      .resolves({ body: body({ openapi: '3.0.1', info: {}, paths: {} }) });
    const result = await exportDeployedApi(clients(), { ...INPUT, extensions: 'integrations' });
    assert.equal(result.kind, 'http');
    assert.equal(result.apiId, 'h77');
    assert.deepEqual(apiGatewayV2.commandCalls(ExportApiCommand)[0].args[0].input, {
      ApiId: 'h77',
      Specification: 'OAS30',
      OutputType: 'JSON',
      StageName: '$default',
      IncludeExtensions: true,
    });
  });

  it('asks which API when the stack has both, and takes the one named by --api', async () => {
    outputs({ ApiGatewayRestApiId: 'abc123', HttpApiId: 'h77' });
    await assert.rejects(exportDeployedApi(clients(), INPUT), {
      message:
        'The stack "orders-dev" has both a REST API (abc123) and an HTTP API (h77): choose one with --api rest or --api http (or custom.apiGateway.openapi.exportAfterDeploy.api).',
    });
    apiGatewayV2.on(ExportApiCommand).resolves({ body: body({ openapi: '3.0.1' }) });
    assert.equal((await exportDeployedApi(clients(), { ...INPUT, api: 'http' })).apiId, 'h77');
  });

  it('refuses what API Gateway cannot export: WebSocket APIs, Swagger or Postman for HTTP APIs', async () => {
    outputs({ ServiceEndpointWebsocket: 'wss://w1.execute-api.eu-west-1.amazonaws.com/dev' });
    const websocket =
      'WebSocket APIs cannot be exported as OpenAPI: API Gateway exports REST APIs (OpenAPI 3.0 and Swagger 2.0) and HTTP APIs (OpenAPI 3.0) only, and OpenAPI has no notion of WebSocket routes.';
    await assert.rejects(exportDeployedApi(clients(), INPUT), { message: websocket });
    await assert.rejects(exportDeployedApi(clients(), { ...INPUT, api: 'websocket' }), {
      message: websocket,
    });
    outputs({ HttpApiId: 'h77' });
    await assert.rejects(exportDeployedApi(clients(), { ...INPUT, type: 'swagger' }), {
      message:
        'API Gateway exports HTTP APIs as OpenAPI 3.0 only (ExportApi has no Swagger 2.0): use --type oas30.',
    });
    await assert.rejects(
      exportDeployedApi(clients(), { ...INPUT, extensions: 'postman' }),
      /--extensions postman exists for REST APIs only/,
    );
    assert.equal(apiGatewayV2.commandCalls(ExportApiCommand).length, 0);
  });

  it('says when the stack has no API, or not the one asked for', async () => {
    outputs({ ServerlessDeploymentBucketName: 'bucket' });
    await assert.rejects(exportDeployedApi(clients(), INPUT), {
      message:
        'The stack "orders-dev" has no REST or HTTP API to export: its Outputs have neither ApiGatewayRestApiId (or ServiceEndpoint) nor HttpApiId. Add http or httpApi events to a function and deploy, or build the document with --offline.',
    });
    outputs({ ApiGatewayRestApiId: 'abc123' });
    await assert.rejects(exportDeployedApi(clients(), { ...INPUT, api: 'http' }), {
      message:
        'The stack "orders-dev" has no HTTP API: its Outputs have no HttpApiId. Deploy the service with its httpApi events first, or export the REST API with --api rest.',
    });
  });

  it('explains a stack that does not exist', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        message: 'Stack with id orders-dev does not exist',
        ...metadata(),
      }),
    );
    await assert.rejects(exportDeployedApi(clients(), INPUT), (error: OpenApiExportError) => {
      assert.equal(error.reason, 'no-stack');
      assert.equal(
        error.message,
        'The stack "orders-dev" does not exist in this account and region: the service is not deployed with this --stage and --region. Deploy it first (sls deploy), pass the --stage/--region it was deployed with, or build the document without AWS with --offline.',
      );
      return true;
    });
  });

  it('explains a stage that is not deployed (REST and HTTP)', async () => {
    outputs({ ApiGatewayRestApiId: 'abc123' });
    apiGateway
      .on(GetExportCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', ...metadata() }),
      );
    await assert.rejects(exportDeployedApi(clients(), INPUT), {
      message:
        'The stage "dev" of REST API abc123 is not deployed (API Gateway: Invalid stage identifier specified). Deploy it with sls deploy --stage dev, or build the document with --offline.',
    });
    outputs({ HttpApiId: 'h77' });
    apiGatewayV2
      .on(ExportApiCommand)
      .rejects(
        new V2NotFoundException({ message: 'Invalid API identifier specified', ...metadata() }),
      );
    await assert.rejects(exportDeployedApi(clients(), INPUT), {
      reason: 'not-deployed',
      message:
        'The $default stage of HTTP API h77 is not deployed (API Gateway: Invalid API identifier specified). Deploy it with sls deploy, or build the document with --offline.',
    });
  });

  it('explains missing or rejected credentials', async () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    cloudFormation.on(DescribeStacksCommand).rejects(error);
    await assert.rejects(exportDeployedApi(clients(), INPUT), {
      message:
        'AWS rejected or could not find the credentials while reading the outputs of stack "orders-dev" (CredentialsProviderError: Could not load credentials from any providers). The export uses the credentials the Serverless Framework resolved (provider.profile, --aws-profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): check that they exist, are valid and have not expired. To build the document without AWS, use --offline.',
    });
  });

  it('names the permission that is missing', async () => {
    outputs({ ApiGatewayRestApiId: 'abc123' });
    apiGateway
      .on(GetExportCommand)
      .rejects(new UnauthorizedException({ message: 'User is not authorized', ...metadata() }));
    await assert.rejects(exportDeployedApi(clients(), INPUT), {
      message:
        'Access denied while exporting the stage "dev" of REST API abc123: the identity needs apigateway:GET on /restapis/abc123/stages/dev/exports/oas30 (UnauthorizedException: User is not authorized).',
    });
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'not allowed',
        ...metadata(),
      }),
    );
    await assert.rejects(
      exportDeployedApi(clients(), INPUT),
      /the identity needs cloudformation:DescribeStacks on stack orders-dev/,
    );
  });

  it('gives up on throttling after the SDK retries, and says nothing was written', async () => {
    outputs({ ApiGatewayRestApiId: 'abc123' });
    apiGateway
      .on(GetExportCommand)
      .rejects(new TooManyRequestsException({ message: 'Too Many Requests', ...metadata(6) }));
    await assert.rejects(exportDeployedApi(clients(), INPUT), (error: OpenApiExportError) => {
      assert.equal(error.reason, 'throttled');
      assert.equal(
        error.message,
        'AWS kept throttling the requests while exporting the stage "dev" of REST API abc123, and the export gave up after 6 attempts with backoff (TooManyRequestsException: Too Many Requests). Nothing was written; wait a minute and run the export again.',
      );
      return true;
    });
  });

  it('reports what API Gateway refuses to export, and answers that are not a document', async () => {
    outputs({ ApiGatewayRestApiId: 'abc123' });
    apiGateway
      .on(GetExportCommand)
      .rejects(
        new BadRequestException({ message: 'JSON body models are not found', ...metadata() }),
      );
    await assert.rejects(
      exportDeployedApi(clients(), INPUT),
      /refused to export the stage "dev" of REST API abc123: JSON body models are not found/,
    );
    apiGateway.on(GetExportCommand).resolves({ body: new TextEncoder().encode('<html>') as never });
    await assert.rejects(exportDeployedApi(clients(), INPUT), /with something that is not JSON/);
    apiGateway.on(GetExportCommand).resolves({});
    await assert.rejects(exportDeployedApi(clients(), INPUT), /with something that is not JSON/);
  });
});
