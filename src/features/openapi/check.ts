/**
 * Semantic checks of OpenAPI import and body mode (issue 8). Same issue format as schema validation.
 * The definition's operations are checked against the events once the plugin has loaded it (see
 * src/openapi/import/check.ts); these are the checks the config alone allows.
 */
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';

const ROOT = 'custom.apiGateway';

export const checkOpenApiBody: FeatureCheck = (config, events, core) => {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const openapi = config.openapi ?? {};
  const definitionPath = joinPath(joinPath(ROOT, 'openapi'), 'definition');
  const compile = config.restApi?.compile;
  if (openapi.definition !== undefined && core.sharedRestApiId !== undefined) {
    errors.push({
      path: definitionPath,
      message:
        'this service attaches to a shared REST API (provider.apiGateway.restApiId), which another stack created and defines; an OpenAPI definition would replace all of it. Import the definition in the service that owns the API, or remove openapi.definition',
    });
  }
  if (openapi.definition !== undefined && compile === 'resources') {
    errors.push({
      path: joinPath(joinPath(ROOT, 'restApi'), 'compile'),
      message:
        '"resources" cannot go with openapi.definition: an imported definition is the RestApi\'s Body (compile mode "openapi"); remove restApi.compile or set it to openapi',
    });
  }
  if (openapi.mode !== undefined && openapi.definition === undefined) {
    errors.push({
      path: joinPath(joinPath(ROOT, 'openapi'), 'mode'),
      message:
        'mode says how strictly an OpenAPI definition must match the http events and routes, and there is no openapi.definition; add definition: ./api.yaml or remove mode',
    });
  }
  const bodyMode = openapi.definition !== undefined || compile === 'openapi';
  // A definition's own integrations need no event: the loaded document is checked for operations.
  if (openapi.bodyLocation !== undefined && (!bodyMode || core.sharedRestApiId !== undefined)) {
    errors.push({
      path: joinPath(joinPath(ROOT, 'openapi'), 'bodyLocation'),
      message:
        core.sharedRestApiId !== undefined
          ? 'bodyLocation says where the OpenAPI body of the REST API goes, and this service attaches to a shared REST API (provider.apiGateway.restApiId) that has no body of its own; remove bodyLocation'
          : 'bodyLocation says where the OpenAPI body of the REST API goes, and the REST API is not compiled to a body; set restApi.compile: openapi (or openapi.definition), or remove bodyLocation',
    });
  }
  if (
    bodyMode &&
    openapi.definition === undefined &&
    core.sharedRestApiId === undefined &&
    events.http.length === 0 &&
    !config.routes
  ) {
    warnings.push({
      path: joinPath(joinPath(ROOT, 'restApi'), 'compile'),
      message:
        'the REST API has no endpoint (no http event and no route), so there is no OpenAPI body to compile; add an http event to a function',
    });
  }
  return { errors, warnings };
};
