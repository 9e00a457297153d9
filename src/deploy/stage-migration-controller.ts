/**
 * Runs the stage migration around `sls deploy`: detect (after packaging, before anything is
 * uploaded), delete the implicit stage when the policy says so (right before the stack update),
 * and clear the restore snapshot once the update went through.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { type AwsClients, createAwsClients, type ServerlessAwsProvider } from '../aws/clients';
import {
  deleteImplicitStage,
  detectStageOwnership,
  type MigrationLog,
  type MigrationPolicy,
  planStageMigration,
  type StageSnapshot,
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
  /** Injected by tests; by default built from the provider's credentials and region. */
  clients?: () => AwsClients;
}

export const SNAPSHOT_FILE = 'apigateway-kit-stage-snapshot.json';

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
    const plan = planStageMigration(ownership, input.policy);
    if (plan.action === 'stop') input.fail(plan.message);
    if (plan.action === 'recreate') {
      this.pending = plan.stage;
      this.options.log.warning(
        `serverless-apigateway-kit: stage "${plan.stage.stageName}" of REST API ${plan.stage.restApiId} was created without the plugin; it will be deleted right before the stack update and recreated by CloudFormation (stageMigration: recreate).`,
      );
    }
  }

  /** Deletes the implicit stage right before CloudFormation creates the declared one. */
  async beforeStackUpdate(willDeploy: boolean): Promise<void> {
    if (!this.pending || !willDeploy) return;
    await deleteImplicitStage(this.clients(), this.pending, {
      snapshotPath: this.snapshotPath(),
      log: this.options.log,
    });
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
