/**
 * The one entry point for config validation: schema first (every error at once, service config
 * and every event's `apiGateway` block), then the semantic checks on config that passed it.
 */
import type { CoreSettings } from '../core-settings';
import { type EventKind, type EventsByKind, eventSettingsPath } from '../../common/events';
import type { ConfigIssue } from '../issues';
import { SCHEMA_FILES } from './schemas';
import { checkSemantics, ROOT_PATH } from './semantic';
import type { ApiGatewayConfig } from '../../config/types.generated';
import { validateAgainstSchema } from './schema';

export interface ValidationResult {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const EVENT_SCHEMAS: Record<EventKind, string> = {
  http: SCHEMA_FILES.httpEvent,
  httpApi: SCHEMA_FILES.httpApiEvent,
  websocket: SCHEMA_FILES.websocketEvent,
};

export function validateConfig(
  config: unknown,
  events: EventsByKind,
  core: CoreSettings,
): ValidationResult {
  const errors = validateAgainstSchema(SCHEMA_FILES.apiGateway, config ?? {}, ROOT_PATH);
  for (const kind of Object.keys(EVENT_SCHEMAS) as EventKind[]) {
    for (const event of events[kind]) {
      if (event.settings === undefined) continue;
      errors.push(
        ...validateAgainstSchema(EVENT_SCHEMAS[kind], event.settings, eventSettingsPath(event)),
      );
    }
  }
  // Core settings in a shape no one reads: reported with the config's own errors.
  errors.unshift(...(core.unreadable ?? []));
  if (errors.length > 0) return { errors, warnings: [] };
  return checkSemantics((config ?? {}) as ApiGatewayConfig, events, core);
}
