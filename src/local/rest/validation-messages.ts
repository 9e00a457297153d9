/**
 * `$context.error.validationErrorString` as API Gateway writes it: the messages of the Java
 * json-schema-validator it validates models with (java-json-tools/json-schema-validator, draft-04;
 * the wording of its validation.properties), in brackets, comma-separated:
 * `[object has missing required properties (["name"])]`,
 * `[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]`.
 *
 * ajv finds the errors; this file words and orders them as that validator reports them: at each
 * instance node its keywords in name order, then its members in sorted name order (array items by
 * index), and, as it does without `deepCheck`, once any error has been reported it no longer goes
 * down into members (later nodes still report their own keywords). `required` and
 * `additionalProperties` are one message per object listing every property, as there.
 *
 * Matched exactly: required, type, enum, minimum/maximum (and exclusive), minLength/maxLength,
 * pattern, additionalProperties, min/maxItems, uniqueItems, multipleOf, min/maxProperties,
 * dependencies, additionalItems, anyOf, oneOf, not, and the draft-04 formats. Approximations
 * (say so when comparing with AWS): `allOf` reports the failing branches' own errors instead of
 * "instance failed to match all required schemas"; errors of a model referenced from inside
 * anyOf/oneOf/not may show up next to the summary; a JSON number written with a fraction that is
 * whole (`1.0`) counts as an integer (JavaScript does not keep the difference).
 */
import type { ErrorObject } from 'ajv';

/** The validator's type names, in its enum order (the order `allowed` lists them in). */
const TYPE_ORDER = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

const FORMAT_MESSAGES: Readonly<Record<string, (value: string) => string>> = {
  'date-time': (value) =>
    `string "${value}" is invalid against requested date format(s) [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,12}Z]`,
  email: (value) => `string "${value}" is not a valid email address`,
  hostname: (value) => `string "${value}" is not a valid hostname`,
  ipv4: (value) => `string "${value}" is not a valid IPv4 address`,
  ipv6: (value) => `string "${value}" is not a valid IPv6 address`,
  uri: (value) => `string "${value}" is not a valid URI`,
};

/** Jackson's compact JSON, which the validator prints values and lists with. */
const json = (value: unknown): string => JSON.stringify(value);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Allowed types as listed: draft-04 `number` admits integers, so the validator adds `integer`. */
function allowedTypes(schemaType: unknown): string[] {
  const types = new Set(Array.isArray(schemaType) ? schemaType.map(String) : [String(schemaType)]);
  if (types.has('number')) types.add('integer');
  return TYPE_ORDER.filter((type) => types.has(type));
}

const codePoints = (text: string): number => [...text].length;

