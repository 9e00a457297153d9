import type { CloudFormationIntrinsic } from '../config/types.generated';

/** A value CloudFormation resolves at deploy time or a literal string. */
export type CfnValue = string | CloudFormationIntrinsic;

/**
 * CloudFormation intrinsic functions as they appear in config and templates: `{ Ref }` or
 * `{ 'Fn::…' }`, an object with exactly one key.
 */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
