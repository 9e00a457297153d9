/**
 * One AWS::ApiGateway::Authorizer per named authorizer (iam needs none), and the
 * AWS::Lambda::Permission that lets API Gateway call a Lambda authorizer, limited to that
 * authorizer (`…:${ApiId}/authorizers/${AuthorizerId}`).
 */
import type { CfnObject, CfnResource } from '../../cloudformation/template';
import { getAtt, ref, executeApiArn, lambdaInvocationUri } from '../../cloudformation/template';
import { accessIds } from '../../cloudformation/naming';
import type { ResolvedAuthorizer } from './resolve';
import type { CompileContext } from '../../pipeline/compile-context';
import type { ResolvedConfig } from '../../pipeline/resolve';

const TYPES = { cognito: 'COGNITO_USER_POOLS', token: 'TOKEN', request: 'REQUEST' } as const;

/**
 * The logical id of a function of this service: core's id when that resource exists, else the
 * `AWS::Lambda::Function` whose FunctionName is core's default `<service>-<stage>-<function>`.
 */
function functionLogicalId(
  ctx: CompileContext,
  config: ResolvedConfig,
  functionName: string,
): string {
  const { template } = ctx;
  const byRule = ctx.naming.lambda(functionName);
  if (template.Resources[byRule]?.Type === 'AWS::Lambda::Function') return byRule;
  const defaultName = `${config.service}-${config.stageName}-${functionName}`;
  const byName = Object.keys(template.Resources)
    .sort()
    .find(
      (id) =>
        template.Resources[id].Type === 'AWS::Lambda::Function' &&
        template.Resources[id].Properties?.FunctionName === defaultName,
    );
  // Validation has checked the function exists; the rule's id keeps a reference CloudFormation
  // would report if it did not.
  return byName ?? byRule;
}

function functionArn(
  authorizer: ResolvedAuthorizer,
  ctx: CompileContext,
  config: ResolvedConfig,
): unknown {
  if (authorizer.functionName !== undefined) {
    return getAtt(functionLogicalId(ctx, config, authorizer.functionName), 'Arn');
  }
  return authorizer.functionArn;
}

export function compileAuthorizers(
  authorizers: readonly ResolvedAuthorizer[],
  restApiId: unknown,
  ctx: CompileContext,
  config: ResolvedConfig,
): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {};
  for (const authorizer of authorizers) {
    if (authorizer.kind === 'iam' || authorizer.logicalId === undefined) continue;
    const properties: CfnObject = {
      Name: authorizer.name,
      RestApiId: restApiId,
      Type: TYPES[authorizer.kind],
    };
    if (authorizer.identitySource !== undefined)
      properties.IdentitySource = authorizer.identitySource;
    if (authorizer.resultTtlInSeconds !== undefined)
      properties.AuthorizerResultTtlInSeconds = authorizer.resultTtlInSeconds;
    if (authorizer.kind === 'cognito') {
      properties.ProviderARNs = [...(authorizer.providerArns ?? [])];
    } else {
      const arn = functionArn(authorizer, ctx, config);
      properties.AuthorizerUri = lambdaInvocationUri(arn);
      if (authorizer.identityValidationExpression !== undefined)
        properties.IdentityValidationExpression = authorizer.identityValidationExpression;
      resources[accessIds.authorizerPermission(authorizer.name)] = {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: arn,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: executeApiArn(restApiId, '/authorizers/', ref(authorizer.logicalId)),
        },
      };
    }
    resources[authorizer.logicalId] = {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: properties,
    };
  }
  return resources;
}
