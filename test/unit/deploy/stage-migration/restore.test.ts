/** Deleting the implicit stage (snapshot first), waiting for the stack, and creating the stage again. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictException,
  CreateStageCommand,
  DeleteStageCommand,
  NotFoundException,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeStacksCommand, type StackStatus } from '@aws-sdk/client-cloudformation';
import {
  deleteImplicitStage,
  restoreStage,
  waitForStackToSettle,
} from '../../../../src/deploy/stage-migration/restore';
import { readStageSnapshot } from '../../../../src/deploy/stage-migration/snapshot-file';
import type { StageSnapshot } from '../../../../src/deploy/stage-migration/types';
import {
  restoreCommand,
  restorePatchOperations,
} from '../../../../src/deploy/stage-migration/restore-command';
import {
  REGION,
  SNAPSHOT,
  makeClients,
  cfnError,
  recordingLog,
  isStageMigrationError,
} from './helpers';

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
