/**
 * `$context` for one request, shared by mapping templates, gateway responses and the Lambda proxy
 * event's `requestContext` (the variables of "API Gateway mapping template and access logging
 * variable reference",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html).
 * Values that only exist in AWS are given fixed local ones: the account is AWS's documentation
 * example account, the API id is `local`.
 */
import type { ContextInput } from '../../vtl/render';
import { headerOf, type GatewayRequest } from './request';

export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_API_ID = 'local';

/** An AWS_IAM method's verified caller (./auth/iam.ts). */
export interface CallerIdentity {
  accessKey: string;
  /** On AWS the principal's unique id (AIDA…, AROA…:session); locally the access key id. */
  caller: string;
  user: string;
  userArn: string;
  /** The caller's account (from its ARN). */
  accountId: string;
}

export interface RouteInfo {
  resourcePath: string;
  pathParameters: Record<string, string>;
  /** What the method's authorizer passed on (`$context.authorizer`); see ./auth. */
  authorizer?: Record<string, unknown>;
  /** The verified signer of a request to an AWS_IAM method (`$context.identity.user`…). */
  identity?: CallerIdentity;
  /**
   * The API key checked on a method that requires one (`$context.identity.apiKey`, `.apiKeyId`;
   * the id is the key's logical id locally).
   */
  apiKey?: { value: string; id: string };
}

export function requestContext(
  request: GatewayRequest,
  route: RouteInfo | undefined,
  error?: { message: string; responseType: string; validationErrorString?: string },
): ContextInput {
  const host = headerOf(request.headers, 'Host') ?? '';
  return {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName: host,
    domainPrefix: host.split('.')[0] ?? '',
    extendedRequestId: request.requestId,
    httpMethod: request.httpMethod,
    identity: {
      sourceIp: request.sourceIp,
      userAgent: headerOf(request.headers, 'User-Agent') ?? '',
      // `accessKey` is in the proxy event only: it is not a `$context` variable.
      ...(route?.identity
        ? {
            accountId: route.identity.accountId,
            caller: route.identity.caller,
            user: route.identity.user,
            userArn: route.identity.userArn,
          }
        : {}),
      ...(route?.apiKey ? { apiKey: route.apiKey.value, apiKeyId: route.apiKey.id } : {}),
    },
    path: request.fullPath,
    protocol: 'HTTP/1.1',
    requestId: request.requestId,
    requestTime: request.requestTime,
    requestTimeEpoch: request.requestTimeEpoch,
    ...(route ? { resourcePath: route.resourcePath } : {}),
    ...(route?.authorizer ? { authorizer: route.authorizer } : {}),
    stage: request.stage,
    ...(request.isCanaryRequest !== undefined ? { isCanaryRequest: request.isCanaryRequest } : {}),
    ...(error
      ? {
          error: {
            message: error.message,
            // `$context.error.messageString`: "The quoted value of $context.error.message".
            messageString: JSON.stringify(error.message),
            responseType: error.responseType,
            ...(error.validationErrorString !== undefined
              ? { validationErrorString: error.validationErrorString }
              : {}),
          },
        }
      : {}),
  };
}
