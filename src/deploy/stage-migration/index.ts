// Taking over a REST API stage that the Serverless Framework created implicitly.
//
// Core creates the stage through the `StageName` of its AWS::ApiGateway::Deployment. The plugin
// removes that property and declares an AWS::ApiGateway::Stage instead, which CloudFormation can
// only create, never adopt: on a service deployed before the plugin was added, the stack update
// fails with "<stage> already exists" and rolls back. This module finds that situation before the
// update and, only when the user asked for it, deletes the old stage so CloudFormation can create
// it again, keeping a snapshot to put it back if the update fails.
//
// types.ts (what a stage and its ownership are), detect.ts (who owns the stage), plan.ts (what to
// do, and the message that stops the deploy), snapshot-file.ts, restore.ts (delete, wait, create
// again), restore-command.ts (the AWS CLI commands printed for the user), errors.ts.
export { detectStageOwnership } from './detect';
export { StageMigrationError, type StageMigrationErrorReason } from './errors';
export { planStageMigration } from './plan';
export { restoreCommand, restorePatchOperations } from './restore-command';
export { deleteImplicitStage, restoreStage, waitForStackToSettle } from './restore';
export { readStageSnapshot } from './snapshot-file';
export type {
  DetectInput,
  MigrationLog,
  MigrationPlan,
  MigrationPolicy,
  StageOwnership,
  StageSnapshot,
} from './types';
