/**
 * Semantic checks of per-endpoint caching and throttling, CORS and gateway responses (issue 4). Same issue format as schema validation.
 */
import type { CoreSettings } from './core-settings';
import type { EventsByKind } from './events';
import type { SemanticResult } from './semantic';
import type { ApiGatewayConfig } from './types.generated';

export function checkEndpointSettings(
  _config: ApiGatewayConfig,
  _events: EventsByKind,
  _core: CoreSettings,
): SemanticResult {
  return { errors: [], warnings: [] };
}
