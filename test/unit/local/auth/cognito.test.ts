/**
 * Cognito user-pool authorizers in the local gateway ("Control access to REST APIs using Amazon
 * Cognito user pools as an authorizer",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html).
 * The tests make their own keys and tokens with jose; the user pool's issuer is mapped to the
 * public key set as `custom.apiGateway.local.jwks` maps it. The clock is injected.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { contextMock, guardedTemplate, nodeFunction, proxyTo } from './fixtures';

const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Local';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Local';
const UNMAPPED_POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_NoKeys';
const UNMAPPED_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_NoKeys';
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer ?? null) });`;

describe('local gateway: Cognito user-pool authorizers', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  const clock = Date.UTC(2030, 0, 1);
  const nowSeconds = Math.floor(clock / 1000);
  const lines: string[] = [];
  let poolKey: KeyLike;
  let strangerKey: KeyLike;

  const sign = (claims: JWTPayload, key: KeyLike = poolKey, issuer = ISSUER) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'pool-key' })
      .setIssuer(issuer)
      .setIssuedAt(nowSeconds - 60)
      .setExpirationTime(nowSeconds + 3600)
      .sign(key);
  const idToken = (extra: JWTPayload = {}) =>
    sign({ sub: 'user-1', token_use: 'id', email: 'a@example.com', ...extra });
  const get = (pathname: string, authorization?: string) =>
    fetch(`${base}${pathname}`, authorization ? { headers: { Authorization: authorization } } : {});

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-cognito-'));
    writeFileSync(path.join(dir, 'echo.js'), ECHO);
    const pool = await generateKeyPair('RS256');
    poolKey = pool.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = {
      ...(await exportJWK(pool.publicKey)),
      kid: 'pool-key',
      alg: 'RS256',
      use: 'sig',
    };
    const users = { type: 'COGNITO_USER_POOLS', authorizer: 'UserPoolAuth' };
    const template = guardedTemplate(
      [
        { path: '/me', httpMethod: 'GET', integration: proxyTo('Echo'), auth: users },
        {
          path: '/orders',
          httpMethod: 'GET',
          integration: proxyTo('Echo'),
          auth: { ...users, scopes: ['orders/read', 'orders/admin'] },
        },
        {
          path: '/mapped',
          httpMethod: 'GET',
          integration: contextMock(
            '{"email": "$context.authorizer.claims.email", "sub": "$context.authorizer.claims.sub"}',
          ),
          auth: users,
        },
      ],
      {
        Echo: nodeFunction('echo.handler'),
        UserPoolAuth: {
          Type: 'AWS::ApiGateway::Authorizer',
          Properties: {
            Name: 'users',
            Type: 'COGNITO_USER_POOLS',
            RestApiId: { Ref: 'ApiGatewayRestApi' },
            IdentitySource: 'method.request.header.Authorization',
            ProviderARNs: [POOL_ARN, UNMAPPED_POOL_ARN],
          },
        },
      },
    );
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'test',
      port: 0,
      jwks: { [ISSUER]: { keys: [publicJwk] } },
      now: () => clock,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest ?? '';
  });

  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a verified ID token passes; its claims reach requestContext.authorizer.claims as strings', async () => {
    const response = await get(
      '/me',
      await idToken({ email_verified: true, 'cognito:groups': ['admins', 'ops'] }),
    );
    assert.equal(response.status, 200);
    const { claims } = (await response.json()) as { claims: Record<string, string> };
    assert.equal(claims.sub, 'user-1');
    assert.equal(claims.iss, ISSUER);
    assert.equal(claims.token_use, 'id');
    assert.equal(claims.email_verified, 'true');
    assert.equal(claims.exp, String(nowSeconds + 3600));
    assert.equal(claims['cognito:groups'], '[admins ops]');
  });

  it('the claims are $context.authorizer.claims.<name> in mapping templates', async () => {
    const response = await get('/mapped', await idToken());
    assert.deepEqual(await response.json(), { email: 'a@example.com', sub: 'user-1' });
  });

  it('the token is read raw or after "Bearer "', async () => {
    assert.equal((await get('/me', `Bearer ${await idToken()}`)).status, 200);
  });

  it('no token, or one that is not a JWT, is 401 Unauthorized', async () => {
    for (const authorization of [undefined, 'not-a-jwt']) {
      const response = await get('/me', authorization);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('x-amzn-errortype'), 'UnauthorizedException');
      assert.equal(await response.text(), '{"message":"Unauthorized"}');
    }
  });

  it('an expired token is 401 "The incoming token has expired"', async () => {
    const expired = await new SignJWT({ token_use: 'id', sub: 'user-1' })
      .setProtectedHeader({ alg: 'RS256', kid: 'pool-key' })
      .setIssuer(ISSUER)
      .setIssuedAt(nowSeconds - 7200)
      .setExpirationTime(nowSeconds - 3600)
      .sign(poolKey);
    const response = await get('/me', expired);
    assert.equal(response.status, 401);
    assert.equal(await response.text(), '{"message":"The incoming token has expired"}');
  });

  it('a token signed by another key, or unsigned, is never accepted', async () => {
    assert.equal((await get('/me', await sign({ token_use: 'id' }, strangerKey))).status, 401);
    const [header, payload] = (await idToken()).split('.');
    assert.equal((await get('/me', `${header}.${payload}.`)).status, 401);
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    assert.equal((await get('/me', `${none}.${payload}.`)).status, 401);
  });

  it("a token from an issuer that is not one of the authorizer's pools is 401", async () => {
    const other = await sign(
      { token_use: 'id' },
      poolKey,
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other',
    );
    assert.equal((await get('/me', other)).status, 401);
    assert.match(lines.join('\n'), /us-east-1_Other is not one of the authorizer's user pools/);
  });

  it('a token from a pool with no local JWKS is 401 with a log line saying how to configure it', async () => {
    const token = await sign({ token_use: 'id' }, poolKey, UNMAPPED_ISSUER);
    assert.equal((await get('/me', token)).status, 401);
    assert.match(
      lines.join('\n'),
      new RegExp(
        `no JWKS for the token's issuer ${UNMAPPED_ISSUER}: .*custom\\.apiGateway\\.local\\.jwks`,
      ),
    );
  });

  it('token_use must be id or access', async () => {
    assert.equal((await get('/me', await sign({ token_use: 'refresh' }))).status, 401);
    assert.equal((await get('/me', await sign({ sub: 'x' }))).status, 401);
    assert.equal((await get('/me', await sign({ token_use: 'access', scope: 'x' }))).status, 200);
  });

  it('a method with scopes needs an access token whose scope claim holds one of them', async () => {
    assert.equal((await get('/orders', await idToken())).status, 401);
    assert.equal(
      (await get('/orders', await sign({ token_use: 'access', scope: 'openid profile' }))).status,
      401,
    );
    const allowed = await get(
      '/orders',
      await sign({ token_use: 'access', scope: 'openid orders/read' }),
    );
    assert.equal(allowed.status, 200);
  });
});
