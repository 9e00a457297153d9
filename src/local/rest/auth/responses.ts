/**
 * The gateway's answers when an authorizer refuses a request, with the status, body and
 * `x-amzn-ErrorType` API Gateway is observed to send when the API does not customise them:
 * - a missing or invalid identity, or a Lambda authorizer's `Unauthorized` error: 401
 *   `{"message":"Unauthorized"}` (UnauthorizedException);
 * - a Cognito token past its `exp`: 401 `{"message":"The incoming token has expired"}`;
 * - a policy that denies the method explicitly, or does not allow it: 403 with a capitalised
 *   `Message` key, `{"Message":"User is not authorized to access this resource with an explicit
 *   deny"}` / `{"Message":"User is not authorized to access this resource"}` (AccessDeniedException);
 * - a Lambda authorizer that fails otherwise (another error, a timeout, output that is not a
 *   policy): 500 `{"message":null}` (AuthorizerConfigurationException).
 * "Gateway response types"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html)
 * names the types; the bodies are what deployed APIs answer (AWS knowledge center, "How do I
 * troubleshoot HTTP 403 Forbidden errors when using a Lambda authorizer", and captured responses).
 */
import type { GatewayError } from '../gateway-responses';

export const UNAUTHORIZED: GatewayError = {
  responseType: 'UNAUTHORIZED',
  message: 'Unauthorized',
  errorType: 'UnauthorizedException',
};

export const TOKEN_EXPIRED: GatewayError = {
  responseType: 'UNAUTHORIZED',
  message: 'The incoming token has expired',
  errorType: 'UnauthorizedException',
};

const EXPLICIT_DENY = 'User is not authorized to access this resource with an explicit deny';
const NOT_ALLOWED = 'User is not authorized to access this resource';

export const ACCESS_DENIED_EXPLICITLY: GatewayError = {
  responseType: 'ACCESS_DENIED',
  message: EXPLICIT_DENY,
  errorType: 'AccessDeniedException',
  defaultBody: JSON.stringify({ Message: EXPLICIT_DENY }),
};

export const ACCESS_NOT_ALLOWED: GatewayError = {
  responseType: 'ACCESS_DENIED',
  message: NOT_ALLOWED,
  errorType: 'AccessDeniedException',
  defaultBody: JSON.stringify({ Message: NOT_ALLOWED }),
};

/**
 * `$context.error.message` is null on AWS here (hence the body); a customised template sees an
 * empty string locally.
 */
export const AUTHORIZER_CONFIGURATION_ERROR: GatewayError = {
  responseType: 'AUTHORIZER_CONFIGURATION_ERROR',
  message: '',
  errorType: 'AuthorizerConfigurationException',
  defaultBody: '{"message":null}',
};

/*
 * AWS_IAM methods (./iam.ts). The bodies are what API Gateway answers; "How do I troubleshoot HTTP
 * 403 errors from API Gateway?" (https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden)
 * lists them with their `x-amzn-ErrorType`: an unsigned request gets "Missing Authentication Token"
 * (MissingAuthenticationTokenException, ../gateway-responses.ts), unknown keys "The security token
 * included in the request is invalid." (AccessDeniedException), an old signature "Signature
 * expired" (InvalidSignatureException). The signature mismatch message is the one deployed APIs
 * send (e.g. https://github.com/rpgreen/apigateway-generic-java-sdk/issues/11: 403,
 * InvalidSignatureException); AWS appends the canonical request and string to sign it computed,
 * which the local gateway puts in its request log instead. "Signature expired: <X-Amz-Date> is
 * now earlier than <now - 5 min> (<now> - 5 min.)" is AWS's wording
 * (https://github.com/aws-amplify/aws-sdk-android/issues/253), as are the incomplete-signature
 * messages (IncompleteSignatureException) and the credential scope ones of "Troubleshoot signed
 * requests for AWS APIs" (https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html).
 * The gateway response types are those "Gateway response types for API Gateway" names for them:
 * INVALID_SIGNATURE, EXPIRED_TOKEN, ACCESS_DENIED (the knowledge-center table's "Access denied").
 */
export const INVALID_SECURITY_TOKEN: GatewayError = {
  responseType: 'ACCESS_DENIED',
  message: 'The security token included in the request is invalid.',
  errorType: 'AccessDeniedException',
};

export const SIGNATURE_MISMATCH: GatewayError = {
  responseType: 'INVALID_SIGNATURE',
  message:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  errorType: 'InvalidSignatureException',
};

/** A signature API Gateway does not verify further (its message says why). */
export function invalidSignature(message: string): GatewayError {
  return { responseType: 'INVALID_SIGNATURE', message, errorType: 'InvalidSignatureException' };
}

export function incompleteSignature(message: string): GatewayError {
  return { responseType: 'INVALID_SIGNATURE', message, errorType: 'IncompleteSignatureException' };
}

export function signatureExpired(message: string): GatewayError {
  return { responseType: 'EXPIRED_TOKEN', message, errorType: 'InvalidSignatureException' };
}
