/**
 * The issuers' public keys as the local token authorizers (REST Cognito, HTTP API JWT) read them:
 * from the local JWKS per issuer (`custom.apiGateway.local.jwks`, startLocalGateway's `jwks`),
 * never fetched from the issuer. A key set is built once per issuer and kept.
 */
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';

export type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

export class LocalKeySets {
  private readonly keySets = new Map<string, LocalKeySet>();

  /** `source.jwks` is read at each look-up: issuer → its key set. */
  constructor(private readonly source: { jwks: Readonly<Record<string, JSONWebKeySet>> }) {}

  /** The issuer's key set; undefined when the local JWKS setting has none for it. */
  of(issuer: string): LocalKeySet | undefined {
    const jwks = this.source.jwks[issuer];
    if (!jwks) return undefined;
    let keySet = this.keySets.get(issuer);
    if (!keySet) {
      keySet = createLocalJWKSet(jwks);
      this.keySets.set(issuer, keySet);
    }
    return keySet;
  }
}
