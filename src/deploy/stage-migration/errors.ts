// The errors of the stage migration. AWS SDK errors are classified and worded by
// src/aws/errors.ts like every other AWS call of the plugin; here the deploy is the caller.
import { ERROR_CODES, KitError } from '../../pipeline/errors';
import {
  awsFailureMessage,
  classifyAwsError,
  type AwsCall,
  type AwsCaller,
} from '../../aws/errors';

export type StageMigrationErrorReason =
  'credentials' | 'access-denied' | 'throttled' | 'conflict' | 'snapshot' | 'timeout' | 'aws';

export class StageMigrationError extends KitError {
  readonly reason: StageMigrationErrorReason;

  constructor(message: string, reason: StageMigrationErrorReason, options?: { cause?: unknown }) {
    super(message, ERROR_CODES.stageMigration, options);
    this.reason = reason;
  }
}

const DEPLOY: AwsCaller = {
  actor: 'the plugin',
  nothingDone: 'The request was not carried out',
  again: 'deploy again',
};

export function toStageMigrationError(error: unknown, call: AwsCall): StageMigrationError {
  if (error instanceof StageMigrationError) return error;
  const kind = classifyAwsError(error);
  return new StageMigrationError(
    awsFailureMessage(error, call, DEPLOY),
    kind === 'other' ? 'aws' : kind,
    { cause: error },
  );
}
