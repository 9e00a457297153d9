/**
 * After a deploy, the OpenAPI bodies (openapi.bodyLocation: s3) that neither the deployed template
 * nor a deployment core keeps names are removed; what is kept is read from the kept templates.
 */
import assert from 'node:assert/strict';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type _Object,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { bodyFileName } from '../../../src/features/openapi/body-location';
import {
  keptDeploymentTemplates,
  pruneOpenApiBodies,
  prunePackagedOpenApiBodies,
  unnamedBodies,
} from '../../../src/deploy/openapi-body-prune';
import type { ServerlessAwsProvider } from '../../../src/aws/clients';

const PREFIX = 'serverless/orders/dev';
const config = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
};

/** A body key as the package names it (the hash of some content). */
function bodyKey(content: string): string {
  return `${PREFIX}/apigateway-kit/${bodyFileName(content)}`;
}

function templateNaming(key: string | undefined): CfnTemplate {
  return {
    Resources: {
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: key
          ? {
              Name: 'dev-orders',
              BodyS3Location: { Bucket: { Ref: 'ServerlessDeploymentBucket' }, Key: key },
            }
          : { Name: 'dev-orders', Body: { openapi: '3.0.1' } },
      },
    },
  } as CfnTemplate;
}

function folder(n: number): string {
  return `${1700000000000 + n}-2026-12-0${n}T10:00:00.000Z`;
}

/** What the SDK's GetObject body offers, reduced to what the prune reads. */
function streamOf(text: string) {
  return { transformToString: () => Promise.resolve(text) };
}

const logs: string[] = [];
const log = { info: (message: string) => logs.push(message) };

describe('pruneOpenApiBodies', () => {
  const s3 = mockClient(S3Client);
  const client = new S3Client(config);
  const bodies = ['a', 'b', 'c', 'd', 'e'].map(bodyKey);

  beforeEach(() => {
    s3.reset();
    logs.length = 0;
  });
  after(() => s3.restore());

  /** Deployment folders 1..n, deployment i naming bodies[i - 1]. */
  function bucketWith(deployments: number): _Object[] {
    const objects: _Object[] = bodies.map((Key) => ({ Key }));
    for (let i = 1; i <= deployments; i += 1) {
      objects.push({ Key: `${PREFIX}/${folder(i)}/orders.zip` });
      objects.push({ Key: `${PREFIX}/${folder(i)}/compiled-cloudformation-template.json` });
      s3.on(GetObjectCommand, {
        Key: `${PREFIX}/${folder(i)}/compiled-cloudformation-template.json`,
      }).resolves({
        Body: streamOf(JSON.stringify(templateNaming(bodies[i - 1]))),
      } as never);
    }
    return objects;
  }

  it('removes the bodies no kept deployment names, and only those', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: bucketWith(4) });
    s3.on(DeleteObjectsCommand).resolves({});
    const removed = await pruneOpenApiBodies(client, {
      bucketName: 'deploy-bucket',
      stagePrefix: PREFIX,
      currentKeys: [bodies[3]],
      keepDeployments: 2,
      log,
    });
    // Deployments 3 and 4 are kept (bodies c and d); a and b are named only by older ones, e by none.
    assert.deepEqual(removed, [bodies[0], bodies[1], bodies[4]].sort());
    const reads = s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key);
    assert.deepEqual(
      reads,
      [3, 4].map((i) => `${PREFIX}/${folder(i)}/compiled-cloudformation-template.json`),
    );
    const deleted = s3.commandCalls(DeleteObjectsCommand)[0].args[0].input;
    assert.equal(deleted.Bucket, 'deploy-bucket');
    assert.deepEqual(
      deleted.Delete?.Objects?.map((object) => object.Key),
      removed,
    );
    assert.match(logs.join('\n'), /removed 3 OpenAPI bodies no kept deployment names/);
  });

  it('removes nothing when a kept template cannot be read', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: bucketWith(3) });
    s3.on(GetObjectCommand, {
      Key: `${PREFIX}/${folder(3)}/compiled-cloudformation-template.json`,
    }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const removed = await pruneOpenApiBodies(client, {
      bucketName: 'deploy-bucket',
      stagePrefix: PREFIX,
      currentKeys: [bodies[2]],
      keepDeployments: 5,
      log,
    });
    assert.deepEqual(removed, []);
    assert.equal(s3.commandCalls(DeleteObjectsCommand).length, 0);
    assert.match(logs.join('\n'), /kept the old OpenAPI bodies .* could not read/);
  });

  it('reads every page of the listing and deletes in batches of 1,000', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({ Key: bodyKey(`body ${i}`) }));
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      Contents: many.slice(0, 1000),
      IsTruncated: true,
      NextContinuationToken: 'page-2',
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'page-2' }).resolves({
      Contents: many.slice(1000),
      IsTruncated: false,
    });
    s3.on(DeleteObjectsCommand).resolves({});
    const removed = await pruneOpenApiBodies(client, {
      bucketName: 'deploy-bucket',
      stagePrefix: PREFIX,
      currentKeys: [many[0].Key],
      keepDeployments: 5,
      log,
    });
    assert.equal(removed.length, 1499);
    const batches = s3
      .commandCalls(DeleteObjectsCommand)
      .map((call) => call.args[0].input.Delete?.Objects?.length);
    assert.deepEqual(batches, [1000, 499]);
  });
});

