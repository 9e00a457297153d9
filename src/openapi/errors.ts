/**
 * Errors of the OpenAPI export, each with a reason. AWS SDK errors are classified and worded by
 * src/aws/errors.ts, like every other AWS call of the plugin; this module only says that it is the
 * export that called.
 */

import { ERROR_CODES, KitError } from '../pipeline/errors';
import {
  awsFailureMessage,
  classifyAwsError,
  errorMessage,
  errorName,
  type AwsCall,
  type AwsCaller,
} from '../aws/errors';

export { errorMessage, errorName };
export type { AwsCall };

export type OpenApiErrorReason =
  | 'usage'
  | 'no-stack'
  | 'no-api'
  | 'not-deployed'
  | 'unsupported'
  | 'credentials'
  | 'access-denied'
  | 'throttled'
  | 'invalid-document'
  | 'write'
  | 'aws';

export class OpenApiExportError extends KitError {
  readonly reason: OpenApiErrorReason;

  constructor(message: string, reason: OpenApiErrorReason, options?: { cause?: unknown }) {
    super(message, ERROR_CODES.openApiExport, options);
    this.reason = reason;
  }
}

const EXPORT: AwsCaller = {
  actor: 'the export',
  nothingDone: 'Nothing was written',
  again: 'run the export again',
  withoutAws: 'To build the document without AWS, use --offline.',
};

/** Credentials, permission and throttling errors; anything else becomes an 'aws' error. */
export function toOpenApiError(error: unknown, call: AwsCall): OpenApiExportError {
  if (error instanceof OpenApiExportError) return error;
  const kind = classifyAwsError(error);
  return new OpenApiExportError(
    awsFailureMessage(error, call, EXPORT),
    kind === 'other' ? 'aws' : kind,
    { cause: error },
  );
}
