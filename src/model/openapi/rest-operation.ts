/**
 * One method of the model as an OpenAPI operation: parameters, request body, responses (with the
 * headers the integration maps and the models), security, the request validator and the
 * `x-amazon-apigateway-integration` extension.
 */
import { renderValue } from '../../openapi/intrinsics';
import { compare, sortedObject } from '../order';
import type { IntegrationResponse, MethodResponse, RestIntegration, RestMethod } from '../types';
import { modelReference } from './rest-models';
import { addGatewayResponses, securityRequirement } from './rest-security';
import { header, literalValues, type RestWriter } from './rest-writer';

/** A request body schema the document had inline: written back in place, as it was. */
function inlineSchema(writer: RestWriter, name: string): unknown {
  const model = writer.model.models.find((candidate) => candidate.name === name);
  return model?.inline ? structuredClone(model.schema) : undefined;
}

export function operation(writer: RestWriter, method: RestMethod): Record<string, unknown> {
  const { oas3 } = writer;
  const result: Record<string, unknown> = {};
  if (method.operationName !== undefined) result.operationId = method.operationName;

  const requestModels = method.requestModels;
  const contentTypes = Object.keys(requestModels).sort(compare);
  const parameters = methodParameters(writer, method);
  if (!oas3 && contentTypes.length > 0) {
    const contentType = contentTypes.includes('application/json')
      ? 'application/json'
      : contentTypes[0];
    const inline = inlineSchema(writer, requestModels[contentType]);
    const model =
      inline === undefined ? modelReference(writer, requestModels[contentType]) : 'body';
    parameters.push({
      in: 'body',
      name: model,
      required: true,
      schema: inline ?? { $ref: `${writer.refPrefix}${model}` },
    });
  }
  if (!oas3 && contentTypes.length > 0) result.consumes = contentTypes;
  const responses = methodResponses(writer, method);
  if (!oas3) {
    const produces = [
      ...new Set(
        method.methodResponses.flatMap((response) => Object.keys(response.responseModels)),
      ),
    ].sort(compare);
    if (produces.length > 0) result.produces = produces;
  }
  if (parameters.length > 0) result.parameters = parameters;
  if (oas3 && contentTypes.length > 0) {
    result.requestBody = {
      content: Object.fromEntries(
        contentTypes.map((contentType) => [
          contentType,
          {
            schema: inlineSchema(writer, requestModels[contentType]) ?? {
              $ref: `${writer.refPrefix}${modelReference(writer, requestModels[contentType])}`,
            },
          },
        ]),
      ),
      required: true,
    };
  }
  result.responses = responses;
  const security = securityRequirement(writer, method);
  if (security) result.security = [security];

  if (writer.apigatewayExtensions) {
    if (method.requestValidator !== undefined && writer.validators.has(method.requestValidator)) {
      result['x-amazon-apigateway-request-validator'] = method.requestValidator;
    }
    if (method.integration) {
      result['x-amazon-apigateway-integration'] = integrationExtension(
        method.integration,
        writer.value,
      );
    }
  }
  return result;
}

// --- parameters

const PARAMETER_LOCATIONS: Record<string, { in: string; multi: boolean }> = {
  path: { in: 'path', multi: false },
  querystring: { in: 'query', multi: false },
  multivaluequerystring: { in: 'query', multi: true },
  header: { in: 'header', multi: false },
  multivalueheader: { in: 'header', multi: true },
};
const LOCATION_ORDER = ['path', 'query', 'header'];

function methodParameters(writer: RestWriter, method: RestMethod): Array<Record<string, unknown>> {
  const found = new Map<string, { in: string; name: string; required: boolean; multi: boolean }>();
  // Every path variable is a required parameter, declared or not ({proxy+} is named proxy).
  for (const match of method.path.matchAll(/\{([^}+]+)\+?\}/g)) {
    found.set(`path ${match[1]}`, { in: 'path', name: match[1], required: true, multi: false });
  }
  for (const [key, required] of Object.entries(method.requestParameters)) {
    const parsed = /^method\.request\.([a-z]+)\.(.+)$/.exec(key);
    const location = parsed ? PARAMETER_LOCATIONS[parsed[1]] : undefined;
    if (!parsed || !location) {
      writer.warnings.push(
        `request parameter ${key} is not a method.request.{path|querystring|header}.<name>; left out`,
      );
      continue;
    }
    const id = `${location.in} ${parsed[2]}`;
    if (location.in === 'path' && !found.has(id)) continue;
    found.set(id, {
      in: location.in,
      name: parsed[2],
      required: location.in === 'path' || required === true,
      multi: location.multi,
    });
  }
  return [...found.values()]
    .sort(
      (a, b) =>
        LOCATION_ORDER.indexOf(a.in) - LOCATION_ORDER.indexOf(b.in) || compare(a.name, b.name),
    )
    .map((parameter) => {
      const common = { name: parameter.name, in: parameter.in, required: parameter.required };
      const stringSchema = { type: 'string' };
      const schema = parameter.multi ? { type: 'array', items: stringSchema } : stringSchema;
      if (writer.oas3) return { ...common, schema };
      return {
        ...common,
        ...schema,
        ...(parameter.multi
          ? { collectionFormat: parameter.in === 'query' ? 'multi' : 'csv' }
          : {}),
      };
    });
}

