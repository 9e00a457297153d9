/**
 * The one call the plugin makes for `custom.apiGateway.openapi.definition`, at validation time:
 * load and bundle the document, check it against the service's events and routes, list what API
 * Gateway would import with a warning (errors with `failOnWarnings`), refuse the extensions a REST
 * API cannot take, and check the API-level settings it shares with the config.
 */
import type { EventsByKind } from '../../common/events';
import type { ConfigIssue } from '../../pipeline/issues';
import type { CoreSettings } from '../../pipeline/core-settings';
import type { ApiGatewayConfig } from '../../config/types.generated';
import { checkApiSettings, definitionApiSettings } from './api-settings';
import { checkDefinition, DEFINITION_PATH } from './check';
import type { LoadedDefinition } from './definition';
import { checkExtensions } from './extensions';
import { checkDocumentLambdas } from './lambdas';
import { type DocumentProblem, formatPointer } from './leniency';
import { loadDefinitionWithProblems, OpenApiDefinitionError } from './load';

export interface PreparedDefinition {
  definition?: LoadedDefinition;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

function issue(definitionPath: string, problem: DocumentProblem): ConfigIssue {
  return {
    path: DEFINITION_PATH,
    message: `${definitionPath} ${formatPointer(problem.pointer)}: ${problem.message}`,
  };
}

export async function prepareOpenApiDefinition(
  raw: ApiGatewayConfig,
  events: EventsByKind,
  serviceDir: string,
  core?: CoreSettings,
): Promise<PreparedDefinition> {
  const definitionPath = raw.openapi?.definition;
  if (definitionPath === undefined) return { errors: [], warnings: [] };
  let loaded: Awaited<ReturnType<typeof loadDefinitionWithProblems>>;
  try {
    loaded = await loadDefinitionWithProblems(serviceDir, definitionPath);
  } catch (error) {
    if (!(error instanceof OpenApiDefinitionError)) throw error;
    return { errors: [{ path: DEFINITION_PATH, message: error.message }], warnings: [] };
  }
  const { definition } = loaded;
  const matched = checkDefinition(definition, raw, events);
  const extensions = checkExtensions(definition.document);
  const documentWarnings = [...loaded.problems, ...extensions.unknown].map((problem) =>
    issue(definitionPath, problem),
  );
  const failOnWarnings = raw.openapi?.failOnWarnings === true;
  const errors = [
    ...matched.errors,
    ...extensions.refused.map((problem) => issue(definitionPath, problem)),
    ...(core
      ? checkDocumentLambdas(definition.document, core.functionNames ?? []).map((problem) =>
          issue(definitionPath, problem),
        )
      : []),
    ...(core
      ? checkApiSettings(definitionApiSettings(definition.document), definitionPath, raw, core)
      : []),
    ...(failOnWarnings
      ? documentWarnings.map((warning) => ({
          ...warning,
          message: `${warning.message} (an error: openapi.failOnWarnings is true)`,
        }))
      : []),
  ];
  return {
    definition,
    errors,
    warnings: [...matched.warnings, ...(failOnWarnings ? [] : documentWarnings)],
  };
}

export type { LoadedDefinition } from './definition';
export { loadedDefinition } from './definition';