describe('which objects are bodies and which templates are kept', () => {
  it('takes only hashed body files directly in the body folder of this stage', () => {
    const body = bodyKey('x');
    const objects = [
      { Key: body },
      { Key: `${PREFIX}/apigateway-kit/notes.json` },
      { Key: `${PREFIX}/apigateway-kit/old/${bodyFileName('y')}` },
      { Key: `serverless/orders/prod/apigateway-kit/${bodyFileName('z')}` },
    ];
    assert.deepEqual(unnamedBodies(objects, PREFIX, new Set()), [body]);
    assert.deepEqual(unnamedBodies(objects, PREFIX, new Set([body])), []);
  });

  it("keeps the newest deployments by core's folder number, ignoring other folders", () => {
    const objects = [9, 10, 2].map((n) => ({
      Key: `${PREFIX}/${folder(n)}/compiled-cloudformation-template.json`,
    }));
    objects.push({ Key: `${PREFIX}/apigateway-kit/compiled-cloudformation-template.json` });
    assert.deepEqual(
      keptDeploymentTemplates(objects, PREFIX, 2).map((key) => key.split('/')[3]),
      [folder(9), folder(10)],
    );
  });
});

describe('prunePackagedOpenApiBodies', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const s3 = mockClient(S3Client);
  const provider = {
    getRegion: () => 'eu-west-1',
    getCredentials: () => ({ credentials: config.credentials }),
  } as unknown as ServerlessAwsProvider;

  beforeEach(() => {
    cloudFormation.reset();
    s3.reset();
  });
  after(() => {
    cloudFormation.restore();
    s3.restore();
  });

  it('makes no AWS call when the template names no packaged body', async () => {
    await prunePackagedOpenApiBodies(provider, {
      stackName: 'orders-dev',
      template: templateNaming(undefined),
      log,
    });
    assert.equal(cloudFormation.calls().length + s3.calls().length, 0);
  });

  it("finds the bucket from the stack and keeps maxPreviousDeploymentArtifacts deployments' bodies", async () => {
    const current = bodyKey('current');
    cloudFormation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        LogicalResourceId: 'ServerlessDeploymentBucket',
        PhysicalResourceId: 'orders-dev-serverlessdeploymentbucket-1',
        ResourceType: 'AWS::S3::Bucket',
        ResourceStatus: 'UPDATE_COMPLETE',
        LastUpdatedTimestamp: new Date(0),
        StackId:
          'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-dev/0f1e2d3c-aaaa-bbbb-cccc-000000000000',
      },
    });
    const older = bodyKey('older');
    const objects = [
      { Key: current },
      { Key: older },
      { Key: `${PREFIX}/${folder(1)}/compiled-cloudformation-template.json` },
      { Key: `${PREFIX}/${folder(2)}/compiled-cloudformation-template.json` },
    ];
    s3.on(ListObjectsV2Command).resolves({ Contents: objects });
    s3.on(GetObjectCommand, { Key: objects[2].Key }).resolves({
      Body: streamOf(JSON.stringify(templateNaming(older))),
    } as never);
    s3.on(GetObjectCommand, { Key: objects[3].Key }).resolves({
      Body: streamOf(JSON.stringify(templateNaming(current))),
    } as never);
    s3.on(DeleteObjectsCommand).resolves({});
    await prunePackagedOpenApiBodies(provider, {
      stackName: 'orders-dev',
      template: templateNaming(current),
      bucketSettings: { maxPreviousDeploymentArtifacts: 1 },
      log,
    });
    assert.equal(
      s3.commandCalls(ListObjectsV2Command)[0].args[0].input.Bucket,
      'orders-dev-serverlessdeploymentbucket-1',
    );
    const deleted = s3.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete?.Objects;
    assert.deepEqual(
      deleted?.map((object) => object.Key),
      [older],
    );
  });
});
