/**
 * The round trip through the model (issue 13's proof): a template read into the model, written as
 * an OpenAPI body, set as the RestApi's `Body` in place of the resources it defines, and read
 * again must give the same model. `comparable` states, one by one, what a Body legitimately
 * cannot say; it is applied to both sides, so everything else must match exactly.
 */
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { REST_API_DEFINITION_TYPES } from '../../../src/cloudformation/template';
import { writeRestApiDocument } from '../../../src/model/openapi';
import { readRestApi } from '../../../src/model/read';
import type { RestApiModel, RestMethod } from '../../../src/model/types';
import { cloudFormationValue } from '../../../src/openapi/intrinsics';
import { toSchemaObject } from '../../../src/openapi/schema';

export interface RoundTrip {
  before: RestApiModel;
  after: RestApiModel;
  /** The template with the body in place of the definition resources. */
  template: CfnTemplate;
}

export function roundTrip(template: CfnTemplate): RoundTrip {
  const before = readRestApi(template);
  if (before.logicalId === undefined) throw new Error('the template has no RestApi resource');
  const { document } = writeRestApiDocument(before, {
    type: 'oas30',
    target: 'body',
    stageName: 'dev',
    region: 'us-east-1',
    fallbackTitle: 'api',
  });
  const definitionTypes = new Set<string>(REST_API_DEFINITION_TYPES);
  const resources = Object.fromEntries(
    Object.entries(template.Resources).filter(
      ([, resource]) => !definitionTypes.has(resource.Type),
    ),
  );
  const restApi = template.Resources[before.logicalId];
  resources[before.logicalId] = {
    ...restApi,
    Properties: { ...restApi.Properties, Body: document },
  };
  const bodyTemplate: CfnTemplate = { ...template, Resources: resources };
  return { before, after: readRestApi(bodyTemplate), template: bodyTemplate };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    compare(key(a), key(b));

/** Every deploy-time value as a body writes it: an Fn::Join of literals and refs is the same Fn::Sub. */
function bodyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bodyValues);
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return cloudFormationValue(value);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bodyValues(item)]));
}

function upper(value: unknown): unknown {
  return typeof value === 'string' ? value.toUpperCase() : value;
}

/** Parameters as OpenAPI states them: every path variable, required; only well-formed keys. */
function requestParameters(method: RestMethod): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const variables = [...method.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]);
  for (const name of variables) result[`method.request.path.${name}`] = true;
  for (const [key, required] of Object.entries(method.requestParameters)) {
    const parsed =
      /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(
        key,
      );
    if (!parsed || parsed[1] === 'path') continue;
    result[key] = required === true;
  }
  return result;
}

export function comparable(model: RestApiModel): RestApiModel {
  const used = new Set(model.methods.map((method) => method.authorization.authorizer));
  const normalised: RestApiModel = {
    ...model,
    methods: model.methods
      .map(({ logicalId: _logicalId, ...method }): RestMethod => ({
        ...method,
        requestParameters: requestParameters(method),
        ...(method.integration
          ? {
              integration: {
                ...method.integration,
                // The document writes them in lower case, as API Gateway's export does.
                type: upper(method.integration.type),
                ...(method.integration.passthroughBehavior !== undefined
                  ? { passthroughBehavior: upper(method.integration.passthroughBehavior) }
                  : {}),
                // Keyed by selection pattern in the document: their order is the pattern's.
                responses: method.integration.responses
                  .map((response) => ({ ...response, statusCode: String(response.statusCode) }))
                  .sort(byKey((response) => String(response.selectionPattern ?? 'default'))),
              },
            }
          : {}),
        methodResponses: method.methodResponses
          .map((response) => ({
            ...response,
            statusCode: String(response.statusCode),
            // A document says which headers a response has, not whether they are required.
            responseParameters: Object.fromEntries(
              Object.keys(response.responseParameters)
                .filter((key) => key.startsWith('method.response.header.'))
                .map((key) => [key, false]),
            ),
          }))
          .sort(byKey((response) => response.statusCode)),
      }))
      .sort(byKey((method) => `${method.path} ${method.httpMethod}`)),
    // A document has security schemes only for the authorizers its operations use.
    authorizers: model.authorizers
      .filter((authorizer) => used.has(authorizer.name))
      .map(({ logicalId: _logicalId, ...authorizer }) => authorizer)
      .sort(byKey((authorizer) => authorizer.name)),
    requestValidators: model.requestValidators
      .map(({ logicalId: _logicalId, ...validator }) => validator)
      .sort(byKey((validator) => validator.name)),
    // Schemas are Schema Objects (a subset of the models' JSON Schema draft 4); a schema has no
    // content type or description of its own.
    models: model.models
      .map(({ name, schema }) => ({
        name,
        schema: toSchemaObject(schema, {
          type: 'oas30',
          refPrefix: '#/components/schemas/',
          subject: name,
          warn: () => undefined,
        }),
      }))
      .sort(byKey((item) => item.name)),
    gatewayResponses: model.gatewayResponses
      .map(({ logicalId: _logicalId, ...response }) => response)
      .sort(byKey((response) => response.responseType)),
  };
  return bodyValues(normalised) as RestApiModel;
}
