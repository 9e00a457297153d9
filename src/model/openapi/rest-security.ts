/**
 * Who may call a method, as OpenAPI says it: security schemes from the method's authorization
 * (IAM, Lambda or Cognito authorizers, API keys), and the responses API Gateway itself may answer
 * the method with (the configured gateway responses that apply to it).
 */
import { compare } from '../order';
import type { GatewayResponse, RestAuthorizer, RestMethod } from '../types';
import { header, literalValues, type RestWriter } from './rest-writer';

export function securityRequirement(
  writer: RestWriter,
  method: RestMethod,
): Record<string, unknown[]> | undefined {
  const requirement: Record<string, unknown[]> = {};
  const { type, authorizer: name } = method.authorization;
  if (type === 'AWS_IAM') {
    writer.securitySchemes.sigv4 = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      ...(writer.authorizerExtensions ? { 'x-amazon-apigateway-authtype': 'awsSigv4' } : {}),
    };
    requirement.sigv4 = [];
  } else if (type === 'CUSTOM' || type === 'COGNITO_USER_POOLS') {
    const authorizer = name === undefined ? undefined : writer.authorizers.get(name);
    if (authorizer) {
      writer.securitySchemes[authorizer.name] = authorizerScheme(writer, authorizer);
      // OpenAPI allows scopes on OAuth2/OpenID schemes only; API Gateway writes them anyway.
      requirement[authorizer.name] = writer.authorizerExtensions
        ? method.authorization.scopes.map((scope) => writer.value(scope))
        : [];
    } else {
      writer.warnings.push(
        `an ${type} method has an authorizer that is not in the template; its security is left out`,
      );
    }
  }
  if (method.authorization.apiKeyRequired) {
    writer.securitySchemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
    requirement.api_key = [];
  }
  return Object.keys(requirement).length > 0 ? requirement : undefined;
}

function authorizerScheme(writer: RestWriter, authorizer: RestAuthorizer): Record<string, unknown> {
  const { type, identitySources: sources } = authorizer;
  const first = /^method\.request\.(header|querystring)\.(.+)$/.exec(sources[0] ?? '');
  const location =
    type === 'REQUEST' && sources.length !== 1
      ? { name: 'Unused', in: 'header' }
      : first
        ? { name: first[2], in: first[1] === 'header' ? 'header' : 'query' }
        : { name: 'Authorization', in: 'header' };
  const scheme: Record<string, unknown> = { type: 'apiKey', ...location };
  if (!writer.authorizerExtensions) return scheme;
  const cognito = type === 'COGNITO_USER_POOLS';
  const extension: Record<string, unknown> = {
    type: cognito ? 'cognito_user_pools' : type.toLowerCase(),
  };
  if (cognito) {
    extension.providerARNs = (authorizer.providerArns ?? []).map((arn) => writer.value(arn));
  } else {
    if (authorizer.authorizerUri !== undefined)
      extension.authorizerUri = writer.value(authorizer.authorizerUri);
    if (authorizer.authorizerCredentials !== undefined) {
      extension.authorizerCredentials = writer.value(authorizer.authorizerCredentials);
    }
  }
  if (type === 'REQUEST' && sources.length > 0) extension.identitySource = sources.join(', ');
  if (authorizer.identityValidationExpression !== undefined) {
    extension.identityValidationExpression = writer.value(authorizer.identityValidationExpression);
  }
  if (authorizer.resultTtlInSeconds !== undefined) {
    extension.authorizerResultTtlInSeconds = authorizer.resultTtlInSeconds;
  }
  scheme['x-amazon-apigateway-authtype'] = cognito ? 'cognito_user_pools' : 'custom';
  scheme['x-amazon-apigateway-authorizer'] = extension;
  return scheme;
}

// --- gateway responses

/** Gateway response default status codes (API Gateway developer guide). */
const GATEWAY_RESPONSE_STATUS: Record<string, string> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400',
  BAD_REQUEST_PARAMETERS: '400',
  DEFAULT_4XX: '4XX',
  DEFAULT_5XX: '5XX',
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};

/** Whether a configured gateway response can answer this method. */
function gatewayResponseApplies(writer: RestWriter, type: string, method: RestMethod): boolean {
  const authorization = method.authorization.type;
  const customAuth = authorization === 'CUSTOM' || authorization === 'COGNITO_USER_POOLS';
  const validator =
    method.requestValidator === undefined
      ? undefined
      : writer.validators.get(method.requestValidator);
  switch (type) {
    case 'UNAUTHORIZED':
    case 'AUTHORIZER_FAILURE':
    case 'AUTHORIZER_CONFIGURATION_ERROR':
      return customAuth;
    case 'ACCESS_DENIED':
      return authorization !== 'NONE';
    case 'INVALID_SIGNATURE':
    case 'EXPIRED_TOKEN':
    case 'MISSING_AUTHENTICATION_TOKEN':
      return authorization === 'AWS_IAM';
    case 'INVALID_API_KEY':
    case 'QUOTA_EXCEEDED':
      return method.authorization.apiKeyRequired;
    case 'BAD_REQUEST_BODY':
      return (
        validator?.validateRequestBody === true && Object.keys(method.requestModels).length > 0
      );
    case 'BAD_REQUEST_PARAMETERS':
      return (
        validator?.validateRequestParameters === true &&
        Object.values(method.requestParameters).some((required) => required === true)
      );
    case 'RESOURCE_NOT_FOUND':
      return false;
    default:
      return true;
  }
}

export function addGatewayResponses(
  writer: RestWriter,
  method: RestMethod,
  responses: Record<string, unknown>,
): void {
  const byStatus = new Map<string, GatewayResponse[]>();
  for (const response of writer.gatewayResponses) {
    if (!gatewayResponseApplies(writer, response.responseType, method)) continue;
    const statusCode = response.statusCode ?? GATEWAY_RESPONSE_STATUS[response.responseType];
    // Swagger 2.0 has no status code ranges.
    if (!statusCode || (!writer.oas3 && /X/.test(statusCode))) continue;
    if (responses[statusCode]) continue;
    byStatus.set(statusCode, [...(byStatus.get(statusCode) ?? []), response]);
  }
  for (const [statusCode, list] of [...byStatus].sort(([a], [b]) => compare(a, b))) {
    const headers: Record<string, unknown> = {};
    const names = new Set<string>();
    for (const response of list) {
      for (const key of Object.keys(response.responseParameters)) {
        const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
        if (name) names.add(name);
      }
    }
    for (const name of [...names].sort(compare)) {
      const values = list.map(
        (response) => response.responseParameters[`gatewayresponse.header.${name}`],
      );
      headers[name] = header(writer, literalValues(values));
    }
    responses[statusCode] = {
      description: `API Gateway response ${list.map((response) => response.responseType).join(', ')}`,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    };
  }
}
