/**
 * What kind of failure an AWS SDK error is, for the user-facing messages of every AWS call the
 * plugin makes (stage migration, API keys, OpenAPI export). One list of error names, one redaction.
 */
export type AwsFailureKind = 'credentials' | 'access-denied' | 'throttled' | 'other';

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
  // Serverless/osls report unusable profiles with these codes.
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

export function errorName(error: unknown): string | undefined {
  if (error instanceof Error) return error.name;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error's message without access key ids, cut at 500 characters. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const redacted = message.replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '<access key id>');
  return redacted.length > 500 ? `${redacted.slice(0, 500)}…` : redacted;
}

export function classifyAwsError(error: unknown): AwsFailureKind {
  const names = [errorName(error), errorCode(error)].filter(
    (name): name is string => name !== undefined,
  );
  if (names.some((name) => CREDENTIAL_ERRORS.has(name))) return 'credentials';
  if (names.some((name) => ACCESS_DENIED_ERRORS.has(name))) return 'access-denied';
  const retryable = (error as { $retryable?: { throttling?: boolean } } | null)?.$retryable;
  if (names.some((name) => THROTTLING_ERRORS.has(name)) || retryable?.throttling === true)
    return 'throttled';
  return 'other';
}

/** How many attempts the SDK made (its retries included), when it says. */
export function retryAttempts(error: unknown): number | undefined {
  const attempts = (error as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}
