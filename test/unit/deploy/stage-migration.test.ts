import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APIGatewayClient,
  ConflictException,
  CreateStageCommand,
  DeleteStageCommand,
  GetStageCommand,
  NotFoundException,
  TooManyRequestsException,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import {
  StageMigrationError,
  deleteImplicitStage,
  detectStageOwnership,
  planStageMigration,
  readStageSnapshot,
  restoreCommand,
  restorePatchOperations,
  restoreStage,
  waitForStackToSettle,
  type DetectInput,
  type MigrationLog,
  type StageOwnership,
  type StageSnapshot,
} from '../../../src/deploy/stage-migration';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };

const INPUT: DetectInput = {
  stackName: 'svc-prod',
  restApiLogicalId: 'ApiGatewayRestApi',
  stageLogicalId: 'ApiGatewayStage',
  stageName: 'prod',
};

const SNAPSHOT: StageSnapshot = {
  restApiId: 'abc123',
  stageName: 'prod',
  deploymentId: 'dep456',
  description: "Bob's stage",
  variables: { TABLE: 'orders', MODE: 'a b' },
  cacheClusterEnabled: true,
  cacheClusterSize: '0.5',
  tracingEnabled: true,
};

function makeClients() {
  const apiGateway = new APIGatewayClient({ region: REGION, credentials });
  const cloudFormation = new CloudFormationClient({ region: REGION, credentials });
  return {
    clients: { apiGateway, cloudFormation },
    apiGatewayMock: mockClient(apiGateway),
    cloudFormationMock: mockClient(cloudFormation),
  };
}

function resource(
  LogicalResourceId: string,
  ResourceType: string,
  PhysicalResourceId: string,
  ResourceStatus: StackResourceSummary['ResourceStatus'] = 'UPDATE_COMPLETE',
): StackResourceSummary {
  return {
    LogicalResourceId,
    ResourceType,
    PhysicalResourceId,
    ResourceStatus,
    LastUpdatedTimestamp: new Date(0),
  };
}

const REST_API = resource('ApiGatewayRestApi', 'AWS::ApiGateway::RestApi', 'abc123');

