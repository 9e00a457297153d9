import assert from 'node:assert/strict';
import type { AwsCredentialIdentity } from '@smithy/types';
import { credentialsFromProvider, type ServerlessAwsProvider } from '../../../src/aws/credentials';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };

function providerWith(credentials: unknown, extra: Partial<ServerlessAwsProvider> = {}) {
  return {
    getRegion: () => 'eu-west-1',
    getCredentials: () => ({ credentials }),
    ...extra,
  } satisfies ServerlessAwsProvider;
}

async function resolve(provider: ServerlessAwsProvider): Promise<AwsCredentialIdentity> {
  const credentials = credentialsFromProvider(provider);
  assert.ok(credentials, 'expected a credentials provider');
  return credentials();
}

describe('credentialsFromProvider', () => {
  it('returns undefined when the framework resolved nothing, so the SDK default chain applies', () => {
    assert.equal(credentialsFromProvider(providerWith(undefined)), undefined);
    assert.equal(
      credentialsFromProvider({ getRegion: () => 'x', getCredentials: () => ({}) }),
      undefined,
    );
    assert.equal(credentialsFromProvider(providerWith({})), undefined);
  });

  it('uses an SDK v3 provider function as it is', () => {
    const v3 = async () => ({ ...KEYS, sessionToken: 'token' });
    assert.equal(credentialsFromProvider(providerWith(v3)), v3);
  });

  it("prefers osls's getAwsSdkV3CredentialsProvider, whose getCredentials() throws", async () => {
    const v3 = async () => KEYS;
    const provider = {
      getRegion: () => 'eu-west-1',
      getCredentials: (): never => {
        throw new Error('provider.getCredentials() is no longer available');
      },
      getAwsSdkV3CredentialsProvider: () => v3,
    };
    assert.equal(credentialsFromProvider(provider), v3);
    assert.deepEqual(await resolve(provider), KEYS);
  });

  it('awaits getPromise() of an SDK v2 credentials object before reading its fields', async () => {
    const expireTime = new Date('2030-01-01T00:00:00Z');
    const v2 = {
      accessKeyId: undefined as string | undefined,
      secretAccessKey: undefined as string | undefined,
      sessionToken: undefined as string | undefined,
      expireTime: undefined as Date | undefined,
      loads: 0,
      getPromise() {
        this.loads += 1;
        return new Promise<void>((done) =>
          setImmediate(() => {
            Object.assign(this, KEYS, { sessionToken: 'session', expireTime });
            done();
          }),
        );
      },
    };
    assert.deepEqual(await resolve(providerWith(v2)), {
      ...KEYS,
      sessionToken: 'session',
      expiration: expireTime,
    });
    assert.equal(v2.loads, 1);
  });

  it('reports a getPromise() failure as a credentials error', async () => {
    const v2 = { getPromise: () => Promise.reject(new Error('Profile nope not found')) };
    const credentials = credentialsFromProvider(providerWith(v2));
    assert.ok(credentials);
    await assert.rejects(credentials(), (error: Error) => {
      assert.equal(error.name, 'CredentialsProviderError');
      assert.match(error.message, /Profile nope not found/);
      return true;
    });
  });

  it('calls get(callback) of an object without getPromise()', async () => {
    const v2 = {
      accessKeyId: '',
      secretAccessKey: '',
      get(callback: (error?: Error) => void) {
        Object.assign(this, KEYS);
        callback();
      },
    };
    assert.deepEqual(await resolve(providerWith(v2)), KEYS);
  });

  it('rejects when get(callback) reports an error', async () => {
    const v2 = { get: (callback: (error?: Error) => void) => callback(new Error('MFA cancelled')) };
    const credentials = credentialsFromProvider(providerWith(v2));
    assert.ok(credentials);
    await assert.rejects(credentials(), {
      name: 'CredentialsProviderError',
      message: /MFA cancelled/,
    });
  });

  it('uses plain access key fields', async () => {
    assert.deepEqual(await resolve(providerWith({ ...KEYS, sessionToken: 'token' })), {
      ...KEYS,
      sessionToken: 'token',
    });
  });

  it('refuses credentials without a secret key, without echoing the key id', async () => {
    const credentials = credentialsFromProvider(providerWith({ accessKeyId: 'AKIDEXAMPLE' }));
    assert.ok(credentials);
    await assert.rejects(credentials(), (error: Error) => {
      assert.equal(error.name, 'CredentialsProviderError');
      assert.match(error.message, /no secret access key/);
      assert.doesNotMatch(error.message, /AKIDEXAMPLE/);
      return true;
    });
  });
});
