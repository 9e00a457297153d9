/**
 * Runs the stage migration around `sls deploy`: detect (after packaging, before anything is
 * uploaded), delete the implicit stage when the policy says so (right before the stack update),
 * and clear the restore snapshot once the update went through.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, KitError } from '../pipeline/errors';
import { type AwsClients, createAwsClients, type ServerlessAwsProvider } from '../aws/clients';
import {
  deleteImplicitStage,
  detectStageOwnership,
  type MigrationLog,
  type MigrationPolicy,
  planStageMigration,
  readStageSnapshot,
  restoreCommand,
  restoreStage,
  type StageSnapshot,
  waitForStackToSettle,
} from './stage-migration';

export interface MigrationCheck {
  policy: MigrationPolicy;
  restApiLogicalId: string;
  stageLogicalId: string;
  stageName: string;
  /** Stops the command with a user-facing error. */
  fail(message: string): never;
}

export interface StageMigrationControllerOptions {
  provider: ServerlessAwsProvider;
  log: MigrationLog;
  snapshotDir(): string;
  stackName(): string;
  region(): string;
  /** Injected by tests; by default built from the provider's credentials and region. */
  clients?: () => AwsClients;
  /**
   * Registers work to run when the command ends without the stack update having completed.
   * Serverless reports a failed deploy and lets the process drain (no `process.exit`), so
   * `beforeExit` is the last point where the old stage can be put back. Injected by tests.
   */
  onUnfinishedExit?: (run: () => Promise<void>) => void;
  /** Poll interval while waiting for a rollback to finish (tests shorten it). */
  settlePollMs?: number;
}

export const SNAPSHOT_FILE = 'apigateway-kit-stage-snapshot.json';

/** `--stage-migration` (fail or recreate), else the configured policy. */
export function stageMigrationPolicy(
  option: unknown,
  configured: 'fail' | 'recreate',
): 'fail' | 'recreate' {
  if (option === undefined) return configured;
  if (option === 'fail' || option === 'recreate') return option;
  throw new KitError(
    `--stage-migration: ${JSON.stringify(option)} is not a migration policy; use fail or recreate`,
    ERROR_CODES.invalidOption,
  );
}

export class StageMigrationController {
  private pending?: StageSnapshot;
  private clientsCache?: AwsClients;

  constructor(private readonly options: StageMigrationControllerOptions) {}

  private clients(): AwsClients {
    this.clientsCache ??= this.options.clients?.() ?? createAwsClients(this.options.provider);
    return this.clientsCache;
  }

  private snapshotPath(): string {
    return path.join(this.options.snapshotDir(), SNAPSHOT_FILE);
  }

  async check(input: MigrationCheck): Promise<void> {
    const ownership = await detectStageOwnership(this.clients(), {
      stackName: this.options.stackName(),
      restApiLogicalId: input.restApiLogicalId,
      stageLogicalId: input.stageLogicalId,
      stageName: input.stageName,
    });
    await this.reportInterruptedMigration(ownership.kind, input.stageName);
    const plan = planStageMigration(ownership, input.policy);
    if (plan.action === 'stop') input.fail(plan.message);
    if (plan.action === 'recreate') {
      this.pending = plan.stage;
    }
  }

  /**
   * A snapshot left by an earlier run means its stack update did not get through after the old
   * stage was deleted. If the stage is still missing, this deploy creates it; say so, and how to
   * put the old one back instead.
   */
  private async reportInterruptedMigration(kind: string, stageName: string): Promise<void> {
    const snapshotPath = this.snapshotPath();
    if (!existsSync(snapshotPath)) return;
    if (kind === 'absent') {
      const stage = await readStageSnapshot(snapshotPath);
      if (stage.stageName === stageName) {
        this.options.log.warning(
          `serverless-apigateway-kit: stage "${stageName}" was deleted by an earlier migration whose stack update did not complete; this deploy creates it from the template. To restore the old stage instead, cancel and run: ${restoreCommand(stage, this.options.region())}`,
        );
        return;
      }
    }
    if (kind === 'declared') rmSync(snapshotPath, { force: true });
  }

  /** Deletes the implicit stage right before CloudFormation creates the declared one. */
  async beforeStackUpdate(willDeploy: boolean): Promise<void> {
    if (!this.pending || !willDeploy) return;
    await deleteImplicitStage(this.clients(), this.pending, {
      snapshotPath: this.snapshotPath(),
      log: this.options.log,
    });
    const register =
      this.options.onUnfinishedExit ?? ((run) => process.once('beforeExit', () => void run()));
    register(() => this.restoreAfterFailedUpdate());
  }

  /**
   * The stack update did not get through after the old stage was deleted (it failed and is rolling
   * back, or the command was interrupted): wait until CloudFormation is done, then create the old
   * stage again from the snapshot, so the API keeps serving as before the deploy.
   */
  async restoreAfterFailedUpdate(): Promise<void> {
    const stage = this.pending;
    if (!stage) return;
    this.pending = undefined;
    const { log } = this.options;
    log.warning(
      `serverless-apigateway-kit: the stack update did not complete after stage "${stage.stageName}" was deleted; waiting for CloudFormation to finish, then restoring the old stage.`,
    );
    try {
      await waitForStackToSettle(this.clients(), this.options.stackName(), {
        ...(this.options.settlePollMs !== undefined
          ? { pollIntervalMs: this.options.settlePollMs }
          : {}),
      });
      await restoreStage(this.clients(), stage);
      rmSync(this.snapshotPath(), { force: true });
      log.notice(
        `serverless-apigateway-kit: stage "${stage.stageName}" restored as it was before the deploy.`,
      );
    } catch (error) {
      log.warning(
        `serverless-apigateway-kit: could not restore stage "${stage.stageName}": ${error instanceof Error ? error.message : String(error)}. Restore it with: ${restoreCommand(stage, this.options.region())}`,
      );
    }
  }

  afterStackUpdate(): void {
    if (!this.pending) return;
    this.options.log.notice(
      `serverless-apigateway-kit: stage "${this.pending.stageName}" is now declared in CloudFormation.`,
    );
    rmSync(this.snapshotPath(), { force: true });
    this.pending = undefined;
  }
}