/** One error's message; `required` and `additionalProperties` groups are worded by the caller. */
function messageOf(error: ErrorObject): string {
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const schema: unknown = error.schema;
  switch (error.keyword) {
    case 'type':
      return `instance type (${typeOf(data)}) does not match any allowed primitive type (allowed: ${json(allowedTypes(schema))})`;
    case 'enum':
      return `instance value (${json(data)}) not found in enum (possible values: ${json(schema)})`;
    case 'minimum':
      return params.comparison === '>'
        ? `numeric instance is not strictly greater than the required minimum ${String(schema)}`
        : `numeric instance is lower than the required minimum (minimum: ${String(schema)}, found: ${String(data)})`;
    case 'maximum':
      return params.comparison === '<'
        ? `numeric instance is not strictly lower than the required maximum ${String(schema)}`
        : `numeric instance is greater than the required maximum (maximum: ${String(schema)}, found: ${String(data)})`;
    case 'minLength':
      return `string "${String(data)}" is too short (length: ${codePoints(String(data))}, required minimum: ${String(schema)})`;
    case 'maxLength':
      return `string "${String(data)}" is too long (length: ${codePoints(String(data))}, maximum allowed: ${String(schema)})`;
    case 'pattern':
      return `ECMA 262 regex "${String(schema)}" does not match input string "${String(data)}"`;
    case 'minItems':
      return `array is too short: must have at least ${String(schema)} elements but instance has ${(data as unknown[]).length} elements`;
    case 'maxItems':
      return `array is too long: must have at most ${String(schema)} elements but instance has ${(data as unknown[]).length} elements`;
    case 'additionalItems':
      return `schema only allows ${String(params.limit)} elements in array but instance has ${(data as unknown[]).length} elements`;
    case 'uniqueItems':
      return 'array must not contain duplicate elements';
    case 'multipleOf':
      return `remainder of division is not zero (${String(data)} / ${String(schema)})`;
    case 'minProperties':
      return `object has too few properties (found ${Object.keys(data as object).length} but schema requires at least ${String(schema)})`;
    case 'maxProperties':
      return `object has too many properties (found ${Object.keys(data as object).length} but schema requires at most ${String(schema)})`;
    case 'dependencies': {
      const property = String(params.property);
      const required = (schema as Record<string, unknown>)[property];
      const missing = (Array.isArray(required) ? required : []).filter(
        (name) => !Object.hasOwn(data as object, String(name)),
      );
      return `property "${property}" of object has missing property dependencies (schema requires ${json(required)}; missing: ${json(missing)})`;
    }
    case 'anyOf':
      return `instance failed to match at least one required schema among ${(schema as unknown[]).length}`;
    case 'oneOf': {
      const passing = params.passingSchemas;
      const matched = Array.isArray(passing) ? passing.length : 0;
      return `instance failed to match exactly one schema (matched ${matched} out of ${(schema as unknown[]).length})`;
    }
    case 'not':
      return 'instance matched a schema which it should not have';
    case 'format': {
      const wording = FORMAT_MESSAGES[String(params.format)];
      return wording
        ? wording(String(data))
        : `string "${String(data)}" is invalid against format "${String(params.format)}"`;
    }
    default:
      // A keyword the list above does not word (none of draft-04's): ajv's own message.
      return `${error.keyword}: ${error.message ?? 'invalid'}`;
  }
}

/** Errors reported inside anyOf/oneOf/not branches: the validator keeps them out of its report. */
function insideCombinator(error: ErrorObject): boolean {
  return /\/(anyOf|oneOf)\/\d+\/|\/not\//.test(error.schemaPath);
}

/** The messages of one instance node, keywords in name order, groups merged. */
function nodeMessages(errors: readonly ErrorObject[]): string[] {
  const byKeyword = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const key = `${error.keyword}\u0000${error.schemaPath}`;
    byKeyword.set(key, [...(byKeyword.get(key) ?? []), error]);
  }
  return [...byKeyword.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const first = group[0];
      if (first.keyword === 'required')
        return `object has missing required properties (${json(group.map((error) => (error.params as { missingProperty: string }).missingProperty))})`;
      if (first.keyword === 'additionalProperties')
        return `object instance has properties which are not allowed by the schema: ${json(group.map((error) => (error.params as { additionalProperty: string }).additionalProperty).sort())}`;
      return messageOf(first);
    });
}

const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The validator's messages for ajv's errors on `instance`, in its order. */
export function validationMessages(errors: readonly ErrorObject[], instance: unknown): string[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (insideCombinator(error)) continue;
    byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  }
  const messages: string[] = [];
  const visit = (value: unknown, path: string): void => {
    messages.push(...nodeMessages(byPath.get(path) ?? []));
    byPath.delete(path);
    if (messages.length > 0 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}/${index}`));
    else
      for (const key of Object.keys(value).sort())
        visit((value as Record<string, unknown>)[key], `${path}/${pointerSegment(key)}`);
  };
  visit(instance, '');
  return messages;
}

/** `$context.error.validationErrorString`: `[message, message]`. */
export function validationErrorString(messages: readonly string[]): string {
  return `[${messages.join(', ')}]`;
}
