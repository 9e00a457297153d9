/**
 * Semantic checks of gateway responses (issue 4): status codes that fit their type, and bodies
 * without the VTL directives API Gateway does not run there. Same issue format as schema validation.
 */
import { type ConfigIssue, joinPath, type SemanticResult } from '../../pipeline/issues';
import { GATEWAY_RESPONSE_TYPES } from './resolve';
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

export function checkGatewayResponses(config: ApiGatewayConfig): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  checkResponses(config, result.errors);
  return result;
}
