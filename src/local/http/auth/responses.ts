/**
 * The HTTP API's answers when a route's authorizer refuses a request. HTTP APIs have no gateway
 * responses to customise: the bodies are their plain JSON messages.
 * - 401 `{"message":"Unauthorized"}`: no identity, or a JWT that does not validate. A JWT
 *   authorizer's 401 carries `www-authenticate: Bearer scope="" error="invalid_token"
 *   error_description="…"`, the header "Troubleshooting issues with HTTP API JWT authorizers"
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html)
 *   shows; "the token does not have a valid audience" is the description that page publishes, the
 *   others are the local gateway's wording in the same shape.
 * - 403 `{"message":"Forbidden"}`: a JWT without one of the route's scopes (with RFC 6750's
 *   `insufficient_scope` error in the same header), or a Lambda authorizer that does not allow
 *   the request.
 * - 500 `{"message":"Internal Server Error"}`: a Lambda authorizer that cannot be invoked or whose
 *   response is not in the required format ("Troubleshooting Lambda authorizers",
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.troubleshooting).
 * `detail` is the log line's reason, never sent to the client.
 */
import type { GatewayResponse } from '../../rest/request';

function refusal(
  statusCode: number,
  message: string,
  detail: string,
  headers: Record<string, string[]> = {},
): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': ['application/json'], ...headers },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
    integration: 'AUTHORIZER',
    detail,
  };
}

const quoted = (text: string) => text.replace(/["\\]/g, "'");

export const unauthorized = (detail: string, bearerError?: string): GatewayResponse =>
  refusal(
    401,
    'Unauthorized',
    detail,
    bearerError === undefined
      ? {}
      : {
          'www-authenticate': [
            `Bearer scope="" error="invalid_token" error_description="${quoted(bearerError)}"`,
          ],
        },
  );

export const forbidden = (detail: string, requiredScopes?: readonly string[]): GatewayResponse =>
  refusal(
    403,
    'Forbidden',
    detail,
    requiredScopes === undefined
      ? {}
      : {
          'www-authenticate': [
            `Bearer scope="${quoted(requiredScopes.join(' '))}" error="insufficient_scope" error_description="the token does not have any of the route's scopes"`,
          ],
        },
  );

export const authorizerFailed = (detail: string): GatewayResponse =>
  refusal(500, 'Internal Server Error', detail);
