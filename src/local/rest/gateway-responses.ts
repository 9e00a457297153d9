/**
 * The gateway's own answers (errors it raises before or instead of the integration), as "Gateway
 * responses for REST APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html)
 * and "Gateway response types for API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html)
 * document them: each type has a default status; a type the API does not customise falls back to
 * DEFAULT_4XX or DEFAULT_5XX, whose status code, when set, replaces the status of every response
 * that falls back to it; the default body is `{"message":$context.error.messageString}`.
 * Customised responses set headers (`gatewayresponse.header.X`) and templates (`$context.error.*`).
 */
import type { GatewayResponse as ModelGatewayResponse } from '../../model';
import { requestContext, type RouteInfo } from './context';
import { mappedHeaders } from './parameters';
import type { GatewayRequest, GatewayResponse } from './request';
import { responseTemplateFor, type TemplateCache } from './templates';
import { headerOf } from './request';

export const DEFAULT_STATUS: Readonly<Record<string, number>> = {
  ACCESS_DENIED: 403,
  API_CONFIGURATION_ERROR: 500,
  AUTHORIZER_CONFIGURATION_ERROR: 500,
  AUTHORIZER_FAILURE: 500,
  BAD_REQUEST_BODY: 400,
  BAD_REQUEST_PARAMETERS: 400,
  EXPIRED_TOKEN: 403,
  INTEGRATION_FAILURE: 504,
  INTEGRATION_TIMEOUT: 504,
  INVALID_API_KEY: 403,
  INVALID_SIGNATURE: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  QUOTA_EXCEEDED: 429,
  REQUEST_TOO_LARGE: 413,
  RESOURCE_NOT_FOUND: 404,
  THROTTLED: 429,
  UNAUTHORIZED: 401,
  UNSUPPORTED_MEDIA_TYPE: 415,
  WAF_FILTERED: 403,
};

const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

/** An error the gateway answers itself. */
export interface GatewayError {
  /** A gateway response type; DEFAULT_4XX / DEFAULT_5XX for errors without a type of their own. */
  responseType: string;
  /** `$context.error.message`. */
  message: string;
  /** The status when the type has no default (DEFAULT_4XX / DEFAULT_5XX). */
  statusCode?: number;
  /** The `x-amzn-ErrorType` header API Gateway sends with it, where known. */
  errorType?: string;
  /**
   * The body API Gateway is observed to send when nothing is customised, where it differs from
   * the default template's output: integration errors come as `{"message": "…"}`, with a space.
   */
  defaultBody?: string;
  /** `$context.error.validationErrorString` (BAD_REQUEST_BODY). */
  validationErrorString?: string;
}

/** "Missing Authentication Token": API Gateway's answer to a resource or method it does not have. */
export const MISSING_AUTHENTICATION_TOKEN: GatewayError = {
  responseType: 'MISSING_AUTHENTICATION_TOKEN',
  message: 'Missing Authentication Token',
  errorType: 'MissingAuthenticationTokenException',
};

/** Lambda proxy: a function error, a crash or a malformed result (observed: 502, this body). */
export const PROXY_INTERNAL_ERROR: GatewayError = {
  responseType: 'DEFAULT_5XX',
  message: 'Internal server error',
  statusCode: 502,
  errorType: 'InternalServerErrorException',
  defaultBody: '{"message": "Internal server error"}',
};

/** The integration did not answer within its timeout (29 s by default). */
export const INTEGRATION_TIMEOUT: GatewayError = {
  responseType: 'INTEGRATION_TIMEOUT',
  message: 'Endpoint request timed out',
  defaultBody: '{"message": "Endpoint request timed out"}',
};

/** A mapping that cannot be applied (no integration response, a template that fails). */
export const CONFIGURATION_ERROR: GatewayError = {
  responseType: 'API_CONFIGURATION_ERROR',
  message: 'Internal server error',
  errorType: 'InternalServerErrorException',
  defaultBody: '{"message": "Internal server error"}',
};

export const UNSUPPORTED_MEDIA_TYPE: GatewayError = {
  responseType: 'UNSUPPORTED_MEDIA_TYPE',
  message: 'Unsupported Media Type',
};

export class GatewayResponses {
  private readonly byType = new Map<string, ModelGatewayResponse>();

  constructor(
    responses: readonly ModelGatewayResponse[],
    private readonly templates: TemplateCache,
    private readonly stageVariables: Readonly<Record<string, string>>,
  ) {
    for (const response of responses) this.byType.set(response.responseType, response);
  }

  respond(error: GatewayError, request: GatewayRequest, route?: RouteInfo): GatewayResponse {
    const ownStatus = DEFAULT_STATUS[error.responseType] ?? error.statusCode ?? 500;
    const family = ownStatus >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
    const own = this.byType.get(error.responseType);
    const fallback = this.byType.get(family);
    const customised = own ?? fallback;
    const status = Number(own?.statusCode ?? fallback?.statusCode ?? ownStatus);
    const context = requestContext(request, route, error);
    const headers: Record<string, string[]> = {};
    const mapped = mappedHeaders(customised?.responseParameters, 'gatewayresponse.header.', {
      request,
      pathParameters: route?.pathParameters ?? {},
      stageVariables: this.stageVariables,
      context: context as Record<string, unknown>,
    });
    const chosen = responseTemplateFor(
      customised?.responseTemplates,
      headerOf(request.headers, 'Accept'),
    );
    const contentType = chosen?.contentType ?? 'application/json';
    let body: string;
    if (!customised?.responseTemplates && error.defaultBody !== undefined) body = error.defaultBody;
    else
      try {
        body = this.templates.get(chosen?.text ?? DEFAULT_TEMPLATE)({
          headers: request.headers,
          queryString: request.queryString,
          path: route?.pathParameters ?? {},
          stageVariables: this.stageVariables,
          context,
        }).output;
      } catch {
        // A gateway response template that fails: API Gateway's documented default body instead.
        body = JSON.stringify({ message: error.message });
      }
    headers['Content-Type'] = [contentType];
    for (const [name, value] of Object.entries(mapped)) headers[name] = [value];
    if (error.errorType) headers['x-amzn-ErrorType'] = [error.errorType];
    return {
      statusCode: Number.isInteger(status) ? status : ownStatus,
      headers,
      body: Buffer.from(body, 'utf8'),
      integration: '-',
    };
  }
}
