/**
 * Errors of the OpenAPI export, each with a reason, and the translation of AWS SDK errors into
 * messages that say what happened and what to do.
 */

import { classifyAwsError, errorMessage, errorName, retryAttempts } from '../aws/errors';

export { errorMessage, errorName };

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

export class OpenApiExportError extends Error {
  readonly reason: OpenApiErrorReason;

  constructor(message: string, reason: OpenApiErrorReason, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpenApiExportError';
    this.reason = reason;
  }
}

/** What was being done when an AWS call failed, for the message. */
export interface AwsCall {
  /** e.g. "exporting the stage \"dev\" of REST API abc123". */
  doing: string;
  /** The IAM action and resource the call needs, e.g. `apigateway:GET on /restapis/abc/...`. */
  permission: string;
}

/** Credentials, permission and throttling errors; anything else becomes an 'aws' error. */
export function toOpenApiError(error: unknown, call: AwsCall): OpenApiExportError {
  if (error instanceof OpenApiExportError) return error;
  const name = errorName(error) ?? 'Error';
  const kind = classifyAwsError(error);
  const detail = `${name}: ${errorMessage(error)}`;

  if (kind === 'credentials') {
    return new OpenApiExportError(
      `AWS rejected or could not find the credentials while ${call.doing} (${detail}). The export ` +
        'uses the credentials the Serverless Framework resolved (provider.profile, --aws-profile, ' +
        'AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): check that they exist, are valid ' +
        'and have not expired. To build the document without AWS, use --offline.',
      'credentials',
      { cause: error },
    );
  }
  if (kind === 'access-denied') {
    return new OpenApiExportError(
      `Access denied while ${call.doing}: the identity needs ${call.permission} (${detail}).`,
      'access-denied',
      { cause: error },
    );
  }
  if (kind === 'throttled') {
    const attempts = retryAttempts(error);
    const retried =
      typeof attempts === 'number'
        ? ` after ${attempts} attempts with backoff`
        : ' despite retries';
    return new OpenApiExportError(
      `AWS kept throttling the requests while ${call.doing}, and the export gave up${retried} ` +
        `(${detail}). Nothing was written; wait a minute and run the export again.`,
      'throttled',
      { cause: error },
    );
  }
  return new OpenApiExportError(`Unexpected AWS error while ${call.doing}: ${detail}`, 'aws', {
    cause: error,
  });
}
