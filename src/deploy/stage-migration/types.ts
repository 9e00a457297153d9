// The vocabulary of the stage migration: what a stage looked like, who owns it, what to do.
import type { CanarySettings, MethodSetting } from '@aws-sdk/client-api-gateway';

/** What `GetStage` told us about a stage, enough to create it again. */
export interface StageSnapshot {
  restApiId: string;
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
  documentationVersion?: string;
  canarySettings?: CanarySettings;
  /** User tags only: `aws:`-prefixed tags are reserved and cannot be set by anyone but AWS. */
  tags?: Record<string, string>;
  // CreateStage cannot take the settings below; restoreStage applies them with UpdateStage.
  clientCertificateId?: string;
  accessLogSettings?: { destinationArn?: string; format?: string };
  /** Keyed like GetStage keys them: `{resourcePath}/{httpMethod}`, e.g. `*\/*`. */
  methodSettings?: Record<string, MethodSetting>;
  /** Recorded for the user only: the WAF association lives in WAF, not in API Gateway. */
  webAclArn?: string;
}

export type StageOwnership =
  /** The stack is not deployed yet: nothing to migrate. */
  | { kind: 'no-stack' }
  /** The service deploys into a shared REST API (provider.apiGateway.restApiId): not ours. */
  | { kind: 'external-api' }
  /** The stack exists but has no REST API resource (yet). */
  | { kind: 'no-rest-api' }
  /** The stack already declares the stage as AWS::ApiGateway::Stage: a normal update. */
  | { kind: 'declared'; restApiId: string }
  /** The API has no stage of that name: CloudFormation will create it. */
  | { kind: 'absent'; restApiId: string }
  /** The stage exists outside the stack's Stage resource (made by core's Deployment). */
  | { kind: 'implicit'; restApiId: string; stage: StageSnapshot };

export interface DetectInput {
  stackName: string;
  restApiLogicalId: string;
  stageLogicalId: string;
  stageName: string;
  /** provider.apiGateway.restApiId, when the service uses a REST API it does not own. */
  externalRestApiId?: string;
}

export type MigrationPolicy = 'fail' | 'recreate';

export type MigrationPlan =
  | { action: 'proceed' }
  | { action: 'recreate'; stage: StageSnapshot }
  | { action: 'stop'; message: string };

export interface MigrationLog {
  notice(message: string): void;
  warning(message: string): void;
}

export function describeStage(stage: Pick<StageSnapshot, 'restApiId' | 'stageName'>): string {
  return `the stage "${stage.stageName}" of REST API ${stage.restApiId}`;
}

/** The API Gateway resource path of the stage, as IAM policies name it. */
export function stagePath(stage: Pick<StageSnapshot, 'restApiId' | 'stageName'>): string {
  return `/restapis/${stage.restApiId}/stages/${stage.stageName}`;
}
