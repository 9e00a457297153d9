/**
 * OpenAPI import and body mode (issue 8): the REST API defined by one OpenAPI document.
 *
 * Runs at the end of the REST pipeline, when every Method, Resource, Authorizer, Model,
 * RequestValidator and GatewayResponse of the API is in the template (core's, the routes', the
 * CORS preflights…). In body mode (`restApi.compile: openapi`, or `openapi.definition`) it turns
 * them into one OpenAPI document with the `x-amazon-apigateway-*` extensions (the offline
 * generator of `sls export-openapi`, in its `body` form), sets it as the RestApi's `Body`, removes
 * the resources the body now defines, and replaces core's Deployment by one whose logical id is a
 * hash of the API, so a changed body redeploys and an unchanged one does not. An imported
 * definition whose operations carry their own integrations is a body even with no http event; its
 * API-level settings are also written as the RestApi's properties (./../../openapi/import/
 * api-settings.ts) and its Lambda integrations get their permissions (./document-permissions.ts).
 */
import type { TemplateFragment } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { loadedDefinition } from '../../openapi/import/definition';
import { applyApiSettings, definitionApiSettings } from '../../openapi/import/api-settings';
import { definitionOperations } from '../../openapi/import/match';
import { mergeDefinition } from '../../openapi/import/merge';
import type { CompileContext } from '../../pipeline/compile-context';
import { compileBody } from './body';
import { isBodyMode } from './mode';

export function compileOpenApiBody(
  config: ResolvedConfig,
  ctx: CompileContext,
): TemplateFragment[] {
  if (!isBodyMode(config)) return [];
  const definition = loadedDefinition(config);
  const failOnWarnings = config.openapi?.failOnWarnings === true;
  if (!definition) return compileBody(config, ctx, { type: 'oas30', document: (body) => body });
  const settings = definitionApiSettings(definition.document);
  return compileBody(config, ctx, {
    type: definition.type,
    document: (generated) =>
      mergeDefinition(definition, generated, config.events, config.routeKeys),
    definesOperations: definitionOperations(definition.document).length > 0,
    restApiProperties: (properties) => ({
      ...applyApiSettings(properties, settings),
      ...(failOnWarnings ? { FailOnWarnings: true } : {}),
    }),
  });
}
