/**
 * The one entry point for config validation: schema first (every error at once), then the semantic
 * checks on config that passed it.
 */
import type { CoreSettings } from './core-settings';
import { type ConfigIssue, joinPath } from './issues';
import { SCHEMA_FILES } from './schemas';
import { checkSemantics, ROOT_PATH } from './semantic';
import type { ApiGatewayConfig } from './types.generated';
import { validateAgainstSchema } from './validate-schema';

/** An `apiGateway` block found on a function's `http` event. */
export interface EventSettings {
  functionName: string;
  eventIndex: number;
  settings: unknown;
}

export interface ValidationResult {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export function eventPath(event: Pick<EventSettings, 'functionName' | 'eventIndex'>): string {
  return (
    joinPath(joinPath(joinPath('functions', event.functionName), 'events'), event.eventIndex) +
    '.http.apiGateway'
  );
}

export function validateConfig(
  config: unknown,
  events: readonly EventSettings[],
  core: CoreSettings,
): ValidationResult {
  const errors = validateAgainstSchema(SCHEMA_FILES.apiGateway, config ?? {}, ROOT_PATH);
  for (const event of events) {
    errors.push(...validateAgainstSchema(SCHEMA_FILES.httpEvent, event.settings, eventPath(event)));
  }
  if (errors.length > 0) return { errors, warnings: [] };
  return checkSemantics((config ?? {}) as ApiGatewayConfig, core);
}
