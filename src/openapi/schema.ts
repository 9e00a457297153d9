/**
 * API Gateway models are JSON Schema draft 4; OpenAPI 3.0 and Swagger 2.0 Schema Objects are
 * subsets of it with a few changes. This turns a model schema into a Schema Object: keywords the
 * target has no place for are dropped (with a warning), `type: [X, "null"]` becomes `nullable`
 * (3.0) or `x-nullable` (2.0), `const` becomes a one-value `enum`, and references to other models
 * (`https://apigateway.amazonaws.com/restapis/<id>/models/<Name>`) point at the document's schemas.
 */
import type { ExportType } from './types';

/** Keywords a Schema Object accepts, on top of `x-` extensions. */
const COMMON = [
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'readOnly',
  'example',
  'externalDocs',
  'xml',
  'discriminator',
];
const OAS30_ONLY = ['oneOf', 'anyOf', 'not', 'nullable', 'writeOnly', 'deprecated'];
const SCHEMA_VALUED = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'oneOf', 'anyOf']);

export interface SchemaContext {
  type: ExportType;
  /** Where model references point: `#/components/schemas/` or `#/definitions/`. */
  refPrefix: string;
  /** Collects one message per dropped keyword. */
  warn(message: string): void;
  /** For the messages: "model OrderModel". */
  subject: string;
}

export function toSchemaObject(schema: unknown, ctx: SchemaContext, at = ''): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const source = schema as Record<string, unknown>;
  const allowed = new Set(ctx.type === 'oas30' ? [...COMMON, ...OAS30_ONLY] : COMMON);
  const result: Record<string, unknown> = {};
  if (typeof source.$ref === 'string') {
    // A model named by its API Gateway URL (…/models/Name), or by a document's own pointer (a
    // model imported from an OpenAPI body: #/components/schemas/Name or #/definitions/Name),
    // points at that model in the document being written, whichever version it is.
    const model = /(?:\/models\/|^#\/components\/schemas\/|^#\/definitions\/)([^/]+)$/.exec(
      source.$ref,
    )?.[1];
    return { $ref: model ? `${ctx.refPrefix}${model}` : source.$ref };
  }
  for (const [key, value] of Object.entries(source)) {
    const here = `${at}/${key}`;
    if (key.startsWith('x-')) {
      result[key] = value;
    } else if (key === 'const') {
      result.enum = [value];
    } else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      if (types.length !== 1) {
        ctx.warn(
          `${ctx.subject}: ${here} allows several types (${value.join(', ')}); the document says ${String(types[0] ?? 'string')}`,
        );
      }
      result.type = types[0] ?? 'string';
      if (types.length < value.length)
        result[ctx.type === 'oas30' ? 'nullable' : 'x-nullable'] = true;
    } else if (!allowed.has(key)) {
      if (key !== '$schema' && key !== 'id') {
        ctx.warn(
          `${ctx.subject}: ${here} (${key}) has no equivalent in ${ctx.type === 'oas30' ? 'OpenAPI 3.0' : 'Swagger 2.0'} and was left out`,
        );
      }
    } else if (key === 'properties' && value && typeof value === 'object') {
      result.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          toSchemaObject(property, ctx, `${here}/${name}`),
        ]),
      );
    } else if (
      SCHEMA_VALUED.has(key) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      result[key] = toSchemaObject(value, ctx, here);
    } else if (key === 'items' && Array.isArray(value)) {
      // Tuple validation (draft 4) has no equivalent: describe the first item type.
      ctx.warn(`${ctx.subject}: ${here} is a tuple; the document describes its first item only`);
      result.items = value.length > 0 ? toSchemaObject(value[0], ctx, `${here}/0`) : {};
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      result[key] = value.map((item, index) => toSchemaObject(item, ctx, `${here}/${index}`));
    } else {
      result[key] = value;
    }
  }
  return result;
}
