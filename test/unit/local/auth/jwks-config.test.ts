/** `custom.apiGateway.local.jwks`: read by `sls apigateway serve`, relative to the service. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLocalJwks } from '../../../../src/commands/serve';
import { configuresRestApi } from '../../../../src/features/rest-api/resolve';
import { KitError } from '../../../../src/pipeline/errors';

describe('local gateway: custom.apiGateway.local.jwks', () => {
  let dir: string;
  const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc';

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-jwks-'));
    writeFileSync(
      path.join(dir, 'jwks.json'),
      JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }),
    );
    writeFileSync(path.join(dir, 'not-a-set.json'), JSON.stringify({ kty: 'RSA' }));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each issuer’s file relative to the service directory', () => {
    assert.deepEqual(readLocalJwks({ [issuer]: 'jwks.json' }, dir), {
      [issuer]: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] },
    });
    assert.deepEqual(readLocalJwks(undefined, dir), {});
  });

  it('a missing file, or one that is not a key set, is an error naming the setting', () => {
    assert.throws(
      () => readLocalJwks({ [issuer]: 'keys/missing.json' }, dir),
      (error: unknown) =>
        error instanceof KitError &&
        error.message.includes(`custom.apiGateway.local.jwks["${issuer}"]`) &&
        error.message.includes('keys/missing.json') &&
        error.message.includes('no such file'),
    );
    assert.throws(
      () => readLocalJwks({ [issuer]: 'not-a-set.json' }, dir),
      /is not a JSON Web Key Set/,
    );
  });

  it('is not a REST API setting: a service with only it configures no REST API', () => {
    assert.equal(configuresRestApi({ local: { jwks: { [issuer]: 'jwks.json' } } }), false);
  });
});
