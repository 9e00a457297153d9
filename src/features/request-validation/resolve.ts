/**
 * Request validation (`validate: { body, parameters }` on routes and http events) and the named
 * models of `custom.apiGateway.models`: which schema each names, with schema files parsed from
 * what was read at the edge. Pure.
 */
import { joinPath } from '../../pipeline/issues';
import type { EventRef, EventsByKind } from '../../common/events';
import { eventSettingsPath } from '../../common/events';
import { type HttpEndpoint, parseHttpEvent } from '../../common/http-endpoint';
import { fileContent, type ServiceFiles } from '../../common/service-files';
import type { RouteConfig } from '../routes/resolve';
import { isModelName } from './models';
import type { ApiGatewayConfig } from '../../config/types.generated';

export type ValidateConfig = NonNullable<RouteConfig['validate']>;
export type NamedModelsConfig = NonNullable<ApiGatewayConfig['models']>;
export type JsonSchema = Record<string, unknown>;

/** The `validate` block of an http event's `apiGateway` settings. */
export function eventValidate(ref: EventRef): ValidateConfig | undefined {
  const settings = ref.settings as { validate?: ValidateConfig } | undefined;
  return settings?.validate;
}

export function eventValidatePath(ref: EventRef): string {
  return joinPath(eventSettingsPath(ref), 'validate');
}

/** The schema files of `models` and of `validate.body` on routes and http events. */
export function schemaFiles(config: ApiGatewayConfig, events: EventsByKind): string[] {
  const files: string[] = [];
  for (const model of Object.values(config.models ?? {})) {
    if (typeof model.schema === 'string') files.push(model.schema);
  }
  for (const route of Object.values(config.routes ?? {})) {
    const body = route.validate?.body;
    if (typeof body === 'string' && !isModelName(body)) files.push(body);
  }
  for (const ref of events.http) {
    const body = eventValidate(ref)?.body;
    if (typeof body === 'string' && !isModelName(body)) files.push(body);
  }
  return files;
}

/** The validation of an http event that has one. */
export interface EventValidation extends HttpEndpoint {
  readonly validate: ValidateConfig;
  /** Where `validate` is written. */
  readonly configPath: string;
}

export interface ResolvedRequestValidation {
  /** `custom.apiGateway.models` as written (schemas given as files stay file names). */
  readonly models: NamedModelsConfig;
  /** Every schema file the config names that was read and parses, by file name. */
  readonly schemaFiles: Readonly<Record<string, JsonSchema>>;
  /** The http events with a `validate` block (whose method and path parse), in event order. */
  readonly events: readonly EventValidation[];
}

function parsedSchema(files: ServiceFiles | undefined, file: string): JsonSchema | undefined {
  const content = fileContent(files, file);
  if (content === undefined) return undefined;
  try {
    return JSON.parse(content) as JsonSchema;
  } catch {
    // Validation reports a schema file that is not JSON.
    return undefined;
  }
}

export function resolveRequestValidation(
  config: ApiGatewayConfig,
  events: EventsByKind,
  files: ServiceFiles | undefined,
): ResolvedRequestValidation {
  const schemas: Record<string, JsonSchema> = {};
  for (const file of [...new Set(schemaFiles(config, events))].sort()) {
    const schema = parsedSchema(files, file);
    if (schema !== undefined) schemas[file] = schema;
  }
  return {
    models: { ...config.models },
    schemaFiles: schemas,
    events: events.http.flatMap((ref) => {
      const validate = eventValidate(ref);
      const endpoint = parseHttpEvent(ref.event);
      return validate && endpoint
        ? [{ ...endpoint, validate, configPath: eventValidatePath(ref) }]
        : [];
    }),
  };
}