function cfnError(name: string, message: string) {
  return new CloudFormationServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

function recordingLog() {
  const notices: string[] = [];
  const warnings: string[] = [];
  const log: MigrationLog = {
    notice: (message) => notices.push(message),
    warning: (message) => warnings.push(message),
  };
  return { log, notices, warnings };
}

function isStageMigrationError(reason: StageMigrationError['reason'], ...patterns: RegExp[]) {
  return (error: unknown) => {
    assert.ok(error instanceof StageMigrationError, `expected StageMigrationError, got ${error}`);
    assert.equal(error.reason, reason);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  };
}

describe('detectStageOwnership', () => {
  it('skips a shared REST API without calling AWS', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    const ownership = await detectStageOwnership(clients, {
      ...INPUT,
      externalRestApiId: 'shared1',
    });
    assert.deepEqual(ownership, { kind: 'external-api' });
    assert.equal(cloudFormationMock.calls().length + apiGatewayMock.calls().length, 0);
  });

  it('reports no-stack when CloudFormation says the stack does not exist', async () => {
    const { clients, cloudFormationMock } = makeClients();
    cloudFormationMock
      .on(ListStackResourcesCommand)
      .rejects(cfnError('ValidationError', 'Stack with id svc-prod does not exist'));
    assert.deepEqual(await detectStageOwnership(clients, INPUT), { kind: 'no-stack' });
    assert.equal(
      cloudFormationMock.commandCalls(ListStackResourcesCommand)[0].args[0].input.StackName,
      'svc-prod',
    );
  });

  it('reports no-rest-api when the stack has no REST API resource', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [resource('HelloLambdaFunction', 'AWS::Lambda::Function', 'fn')],
    });
    assert.deepEqual(await detectStageOwnership(clients, INPUT), { kind: 'no-rest-api' });
    assert.equal(apiGatewayMock.calls().length, 0);
  });

  it('reports declared when the stack already has the Stage resource', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        REST_API,
        resource('ApiGatewayStage', 'AWS::ApiGateway::Stage', 'prod'),
      ],
    });
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'declared',
      restApiId: 'abc123',
    });
    assert.equal(apiGatewayMock.calls().length, 0);
  });

  it('follows ListStackResources pages', async () => {
    const { clients, cloudFormationMock } = makeClients();
    cloudFormationMock
      .on(ListStackResourcesCommand, { StackName: 'svc-prod', NextToken: undefined })
      .resolves({ StackResourceSummaries: [REST_API], NextToken: 'page2' })
      .on(ListStackResourcesCommand, { StackName: 'svc-prod', NextToken: 'page2' })
      .resolves({
        StackResourceSummaries: [resource('ApiGatewayStage', 'AWS::ApiGateway::Stage', 'prod')],
      });
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'declared',
      restApiId: 'abc123',
    });
    assert.equal(cloudFormationMock.commandCalls(ListStackResourcesCommand).length, 2);
  });

  it('does not count a DELETE_COMPLETE stage resource as declared', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        REST_API,
        resource('ApiGatewayStage', 'AWS::ApiGateway::Stage', 'prod', 'DELETE_COMPLETE'),
      ],
    });
    apiGatewayMock
      .on(GetStageCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
      );
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'absent',
      restApiId: 'abc123',
    });
  });

  it('reports absent when the API has no stage of that name', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock
      .on(ListStackResourcesCommand)
      .resolves({ StackResourceSummaries: [REST_API] });
    apiGatewayMock
      .on(GetStageCommand)
      .rejects(
        new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
      );
    assert.deepEqual(await detectStageOwnership(clients, INPUT), {
      kind: 'absent',
      restApiId: 'abc123',
    });
    assert.deepEqual(apiGatewayMock.commandCalls(GetStageCommand)[0].args[0].input, {
      restApiId: 'abc123',
      stageName: 'prod',
    });
  });

  it('reports implicit with a snapshot of the existing stage', async () => {
    const { clients, cloudFormationMock, apiGatewayMock } = makeClients();
    cloudFormationMock.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        REST_API,
        resource('ApiGatewayDeployment1700000000000', 'AWS::ApiGateway::Deployment', 'dep456'),
      ],
    });
    apiGatewayMock.on(GetStageCommand).resolves({
      stageName: 'prod',
      deploymentId: 'dep456',
      description: 'old',
      variables: { TABLE: 'orders' },
      cacheClusterEnabled: true,
      cacheClusterSize: '1.6',
      cacheClusterStatus: 'AVAILABLE',
      tracingEnabled: false,
      clientCertificateId: 'cert1',
      accessLogSettings: {
        destinationArn: 'arn:aws:logs:us-east-1:1:log-group:g',
        format: '$context.requestId',
      },
      methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } },
      tags: { team: 'payments', 'aws:cloudformation:stack-name': 'svc-prod' },
      webAclArn: 'arn:aws:wafv2:us-east-1:1:regional/webacl/w/1',
      createdDate: new Date(0),
    });
    const ownership = await detectStageOwnership(clients, INPUT);
    assert.deepEqual(ownership, {
      kind: 'implicit',
      restApiId: 'abc123',
      stage: {
        restApiId: 'abc123',
        stageName: 'prod',
        deploymentId: 'dep456',
        description: 'old',
        variables: { TABLE: 'orders' },
        cacheClusterEnabled: true,
        cacheClusterSize: '1.6',
        tracingEnabled: false,
        clientCertificateId: 'cert1',
        accessLogSettings: {
          destinationArn: 'arn:aws:logs:us-east-1:1:log-group:g',
          format: '$context.requestId',
        },
        methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } },
        tags: { team: 'payments' },
        webAclArn: 'arn:aws:wafv2:us-east-1:1:regional/webacl/w/1',
      },
    });
  });

  describe('errors', () => {
    const withStack = () => {
      const setup = makeClients();
      setup.cloudFormationMock
        .on(ListStackResourcesCommand)
        .resolves({ StackResourceSummaries: [REST_API] });
      return setup;
    };

    it('explains missing credentials', async () => {
      const { clients, cloudFormationMock } = makeClients();
      const error = Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
      cloudFormationMock.on(ListStackResourcesCommand).rejects(error);
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('credentials', /credentials/, /svc-prod/, /--aws-profile/),
      );
    });

    for (const name of ['UnrecognizedClientException', 'ExpiredTokenException']) {
      it(`explains invalid credentials (${name}) without echoing the key id`, async () => {
        const { clients, apiGatewayMock } = withStack();
        apiGatewayMock.on(GetStageCommand).rejects(
          Object.assign(new Error('The security token for AKIAABCDEFGHIJKLMNOP is invalid.'), {
            name,
          }),
        );
        await assert.rejects(detectStageOwnership(clients, INPUT), (error: unknown) => {
          isStageMigrationError(
            'credentials',
            new RegExp(name),
            /"prod" of REST API abc123/,
          )(error);
          assert.doesNotMatch((error as Error).message, /AKIAABCDEFGHIJKLMNOP/);
          return true;
        });
      });
    }

    it('names the CloudFormation permission when access is denied', async () => {
      const { clients, cloudFormationMock } = makeClients();
      cloudFormationMock
        .on(ListStackResourcesCommand)
        .rejects(cfnError('AccessDenied', 'User: arn:aws:iam::1:user/ci is not authorized'));
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('access-denied', /cloudformation:ListStackResources/, /svc-prod/),
      );
    });

    it('names the API Gateway permission when access is denied', async () => {
      const { clients, apiGatewayMock } = withStack();
      apiGatewayMock
        .on(GetStageCommand)
        .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError(
          'access-denied',
          /apigateway:GET on \/restapis\/abc123\/stages\/prod/,
        ),
      );
    });

    it('explains throttling that outlasted the retries', async () => {
      const { clients, apiGatewayMock } = withStack();
      apiGatewayMock.on(GetStageCommand).rejects(
        new TooManyRequestsException({
          message: 'Too Many Requests',
          $metadata: { attempts: 6 },
        }),
      );
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('throttled', /throttling/, /6 attempts/, /abc123/),
      );
    });

    it('recognises CloudFormation throttling too', async () => {
      const { clients, cloudFormationMock } = makeClients();
      cloudFormationMock
        .on(ListStackResourcesCommand)
        .rejects(cfnError('Throttling', 'Rate exceeded'));
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError('throttled'),
      );
    });

    it('reports anything else as an unexpected AWS error', async () => {
      const { clients, apiGatewayMock } = withStack();
      apiGatewayMock.on(GetStageCommand).rejects(
        Object.assign(new Error('We encountered an internal error'), {
          name: 'ServiceUnavailableException',
        }),
      );
      await assert.rejects(
        detectStageOwnership(clients, INPUT),
        isStageMigrationError(
          'aws',
          /unexpected AWS error while checking the stage "prod" of REST API abc123/i,
          /ServiceUnavailableException: We encountered an internal error/,
          /svc-prod/,
        ),
      );
    });

    it('does not mistake other validation errors for a missing stack', async () => {
      const { clients, cloudFormationMock } = makeClients();
      cloudFormationMock
        .on(ListStackResourcesCommand)
        .rejects(cfnError('ValidationError', '1 validation error detected'));
      await assert.rejects(detectStageOwnership(clients, INPUT), isStageMigrationError('aws'));
    });
  });
});

