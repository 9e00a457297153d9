/** What an HTTP API authorizer passes on to the integration's `requestContext.authorizer`. */
import type { JwtClaims } from './jwt';

/** A JWT's claims and scopes, or a Lambda authorizer's context. */
export type HttpAuthorizerContext = { jwt: JwtClaims } | { lambda: Record<string, unknown> };
