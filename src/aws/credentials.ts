// The credentials the Serverless Framework resolved (profile, --aws-profile, env, MFA), adapted
// for the AWS SDK v3 clients of clients.ts: osls hands out an SDK v3 provider, Serverless v3 an
// SDK v2 credentials object.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** The slice of the Serverless AWS provider we use (public plugin API). */
export interface ServerlessAwsProvider {
  getRegion(): string;
  /**
   * Serverless v3: `{ credentials }` holding an AWS SDK v2 credentials object (or nothing, meaning
   * the default chain). osls 4 keeps the method only as a stub that throws; see below.
   */
  getCredentials(): { credentials?: unknown; region?: string };
  /**
   * osls 4+: a memoized SDK v3 credentials provider. Preferred when present because there
   * `getCredentials()` throws (the SDK v2 surface was removed).
   */
  getAwsSdkV3CredentialsProvider?(): unknown;
}

/**
 * Raised when the credentials the framework resolved cannot be loaded. Named like the SDK's own
 * error so callers classify both the same way.
 */
export class ProviderCredentialsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialsProviderError';
  }
}

/**
 * Credentials the Serverless provider resolved (profile, --aws-profile, env), adapted for SDK v3.
 * undefined → the SDK's default chain.
 */
export function credentialsFromProvider(
  provider: ServerlessAwsProvider,
): AwsCredentialIdentityProvider | undefined {
  if (typeof provider.getAwsSdkV3CredentialsProvider === 'function') {
    const v3Provider = provider.getAwsSdkV3CredentialsProvider();
    if (typeof v3Provider === 'function') return v3Provider as AwsCredentialIdentityProvider;
  }
  // Serverless v3 caches this object on purpose (re-creating it would ask for MFA codes again),
  // so we keep using the very object it returns rather than copying its fields once.
  return adaptCredentials(provider.getCredentials()?.credentials);
}

/** An SDK v2 `AWS.Credentials`-like object, or a plain object carrying the same fields. */
interface V2CredentialsLike {
  accessKeyId?: unknown;
  secretAccessKey?: unknown;
  sessionToken?: unknown;
  expireTime?: unknown;
  getPromise?: unknown;
  get?: unknown;
}

function adaptCredentials(value: unknown): AwsCredentialIdentityProvider | undefined {
  if (value == null) return undefined;
  // A function can only be an SDK v3 provider (osls); its signature cannot be checked at runtime.
  if (typeof value === 'function') return value as AwsCredentialIdentityProvider;
  if (typeof value !== 'object') return undefined;

  const source = value as V2CredentialsLike;
  if (typeof source.getPromise === 'function') {
    const getPromise = source.getPromise as () => Promise<void>;
    // v2 loads lazily and refreshes expired credentials inside getPromise(); the fields are only
    // valid once it has settled.
    return async () => {
      try {
        await getPromise.call(source);
      } catch (error) {
        throw credentialsLoadError(error);
      }
      return identityFrom(source);
    };
  }
  if (typeof source.get === 'function') {
    const get = source.get as (callback: (error?: unknown) => void) => void;
    return () =>
      new Promise<AwsCredentialIdentity>((resolve, reject) => {
        get.call(source, (error?: unknown) => {
          if (error) {
            reject(credentialsLoadError(error));
            return;
          }
          try {
            resolve(identityFrom(source));
          } catch (invalid) {
            reject(invalid);
          }
        });
      });
  }
  // Checked when the SDK asks, so a broken value surfaces as a credentials error of the AWS call.
  if (typeof source.accessKeyId === 'string') return async () => identityFrom(source);
  return undefined;
}

function identityFrom(source: V2CredentialsLike): AwsCredentialIdentity {
  const { accessKeyId, secretAccessKey, sessionToken, expireTime } = source;
  if (typeof accessKeyId !== 'string' || accessKeyId === '') {
    throw new ProviderCredentialsError(
      'The AWS credentials resolved by the Serverless Framework have no access key id.',
    );
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
    throw new ProviderCredentialsError(
      'The AWS credentials resolved by the Serverless Framework have no secret access key.',
    );
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(typeof sessionToken === 'string' && sessionToken !== '' ? { sessionToken } : {}),
    // Telling the SDK when temporary credentials expire makes it ask again (and v2 refresh them).
    ...(expireTime instanceof Date ? { expiration: expireTime } : {}),
  };
}

function credentialsLoadError(error: unknown): ProviderCredentialsError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderCredentialsError(
    `Could not load the AWS credentials resolved by the Serverless Framework: ${reason}`,
    { cause: error },
  );
}
