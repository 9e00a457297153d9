/**
 * The gateway's answers for API keys, throttling and quotas, as "Gateway response types for API
 * Gateway" (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html)
 * types them (INVALID_API_KEY 403, THROTTLED 429, QUOTA_EXCEEDED 429) with the messages and
 * `x-amzn-ErrorType` values API Gateway sends: `{"message":"Forbidden"}` with
 * ForbiddenException for a missing or unknown key, `{"message":"Too Many Requests"}` with
 * TooManyRequestsException when throttled, `{"message":"Limit Exceeded"}` with
 * LimitExceededException when the quota is used up (neither 429 carries Retry-After).
 */
import type { GatewayError } from '../gateway-responses';

export const INVALID_API_KEY: GatewayError = {
  responseType: 'INVALID_API_KEY',
  message: 'Forbidden',
  errorType: 'ForbiddenException',
};

export const THROTTLED: GatewayError = {
  responseType: 'THROTTLED',
  message: 'Too Many Requests',
  errorType: 'TooManyRequestsException',
};

export const QUOTA_EXCEEDED: GatewayError = {
  responseType: 'QUOTA_EXCEEDED',
  message: 'Limit Exceeded',
  errorType: 'LimitExceededException',
};
