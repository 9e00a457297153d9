/**
 * The body of an imported definition: the user's document, with what the plugin generated from the
 * service's events and routes filled in where the document says nothing: each matched operation's
 * `x-amazon-apigateway-integration`, request validator, security (authorizers, API keys),
 * parameters the integration maps or caches on, request body and responses; the security schemes,
 * models, validators and gateway responses they use. What the document writes wins. Pure.
 */
import type { EventsByKind } from '../../common/events';
import type { OpenApiDocument } from '../types';
import { type LoadedDefinition, keyOfMethod, methodOfKey } from './definition';
import { matchDefinition, serviceEndpoints } from './match';

type Json = Record<string, unknown>;

const EXTENSION = 'x-amazon-apigateway-';

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/components/parameters/Id`) inside the document. */
function resolveLocal(document: Json, value: unknown): unknown {
  let current = value;
  for (
    let guard = 0;
    guard < 16 && isObject(current) && typeof current.$ref === 'string';
    guard += 1
  ) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return current;
    let node: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[segment] : undefined;
    }
    current = node;
  }
  return current;
}

function parameterKey(document: Json, parameter: unknown): string | undefined {
  const resolved = resolveLocal(document, parameter);
  if (!isObject(resolved)) return undefined;
  return `${String(resolved.in)} ${String(resolved.name)}`;
}

function mergeOperation(document: Json, pathItem: Json, target: Json, generated: Json): void {
  for (const [key, value] of Object.entries(generated)) {
    if (key.startsWith(EXTENSION) && !(key in target)) target[key] = value;
  }
  if (!('security' in target) && generated.security !== undefined)
    target.security = generated.security;
  const declared = new Set(
    [
      ...((pathItem.parameters as unknown[] | undefined) ?? []),
      ...((target.parameters as unknown[] | undefined) ?? []),
    ].map((parameter) => parameterKey(document, parameter)),
  );
  const hasBody = [...declared].some((key) => key?.startsWith('body '));
  const missing = ((generated.parameters as Json[] | undefined) ?? []).filter(
    (parameter) =>
      !declared.has(`${String(parameter.in)} ${String(parameter.name)}`) &&
      !(parameter.in === 'body' && hasBody),
  );
  if (missing.length > 0) {
    target.parameters = [...((target.parameters as unknown[] | undefined) ?? []), ...missing];
  }
  for (const key of ['requestBody', 'consumes', 'produces']) {
    if (!(key in target) && generated[key] !== undefined) target[key] = generated[key];
  }
  const responses = isObject(target.responses) ? target.responses : {};
  for (const [status, response] of Object.entries(
    (generated.responses as Json | undefined) ?? {},
  )) {
    // `default` only stands in for "no declared response": the document's own responses do that.
    if (status === 'default' && Object.keys(responses).length > 0) continue;
    if (!(status in responses)) responses[status] = response;
  }
  target.responses = responses;
}

/** `{...generated, ...document}` per entry, with the document's extension keys kept. */
function mergeNamed(own: unknown, generated: unknown, fillExtensions: boolean): Json | undefined {
  if (!isObject(generated)) return isObject(own) ? own : undefined;
  const result: Json = isObject(own) ? { ...own } : {};
  for (const [name, value] of Object.entries(generated)) {
    const existing = result[name];
    if (existing === undefined) {
      result[name] = value;
    } else if (fillExtensions && isObject(existing) && isObject(value)) {
      // A security scheme the document declares without API Gateway's authorizer: ours fills it.
      const filled = { ...existing };
      for (const [key, item] of Object.entries(value)) {
        if (key.startsWith(EXTENSION) && !(key in filled)) filled[key] = item;
      }
      result[name] = filled;
    }
  }
  return result;
}

export function mergeDefinition(
  definition: LoadedDefinition,
  generated: OpenApiDocument,
  events: EventsByKind,
  routeKeys: readonly string[],
): OpenApiDocument {
  const body = structuredClone(definition.document) as Json;
  const paths = (isObject(body.paths) ? body.paths : (body.paths = {})) as Record<string, Json>;
  const generatedPaths = (generated.paths ?? {}) as Record<string, Json>;
  const match = matchDefinition(definition.document, serviceEndpoints(events, routeKeys));
  for (const { operation, endpoint } of match.pairs) {
    const source = generatedPaths[endpoint.path]?.[keyOfMethod(endpoint.method)];
    const pathItem = paths[operation.path];
    if (!isObject(source) || !isObject(pathItem[operation.key])) continue;
    mergeOperation(body, pathItem, pathItem[operation.key] as Json, source);
  }
  // lenient: an operation nothing implements is left out (API Gateway cannot deploy a method
  // without an integration); an event the document lacks is added as generated.
  for (const operation of match.unmatchedOperations) {
    const pathItem = paths[operation.path];
    delete pathItem[operation.key];
    if (!Object.keys(pathItem).some((key) => methodOfKey(key) !== undefined)) {
      delete paths[operation.path];
    }
  }
  for (const endpoint of match.unmatchedEndpoints) {
    const key = keyOfMethod(endpoint.method);
    const source = generatedPaths[endpoint.path]?.[key];
    if (!isObject(source)) continue;
    const pathItem = (paths[endpoint.path] ??= {});
    if (!(key in pathItem)) pathItem[key] = source;
  }
  // CORS preflights the plugin compiled for paths the document has no OPTIONS on.
  for (const [path, item] of Object.entries(generatedPaths)) {
    const preflight = item.options;
    const pathItem = paths[path];
    if (isObject(preflight) && isObject(pathItem) && !('options' in pathItem)) {
      pathItem.options = preflight;
    }
  }

  if (definition.type === 'oas30') {
    const components = isObject(body.components) ? { ...body.components } : {};
    const ours = (generated.components ?? {}) as Json;
    const schemas = mergeNamed(components.schemas, ours.schemas, false);
    const schemes = mergeNamed(components.securitySchemes, ours.securitySchemes, true);
    if (schemas) components.schemas = schemas;
    if (schemes) components.securitySchemes = schemes;
    if (Object.keys(components).length > 0) body.components = components;
  } else {
    const definitions = mergeNamed(body.definitions, generated.definitions, false);
    const schemes = mergeNamed(body.securityDefinitions, generated.securityDefinitions, true);
    if (definitions) body.definitions = definitions;
    if (schemes) body.securityDefinitions = schemes;
  }
  for (const [key, value] of Object.entries(generated)) {
    if (!key.startsWith(EXTENSION)) continue;
    const own = body[key];
    body[key] =
      own === undefined ? value : isObject(own) && isObject(value) ? { ...value, ...own } : own;
  }
  return body;
}
