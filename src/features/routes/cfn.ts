/** Small CloudFormation value helpers for the routes compiler. */
import type { CfnString } from './resolve';

export const PARTITION = { Ref: 'AWS::Partition' };
export const REGION = { Ref: 'AWS::Region' };
export const ACCOUNT_ID = { Ref: 'AWS::AccountId' };

/** Joins strings and intrinsics: a plain string when every part is one, else `Fn::Join`. */
export function join(parts: readonly unknown[]): CfnString {
  const merged: unknown[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string')
      merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  if (merged.length === 0) return '';
  if (merged.length === 1 && typeof merged[0] === 'string') return merged[0];
  return { 'Fn::Join': ['', merged] } as CfnString;
}

/** Part `index` of `value` split at `separator`; computed now for a literal string. */
export function splitPart(value: CfnString, separator: string, index: number): CfnString {
  if (typeof value === 'string') return value.split(separator)[index] ?? '';
  return { 'Fn::Select': [index, { 'Fn::Split': [separator, value] }] } as CfnString;
}

/** `arn:<partition>:apigateway:<region>:<service>:<kind>/<rest>`. */
export function apigatewayUri(service: string, rest: readonly unknown[]): CfnString {
  return join(['arn:', PARTITION, ':apigateway:', REGION, `:${service}:`, ...rest]);
}