// --- responses

function methodResponses(writer: RestWriter, method: RestMethod): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const integrationResponses = method.integration?.responses ?? [];
  const methodResponseList = [...method.methodResponses].sort((a, b) =>
    compare(String(a.statusCode), String(b.statusCode)),
  );
  for (const response of methodResponseList) {
    responses[renderValue(response.statusCode)] = methodResponse(
      writer,
      response,
      integrationResponses,
    );
  }
  if (Object.keys(responses).length === 0) {
    const type = String(method.integration?.type ?? '').toUpperCase();
    responses.default = {
      // A body repeats this on every proxy method of an API that can have a thousand: keep it short.
      description: writer.body
        ? 'Integration response'
        : type === 'AWS_PROXY'
          ? 'The response of the Lambda function (proxy integration): status code, headers and body as the function returns them'
          : type === 'HTTP_PROXY'
            ? 'The response of the HTTP backend, passed through (proxy integration)'
            : 'The response of the integration',
    };
  }
  // Gateway responses are API Gateway's own answers, not the method's: a body leaves them out.
  if (!writer.body) addGatewayResponses(writer, method, responses);
  return responses;
}

function methodResponse(
  writer: RestWriter,
  response: MethodResponse,
  integrationResponses: IntegrationResponse[],
): Record<string, unknown> {
  const statusCode = renderValue(response.statusCode);
  const mapped = integrationResponses.filter(
    (candidate) => renderValue(candidate.statusCode) === statusCode,
  );
  const headers: Record<string, unknown> = {};
  for (const key of Object.keys(response.responseParameters).sort(compare)) {
    const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
    if (!name) continue;
    headers[name] = header(writer, staticValues(mapped, key));
  }
  const models = response.responseModels;
  const contentTypes = Object.keys(models).sort(compare);
  const entry: Record<string, unknown> = { description: `${statusCode} response` };
  if (Object.keys(headers).length > 0) entry.headers = headers;
  if (contentTypes.length > 0) {
    if (writer.oas3) {
      entry.content = Object.fromEntries(
        contentTypes.map((contentType) => [
          contentType,
          { schema: { $ref: `${writer.refPrefix}${modelReference(writer, models[contentType])}` } },
        ]),
      );
    } else {
      const contentType = contentTypes.includes('application/json')
        ? 'application/json'
        : contentTypes[0];
      entry.schema = { $ref: `${writer.refPrefix}${modelReference(writer, models[contentType])}` };
    }
  }
  return entry;
}

/** The literal values (`'value'`) mapped onto a method response header, when all of them are. */
function staticValues(
  integrationResponses: IntegrationResponse[],
  key: string,
): string[] | undefined {
  const values = integrationResponses.map((response) => response.responseParameters?.[key]);
  if (values.length === 0) return undefined;
  return literalValues(values);
}

// --- x-amazon-apigateway-integration

function integrationExtension(
  integration: RestIntegration,
  value: (value: unknown) => unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const lower = (item: unknown) => {
    const converted = value(item);
    return typeof converted === 'string' ? converted.toLowerCase() : converted;
  };
  const map = (item: unknown) => convertMap(item, value);
  const fields: Array<[keyof RestIntegration, string, (value: unknown) => unknown]> = [
    ['type', 'type', lower],
    ['httpMethod', 'httpMethod', value],
    ['uri', 'uri', value],
    ['connectionType', 'connectionType', value],
    ['connectionId', 'connectionId', value],
    ['credentials', 'credentials', value],
    ['passthroughBehavior', 'passthroughBehavior', lower],
    ['contentHandling', 'contentHandling', value],
    ['timeoutInMillis', 'timeoutInMillis', (item) => item],
    ['cacheNamespace', 'cacheNamespace', value],
    ['cacheKeyParameters', 'cacheKeyParameters', (item) => (item as unknown[]).map(value)],
    ['requestParameters', 'requestParameters', map],
    ['requestTemplates', 'requestTemplates', map],
  ];
  for (const [property, key, convert] of fields) {
    if (integration[property] !== undefined) result[key] = convert(integration[property]);
  }
  if (integration.responses.length > 0) {
    const entries = integration.responses.map((response): [string, Record<string, unknown>] => {
      const pattern = response.selectionPattern;
      const entry: Record<string, unknown> = { statusCode: renderValue(response.statusCode) };
      if (response.responseParameters !== undefined)
        entry.responseParameters = map(response.responseParameters);
      if (response.responseTemplates !== undefined)
        entry.responseTemplates = map(response.responseTemplates);
      if (response.contentHandling !== undefined)
        entry.contentHandling = value(response.contentHandling);
      return [pattern === undefined || pattern === '' ? 'default' : renderValue(pattern), entry];
    });
    result.responses = sortedObject(Object.fromEntries(entries));
  }
  return result;
}

export function convertMap(
  value: unknown,
  convert: (value: unknown) => unknown,
): Record<string, unknown> {
  if (!value || typeof value !== 'object') return {};
  return sortedObject(
    Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, convert(item)]),
    ),
  );
}
