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
