/**
 * Semantic checks of access control: authorizers, usage plans and API keys, resource policies (issue 3). Same issue format as schema validation.
 */
import type { CoreSettings } from './core-settings';
import type { EventsByKind } from './events';
import type { SemanticResult } from './semantic';
import type { ApiGatewayConfig } from './types.generated';

export function checkAccessControl(
  _config: ApiGatewayConfig,
  _events: EventsByKind,
  _core: CoreSettings,
): SemanticResult {
  return { errors: [], warnings: [] };
}
