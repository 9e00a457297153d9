import type { ApiGatewayConfig } from '../config/types.generated';
import type { EventsByKind } from '../common/events';
import type { CoreSettings } from './core-settings';
import type { SemanticResult } from './issues';

/**
 * Every feature's check: the schema-valid config, the function events and core's settings in,
 * every problem out (errors stop packaging, warnings are logged).
 */
export type FeatureCheck = (
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
) => SemanticResult;
