/**
 * JWT authorizers of HTTP APIs, as "Control access to HTTP APIs with JWT authorizers in API
 * Gateway" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html)
 * describes their workflow:
 * 1. the identity source holds the token, alone or after `Bearer `;
 * 2. the token is decoded;
 * 3. its algorithm and signature are checked with the issuer's public keys ("only RSA-based
 *    algorithms are supported"), the key found by the token's `kid`;
 * 4. claims: `iss` equals the authorizer's issuer; `aud`, or `client_id` when there is no `aud`,
 *    matches one of its audience entries; `exp` is after now, `nbf` and `iat` before now (each
 *    checked when the token has it, with no clock skew); and when the route has authorization
 *    scopes, the token's `scope` (space-separated) or `scp` (a list or space-separated) holds at
 *    least one of them.
 * A failed step is 401 (with the `www-authenticate` header, ./responses.ts); missing scopes are
 * 403. The claims reach the integration as `requestContext.authorizer.jwt.claims` (payload 2.0)
 * or `requestContext.authorizer.claims` (1.0), every value a string as API Gateway passes them,
 * and the token's scopes as `scopes` when the route has authorization scopes (null otherwise).
 *
 * Nothing is fetched from the issuer: its keys come from the local JWKS for that issuer (the
 * `jwks` option of startLocalGateway, `custom.apiGateway.local.jwks`), the same setting the REST
 * API's Cognito authorizers read.
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { V2Authorizer } from '../../../model';
import { renderValue } from '../../../openapi/intrinsics';
import { LocalKeySets } from '../../common/local-jwks';
import { claimText } from '../../rest/auth/cognito';
import type { IdentityInput } from '../../rest/auth/identity';
import type { GatewayResponse } from '../../rest/request';
import { sourceValue } from './identity';
import { forbidden, unauthorized } from './responses';

/** RSA-based algorithms only, as the guide says. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** The one description AWS publishes (http-api-troubleshooting-jwt.html). */
export const INVALID_AUDIENCE = 'the token does not have a valid audience';

export interface JwtClaims {
  claims: Record<string, string>;
  /** The token's scopes when the route has authorization scopes; null otherwise. */
  scopes: string[] | null;
}

export interface JwtEnvironment {
  /** Issuer → its key set. */
  jwks: Readonly<Record<string, JSONWebKeySet>>;
  now: () => number;
}

const asList = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];

/** `scope` (space-separated) or `scp` (a list, or space-separated). */
function tokenScopes(claims: JWTPayload): string[] {
  const listed = claims.scope ?? claims.scp;
  return asList(listed).flatMap((scope) => scope.split(' ').filter((item) => item !== ''));
}

export class JwtAuthorizers {
  private readonly keySets: LocalKeySets;

  constructor(private readonly environment: JwtEnvironment) {
    this.keySets = new LocalKeySets(environment);
  }

  async authorize(
    authorizer: V2Authorizer,
    routeScopes: readonly string[],
    input: IdentityInput,
  ): Promise<JwtClaims | GatewayResponse> {
    const named = (detail: string) => `JWT authorizer ${authorizer.name}: ${detail}`;
    const invalid = (detail: string, description = detail) =>
      unauthorized(named(detail), description);
    const source = authorizer.identitySources[0] ?? '$request.header.Authorization';
    const raw = sourceValue(source, input);
    if (raw === undefined)
      return unauthorized(named(`identity source ${source} is missing`), 'the token is missing');
    const token = raw.replace(/^Bearer\s+/i, '');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      return invalid('the token is not a JWT', 'the token is not a valid JWT');
    }
    const issuer = renderValue(authorizer.jwt?.issuer ?? '');
    if (unverified.iss !== issuer)
      return invalid(
        `the token's issuer ${String(unverified.iss ?? '(none)')} is not the authorizer's ${issuer}`,
        'the token does not have a valid issuer',
      );
    if (typeof header.alg !== 'string' || !RSA_ALGORITHMS.includes(header.alg))
      return invalid(`the token is signed with ${String(header.alg)}, not an RSA algorithm`);
    if (typeof header.kid !== 'string')
      return invalid('the token has no kid header', 'the token has no kid');
    const keySet = this.keySets.of(issuer);
    if (!keySet)
      return unauthorized(
        named(
          `no JWKS for the issuer ${issuer}: map it to a local JWKS file in custom.apiGateway.local.jwks (startLocalGateway's jwks option), e.g. jwks: { '${issuer}': 'test/jwks.json' }`,
        ),
        'the token could not be verified',
      );
    const now = this.environment.now();
    let claims: JWTPayload;
    try {
      const verified = await jwtVerify(token, keySet, {
        issuer,
        algorithms: RSA_ALGORITHMS,
        currentDate: new Date(now),
      });
      claims = verified.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        return invalid('the token expired', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
        return invalid('the token is not valid yet (nbf)', 'the token is not valid yet');
      return invalid(
        `the token does not verify: ${error instanceof Error ? error.message : String(error)}`,
        'the token could not be verified',
      );
    }
    const audience = authorizer.jwt?.audience.map((entry) => renderValue(entry)) ?? [];
    // "API Gateway validates client_id only if aud is not present."
    const presented = claims.aud !== undefined ? asList(claims.aud) : asList(claims.client_id);
    if (!presented.some((entry) => audience.includes(entry)))
      return invalid(
        `the token's ${claims.aud !== undefined ? 'aud' : 'client_id'} ${presented.join(', ') || '(none)'} is not one of the audience entries ${audience.join(', ')}`,
        INVALID_AUDIENCE,
      );
    if (typeof claims.iat === 'number' && claims.iat * 1000 > now)
      return invalid('the token was issued in the future (iat)', 'the token is not valid yet');
    const granted = tokenScopes(claims);
    if (routeScopes.length > 0 && !routeScopes.some((scope) => granted.includes(scope)))
      return forbidden(
        named(
          `the token's scopes (${granted.join(' ') || 'none'}) hold none of the route's ${routeScopes.join(', ')}`,
        ),
        routeScopes,
      );
    return {
      claims: Object.fromEntries(
        Object.entries(claims).map(([name, value]) => [name, claimText(value)]),
      ),
      scopes: routeScopes.length > 0 ? granted : null,
    };
  }
}
