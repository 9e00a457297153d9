/**
 * Errors of the OpenAPI export, each with a reason, and the translation of AWS SDK errors into
 * messages that say what happened and what to do.
 */

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

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
  'AWS_CREDENTIALS_NOT_FOUND',
  'UNRECOGNIZED_AWS_PROFILE',
]);

const ACCESS_DENIED_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedException',
]);

const THROTTLING_ERRORS = new Set([
  'TooManyRequestsException',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** Credentials, permission and throttling errors; anything else becomes an 'aws' error. */
export function toOpenApiError(error: unknown, call: AwsCall): OpenApiExportError {
  if (error instanceof OpenApiExportError) return error;
  const name = errorName(error) ?? 'Error';
  const code = (error as { code?: unknown } | null)?.code;
  const detail = `${name}: ${errorMessage(error)}`;

  if (CREDENTIAL_ERRORS.has(name) || (typeof code === 'string' && CREDENTIAL_ERRORS.has(code))) {
    return new OpenApiExportError(
      `AWS rejected or could not find the credentials while ${call.doing} (${detail}). The export ` +
        'uses the credentials the Serverless Framework resolved (provider.profile, --aws-profile, ' +
        'AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): check that they exist, are valid ' +
        'and have not expired. To build the document without AWS, use --offline.',
      'credentials',
      { cause: error },
    );
  }
  if (ACCESS_DENIED_ERRORS.has(name)) {
    return new OpenApiExportError(
      `Access denied while ${call.doing}: the identity needs ${call.permission} (${detail}).`,
      'access-denied',
      { cause: error },
    );
  }
  if (THROTTLING_ERRORS.has(name) || isThrottling(error)) {
    const attempts = (error as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
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

export function errorName(error: unknown): string | undefined {
  if (error instanceof Error) return error.name;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** The error's message, without access key ids and cut at 500 characters. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const redacted = message.replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '<access key id>');
  return redacted.length > 500 ? `${redacted.slice(0, 500)}…` : redacted;
}

function isThrottling(error: unknown): boolean {
  return (
    (error as { $retryable?: { throttling?: boolean } } | null)?.$retryable?.throttling === true
  );
}
