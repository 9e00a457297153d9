/**
 * What API Gateway imports with a warning: AWS's own published examples are often invalid OpenAPI
 * (no `info.version`, a parameter without a type, a response without a description), and API
 * Gateway imports them. The plugin packages them too, and lists each problem with its JSON
 * pointer. Pure: the schema errors come from the validator at the edge (load.ts).
 */
import type { OpenApiDocument } from '../types';
import { methodOfKey } from './definition';

type Json = Record<string, unknown>;

/** One problem of the document, at a JSON pointer into it (`/paths/~1pets/get/parameters/0`). */
export interface DocumentProblem {
  readonly pointer: string;
  readonly message: string;
}

/** An error of the JSON-schema validation of the document (ajv's shape, as swagger-parser gives it). */
export interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointer(...segments: Array<string | number>): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}

/** What API Gateway does with each kind of problem, said once per message. */
function parameterProblem(parameter: Json, at: string, swagger: boolean): DocumentProblem[] {
  if (typeof parameter.$ref === 'string') return [];
  const where = `${String(parameter.in)} parameter '${String(parameter.name)}'`;
  if (swagger) {
    if (parameter.in === 'body' || typeof parameter.type === 'string') return [];
    return [
      {
        pointer: at,
        message: `${where} has no type (Swagger 2.0 requires one); API Gateway imports it as a string`,
      },
    ];
  }
  if ('schema' in parameter || 'content' in parameter) return [];
  return [
    {
      pointer: at,
      message: `${where} has no schema (OpenAPI 3.0 requires schema or content); API Gateway imports it as a string`,
    },
  ];
}

/**
 * The problems the plugin words itself (the common ones in published examples), found by walking
 * the document: they read better than the schema validator's, and replace them.
 */
export function knownProblems(document: OpenApiDocument): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const swagger = typeof document.swagger === 'string';
  const info = (document as Json).info;
  if (!isObject(info)) {
    problems.push({
      pointer: '/info',
      message:
        'the document has no info object (OpenAPI requires one); API Gateway names the API from the RestApi',
    });
  } else {
    if (typeof info.version !== 'string') {
      problems.push({
        pointer: '/info/version',
        message: `info.version is ${info.version === undefined ? 'missing' : `a ${typeof info.version}, not a string`} (OpenAPI requires a string); API Gateway imports the API without a version`,
      });
    }
    if (typeof info.title !== 'string') {
      problems.push({
        pointer: '/info/title',
        message:
          'info.title is missing (OpenAPI requires one); the API keeps the RestApi name the plugin gives it',
      });
    }
  }
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    shared.forEach((parameter, index) => {
      if (isObject(parameter))
        problems.push(
          ...parameterProblem(parameter, pointer('paths', path, 'parameters', index), swagger),
        );
    });
    for (const [key, operation] of Object.entries(item)) {
      if (!methodOfKey(key) || !isObject(operation)) continue;
      const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
      parameters.forEach((parameter, index) => {
        if (isObject(parameter))
          problems.push(
            ...parameterProblem(
              parameter,
              pointer('paths', path, key, 'parameters', index),
              swagger,
            ),
          );
      });
      const responses = operation.responses;
      if (!isObject(responses)) {
        problems.push({
          pointer: pointer('paths', path, key, 'responses'),
          message:
            'the operation has no responses (OpenAPI requires them); API Gateway imports it without method responses',
        });
        continue;
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!isObject(response) || typeof response.$ref === 'string') continue;
        if (typeof response.description !== 'string') {
          problems.push({
            pointer: pointer('paths', path, key, 'responses', status),
            message: `response ${status} has no description (OpenAPI requires one); API Gateway imports it`,
          });
        }
      }
    }
  }
  return problems;
}

function covers(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** The validator's noise: the alternatives of a oneOf it tried, and the `$ref` branch of each. */
function isNoise(error: SchemaError): boolean {
  if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'not')
    return true;
  return error.keyword === 'required' && error.params?.missingProperty === '$ref';
}

/**
 * Every problem of the document: the known ones, then one per pointer of the validator's other
 * errors (what the known ones cover left out), in document order of discovery.
 */
export function documentProblems(
  document: OpenApiDocument,
  schemaErrors: readonly SchemaError[],
): DocumentProblem[] {
  const known = knownProblems(document);
  const problems = [...known];
  const seen = new Set<string>();
  // An error at or below a known problem, or the missing property a known problem names.
  const covered = (error: SchemaError) =>
    known.some(
      (problem) =>
        covers(problem.pointer, error.instancePath) ||
        (error.keyword === 'required' &&
          `${error.instancePath}/${pointerSegment(String(error.params?.missingProperty))}` ===
            problem.pointer),
    );
  for (const error of schemaErrors) {
    if (isNoise(error) || covered(error) || seen.has(error.instancePath)) continue;
    seen.add(error.instancePath);
    const detail =
      error.keyword === 'additionalProperties' && error.params?.additionalProperty !== undefined
        ? `has a property OpenAPI does not define: ${String(error.params.additionalProperty)}`
        : (error.message ?? `fails the OpenAPI schema (${error.keyword})`);
    problems.push({
      pointer: error.instancePath || '/',
      message: `${detail}; API Gateway imports it with a warning`,
    });
  }
  return problems;
}

/** `#/paths/~1pets/get` for a message. */
export function formatPointer(at: string): string {
  return `#${at === '/' ? '' : at}`;
}
