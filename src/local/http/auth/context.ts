/** What an HTTP API authorizer passes on to the integration's `requestContext.authorizer`. */
import type { CallerIdentity } from '../../rest/context';
import type { JwtClaims } from './jwt';

/** A JWT's claims and scopes, a Lambda authorizer's context, or an IAM route's verified signer. */
export type HttpAuthorizerContext =
  { jwt: JwtClaims } | { lambda: Record<string, unknown> } | { iam: CallerIdentity };
