/**
 * Semantic checks of gateway responses (issue 4): status codes that fit their type, and bodies
 * without the VTL directives API Gateway does not run there. Same issue format as schema validation.
 */
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import { GATEWAY_RESPONSE_TYPES } from './resolve';
import { gatewayResponsesPolicy, originAllowed, resolveGatewayResponseCors } from './cors';
import type { ApiGatewayConfig } from '../../config/types.generated';

const ROOT = 'custom.apiGateway';

function checkResponses(config: ApiGatewayConfig, errors: ConfigIssue[]): void {
  const responses = config.gatewayResponses;
  if (!responses) return;
  const base = joinPath(ROOT, 'gatewayResponses');
  for (const type of GATEWAY_RESPONSE_TYPES) {
    const response = responses[type];
    if (!response) continue;
    const path = joinPath(base, type);
    const status = response.statusCode === undefined ? undefined : String(response.statusCode);
    if (status && type === 'DEFAULT_4XX' && !status.startsWith('4')) {
      errors.push({
        path: joinPath(path, 'statusCode'),
        message: `${status} is not a 4XX status code, but DEFAULT_4XX answers client errors; use 400-499`,
      });
    }
    if (status && type === 'DEFAULT_5XX' && !status.startsWith('5')) {
      errors.push({
        path: joinPath(path, 'statusCode'),
        message: `${status} is not a 5XX status code, but DEFAULT_5XX answers server errors; use 500-599`,
      });
    }
    if (typeof response.body === 'string') {
      const directive = /#(if|foreach|set|macro|parse|include|define)\b/.exec(response.body);
      if (directive) {
        errors.push({
          path: joinPath(path, 'body'),
          message: `#${directive[1]} is not supported in a gateway response template: API Gateway only substitutes variables there ($context.error.messageString, $context.requestId, $stageVariables.x …); remove the directive`,
        });
      }
    }
  }
}

/** `'a', 'b'` for a message. */
function listed(origins: readonly string[]): string {
  return origins.join(', ');
}

/**
 * `gatewayResponses.cors` where a gateway response cannot follow the CORS policy: several allowed
 * origins (no CORS headers are sent, said here), or an origin the policy does not allow (refused).
 */
function checkCors(config: ApiGatewayConfig, result: SemanticResult): void {
  const setting = config.gatewayResponses?.cors;
  const path = joinPath(joinPath(ROOT, 'gatewayResponses'), 'cors');
  const policy = gatewayResponsesPolicy(config);
  if (typeof setting === 'object' && !originAllowed(policy, setting.origin)) {
    result.errors.push({
      path: joinPath(path, 'origin'),
      message: `${setting.origin} is not an origin custom.apiGateway.cors allows (${policy.origins === '*' ? '*' : listed(policy.origins)}), so it may not read the API's errors either; name one of those origins`,
    });
    return;
  }
  const withheld = resolveGatewayResponseCors(config)?.withheld;
  if (!withheld || withheld.origins === '*') return;
  const example =
    withheld.origins.find((origin) => !origin.includes('*')) ?? 'https://app.example.com';
  result.warnings.push({
    path,
    message: `custom.apiGateway.cors allows several origins (${listed(withheld.origins)}), but a gateway response can send only one fixed Access-Control-Allow-Origin (API Gateway maps static values and request parameters there, with no condition), and echoing the request's Origin would let any site read these errors${withheld.allowCredentials ? " with the user's credentials" : ''}; so gateway responses get no CORS headers and browsers cannot read API Gateway's own errors. To let one origin read them, write gatewayResponses.cors: { origin: ${example} }`,
  });
}

/**
 * A type's own `Access-Control-Allow-Origin` mapped from the request (`method.request.…`): sent
 * as asked, since the user wrote it, with a warning of what it allows.
 */
function checkEchoedOrigins(config: ApiGatewayConfig, warnings: ConfigIssue[]): void {
  const responses = config.gatewayResponses;
  if (!responses) return;
  const credentials = gatewayResponsesPolicy(config).allowCredentials;
  for (const type of GATEWAY_RESPONSE_TYPES) {
    for (const [name, value] of Object.entries(responses[type]?.headers ?? {})) {
      if (name.toLowerCase() !== 'access-control-allow-origin') continue;
      if (!value.startsWith('method.request.')) continue;
      warnings.push({
        path: joinPath(
          joinPath(joinPath(joinPath(ROOT, 'gatewayResponses'), type), 'headers'),
          name,
        ),
        message: `${value} sends back whatever the caller puts in the request, so any website can read ${type} responses${credentials ? " with the user's credentials (custom.apiGateway.cors has allowCredentials)" : ''}; gateway responses cannot check it against the allowed origins. Send one fixed origin instead ('https://app.example.com', or gatewayResponses.cors: { origin })`,
      });
    }
  }
}

export function checkGatewayResponses(config: ApiGatewayConfig): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  checkResponses(config, result.errors);
  checkCors(config, result);
  checkEchoedOrigins(config, result.warnings);
  return result;
}
