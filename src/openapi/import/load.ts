/**
 * Reads `custom.apiGateway.openapi.definition` (the edge: file system): an OpenAPI 3.0 or Swagger
 * 2.0 document in JSON or YAML, `$ref`s to other files bundled into one document by
 * @apidevtools/swagger-parser, then validated the way API Gateway imports: what it refuses (no
 * document, an unresolvable `$ref`, no paths) is refused, what it imports with warnings (see
 * leniency.ts) comes back as problems. The plugin calls it at validation time and hands
 * the result to the pure checks and compilers.
 */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { errorMessage } from '../errors';
import type { OpenApiDocument } from '../types';
import type { LoadedDefinition } from './definition';
import {
  type DocumentProblem,
  documentProblems,
  pointerSegment,
  type SchemaError,
} from './leniency';

export class OpenApiDefinitionError extends Error {}

/** The document alone (its problems dropped): for callers that only read it. */
export async function loadOpenApiDefinition(
  serviceDir: string,
  definitionPath: string,
): Promise<LoadedDefinition> {
  return (await loadDefinitionWithProblems(serviceDir, definitionPath)).definition;
}

export async function loadDefinitionWithProblems(
  serviceDir: string,
  definitionPath: string,
): Promise<LoadResult> {
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
  if (!document.paths || typeof document.paths !== 'object' || Array.isArray(document.paths)) {
    throw new OpenApiDefinitionError(
      `${definitionPath} has no paths object: API Gateway refuses a document without one`,
    );
  }
  const problems = documentProblems(document, await validationErrors(definitionPath, document));
  if (type === 'swagger') problems.push(...(await specProblems(document)));
  return {
    definition: { path: definitionPath, document: inlineNonModelRefs(document), type },
    problems,
  };
}

export interface LoadResult {
  definition: LoadedDefinition;
  /** What API Gateway would import with a warning: the plugin packages it, and lists each. */
  problems: DocumentProblem[];
}

/**
 * The JSON-schema errors of the document (API Gateway imports such documents with warnings).
 * What cannot be dereferenced (a `$ref` to nothing) is refused, as API Gateway refuses it.
 */
async function validationErrors(
  definitionPath: string,
  document: OpenApiDocument,
): Promise<SchemaError[]> {
  try {
    // Validation dereferences what it is given: hand it a copy.
    await SwaggerParser.validate(structuredClone(document) as never, {
      validate: { schema: true, spec: false },
    });
    return [];
  } catch (error) {
    const details = (error as { details?: unknown }).details;
    if (Array.isArray(details)) return details as SchemaError[];
    throw new OpenApiDefinitionError(
      `${definitionPath} cannot be imported: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** Swagger 2.0's rules the schema cannot say (duplicate operationIds, undeclared path parameters). */
async function specProblems(document: OpenApiDocument): Promise<DocumentProblem[]> {
  try {
    await SwaggerParser.validate(structuredClone(document) as never, {
      validate: { schema: false, spec: true },
    });
    return [];
  } catch (error) {
    const message = errorMessage(error).replace(/^Validation failed\.\s*/, '');
    // A parameter without a type: knownProblems (leniency.ts) reports it, in its words.
    if (/has an invalid type \(undefined\)/.test(message)) return [];
    const at = /\/paths(\/\S+?)(?:\/(get|put|post|delete|options|head|patch))?\b/.exec(message);
    return [
      {
        pointer: at ? `/paths/${pointerSegment(at[1])}${at[2] ? `/${at[2]}` : ''}` : '/',
        message: `${message}; API Gateway imports it with a warning`,
      },
    ];
  }
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
