/**
 * The stage rule every API type shares: the `'*'` entry is the default, and the entry named like
 * the deployed stage is deep-merged over it.
 */
import { mergeWith } from 'lodash';
import { isIntrinsic } from './intrinsics';

/**
 * Lists replace lists (a stage's binaryMediaTypes are not appended to the defaults'), and an
 * intrinsic function replaces whatever was there: `{ Ref }` merged into `{ 'Fn::GetAtt' }` would be
 * neither.
 */
export function replaceArraysAndIntrinsics(_target: unknown, source: unknown): unknown {
  if (Array.isArray(source) || isIntrinsic(source)) return structuredClone(source);
  return undefined;
}

/** Deep-merges `layers` left to right with the stage rule (lists and intrinsics replace). */
export function mergeLayers<T extends object>(...layers: ReadonlyArray<object | undefined>): T {
  return mergeWith({}, ...layers.map((layer) => layer ?? {}), replaceArraysAndIntrinsics) as T;
}

/** `'*'`, then the entry named like the stage, deep-merged. */
export function mergeStageEntries<T extends object>(
  stages: Readonly<Record<string, T>> | undefined,
  stageName: string,
): T {
  return mergeLayers<T>(stages?.['*'], stages?.[stageName]);
}
