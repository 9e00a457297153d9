/**
 * Reads the JSON Schemas in `schemas/` (the single source of truth for the config shape): as
 * written, for the validators compiled at build time; with their `$ref`s inlined, for the
 * explaining validator and type generation; and the type and title of each top-level schema,
 * which is all core's `configSchemaHandler` is told.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type JsonSchema = { [key: string]: unknown };

/** `schemas/` sits next to `dist/` and `src/` in the package. */
export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', '..', 'schemas');

export const SCHEMA_FILES = {
  apiGateway: 'api-gateway.schema.json',
  httpEvent: 'http-event.schema.json',
  httpApiEvent: 'http-api-event.schema.json',
  websocketEvent: 'websocket-event.schema.json',
} as const;

const fileCache = new Map<string, JsonSchema>();

function readSchemaFile(file: string): JsonSchema {
  let schema = fileCache.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as JsonSchema;
    fileCache.set(file, schema);
  }
  return schema;
}

function resolvePointer(document: JsonSchema, pointer: string, ref: string): JsonSchema {
  let node: unknown = document;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) {
      throw new Error(`schemas/: cannot resolve $ref "${ref}"`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node as JsonSchema;
}

/** Keys that only make sense at a document's top level and must not be copied into a parent. */
const DOCUMENT_KEYS = new Set(['$id', '$schema', '$defs']);

/** Called for every `$ref` target (`file#pointer`) before it is inlined; returns what to inline. */
export type RefTransform = (target: JsonSchema, refKey: string) => JsonSchema;

function inline(
  node: unknown,
  currentFile: string,
  seen: readonly string[],
  transform?: RefTransform,
): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, currentFile, seen, transform));
  if (node === null || typeof node !== 'object') return node;
  const object = node as JsonSchema;
  if (typeof object.$ref === 'string') {
    const ref = object.$ref;
    const [filePart, pointer = ''] = ref.split('#');
    const file = filePart || currentFile;
    const key = `${file}#${pointer}`;
    if (seen.includes(key)) throw new Error(`schemas/: recursive $ref "${ref}" is not supported`);
    const target = resolvePointer(readSchemaFile(file), pointer, ref);
    const { $ref: _ref, ...siblings } = object;
    const resolved = inline(target, file, [...seen, key], transform) as JsonSchema;
    const inlined = transform
      ? transform(stripDocumentKeys(resolved), key)
      : stripDocumentKeys(resolved);
    if (Object.keys(siblings).length === 0) return inlined;
    return { ...inlined, ...(inline(siblings, currentFile, seen, transform) as JsonSchema) };
  }
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(object)) {
    // `properties`, `$defs`… hold names, not schemas, at the first level: recurse into values only.
    result[key] = inline(value, currentFile, seen, transform);
  }
  return result;
}

function stripDocumentKeys(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !DOCUMENT_KEYS.has(key)));
}

/** Inlines every `$ref` of `file`, passing each target through `transform` (type generation). */
export function bundleSchema(file: string, transform?: RefTransform): JsonSchema {
  return stripDocumentKeys(
    inline(readSchemaFile(file), file, [file + '#'], transform) as JsonSchema,
  );
}

const bundleCache = new Map<string, JsonSchema>();

/** The schema of `file` with every `$ref` inlined and no `$id`/`$defs` left. */
export function loadBundledSchema(file: string): JsonSchema {
  let bundled = bundleCache.get(file);
  if (!bundled) {
    bundled = bundleSchema(file);
    bundleCache.set(file, bundled);
  }
  // Callers (core's schema handler among them) may annotate what they get: hand out a copy.
  return structuredClone(bundled);
}

/** Every schema document in `schemas/`, as written (`$ref`s between files kept), sorted by file. */
export function readSchemaDocuments(): JsonSchema[] {
  return schemaFileNames().map(readSchemaFile);
}

function schemaFileNames(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.schema.json'))
    .sort();
}

/**
 * A digest of every schema file's text: validators compiled ahead of time record the one they
 * were built from, and are only used while it still matches (a schema edited since the last
 * build falls back to compiling at run time instead of validating against the old shape).
 */
export function schemaFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of schemaFileNames()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(SCHEMA_DIR, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/**
 * What core's `configSchemaHandler` is given for one of our keys: its type, title and
 * description, not its shape (see the plugin's registerSchemas for why).
 */
export function registeredShape(file: string): JsonSchema {
  const { title, description } = readSchemaFile(file);
  return {
    type: 'object',
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
  };
}
