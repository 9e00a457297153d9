/**
 * Compares two JSON Schemas (draft 4, as API Gateway models are) for what a request that passed
 * the old one may fail in the new one: a type changed, enum values removed, a property newly
 * required, a bound tightened, a pattern added or changed, additional properties refused. Each
 * finding is `narrowed` (some valid request is now refused) or `relaxed` (the new schema accepts
 * more). `$ref`s are resolved against the models of each side, by model name.
 */
import { compare, isRecord } from '../../model/order';
import { numberOf, shown } from './types';

export interface SchemaFinding {
  narrowed: boolean;
  /** `body.items[].sku` */
  location: string;
  message: string;
}

/** Looks a model up by the last segment of a `$ref` (`#/definitions/X`, `…/models/X`). */
export type ModelResolver = (name: string) => unknown;

type Schema = Record<string, unknown>;

const MAX_DEPTH = 32;

export function refName(ref: unknown): string | undefined {
  if (typeof ref === 'string') return ref.split('/').pop() || undefined;
  // A template's $ref built with Fn::Join/Fn::Sub: the model name follows `/models/`.
  const text = JSON.stringify(ref ?? null);
  const matches = [...text.matchAll(/\/models\/([A-Za-z0-9_.-]+)/g)];
  return matches.length > 0 ? matches[matches.length - 1][1] : undefined;
}

function resolved(schema: unknown, resolve: ModelResolver, seen: ReadonlySet<string>): Schema {
  let current = schema;
  const visited = new Set(seen);
  while (isRecord(current) && current.$ref !== undefined) {
    const name = refName(current.$ref);
    if (name === undefined || visited.has(name)) return {};
    visited.add(name);
    current = resolve(name);
  }
  return isRecord(current) ? current : {};
}

function types(schema: Schema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return undefined;
}

/** Whether a value of type `type` is accepted by the types `accepted` (undefined: any). */
function accepts(accepted: string[] | undefined, type: string): boolean {
  if (!accepted) return true;
  return accepted.includes(type) || (type === 'integer' && accepted.includes('number'));
}

const UPPER_BOUNDS = ['maxLength', 'maximum', 'maxItems', 'maxProperties'] as const;
const LOWER_BOUNDS = ['minLength', 'minimum', 'minItems', 'minProperties'] as const;

