/**
 * The user's OpenAPI document (`custom.apiGateway.openapi.definition`), loaded and bundled at the
 * edge (see `load.ts`) and handed to validation and the compilers as plain data.
 */
import type { OpenApiDocument } from '../types';

export interface LoadedDefinition {
  /** As written in the config (`./api.yaml`), for messages. */
  readonly path: string;
  /** One self-contained document: `$ref`s to other files bundled in. */
  readonly document: OpenApiDocument;
  /** `oas30` for OpenAPI 3.0.x, `swagger` for Swagger 2.0. */
  readonly type: 'oas30' | 'swagger';
}

/** The loaded definition the plugin put on the resolved config, if any. */
export function loadedDefinition(config: object): LoadedDefinition | undefined {
  return (config as { openApiDefinition?: LoadedDefinition }).openApiDefinition;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export const ANY_METHOD_KEY = 'x-amazon-apigateway-any-method';

/** `GET`, …, `ANY` for an operation key of a path item; undefined for other keys. */
export function methodOfKey(key: string): string | undefined {
  if (key === ANY_METHOD_KEY) return 'ANY';
  return (HTTP_METHODS as readonly string[]).includes(key) ? key.toUpperCase() : undefined;
}

export function keyOfMethod(method: string): string {
  return method === 'ANY' ? ANY_METHOD_KEY : method.toLowerCase();
}
