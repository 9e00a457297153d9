/**
 * Invoke permissions for the Lambda functions of the service that an imported definition's own
 * integrations and authorizers call (see src/openapi/import/lambdas.ts): one per function, over
 * the whole API (`<api>/*\/*`, which also covers `<api>/authorizers/<id>`), unless the function
 * already has one from an http event. Functions elsewhere are the caller's to permit.
 */
import type { CfnResource, CfnTemplate } from '../../cloudformation/template';
import { executeApiArn, getAtt, ref } from '../../cloudformation/template';
import { mentionedNames, mentions } from '../../cloudformation/mentions';
import type { ServiceFunction } from '../../openapi/import/lambdas';
import type { CompileContext } from '../../pipeline/compile-context';
import type { ResolvedConfig } from '../../pipeline/resolve';

export const INVOKE_PRINCIPAL = 'apigateway.amazonaws.com';

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
  // The functions API Gateway may already invoke on this API, read in one pass over the template.
  const permittedNames = new Set<string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (removed.has(logicalId) || resource.Type !== 'AWS::Lambda::Permission') continue;
    if (resource.Properties?.Principal !== INVOKE_PRINCIPAL) continue;
    if (!mentions(resource.Properties?.SourceArn, restApiLogicalId)) continue;
    for (const name of mentionedNames(resource.Properties?.FunctionName)) permittedNames.add(name);
  }
  for (const fn of called) {
    if (permittedNames.has(fn.logicalId)) continue;
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