describe('planStageMigration', () => {
  const passThrough: StageOwnership[] = [
    { kind: 'no-stack' },
    { kind: 'external-api' },
    { kind: 'no-rest-api' },
    { kind: 'declared', restApiId: 'abc123' },
    { kind: 'absent', restApiId: 'abc123' },
  ];
  for (const ownership of passThrough) {
    for (const policy of ['fail', 'recreate'] as const) {
      it(`proceeds for ${ownership.kind} with policy ${policy}`, () => {
        assert.deepEqual(planStageMigration(ownership, policy), { action: 'proceed' });
      });
    }
  }

  const implicit: StageOwnership = { kind: 'implicit', restApiId: 'abc123', stage: SNAPSHOT };

  it('recreates an implicit stage when the policy says so', () => {
    assert.deepEqual(planStageMigration(implicit, 'recreate'), {
      action: 'recreate',
      stage: SNAPSHOT,
    });
  });

  it('stops on an implicit stage by default, explaining both ways out', () => {
    const plan = planStageMigration(implicit, 'fail');
    assert.equal(plan.action, 'stop');
    const { message } = plan as { message: string };
    assert.match(message, /stage "prod" of REST API abc123/);
    assert.match(message, /created without serverless-apigateway-kit/);
    assert.match(message, /AWS::ApiGateway::Deployment/);
    assert.match(message, /CloudFormation cannot take over a stage that already exists/);
    assert.match(message, /Nothing was changed/);
    assert.match(message, /custom\.apiGateway\.stageMigration: recreate/);
    assert.match(message, /--stage-migration recreate/);
    assert.match(message, /unavailable for the duration of the stack update/);
    assert.match(message, /base path mappings/);
    assert.match(message, /without the plugin's stage/);
  });

  it('uses the given config path and mentions a WAF association', () => {
    const plan = planStageMigration(
      { ...implicit, stage: { ...SNAPSHOT, webAclArn: 'arn:aws:wafv2:acl' } },
      'fail',
      'custom.kit.stageMigration',
    );
    assert.equal(plan.action, 'stop');
    const { message } = plan as { message: string };
    assert.match(message, /custom\.kit\.stageMigration: recreate/);
    assert.match(message, /arn:aws:wafv2:acl/);
  });
});

describe('deleting and restoring a stage', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'stage-migration-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  describe('deleteImplicitStage', () => {
    it('writes the snapshot, logs the restore command, then deletes the stage', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock.on(DeleteStageCommand).callsFake(async () => {
        // The snapshot must be on disk before the stage goes away.
        await stat(snapshotPath);
        return {};
      });
      const snapshotPath = join(directory, 'nested', 'stage-snapshot.json');
      const { log, notices } = recordingLog();

      await deleteImplicitStage(clients, SNAPSHOT, { snapshotPath, log });

      assert.deepEqual(apiGatewayMock.commandCalls(DeleteStageCommand)[0].args[0].input, {
        restApiId: 'abc123',
        stageName: 'prod',
      });
      const file = JSON.parse(await readFile(snapshotPath, 'utf8'));
      assert.deepEqual(file.stage, SNAPSHOT);
      assert.equal(file.region, REGION);
      const command = restoreCommand(SNAPSHOT, REGION);
      assert.equal(file.restoreCommand, command);
      assert.ok(
        notices.some((line) => line.includes(command)),
        'restore command logged',
      );
      assert.ok(
        notices.some((line) => line.includes(snapshotPath)),
        'snapshot path logged',
      );
      assert.deepEqual(await readStageSnapshot(snapshotPath), SNAPSHOT);
      assert.deepEqual(await readdir(join(directory, 'nested')), ['stage-snapshot.json']);
    });

    it('keeps the snapshot and throws a StageMigrationError when DeleteStage fails', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock
        .on(DeleteStageCommand)
        .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
      const snapshotPath = join(directory, 'stage-snapshot.json');
      const { log } = recordingLog();

      await assert.rejects(
        deleteImplicitStage(clients, SNAPSHOT, { snapshotPath, log }),
        isStageMigrationError(
          'access-denied',
          /apigateway:DELETE on \/restapis\/abc123\/stages\/prod/,
          /was not deleted/,
        ),
      );
      assert.deepEqual(await readStageSnapshot(snapshotPath), SNAPSHOT);
    });

    it('does not delete the stage when the snapshot cannot be written', async () => {
      const { clients, apiGatewayMock } = makeClients();
      const blocker = join(directory, 'file');
      await writeFile(blocker, '');
      const { log } = recordingLog();
      await assert.rejects(
        deleteImplicitStage(clients, SNAPSHOT, { snapshotPath: join(blocker, 'snap.json'), log }),
        isStageMigrationError('snapshot', /was not deleted/),
      );
      assert.equal(apiGatewayMock.commandCalls(DeleteStageCommand).length, 0);
    });

    it('accepts a stage that is already gone', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock
        .on(DeleteStageCommand)
        .rejects(
          new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} }),
        );
      const { log, notices } = recordingLog();
      await deleteImplicitStage(clients, SNAPSHOT, {
        snapshotPath: join(directory, 's.json'),
        log,
      });
      assert.ok(notices.some((line) => /already gone/.test(line)));
    });

    it('warns that a WAF association is lost', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock.on(DeleteStageCommand).resolves({});
      const { log, warnings } = recordingLog();
      await deleteImplicitStage(
        clients,
        { ...SNAPSHOT, webAclArn: 'arn:aws:wafv2:acl' },
        { snapshotPath: join(directory, 's.json'), log },
      );
      assert.ok(warnings.some((line) => line.includes('arn:aws:wafv2:acl')));
      assert.ok(warnings.some((line) => /base path mappings/.test(line)));
    });
  });

  describe('restoreStage', () => {
    it('creates the stage from the snapshot', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock.on(CreateStageCommand).resolves({});
      await restoreStage(clients, SNAPSHOT);
      assert.deepEqual(apiGatewayMock.commandCalls(CreateStageCommand)[0].args[0].input, {
        restApiId: 'abc123',
        stageName: 'prod',
        deploymentId: 'dep456',
        description: "Bob's stage",
        variables: { TABLE: 'orders', MODE: 'a b' },
        cacheClusterEnabled: true,
        cacheClusterSize: '0.5',
        tracingEnabled: true,
        documentationVersion: undefined,
        canarySettings: undefined,
        tags: undefined,
      });
      assert.equal(apiGatewayMock.commandCalls(UpdateStageCommand).length, 0);
    });

    it('applies what CreateStage cannot set with UpdateStage', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock.on(CreateStageCommand).resolves({}).on(UpdateStageCommand).resolves({});
      const stage: StageSnapshot = {
        ...SNAPSHOT,
        clientCertificateId: 'cert1',
        accessLogSettings: { destinationArn: 'arn:log', format: '$context.requestId' },
        methodSettings: { '*/*': { loggingLevel: 'INFO', throttlingRateLimit: 10.5 } },
      };
      await restoreStage(clients, stage);
      assert.deepEqual(apiGatewayMock.commandCalls(UpdateStageCommand)[0].args[0].input, {
        restApiId: 'abc123',
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/clientCertificateId', value: 'cert1' },
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:log' },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
          { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10.5' },
        ],
      });
      assert.deepEqual(restorePatchOperations(stage).length, 5);
    });

    it('leaves a stage that exists again alone', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock
        .on(CreateStageCommand)
        .rejects(new ConflictException({ message: 'Stage already exists', $metadata: {} }));
      await assert.rejects(
        restoreStage(clients, SNAPSHOT),
        isStageMigrationError('conflict', /exists/),
      );
    });

    it('wraps other failures', async () => {
      const { clients, apiGatewayMock } = makeClients();
      apiGatewayMock
        .on(CreateStageCommand)
        .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
      await assert.rejects(
        restoreStage(clients, SNAPSHOT),
        isStageMigrationError('access-denied', /apigateway:POST on \/restapis\/abc123\/stages/),
      );
    });
  });
});

