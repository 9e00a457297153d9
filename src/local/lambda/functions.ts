/**
 * The Lambda function behind an integration, read from the packaged template: the integration
 * URI names it (`Fn::Join`/`Fn::Sub` around `Fn::GetAtt [<Name>LambdaFunction, Arn]`, as core
 * writes it, or a literal function ARN), and its AWS::Lambda::Function gives the handler,
 * runtime, timeout, memory and environment. Environment values that are intrinsic functions get
 * local values (./local-values.ts); the function sees only its own environment.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { localValue, type LocalValues } from './local-values';

export interface LocalFunction {
  logicalId: string;
  functionName: string;
  /** `handler.hello`, `src/orders.list`. */
  handler: string;
  /** `nodejs22.x`… */
  runtime: string;
  /** Lambda's Timeout (default 3 s). */
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
}

function referencedIds(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const match of value.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g))
      into.push(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string') into.push(item);
      else if (key === 'Fn::GetAtt' && Array.isArray(item) && typeof item[0] === 'string')
        into.push(item[0]);
      else if (key === 'Fn::GetAtt' && typeof item === 'string') into.push(item.split('.')[0]);
      else referencedIds(item, into);
    }
  }
  return into;
}

/** The logical id of the AWS::Lambda::Function an integration URI invokes; undefined if none. */
export function functionOfIntegrationUri(uri: unknown, template: CfnTemplate): string | undefined {
  const isFunction = (id: string) => template.Resources[id]?.Type === 'AWS::Lambda::Function';
  const referenced = referencedIds(uri).find(isFunction);
  if (referenced !== undefined) return referenced;
  // A literal ARN: `…/functions/arn:aws:lambda:<region>:<account>:function:<name>[:alias]/invocations`.
  const name = typeof uri === 'string' ? /:function:([^:/]+)/.exec(uri)?.[1] : undefined;
  if (name === undefined) return undefined;
  return Object.keys(template.Resources).find(
    (id) => isFunction(id) && template.Resources[id].Properties?.FunctionName === name,
  );
}

export function readLocalFunction(
  template: CfnTemplate,
  logicalId: string,
  values: LocalValues,
): LocalFunction | undefined {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::Lambda::Function') return undefined;
  const properties = resource.Properties ?? {};
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables ?? {})) {
    const local = localValue(value, template, values);
    if (local !== undefined) environment[name] = local;
  }
  const functionName = localValue(properties.FunctionName, template, values) ?? logicalId;
  return {
    logicalId,
    functionName,
    handler: String(properties.Handler ?? ''),
    runtime: String(properties.Runtime ?? ''),
    timeoutSeconds: Number(properties.Timeout ?? 3) || 3,
    memorySize: Number(properties.MemorySize ?? 128) || 128,
    environment,
  };
}
