/**
 * The OpenAPI body's upload at deploy (openapi.bodyLocation: s3): read from the package directory,
 * checked against the hash its key carries, intrinsics resolved from the stack's ARN and the
 * template, uploaded once per content to the bucket the template names.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { bodyFileName } from '../../../src/features/openapi/body-location';
import { uploadOpenApiBodies } from '../../../src/deploy/openapi-body-upload';
import { KitError } from '../../../src/pipeline/errors';

const config = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
};
const STACK_ID =
  'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-dev/0f1e2d3c-aaaa-bbbb-cccc-000000000000';

const BODY = {
  openapi: '3.0.1',
  paths: {
    '/orders': {
      get: {
        'x-amazon-apigateway-integration': {
          type: 'aws_proxy',
          uri: {
            'Fn::Sub':
              'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrdersLambdaFunction.Arn}/invocations',
          },
        },
      },
    },
  },
};

function templateFor(content: string, bucket: unknown): CfnTemplate {
  return {
    Resources: {
      OrdersLambdaFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: { FunctionName: 'orders-dev-orders' },
      },
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: {
          Name: 'dev-orders',
          BodyS3Location: {
            Bucket: bucket,
            Key: `serverless/orders/dev/apigateway-kit/${bodyFileName(content)}`,
          },
        },
      },
    },
  } as CfnTemplate;
}

const EXPECTED_URI =
  'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-dev-orders/invocations';

describe('uploadOpenApiBodies', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const s3 = mockClient(S3Client);
  const clients = { cloudFormation: new CloudFormationClient(config), s3: new S3Client(config) };
  const content = JSON.stringify(BODY);
  let dir: string;
  let lines: string[];
  const context = (template: CfnTemplate, extra: Record<string, unknown> = {}) => ({
    stackName: 'orders-dev',
    region: 'eu-west-1',
    template,
    packageDir: dir,
    log: { info: (message: string) => lines.push(message) },
    ...extra,
  });

  beforeEach(() => {
    cloudFormation.reset();
    s3.reset();
    lines = [];
    dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-body-upload-'));
    writeFileSync(path.join(dir, bodyFileName(content)), content);
    cloudFormation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        StackName: 'orders-dev',
        StackId: STACK_ID,
        LogicalResourceId: 'ServerlessDeploymentBucket',
        PhysicalResourceId: 'orders-dev-serverlessdeploymentbucket-abc123',
        ResourceType: 'AWS::S3::Bucket',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(0),
      },
    });
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'orders-dev',
          StackId: STACK_ID,
          CreationTime: new Date(0),
          StackStatus: 'UPDATE_COMPLETE',
        },
      ],
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("puts the body, intrinsics resolved, under the template's key in core's deployment bucket", async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: {} }));
    s3.on(PutObjectCommand).resolves({});
    const template = templateFor(content, { Ref: 'ServerlessDeploymentBucket' });
    const written = await uploadOpenApiBodies(clients, context(template));
    const key = `serverless/orders/dev/apigateway-kit/${bodyFileName(content)}`;
    assert.deepEqual(written, [key]);
    assert.deepEqual(cloudFormation.commandCalls(DescribeStackResourceCommand)[0].args[0].input, {
      StackName: 'orders-dev',
      LogicalResourceId: 'ServerlessDeploymentBucket',
    });
    const puts = s3.commandCalls(PutObjectCommand);
    assert.equal(puts.length, 1);
    const input = puts[0].args[0].input as PutObjectCommandInput;
    assert.equal(input.Bucket, 'orders-dev-serverlessdeploymentbucket-abc123');
    assert.equal(input.Key, key);
    assert.equal(input.ContentType, 'application/json');
    const uploaded = JSON.parse(String(input.Body));
    assert.equal(
      uploaded.paths['/orders'].get['x-amazon-apigateway-integration'].uri,
      EXPECTED_URI,
    );
    assert.doesNotMatch(String(input.Body), /Fn::|"Ref"/);
    assert.ok(input.Metadata?.filesha256);
    assert.match(lines[0], /^uploaded the OpenAPI body of ApiGatewayRestApi to s3:\/\//);
  });

  it('leaves an object with the same content as it is', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: {} }));
    s3.on(PutObjectCommand).resolves({});
    const template = templateFor(content, { Ref: 'ServerlessDeploymentBucket' });
    await uploadOpenApiBodies(clients, context(template));
    const sha = (s3.commandCalls(PutObjectCommand)[0].args[0].input as PutObjectCommandInput)
      .Metadata?.filesha256;
    s3.reset();
    s3.on(HeadObjectCommand).resolves({ Metadata: { filesha256: sha as string } });
    assert.deepEqual(await uploadOpenApiBodies(clients, context(template)), []);
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });

  it("uses the user's deployment bucket by name, with its encryption settings", async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: {} }));
    s3.on(PutObjectCommand).resolves({});
    const template = templateFor(content, 'my-deployments');
    await uploadOpenApiBodies(
      clients,
      context(template, {
        bucketSettings: {
          name: 'my-deployments',
          serverSideEncryption: 'aws:kms',
          sseKMSKeyId: 'k1',
        },
      }),
    );
    assert.equal(cloudFormation.commandCalls(DescribeStackResourceCommand).length, 0);
    assert.equal(cloudFormation.commandCalls(DescribeStacksCommand).length, 1);
    const input = s3.commandCalls(PutObjectCommand)[0].args[0].input as PutObjectCommandInput;
    assert.equal(input.Bucket, 'my-deployments');
    assert.equal(input.ServerSideEncryption, 'aws:kms');
    assert.equal(input.SSEKMSKeyId, 'k1');
    assert.equal(
      JSON.parse(String(input.Body)).paths['/orders'].get['x-amazon-apigateway-integration'].uri,
      EXPECTED_URI,
    );
  });

  it('refuses a missing or altered body file before any upload', async () => {
    const template = templateFor(content, { Ref: 'ServerlessDeploymentBucket' });
    const file = path.join(dir, bodyFileName(content));
    writeFileSync(file, content.replace('3.0.1', '3.0.2'));
    await assert.rejects(uploadOpenApiBodies(clients, context(template)), (error: unknown) => {
      assert.ok(error instanceof KitError);
      assert.match(error.message, /is not the OpenAPI body the template names/);
      return true;
    });
    rmSync(file);
    await assert.rejects(
      uploadOpenApiBodies(clients, context(template)),
      /package the service again/,
    );
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });

  it('refuses a body naming a value only CloudFormation resolves', async () => {
    const withPool = JSON.stringify({
      ...BODY,
      components: {
        securitySchemes: { pool: { 'x-pool': { 'Fn::GetAtt': ['UserPool', 'Arn'] } } },
      },
    });
    writeFileSync(path.join(dir, bodyFileName(withPool)), withPool);
    const template = templateFor(withPool, { Ref: 'ServerlessDeploymentBucket' });
    await assert.rejects(
      uploadOpenApiBodies(clients, context(template)),
      /\{"Fn::GetAtt":\["UserPool","Arn"\]\} at \/components\/securitySchemes\/pool\/x-pool/,
    );
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });

  it('does nothing for a template without a packaged body', async () => {
    const template = templateFor(content, { Ref: 'ServerlessDeploymentBucket' });
    const restApi = template.Resources.ApiGatewayRestApi;
    restApi.Properties = { Name: 'dev-orders', Body: BODY };
    assert.deepEqual(await uploadOpenApiBodies(clients, context(template)), []);
    assert.equal(cloudFormation.calls().length + s3.calls().length, 0);
  });
});
