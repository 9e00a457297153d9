/**
 * Cognito user-pool authorizers ("Control access to REST APIs using Amazon Cognito user pools as
 * an authorizer",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html):
 * the identity source's token must be a JWT signed by one of the authorizer's user pools
 * (`iss` = `https://cognito-idp.<region>.amazonaws.com/<poolId>` of its ProviderARNs), not
 * expired, with `token_use` `id` or `access`; a method with authorization scopes needs an access
 * token whose `scope` claim holds one of them. Anything else is 401 (an expired token with
 * "The incoming token has expired"). The claims reach the backend as
 * `requestContext.authorizer.claims` and `$context.authorizer.claims.<name>`, every value a
 * string, as API Gateway passes them.
 *
 * Nothing is fetched from Cognito: the keys come from a local JWKS per issuer
 * (`custom.apiGateway.local.jwks`), and a token is only ever accepted after its signature
 * verified against one. Cognito signs with RS256, the only algorithm accepted. A provider ARN
 * that is not a literal (a user pool of the same template, `Fn::GetAtt [Pool, Arn]`) has no pool
 * id before deploy: such an authorizer accepts the issuers the JWKS setting names.
 */
import { decodeJwt, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { RestAuthorizer } from '../../../model';
import { renderValue } from '../../../openapi/intrinsics';
import { LocalKeySets } from '../../common/local-jwks';
import { identityValue, type IdentityInput } from './identity';
import type { AuthDecision } from './lambda-authorizer';
import { TOKEN_EXPIRED, UNAUTHORIZED } from './responses';

/** `arn:aws:cognito-idp:<region>:<account>:userpool/<poolId>` → the pool's token issuer. */
export function issuerOfUserPoolArn(arn: string): string | undefined {
  const match = /^arn:aws[\w-]*:cognito-idp:([a-z0-9-]+):\d*:userpool\/([\w-]+)$/.exec(arn);
  return match ? `https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}` : undefined;
}

/** A claim as API Gateway hands it on: a string (`[a b]` for a list, as deployed APIs show). */
export function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface CognitoEnvironment {
  /** Issuer → its key set. */
  jwks: Readonly<Record<string, JSONWebKeySet>>;
  now: () => number;
}

export class CognitoAuthorizers {
  private readonly keySets: LocalKeySets;

  constructor(private readonly environment: CognitoEnvironment) {
    this.keySets = new LocalKeySets(environment);
  }

  async authorize(
    authorizer: RestAuthorizer,
    scopes: readonly string[],
    input: IdentityInput,
  ): Promise<AuthDecision> {
    const refused = (detail: string) => ({
      error: UNAUTHORIZED,
      detail: `authorizer ${authorizer.name}: ${detail}`,
    });
    const source = authorizer.identitySources[0] ?? 'method.request.header.Authorization';
    const raw = identityValue(source, input);
    if (raw === undefined) return refused(`identity source ${source} is missing or empty`);
    // The guide sends the raw token; API Gateway also takes it after "Bearer " (AWS's own
    // workshops do), so both are read.
    const token = raw.replace(/^Bearer\s+/i, '');
    let issuer: string;
    try {
      const claims = decodeJwt(token);
      issuer = String(claims.iss ?? '');
    } catch {
      return refused('the token is not a JWT');
    }
    const literalArns = (authorizer.providerArns ?? []).map((arn) => renderValue(arn));
    const issuers = literalArns.map(issuerOfUserPoolArn);
    if (!issuers.includes(issuer) && issuers.every((known) => known !== undefined))
      return refused(
        `the token's issuer ${issuer || '(none)'} is not one of the authorizer's user pools (${literalArns.join(', ')})`,
      );
    const keySet = this.keySets.of(issuer);
    if (!keySet)
      return refused(
        `no JWKS for the token's issuer ${issuer || '(none)'}: map it to a local JWKS file in custom.apiGateway.local.jwks (startLocalGateway's jwks option), e.g. jwks: { '${issuer}': 'test/jwks.json' }`,
      );
    let claims: Record<string, unknown>;
    try {
      const verified = await jwtVerify(token, keySet, {
        issuer,
        algorithms: ['RS256'],
        currentDate: new Date(this.environment.now()),
      });
      claims = verified.payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        return { error: TOKEN_EXPIRED, detail: `authorizer ${authorizer.name}: the token expired` };
      return refused(
        `the token does not verify: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const use = claims.token_use;
    if (use !== 'id' && use !== 'access')
      return refused(`token_use is ${JSON.stringify(use)}, not id or access`);
    if (scopes.length > 0) {
      const granted = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
      if (use !== 'access' || !scopes.some((scope) => granted.includes(scope)))
        return refused(
          `the method needs an access token with one of the scopes ${scopes.join(', ')}`,
        );
    }
    return {
      authorizer: {
        claims: Object.fromEntries(
          Object.entries(claims).map(([name, value]) => [name, claimText(value)]),
        ),
      },
    };
  }
}
