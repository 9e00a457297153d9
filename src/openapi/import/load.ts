/**
 * Reads `custom.apiGateway.openapi.definition` (the edge: file system): an OpenAPI 3.0 or Swagger
 * 2.0 document in JSON or YAML, `$ref`s to other files bundled into one document by
 * @apidevtools/swagger-parser, then validated. The plugin calls it at validation time and hands
 * the result to the pure checks and compilers.
 */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { errorMessage } from '../errors';
import type { OpenApiDocument } from '../types';
import type { LoadedDefinition } from './definition';

export class OpenApiDefinitionError extends Error {}

export async function loadOpenApiDefinition(
  serviceDir: string,
  definitionPath: string,
): Promise<LoadedDefinition> {
  const file = path.resolve(serviceDir, definitionPath);
  let document: OpenApiDocument;
  try {
    document = (await SwaggerParser.bundle(file)) as unknown as OpenApiDocument;
  } catch (error) {
    throw new OpenApiDefinitionError(
      `${definitionPath} could not be read as an OpenAPI document: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const version = typeof document.openapi === 'string' ? document.openapi : document.swagger;
  const type = typeof document.swagger === 'string' ? 'swagger' : 'oas30';
  if (typeof version !== 'string' || !(version === '2.0' || /^3\.0\.\d+$/.test(version))) {
    throw new OpenApiDefinitionError(
      `${definitionPath} is ${typeof version === 'string' ? `OpenAPI ${version}` : 'not an OpenAPI document (no openapi or swagger version)'}: API Gateway imports OpenAPI 3.0 (openapi: 3.0.x) and Swagger 2.0 (swagger: '2.0') only`,
    );
  }
  try {
    // Validation dereferences what it is given: hand it a copy.
    await SwaggerParser.validate(structuredClone(document) as never);
  } catch (error) {
    throw new OpenApiDefinitionError(
      `${definitionPath} is not a valid ${type === 'swagger' ? 'Swagger 2.0' : 'OpenAPI 3.0'} document: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  return { path: definitionPath, document: inlineNonModelRefs(document), type };
}

const MODEL_REF = /^#\/(components\/schemas|definitions)\//;

/**
 * Bundling points a second use of an external file at its first use (`#/paths/~1orders/...`);
 * API Gateway resolves references to models (`#/components/schemas/X`, `#/definitions/X`) and
 * little else, so every other local reference is replaced by a copy of what it points at.
 */
export function inlineNonModelRefs(document: OpenApiDocument): OpenApiDocument {
  const lookup = (ref: string): unknown => {
    let node: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node =
        node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
    return node;
  };
  const visit = (value: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => visit(item, seen));
    if (!value || typeof value !== 'object') return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/') && !MODEL_REF.test(ref)) {
      const target = lookup(ref);
      if (target !== undefined && !seen.includes(ref)) return visit(target, [...seen, ref]);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, seen)]));
  };
  return visit(document, []) as OpenApiDocument;
}
