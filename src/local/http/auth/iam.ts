/**
 * IAM authorization of HTTP API routes (AuthorizationType AWS_IAM, "Control access to HTTP APIs
 * with IAM authorization",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html):
 * the request's SigV4 signature for `execute-api` is verified by the REST API's verifier
 * (../../rest/auth/iam.ts) against the same local credentials (`custom.apiGateway.local.credentials`,
 * startLocalGateway's `iamCredentials`), in the same order and with the same checks. What IAM would
 * then decide (the signer's `execute-api:Invoke` permissions) is not evaluated locally.
 *
 * The answers are HTTP APIs' plain JSON bodies, all 403: an unsigned request gets
 * `{"message":"Forbidden"}` (HTTP APIs have no "Missing Authentication Token" answer: that is a REST
 * gateway response); a signature that does not verify gets SigV4's message for the failure
 * (`{"message":"The request signature we calculated does not match …"}`, "The security token
 * included in the request is invalid.", "Signature expired: …") with its `x-amzn-errortype`, the
 * messages AWS's SigV4 front end gives REST APIs (AWS does not document HTTP APIs' bodies for
 * these separately). The log line says which check failed.
 */
import type { CallerIdentity } from '../../rest/context';
import { MISSING_AUTHENTICATION_TOKEN } from '../../rest/gateway-responses';
import { IamAuthorizer, type LocalIamCredential } from '../../rest/auth/iam';
import type { GatewayResponse } from '../../rest/request';
import type { HttpRequest } from '../request';

function refused(message: string, detail: string, errorType?: string): GatewayResponse {
  return {
    statusCode: 403,
    headers: {
      'content-type': ['application/json'],
      ...(errorType ? { 'x-amzn-errortype': [errorType] } : {}),
    },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
    integration: 'AUTHORIZER',
    detail,
  };
}

export class HttpIamAuthorizer {
  private readonly verifier: IamAuthorizer;

  constructor(credentials: readonly LocalIamCredential[], region: string, now: () => number) {
    this.verifier = new IamAuthorizer(credentials, region, now);
  }

  /** The verified signer, or the HTTP API's refusal. */
  async authorize(request: HttpRequest): Promise<CallerIdentity | GatewayResponse> {
    const decision = await this.verifier.authorize(request);
    if ('identity' in decision) return decision.identity;
    const { error, detail } = decision;
    if (error === MISSING_AUTHENTICATION_TOKEN) return refused('Forbidden', detail);
    return refused(error.message, detail, error.errorType);
  }
}

/** `requestContext.authorizer.iam` of the 2.0 event, as the developer guide's example shows it. */
export function iamAuthorizerContext(identity: CallerIdentity): Record<string, unknown> {
  return {
    accessKey: identity.accessKey,
    accountId: identity.accountId,
    callerId: identity.caller,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: identity.userArn,
    userId: identity.user,
  };
}
