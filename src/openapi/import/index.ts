/**
 * The one call the plugin makes for `custom.apiGateway.openapi.definition`, at validation time:
 * load and bundle the document, check it against the service's events and routes.
 */
import type { EventsByKind } from '../../common/events';
import type { ConfigIssue } from '../../pipeline/issues';
import type { ApiGatewayConfig } from '../../config/types.generated';
import { checkDefinition, DEFINITION_PATH } from './check';
import type { LoadedDefinition } from './definition';
import { loadOpenApiDefinition, OpenApiDefinitionError } from './load';

export interface PreparedDefinition {
  definition?: LoadedDefinition;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export async function prepareOpenApiDefinition(
  raw: ApiGatewayConfig,
  events: EventsByKind,
  serviceDir: string,
): Promise<PreparedDefinition> {
  const definitionPath = raw.openapi?.definition;
  if (definitionPath === undefined) return { errors: [], warnings: [] };
  let definition: LoadedDefinition;
  try {
    definition = await loadOpenApiDefinition(serviceDir, definitionPath);
  } catch (error) {
    if (!(error instanceof OpenApiDefinitionError)) throw error;
    return { errors: [{ path: DEFINITION_PATH, message: error.message }], warnings: [] };
  }
  return { definition, ...checkDefinition(definition, raw, events) };
}

export type { LoadedDefinition } from './definition';
export { loadedDefinition } from './definition';
