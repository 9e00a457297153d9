/**
 * What an AWS SDK error means, and how it is told to the user, for every AWS call the plugin makes
 * (stage migration, cache invalidation, API-key listing, OpenAPI export): one list of error names,
 * one redaction, one wording per kind of failure.
 */

/** What kind of failure an AWS SDK error is. */
export type AwsErrorKind =
  | 'credentials'
  | 'access-denied'
  | 'throttled'
  /** The stack, API, stage or key asked for does not exist. */
  | 'not-found'
  /** Something of that name exists already (e.g. CreateStage of a stage that is back). */
  | 'conflict'
  /** AWS refused the request as it was written (BadRequestException, ValidationError). */
  | 'invalid-request'
  | 'other';

/**
 * The kinds the shared messages word on their own. A caller that expects a not-found, conflict or
 * invalid request says what it means in its own words; left to the shared messages, it is an
 * unexpected AWS error like any other.
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

const NOT_FOUND_ERRORS = new Set(['NotFoundException', 'ResourceNotFoundException']);
const CONFLICT_ERRORS = new Set(['ConflictException']);
const INVALID_REQUEST_ERRORS = new Set(['BadRequestException', 'ValidationError']);

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

/** `Name: message`, redacted: what AWS said, quoted in every message. */
export function errorDetail(error: unknown): string {
  return `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`;
}

export function awsErrorKind(error: unknown): AwsErrorKind {
  const names = [errorName(error), errorCode(error)].filter(
    (name): name is string => name !== undefined,
  );
  const named = (set: ReadonlySet<string>) => names.some((name) => set.has(name));
  if (named(CREDENTIAL_ERRORS)) return 'credentials';
  if (named(ACCESS_DENIED_ERRORS)) return 'access-denied';
  const retryable = (error as { $retryable?: { throttling?: boolean } } | null)?.$retryable;
  if (named(THROTTLING_ERRORS) || retryable?.throttling === true) return 'throttled';
  if (named(NOT_FOUND_ERRORS) || isMissingStack(error)) return 'not-found';
  if (named(CONFLICT_ERRORS)) return 'conflict';
  if (named(INVALID_REQUEST_ERRORS)) return 'invalid-request';
  return 'other';
}

/** Which of the shared messages applies to the error. */
export function classifyAwsError(error: unknown): AwsFailureKind {
  const kind = awsErrorKind(error);
  return kind === 'credentials' || kind === 'access-denied' || kind === 'throttled'
    ? kind
    : 'other';
}

/** CloudFormation says a stack is missing with a ValidationError, not an error of its own. */
function isMissingStack(error: unknown): boolean {
  return errorName(error) === 'ValidationError' && /does not exist/.test(errorMessage(error));
}

/** How many attempts the SDK made (its retries included), when it says. */
export function retryAttempts(error: unknown): number | undefined {
  const attempts = (error as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}

/** The part of the plugin that made the call, for the wording of its failures. */
export interface AwsCaller {
  /** Who gives up and whose credentials they are: "the export", "the plugin". */
  actor: string;
  /** What a throttled call did not do: "Nothing was written". */
  nothingDone: string;
  /** How to try again once AWS lets up: "run the export again", "deploy again". */
  again: string;
  /** Appended to the credentials message: a way to do without AWS, if there is one. */
  withoutAws?: string;
}

/** One AWS call, as its failure message names it. */
export interface AwsCall {
  /** What was being done, completing "while …": `exporting the stage "dev" of REST API abc`. */
  doing: string;
  /** The IAM action and resource the call needs, e.g. `apigateway:GET on /restapis/abc/...`. */
  permission: string;
  /** What state the call left things in, when the caller needs to know; ends every message. */
  outcome?: string;
}

/**
 * The message of an AWS call that stops a command: what went wrong, in AWS's words (redacted),
 * and what to do about it.
 */
export function awsFailureMessage(error: unknown, call: AwsCall, caller: AwsCaller): string {
  const detail = errorDetail(error);
  const outcome = call.outcome ? ` ${call.outcome}` : '';
  switch (classifyAwsError(error)) {
    case 'credentials':
      return (
        `AWS rejected or could not find the credentials while ${call.doing} (${detail}). ` +
        `${capitalize(caller.actor)} uses the credentials the Serverless Framework resolved ` +
        '(provider.profile, --aws-profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ' +
        `check that they exist, are valid and have not expired.${outcome}` +
        (caller.withoutAws ? ` ${caller.withoutAws}` : '')
      );
    case 'access-denied':
      return (
        `Access denied while ${call.doing}: the identity needs ${call.permission} ` +
        `(${detail}).${outcome}`
      );
    case 'throttled':
      return (
        `AWS kept throttling the requests while ${call.doing}, and ${caller.actor} gave up` +
        `${retried(error)} (${detail}). ${caller.nothingDone}; wait a minute and ` +
        `${caller.again}.${outcome}`
      );
    case 'other':
      return `Unexpected AWS error while ${call.doing}: ${detail}${outcome ? `.${outcome}` : ''}`;
  }
}

/**
 * One line for an AWS call whose failure is only a warning, because the command it follows went
 * through (the API keys and cache settings after a deploy).
 */
export function awsFailureWarning(
  error: unknown,
  call: { /** Completing "could not …". */ attempted: string; permission: string },
): string {
  const detail = errorDetail(error);
  switch (classifyAwsError(error)) {
    case 'credentials':
      return (
        `could not ${call.attempted}: AWS rejected or could not find the credentials the ` +
        `Serverless Framework resolved (${detail})`
      );
    case 'access-denied':
      return `could not ${call.attempted} (${detail}); it needs ${call.permission}`;
    case 'throttled':
      return `could not ${call.attempted}: AWS kept throttling the requests${retried(error)} (${detail})`;
    case 'other':
      return `could not ${call.attempted} (${detail})`;
  }
}

function retried(error: unknown): string {
  const attempts = retryAttempts(error);
  return attempts ? ` after ${attempts} attempts with backoff` : ' despite retries';
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
