/**
 * A REST API of the model as an OpenAPI 3.0 or Swagger 2.0 document: paths from the methods,
 * schemas from the models, security schemes from the authorizers and API keys, and, with
 * extensions, the `x-amazon-apigateway-*` extensions as API Gateway writes them. Pure and
 * deterministic: the same model gives the same document, keys in a stable order.
 */
import { renderValue } from '../../openapi/intrinsics';
import { compare, sortedObject, stringOr } from '../order';
import type { RestApiModel } from '../types';
import {
  ANY_METHOD,
  METHOD_ORDER,
  OFFLINE_VERSION,
  type WriteOptions,
  type WrittenDocument,
} from './options';
import { addModelSchema } from './rest-models';
import { convertMap, operation } from './rest-operation';
import { restWriter, type RestWriter } from './rest-writer';

export function writeRestApiDocument(model: RestApiModel, options: WriteOptions): WrittenDocument {
  const writer = restWriter(model, options);
  const { oas3, body } = writer;
  for (const schema of model.models) if (!schema.inline) addModelSchema(writer, schema);

  const paths: Record<string, Record<string, unknown>> = {};
  const methods = [...model.methods].sort(
    (a, b) =>
      compare(a.path, b.path) ||
      METHOD_ORDER.indexOf(a.httpMethod) - METHOD_ORDER.indexOf(b.httpMethod),
  );
  for (const method of methods) {
    const item = (paths[method.path] ??= {});
    const key = method.httpMethod === 'ANY' ? ANY_METHOD : method.httpMethod.toLowerCase();
    if (item[key]) {
      writer.warnings.push(
        `${method.logicalId ?? 'a method'}: a second ${method.httpMethod} ${method.path} was left out of the document`,
      );
      continue;
    }
    item[key] = operation(writer, method);
  }

  const info = {
    title: stringOr(model.name, options.fallbackTitle),
    ...(typeof model.description === 'string' ? { description: model.description } : {}),
    version: OFFLINE_VERSION,
  };
  const endpointConfiguration = endpointConfigurationExtension(model);
  const document: WrittenDocument['document'] = body
    ? oas3
      ? { openapi: '3.0.1', info, paths: sortedObject(paths) }
      : { swagger: '2.0', info, paths: sortedObject(paths) }
    : oas3
      ? {
          openapi: '3.0.1',
          info,
          servers: [
            {
              url: `https://{restApiId}.execute-api.${options.region}.amazonaws.com/{basePath}`,
              variables: {
                restApiId: {
                  default: 'restApiId',
                  description:
                    'Id of the REST API: the stack output ApiGatewayRestApiId after deploy',
                },
                basePath: { default: options.stageName },
              },
              ...(writer.apigatewayExtensions && endpointConfiguration
                ? { 'x-amazon-apigateway-endpoint-configuration': endpointConfiguration }
                : {}),
            },
          ],
          paths: sortedObject(paths),
        }
      : {
          swagger: '2.0',
          info,
          basePath: `/${options.stageName}`,
          schemes: ['https'],
          paths: sortedObject(paths),
        };
  const schemas = sortedObject(writer.schemas);
  const securitySchemes = sortedObject(writer.securitySchemes);
  if (oas3) {
    const components = {
      ...(Object.keys(schemas).length > 0 ? { schemas } : {}),
      ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes } : {}),
    };
    if (Object.keys(components).length > 0) document.components = components;
  } else {
    if (Object.keys(securitySchemes).length > 0) document.securityDefinitions = securitySchemes;
    if (Object.keys(schemas).length > 0) document.definitions = schemas;
  }
  if (writer.apigatewayExtensions) {
    Object.assign(document, restApiExtensions(writer));
    if (!oas3 && endpointConfiguration && !body) {
      document['x-amazon-apigateway-endpoint-configuration'] = endpointConfiguration;
    }
  }
  return { document, warnings: writer.warnings };
}

function restApiExtensions(writer: RestWriter): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  // A body leaves API settings to the RestApi's own properties (they apply alongside the body).
  const api: Partial<RestApiModel> = writer.body ? {} : writer.model;
  if (api.apiKeySourceType !== undefined) {
    extensions['x-amazon-apigateway-api-key-source'] = renderValue(api.apiKeySourceType);
  }
  if (Array.isArray(api.binaryMediaTypes) && api.binaryMediaTypes.length > 0) {
    extensions['x-amazon-apigateway-binary-media-types'] = api.binaryMediaTypes.map(renderValue);
  }
  if (typeof api.minimumCompressionSize === 'number') {
    extensions['x-amazon-apigateway-minimum-compression-size'] = api.minimumCompressionSize;
  }
  if (writer.gatewayResponses.length > 0) {
    extensions['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(
      writer.gatewayResponses.map((response) => [
        response.responseType,
        {
          ...(response.statusCode !== undefined ? { statusCode: response.statusCode } : {}),
          ...(Object.keys(response.responseParameters).length > 0
            ? { responseParameters: convertMap(response.responseParameters, writer.value) }
            : {}),
          ...(response.responseTemplates !== undefined
            ? { responseTemplates: convertMap(response.responseTemplates, writer.value) }
            : {}),
        },
      ]),
    );
  }
  if (api.policy && typeof api.policy === 'object') {
    extensions['x-amazon-apigateway-policy'] = api.policy;
  }
  const validators = writer.model.requestValidators;
  if (validators.length > 0) {
    extensions['x-amazon-apigateway-request-validators'] = sortedObject(
      Object.fromEntries(
        validators.map((validator) => [
          validator.name,
          {
            validateRequestBody: validator.validateRequestBody,
            validateRequestParameters: validator.validateRequestParameters,
          },
        ]),
      ),
    );
  }
  return extensions;
}

function endpointConfigurationExtension(model: RestApiModel): Record<string, unknown> | undefined {
  const vpcEndpointIds = model.endpointConfiguration?.vpcEndpointIds;
  const result: Record<string, unknown> = {};
  if (model.disableExecuteApiEndpoint !== undefined) {
    result.disableExecuteApiEndpoint = model.disableExecuteApiEndpoint === true;
  }
  if (Array.isArray(vpcEndpointIds) && vpcEndpointIds.length > 0) {
    result.vpcEndpointIds = vpcEndpointIds.map(renderValue);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