describe('restoreCommand', () => {
  it('builds an aws apigateway create-stage command with every snapshot field, shell-quoted', () => {
    assert.equal(
      restoreCommand(SNAPSHOT, REGION),
      'aws apigateway create-stage --region us-east-1 --rest-api-id abc123 --stage-name prod ' +
        "--deployment-id dep456 --description 'Bob'\\''s stage' --cache-cluster-enabled " +
        '--cache-cluster-size 0.5 --tracing-enabled ' +
        `--variables '{"TABLE":"orders","MODE":"a b"}'`,
    );
  });

  it('appends update-stage for settings CreateStage cannot take', () => {
    const command = restoreCommand(
      {
        restApiId: 'a',
        stageName: 'p',
        deploymentId: 'd',
        tracingEnabled: false,
        clientCertificateId: 'c',
      },
      'eu-west-1',
    );
    assert.equal(
      command,
      'aws apigateway create-stage --region eu-west-1 --rest-api-id a --stage-name p ' +
        '--deployment-id d --no-tracing-enabled && ' +
        'aws apigateway update-stage --region eu-west-1 --rest-api-id a --stage-name p ' +
        `--patch-operations '[{"op":"replace","path":"/clientCertificateId","value":"c"}]'`,
    );
  });
});

describe('waitForStackToSettle', () => {
  it('polls until the stack leaves the *_IN_PROGRESS states', async () => {
    const { clients, cloudFormationMock } = makeClients();
    const stack = (StackStatus: StackStatus) => ({
      Stacks: [{ StackName: 'svc-prod', StackStatus, CreationTime: new Date(0) }],
    });
    cloudFormationMock
      .on(DescribeStacksCommand)
      .resolvesOnce(stack('UPDATE_ROLLBACK_IN_PROGRESS'))
      .resolvesOnce(stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'))
      .resolves(stack('UPDATE_ROLLBACK_COMPLETE'));
    assert.equal(
      await waitForStackToSettle(clients, 'svc-prod', { pollIntervalMs: 0 }),
      'UPDATE_ROLLBACK_COMPLETE',
    );
    assert.equal(cloudFormationMock.commandCalls(DescribeStacksCommand).length, 3);
  });

  it('returns undefined when the stack is gone', async () => {
    const { clients, cloudFormationMock } = makeClients();
    cloudFormationMock
      .on(DescribeStacksCommand)
      .rejects(cfnError('ValidationError', 'Stack with id svc-prod does not exist'));
    assert.equal(await waitForStackToSettle(clients, 'svc-prod', { pollIntervalMs: 0 }), undefined);
  });

  it('gives up after the timeout', async () => {
    const { clients, cloudFormationMock } = makeClients();
    cloudFormationMock.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'svc-prod',
          StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
          CreationTime: new Date(0),
        },
      ],
    });
    await assert.rejects(
      waitForStackToSettle(clients, 'svc-prod', { pollIntervalMs: 0, timeoutMs: 0 }),
      isStageMigrationError('timeout', /UPDATE_ROLLBACK_IN_PROGRESS/),
    );
  });
});
