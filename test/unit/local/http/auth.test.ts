/**
 * Authorizers of HTTP APIs in the local gateway.
 *
 * JWT authorizers, as "Control access to HTTP APIs with JWT authorizers in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html)
 * describes their workflow (token alone or after `Bearer`, RSA signature by `kid`, iss, aud or
 * client_id, exp, nbf, iat, scope or scp), with the 401 `www-authenticate` header of
 * "Troubleshooting issues with HTTP API JWT authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html)
 * and the claims at `requestContext.authorizer.jwt` (2.0) / `requestContext.authorizer` (1.0) of
 * "Create AWS Lambda proxy integrations for HTTP APIs"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 *
 * Lambda authorizers, as "Control access to HTTP APIs with AWS Lambda authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)
 * documents them: events of payload formats 1.0 and 2.0, simple responses and IAM policies
 * against the route ARN, 401 without invoking when an identity source is missing, caching by
 * identity source for the TTL, 500 for a response not in the required format.
 *
 * Tokens are signed with keys the test makes with jose; the authorizer functions append each
 * event to a file, so the tests see whether (and with what) they ran; the clock is injected.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import type { CfnObject, CfnResource } from '../../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { lambdaUri } from '../template';
import { fn, httpTemplate, lambda, serviceDir } from './template';

const ISSUER = 'https://issuer.example/pool';
const UNMAPPED_ISSUER = 'https://elsewhere.example';
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authorizer: event.requestContext.authorizer ?? null }) });`;
const AUTHORIZERS = `
const fs = require('node:fs');
const path = require('node:path');
const record = (name, event) => fs.appendFileSync(path.join(__dirname, name + '.log'), JSON.stringify(event) + '\\n');
exports.simple = async (event) => {
  record('simple', event);
  return event.headers['x-token'].startsWith('allow')
    ? { isAuthorized: true, context: { user: 'ada', roles: ['admin'], level: 3 } }
    : { isAuthorized: false };
};
exports.policy = async (event) => {
  record('policy', event);
  const base = event.routeArn.split('/').slice(0, 2).join('/');
  return {
    principalId: 'ada',
    policyDocument: { Version: '2012-10-17', Statement: [
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: base + '/GET/policy/allowed' },
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: base + '/GET/policy/denied' },
    ] },
    context: { tier: 'gold', nested: { a: 1 } },
  };
};
exports.v1 = async (event) => {
  record('v1', event);
  return {
    principalId: 'ada',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    context: { tier: 'silver' },
  };
};
exports.broken = async (event) => {
  record('broken', event);
  if (event.headers['x-token'] === 'unauthorized') throw new Error('Unauthorized');
  if (event.headers['x-token'] === 'throws') throw new TypeError('boom');
  return { isAuthorized: 'yes' };
};`;

function jwtAuthorizer(issuer: string, audience: string[]): CfnResource {
  return {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      Name: issuer === ISSUER ? 'users' : 'strangers',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: audience },
    },
  };
}

function requestAuthorizer(name: string, functionId: string, properties: CfnObject): CfnResource {
  return {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      Name: name,
      AuthorizerType: 'REQUEST',
      AuthorizerUri: lambdaUri(functionId),
      ...properties,
    },
  };
}

const jwtRoute = (authorizer: string, scopes?: string[]): CfnObject => ({
  AuthorizationType: 'JWT',
  AuthorizerId: { Ref: authorizer },
  ...(scopes ? { AuthorizationScopes: scopes } : {}),
});
const customRoute = (authorizer: string): CfnObject => ({
  AuthorizationType: 'CUSTOM',
  AuthorizerId: { Ref: authorizer },
});

describe('local gateway, HTTP API: authorizers', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  let clock = Date.UTC(2030, 0, 1);
  const lines: string[] = [];
  let key: KeyLike;
  let stranger: KeyLike;
  const seconds = () => Math.floor(clock / 1000);

  before(async () => {
    dir = serviceDir({ 'echo.js': ECHO, 'authorizers.js': AUTHORIZERS });
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    const template = httpTemplate(
      [
        { key: 'GET /jwt', integration: lambda('Echo'), route: jwtRoute('Users') },
        { key: 'GET /jwt-v1', integration: lambda('Echo', '1.0'), route: jwtRoute('Users') },
        {
          key: 'GET /scoped',
          integration: lambda('Echo'),
          route: jwtRoute('Users', ['orders/read', 'orders/admin']),
        },
        { key: 'GET /stranger', integration: lambda('Echo'), route: jwtRoute('Strangers') },
        { key: 'GET /simple', integration: lambda('Echo'), route: customRoute('Simple') },
        {
          key: 'GET /policy/{which}',
          integration: lambda('Echo'),
          route: customRoute('Policy'),
        },
        { key: 'POST /v1/{id}', integration: lambda('Echo', '1.0'), route: customRoute('V1') },
        { key: 'GET /broken', integration: lambda('Echo'), route: customRoute('Broken') },
        { key: 'GET /iam', integration: lambda('Echo'), route: { AuthorizationType: 'AWS_IAM' } },
      ],
      {
        Echo: fn('echo.handler'),
        SimpleFn: fn('authorizers.simple'),
        PolicyFn: fn('authorizers.policy'),
        V1Fn: fn('authorizers.v1'),
        BrokenFn: fn('authorizers.broken'),
        Users: jwtAuthorizer(ISSUER, ['app-client', 'other-client']),
        Strangers: jwtAuthorizer(UNMAPPED_ISSUER, ['app-client']),
        Simple: requestAuthorizer('simple', 'SimpleFn', {
          AuthorizerPayloadFormatVersion: '2.0',
          EnableSimpleResponses: true,
          IdentitySource: ['$request.header.x-token'],
          AuthorizerResultTtlInSeconds: 300,
        }),
        Policy: requestAuthorizer('policy', 'PolicyFn', {
          AuthorizerPayloadFormatVersion: '2.0',
          IdentitySource: ['$request.header.x-token', '$request.querystring.tenant'],
          AuthorizerResultTtlInSeconds: 60,
        }),
        V1: requestAuthorizer('v1', 'V1Fn', {
          AuthorizerPayloadFormatVersion: '1.0',
          IdentitySource: ['$request.header.x-token', '$stageVariables.color'],
          AuthorizerResultTtlInSeconds: 0,
        }),
        Broken: requestAuthorizer('broken', 'BrokenFn', {
          AuthorizerPayloadFormatVersion: '2.0',
          EnableSimpleResponses: true,
          IdentitySource: ['$request.header.x-token'],
        }),
      },
      {},
      { StageName: '$default', StageVariables: { color: 'blue' } },
    );
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'dev',
      port: 0,
      httpPort: 0,
      jwks: { [ISSUER]: { keys: [jwk] } },
      now: () => clock,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.http as string;
  });

  after(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (pathname: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${base}${pathname}`, { method, headers });
  const calls = (name: string): Array<Record<string, unknown>> => {
    const file = path.join(dir, `${name}.log`);
    return existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [];
  };

  describe('JWT authorizers', () => {
    const sign = (
      claims: JWTPayload,
      options: { signer?: KeyLike; kid?: string | null; issuer?: string } = {},
    ) => {
      const kid = options.kid === undefined ? 'key-1' : options.kid;
      return new SignJWT({
        aud: 'app-client',
        iss: options.issuer ?? ISSUER,
        iat: seconds() - 60,
        exp: seconds() + 3600,
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', ...(kid === null ? {} : { kid }) })
        .sign(options.signer ?? key);
    };
    const bearer = async (claims: JWTPayload, options = {}) => ({
      Authorization: `Bearer ${await sign(claims, options)}`,
    });
    const refused = async (
      response: Response,
      description: string | RegExp = /error_description="[^"]+"/,
    ) => {
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(await response.text(), '{"message":"Unauthorized"}');
      const header = response.headers.get('www-authenticate') ?? '';
      assert.match(header, /^Bearer scope="" error="invalid_token" error_description="/);
      if (typeof description === 'string')
        assert.equal(
          header,
          `Bearer scope="" error="invalid_token" error_description="${description}"`,
        );
      else assert.match(header, description);
    };

    it('a valid token after "Bearer": the claims at requestContext.authorizer.jwt (payload 2.0), every value a string', async () => {
      const response = await get(
        '/jwt',
        await bearer({ sub: 'user-1', groups: ['admin', 'users'], email_verified: true }),
      );
      assert.equal(response.status, 200);
      const { authorizer } = (await response.json()) as {
        authorizer: { jwt: { claims: Record<string, string>; scopes: unknown } };
      };
      assert.deepEqual(authorizer.jwt.claims, {
        aud: 'app-client',
        sub: 'user-1',
        groups: '[admin users]',
        email_verified: 'true',
        iss: ISSUER,
        iat: String(seconds() - 60),
        exp: String(seconds() + 3600),
      });
      assert.equal(authorizer.jwt.scopes, null);
    });

    it('"The identitySource can include only the token, or the token prefixed with Bearer"', async () => {
      const response = await get('/jwt', { Authorization: await sign({ sub: 'user-1' }) });
      assert.equal(response.status, 200);
    });

    it('payload 1.0: the claims at requestContext.authorizer.claims, scopes null', async () => {
      const response = await get('/jwt-v1', await bearer({ sub: 'user-1' }));
      assert.equal(response.status, 200);
      const { authorizer } = (await response.json()) as {
        authorizer: { claims: Record<string, string>; scopes: unknown };
      };
      assert.equal(authorizer.claims.sub, 'user-1');
      assert.equal(authorizer.scopes, null);
    });

    it('no token: 401 {"message":"Unauthorized"} with www-authenticate, the integration not run', async () => {
      lines.length = 0;
      await refused(await get('/jwt'));
      assert.match(
        lines.join('\n'),
        /GET \/jwt 401 .*identity source \$request\.header\.Authorization is missing/,
      );
    });

    it('aud not in the audience list: 401 with the documented header', async () =>
      refused(
        await get('/jwt', await bearer({ aud: 'someone-else' })),
        'the token does not have a valid audience',
      ));

    it('client_id is validated only if aud is not present', async () => {
      const clientOnly = await get(
        '/jwt',
        await bearer({ aud: undefined, client_id: 'other-client' }),
      );
      assert.equal(clientOnly.status, 200);
      await refused(
        await get('/jwt', await bearer({ aud: 'someone-else', client_id: 'app-client' })),
        'the token does not have a valid audience',
      );
      await refused(
        await get('/jwt', await bearer({ aud: undefined })),
        'the token does not have a valid audience',
      );
    });

    it('an aud list matches when one entry is in the audience list', async () => {
      const response = await get('/jwt', await bearer({ aud: ['x', 'other-client'] }));
      assert.equal(response.status, 200);
    });

    it('exp must be after the current time (the injected clock)', async () => {
      const token = await sign({});
      assert.equal((await get('/jwt', { Authorization: `Bearer ${token}` })).status, 200);
      const saved = clock;
      clock += 3601_000;
      try {
        await refused(await get('/jwt', { Authorization: `Bearer ${token}` }), /expired/);
      } finally {
        clock = saved;
      }
    });

    it('nbf and iat must be before the current time', async () => {
      await refused(await get('/jwt', await bearer({ nbf: seconds() + 600 })));
      await refused(await get('/jwt', await bearer({ iat: seconds() + 600 })));
    });

    it('iss must match the authorizer issuer; the signature must verify with the key its kid names', async () => {
      await refused(await get('/jwt', await bearer({}, { issuer: 'https://other.example' })));
      await refused(await get('/jwt', await bearer({}, { signer: stranger })));
      await refused(await get('/jwt', await bearer({}, { kid: null })));
      await refused(await get('/jwt', await bearer({}, { kid: 'unknown-key' })));
      await refused(await get('/jwt', { Authorization: 'Bearer not.a.jwt' }));
    });

    it('only RSA-based algorithms: an HS256 token is refused', async () => {
      const hs = await new SignJWT({ aud: 'app-client' })
        .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
        .setIssuer(ISSUER)
        .setIssuedAt(seconds() - 60)
        .setExpirationTime(seconds() + 3600)
        .sign(new TextEncoder().encode('a shared secret of enough length!!'));
      await refused(await get('/jwt', { Authorization: `Bearer ${hs}` }));
    });

    it('an issuer without a local JWKS: 401, and the log says how to map one', async () => {
      lines.length = 0;
      await refused(await get('/stranger', await bearer({}, { issuer: UNMAPPED_ISSUER })));
      assert.match(lines.join('\n'), /custom\.apiGateway\.local\.jwks/);
    });

    it('route scopes: one of them in scope (space-separated) or scp (a list) lets the request in, with the token scopes', async () => {
      const viaScope = await get('/scoped', await bearer({ scope: 'profile orders/read' }));
      assert.equal(viaScope.status, 200);
      const body = (await viaScope.json()) as { authorizer: { jwt: { scopes: string[] } } };
      assert.deepEqual(body.authorizer.jwt.scopes, ['profile', 'orders/read']);
      const viaScp = await get('/scoped', await bearer({ scp: ['orders/admin'] }));
      assert.equal(viaScp.status, 200);
    });

    it('none of the route scopes: 403 {"message":"Forbidden"}', async () => {
      for (const claims of [{ scope: 'profile' }, {}]) {
        const response = await get('/scoped', await bearer(claims));
        assert.equal(response.status, 403);
        assert.equal(await response.text(), '{"message":"Forbidden"}');
        assert.match(response.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
      }
    });
  });

  describe('Lambda authorizers', () => {
    it('simple response, payload 2.0: the documented event; context at requestContext.authorizer.lambda', async () => {
      const before = calls('simple').length;
      const response = await get('/simple?q=1', { 'x-token': 'allow', Cookie: 'a=1' });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        authorizer: { lambda: { user: 'ada', roles: ['admin'], level: 3 } },
      });
      const [event] = calls('simple').slice(before);
      assert.equal(event.version, '2.0');
      assert.equal(event.type, 'REQUEST');
      assert.equal(
        event.routeArn,
        'arn:aws:execute-api:us-east-1:123456789012:local/$default/GET/simple',
      );
      assert.deepEqual(event.identitySource, ['allow']);
      assert.equal(event.routeKey, 'GET /simple');
      assert.equal(event.rawPath, '/simple');
      assert.equal(event.rawQueryString, 'q=1');
      assert.deepEqual(event.cookies, ['a=1']);
      assert.equal((event.headers as Record<string, string>)['x-token'], 'allow');
      assert.deepEqual(event.queryStringParameters, { q: '1' });
      assert.deepEqual(event.stageVariables, { color: 'blue' });
      assert.equal((event.requestContext as { routeKey: string }).routeKey, 'GET /simple');
      assert.equal('body' in event, false);
    });

    it('isAuthorized false: 403 {"message":"Forbidden"}', async () => {
      const response = await get('/simple', { 'x-token': 'deny' });
      assert.equal(response.status, 403);
      assert.equal(await response.text(), '{"message":"Forbidden"}');
    });

    it('a missing identity source: 401 without invoking the authorizer', async () => {
      const before = calls('simple').length;
      const response = await get('/simple');
      assert.equal(response.status, 401);
      assert.equal(await response.text(), '{"message":"Unauthorized"}');
      assert.equal(calls('simple').length, before);
    });

    it('caching by identity source for the TTL: no invocation within it, one after it', async () => {
      const before = calls('simple').length;
      const headers = { 'x-token': 'allow-cached' };
      assert.equal((await get('/simple', headers)).status, 200);
      assert.equal((await get('/simple', headers)).status, 200);
      assert.equal(calls('simple').length, before + 1, 'the second request used the cache');
      const saved = clock;
      clock += 301_000;
      try {
        assert.equal((await get('/simple', headers)).status, 200);
        assert.equal(calls('simple').length, before + 2, 'the TTL passed: invoked again');
        assert.equal((await get('/simple', headers)).status, 200);
        assert.equal(calls('simple').length, before + 2);
      } finally {
        clock = saved;
      }
    });

    it('IAM policy, payload 2.0: evaluated against each route ARN, also when cached', async () => {
      const headers = { 'x-token': 'alice' };
      const before = calls('policy').length;
      const allowed = await get('/policy/allowed?tenant=t1', headers);
      assert.equal(allowed.status, 200);
      assert.deepEqual(await allowed.json(), {
        authorizer: { lambda: { tier: 'gold', nested: { a: 1 } } },
      });
      const denied = await get('/policy/denied?tenant=t1', headers);
      assert.equal(denied.status, 403);
      assert.equal(await denied.text(), '{"message":"Forbidden"}');
      const unlisted = await get('/policy/other?tenant=t1', headers);
      assert.equal(unlisted.status, 403);
      assert.equal(calls('policy').length, before + 1, 'one invocation, the policy cached');
      // Another identity source value is another cache entry.
      assert.equal((await get('/policy/allowed?tenant=t2', headers)).status, 200);
      assert.equal(calls('policy').length, before + 2);
      assert.deepEqual(calls('policy')[before].identitySource, ['alice', 't1']);
    });

    it('payload 1.0: methodArn, identitySource and authorizationToken joined with commas; TTL 0 invokes every time', async () => {
      const before = calls('v1').length;
      const response = await get('/v1/7', { 'x-token': 'tok' }, 'POST');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { authorizer: { lambda: { tier: 'silver' } } });
      assert.equal((await get('/v1/7', { 'x-token': 'tok' }, 'POST')).status, 200);
      const events = calls('v1').slice(before);
      assert.equal(events.length, 2);
      const [event] = events;
      assert.equal(event.version, '1.0');
      assert.equal(event.type, 'REQUEST');
      assert.equal(
        event.methodArn,
        'arn:aws:execute-api:us-east-1:123456789012:local/$default/POST/v1/7',
      );
      assert.equal(event.identitySource, 'tok,blue');
      assert.equal(event.authorizationToken, 'tok,blue');
      assert.equal(event.resource, '/v1/{id}');
      assert.equal(event.path, '/v1/7');
      assert.equal(event.httpMethod, 'POST');
      assert.deepEqual(event.pathParameters, { id: '7' });
    });

    it('an Unauthorized error is 401; another error or a response not in the format is 500, logged', async () => {
      const unauthorized = await get('/broken', { 'x-token': 'unauthorized' });
      assert.equal(unauthorized.status, 401);
      assert.equal(await unauthorized.text(), '{"message":"Unauthorized"}');
      for (const [token, logged] of [
        ['throws', /TypeError: boom/],
        [
          'malformed',
          /not in the required format \(simple response\): isAuthorized is not a boolean/,
        ],
      ] as const) {
        lines.length = 0;
        const response = await get('/broken', { 'x-token': token });
        assert.equal(response.status, 500);
        assert.equal(await response.text(), '{"message":"Internal Server Error"}');
        assert.match(lines.join('\n'), logged);
      }
    });
  });

  it('AWS_IAM: an unsigned request is refused with 403 and a log line (iam.test.ts: signed ones)', async () => {
    lines.length = 0;
    const response = await get('/iam');
    assert.equal(response.status, 403);
    assert.equal(await response.text(), '{"message":"Forbidden"}');
    assert.match(lines.join('\n'), /GET \/iam 403 .*AWS_IAM: the request is not signed/);
  });
});
