/**
 * Semantic checks of OpenAPI import and body mode (issue 8). Same issue format as schema validation.
 */
import type { CoreSettings } from './core-settings';
import type { EventsByKind } from './events';
import type { SemanticResult } from './semantic';
import type { ApiGatewayConfig } from './types.generated';

export function checkOpenApiBody(
  _config: ApiGatewayConfig,
  _events: EventsByKind,
  _core: CoreSettings,
): SemanticResult {
  return { errors: [], warnings: [] };
}
