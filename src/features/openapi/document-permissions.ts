/**
 * Invoke permissions for the Lambda functions of the service that an imported definition's own
 * integrations and authorizers call (see src/openapi/import/lambdas.ts): one per function, over
 * the whole API (`<api>/*\/*`, which also covers `<api>/authorizers/<id>`), unless the function
 * already has one from an http event. Functions elsewhere are the caller's to permit.
 */
import type { CfnResource, CfnTemplate } from '../../cloudformation/template';
import { executeApiArn, getAtt, ref } from '../../cloudformation/template';
import type { ServiceFunction } from '../../openapi/import/lambdas';
import type { CompileContext } from '../../pipeline/compile-context';
import type { ResolvedConfig } from '../../pipeline/resolve';

export const INVOKE_PRINCIPAL = 'apigateway.amazonaws.com';

/** Whether a value refers to a logical id (Ref, GetAtt, or a `${Id}` of Fn::Sub). */
export function mentions(value: unknown, logicalId: string): boolean {
  const text = JSON.stringify(value ?? null);
  return (
    text.includes(JSON.stringify(logicalId)) ||
    text.includes(`\${${logicalId}}`) ||
    text.includes(`\${${logicalId}.`)
  );
}

/** The service's functions that are in the template, with their logical ids and deployed names. */
export function serviceFunctions(config: ResolvedConfig, ctx: CompileContext): ServiceFunction[] {
  const functions: ServiceFunction[] = [];
  for (const name of config.core.functionNames ?? []) {
    const logicalId = ctx.naming.lambda(name);
    const resource = ctx.template.Resources[logicalId];
    if (resource?.Type !== 'AWS::Lambda::Function') continue;
    const deployedName = resource.Properties?.FunctionName;
    functions.push({
      name,
      logicalId,
      ...(typeof deployedName === 'string' ? { deployedName } : {}),
    });
  }
  return functions;
}

export function documentPermissions(
  template: Readonly<CfnTemplate>,
  called: readonly ServiceFunction[],
  restApiLogicalId: string,
  removed: ReadonlySet<string>,
  naming: CompileContext['naming'],
): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {};
  for (const fn of called) {
    const permitted = Object.entries(template.Resources).some(
      ([logicalId, resource]) =>
        !removed.has(logicalId) &&
        resource.Type === 'AWS::Lambda::Permission' &&
        resource.Properties?.Principal === INVOKE_PRINCIPAL &&
        mentions(resource.Properties?.FunctionName, fn.logicalId) &&
        mentions(resource.Properties?.SourceArn, restApiLogicalId),
    );
    if (permitted) continue;
    resources[naming.lambdaApiGatewayPermission(fn.name)] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: getAtt(fn.logicalId, 'Arn'),
        Action: 'lambda:InvokeFunction',
        Principal: INVOKE_PRINCIPAL,
        SourceArn: executeApiArn(ref(restApiLogicalId), '/*/*'),
      },
    };
  }
  return resources;
}
