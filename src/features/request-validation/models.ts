/**
 * Request validation settings (`validate: { body, parameters }` on routes and http events) and the
 * package-time check that a body schema is JSON Schema draft-04, the only version API Gateway's
 * models understand (keywords from later drafts are ignored there, so the validation they
 * describe would silently not happen).
 */
import type { ConfigIssue } from '../../pipeline/issues';
import { joinPath } from '../../pipeline/issues';

/** A `validate.body` that names a model of `custom.apiGateway.models` (not a file, not a schema). */
export function isModelName(body: unknown): body is string {
  return typeof body === 'string' && !body.endsWith('.json');
}

export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

/** Keywords of later drafts and what to write in draft-04 instead. */
const LATER_KEYWORDS: Readonly<Record<string, string>> = {
  const: 'write enum: [<the value>]',
  contains: 'list the allowed items with items (draft-04 has no contains)',
  propertyNames: 'use patternProperties with additionalProperties: false',
  if: 'express the condition with oneOf/anyOf (draft-04 has no if/then/else)',
  then: 'express the condition with oneOf/anyOf (draft-04 has no if/then/else)',
  else: 'express the condition with oneOf/anyOf (draft-04 has no if/then/else)',
  dependentRequired: 'use dependencies: { <property>: [<required properties>] }',
  dependentSchemas: 'use dependencies: { <property>: <schema> }',
  prefixItems: 'use items: [<schema per position>]',
  unevaluatedProperties: 'use additionalProperties',
  unevaluatedItems: 'use additionalItems',
  $defs: 'rename $defs to definitions (and $refs to #/definitions/...)',
};

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_VALUES = ['additionalProperties', 'additionalItems', 'not'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every draft-04 incompatibility in `schema`, at config paths below `path`. */
export function checkDraft04(schema: unknown, path: string, top = true): ConfigIssue[] {
  if (!isObject(schema)) {
    return typeof schema === 'boolean'
      ? [
          {
            path,
            message: `a boolean schema (${String(schema)}) is not draft-04; write ${schema ? '{}' : '{ "not": {} }'}`,
          },
        ]
      : [{ path, message: 'a JSON Schema must be an object' }];
  }
  const issues: ConfigIssue[] = [];
  const at = (key: string) => joinPath(path, key);
  if (top && schema.$schema !== undefined && schema.$schema !== DRAFT_04) {
    issues.push({
      path: at('$schema'),
      message: `${JSON.stringify(schema.$schema)}: API Gateway validates with JSON Schema draft-04; set $schema to "${DRAFT_04}" or remove it, and write the schema in draft-04`,
    });
  }
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key];
    if (key in LATER_KEYWORDS) {
      issues.push({
        path: at(key),
        message: `${key} is not a JSON Schema draft-04 keyword (API Gateway validates with draft-04 and would ignore it); ${LATER_KEYWORDS[key]}`,
      });
    } else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && value !== undefined) {
      if (typeof value === 'number') {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        issues.push({
          path: at(key),
          message: `in draft-04 ${key} is a boolean next to ${bound}; write ${bound}: ${value}, ${key}: true`,
        });
      }
    } else if (key === 'required' && typeof value === 'boolean') {
      issues.push({
        path: at(key),
        message:
          'required: true is draft-03; in draft-04 required is a list of property names on the parent object schema',
      });
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
      issues.push({
        path: at(key),
        message: `${JSON.stringify(value)}: draft-04 keeps subschemas under definitions; write "#/definitions/${value.slice('#/$defs/'.length)}"`,
      });
    }
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (!isObject(map)) continue;
    for (const name of Object.keys(map).sort()) {
      const child = map[name];
      // dependencies may list property names instead of a schema.
      if (key === 'dependencies' && Array.isArray(child)) continue;
      issues.push(...checkDraft04(child, joinPath(at(key), name), false));
    }
  }
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((child, index) =>
        issues.push(...checkDraft04(child, joinPath(at(key), index), false)),
      );
  }
  for (const key of SCHEMA_VALUES) {
    const child = schema[key];
    if (isObject(child)) issues.push(...checkDraft04(child, at(key), false));
  }
  const items = schema.items;
  if (Array.isArray(items))
    items.forEach((child, index) =>
      issues.push(...checkDraft04(child, joinPath(at('items'), index), false)),
    );
  else if (items !== undefined) issues.push(...checkDraft04(items, at('items'), false));
  return issues;
}

/** The schema as the Model carries it: `$schema` set to draft-04 when absent. */
export function modelSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return schema.$schema === undefined ? { $schema: DRAFT_04, ...schema } : schema;
}
