/**
 * Semantic checks of HTTP APIs and WebSocket APIs (issue 7). Same issue format as schema validation.
 */
import type { CoreSettings } from './core-settings';
import type { EventsByKind } from './events';
import type { SemanticResult } from './semantic';
import type { ApiGatewayConfig } from './types.generated';

export function checkV2Apis(
  _config: ApiGatewayConfig,
  _events: EventsByKind,
  _core: CoreSettings,
): SemanticResult {
  return { errors: [], warnings: [] };
}