export function compareSchemas(
  before: unknown,
  after: unknown,
  resolvers: { before: ModelResolver; after: ModelResolver },
  location = 'body',
): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  walk(before, after, location, 0, new Set(), new Set());
  return findings;

  function note(narrowed: boolean, where: string, message: string): void {
    findings.push({ narrowed, location: where, message });
  }

  function walk(
    rawBefore: unknown,
    rawAfter: unknown,
    where: string,
    depth: number,
    seenBefore: ReadonlySet<string>,
    seenAfter: ReadonlySet<string>,
  ): void {
    if (depth > MAX_DEPTH) return;
    const old = resolved(rawBefore, resolvers.before, seenBefore);
    const now = resolved(rawAfter, resolvers.after, seenAfter);
    const nextBefore = withRef(seenBefore, rawBefore);
    const nextAfter = withRef(seenAfter, rawAfter);
    compareTypes(old, now, where);
    compareEnums(old, now, where);
    compareBounds(old, now, where);
    comparePattern(old, now, where);
    compareRequired(old, now, where);
    compareObject(old, now, where, (name, b, a) =>
      walk(b, a, `${where}.${name}`, depth + 1, nextBefore, nextAfter),
    );
    if (old.items !== undefined || now.items !== undefined) {
      if (isRecord(old.items) && isRecord(now.items)) {
        walk(old.items, now.items, `${where}[]`, depth + 1, nextBefore, nextAfter);
      } else if (old.items === undefined && isRecord(now.items)) {
        walk({}, now.items, `${where}[]`, depth + 1, nextBefore, nextAfter);
      }
    }
  }

  function compareTypes(old: Schema, now: Schema, where: string): void {
    const was = types(old);
    const is = types(now);
    if (!was && !is) return;
    const describe = (list: string[] | undefined) => (list ? list.join(' | ') : 'any');
    const lost = was ? was.filter((type) => !accepts(is, type)) : is ? ['any'] : [];
    if (lost.length > 0) {
      note(true, where, `type narrowed: ${describe(was)} → ${describe(is)}`);
    } else if (is && was && is.some((type) => !accepts(was, type))) {
      note(false, where, `type widened: ${describe(was)} → ${describe(is)}`);
    } else if (!is && was) {
      note(false, where, `type widened: ${describe(was)} → any`);
    }
  }

  function compareEnums(old: Schema, now: Schema, where: string): void {
    const was = Array.isArray(old.enum) ? old.enum.map((v) => JSON.stringify(v)) : undefined;
    const is = Array.isArray(now.enum) ? now.enum.map((v) => JSON.stringify(v)) : undefined;
    if (!was && !is) return;
    if (!was && is) {
      note(true, where, `values now limited to enum [${is.join(', ')}]`);
      return;
    }
    if (was && !is) {
      note(false, where, 'enum removed: any value of the type accepted');
      return;
    }
    const removed = (was ?? []).filter((value) => !(is ?? []).includes(value));
    const added = (is ?? []).filter((value) => !(was ?? []).includes(value));
    if (removed.length > 0) note(true, where, `enum values removed: ${removed.join(', ')}`);
    if (added.length > 0) note(false, where, `enum values added: ${added.join(', ')}`);
  }

  function compareBounds(old: Schema, now: Schema, where: string): void {
    for (const [names, tighter] of [
      [UPPER_BOUNDS, (was: number, is: number) => is < was],
      [LOWER_BOUNDS, (was: number, is: number) => is > was],
    ] as const) {
      for (const name of names) {
        const was = numberOf(old[name]);
        const is = numberOf(now[name]);
        if (was === is) continue;
        if (is !== undefined && (was === undefined || tighter(was, is))) {
          note(true, where, `${name} ${was === undefined ? 'set to' : `${was} →`} ${is}`);
        } else {
          note(false, where, `${name} ${was} → ${is === undefined ? 'none' : is}`);
        }
      }
    }
  }

  function comparePattern(old: Schema, now: Schema, where: string): void {
    if (old.pattern === now.pattern) return;
    if (now.pattern === undefined) {
      note(false, where, `pattern ${shown(old.pattern)} removed`);
    } else {
      // Whether one regular expression accepts all another does is not decidable here: a new or
      // changed pattern may refuse what the old one accepted.
      note(
        true,
        where,
        old.pattern === undefined
          ? `pattern ${shown(now.pattern)} added`
          : `pattern ${shown(old.pattern)} → ${shown(now.pattern)}`,
      );
    }
  }

  function compareRequired(old: Schema, now: Schema, where: string): void {
    const was = Array.isArray(old.required) ? old.required.map(String) : [];
    const is = Array.isArray(now.required) ? now.required.map(String) : [];
    for (const name of is.filter((item) => !was.includes(item)).sort(compare)) {
      note(true, where, `property "${name}" is now required`);
    }
    for (const name of was.filter((item) => !is.includes(item)).sort(compare)) {
      note(false, where, `property "${name}" is no longer required`);
    }
  }

  function compareObject(
    old: Schema,
    now: Schema,
    where: string,
    descend: (name: string, before: unknown, after: unknown) => void,
  ): void {
    const closedBefore = old.additionalProperties === false;
    const closedAfter = now.additionalProperties === false;
    if (closedAfter && !closedBefore) {
      note(true, where, 'additionalProperties turned false: properties not listed are refused');
    } else if (closedBefore && !closedAfter) {
      note(false, where, 'additionalProperties no longer false');
    } else if (isRecord(old.additionalProperties) && isRecord(now.additionalProperties)) {
      descend('*', old.additionalProperties, now.additionalProperties);
    }
    const was = isRecord(old.properties) ? old.properties : {};
    const is = isRecord(now.properties) ? now.properties : {};
    for (const name of Object.keys(was).sort(compare)) {
      if (name in is) {
        descend(name, was[name], is[name]);
      } else if (closedAfter) {
        note(true, where, `property "${name}" removed: sending it is refused now`);
      } else {
        note(false, where, `property "${name}" removed from the schema (still accepted)`);
      }
    }
    const required = Array.isArray(now.required) ? now.required.map(String) : [];
    for (const name of Object.keys(is).sort(compare)) {
      // A new required property is reported by compareRequired.
      if (!(name in was) && !required.includes(name)) {
        note(false, where, `optional property "${name}" added`);
      }
    }
  }
}

function withRef(seen: ReadonlySet<string>, schema: unknown): ReadonlySet<string> {
  const name = isRecord(schema) ? refName(schema.$ref) : undefined;
  return name === undefined ? seen : new Set([...seen, name]);
}
