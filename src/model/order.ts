/**
 * Ordering and small value helpers shared by the model's readers and writers, so every document
 * and model comes out in the same, locale-independent order.
 */
import type { CfnResource, CfnTemplate } from '../cloudformation/template';

/** Code-point order, independent of the locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedObject<T>(value: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => compare(a, b)));
}

/** The template's resources of one type, by logical id. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .sort(([a], [b]) => compare(a, b));
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/** `{ Ref }` or `{ Fn::… }`: a value CloudFormation computes. */
export function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A map property: undefined stays undefined, anything but an object is read as empty. */
export function mapOf(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  return value && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
}

/** Copies the properties that are set, renamed: `pick(source, { Uri: 'uri' })`. */
export function pick<K extends string>(
  source: Record<string, unknown>,
  names: Record<string, K>,
): Partial<Record<K, unknown>> {
  const result: Partial<Record<K, unknown>> = {};
  for (const [property, key] of Object.entries(names)) {
    if (source[property] !== undefined) result[key] = source[property];
  }
  return result;
}
