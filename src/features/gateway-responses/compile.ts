/**
 * Gateway responses (issue 4): the errors API Gateway returns itself (401, 403, 429, 5XX …) as
 * `AWS::ApiGateway::GatewayResponse`, one per configured type; `cors: true` puts the CORS headers on
 * them so browser clients can read those errors, and the `json` preset gives every error one body.
 * A gateway response takes effect with the next deployment, so core's Deployment waits for them.
 */
import type { CfnResource, TemplateFragment } from '../../cloudformation/template';
import { resourcesOnApi } from '../../cloudformation/template';
import type { CfnTemplate } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { type CompileContext, restApiIdValue } from '../../pipeline/compile-context';

export function compileGatewayResponses(
  config: ResolvedConfig,
  ctx: CompileContext,
): TemplateFragment[] {
  const responses = config.gatewayResponses;
  if (responses.length === 0) return [];
  const restApiId = restApiIdValue(config, ctx.naming);
  const resources: Record<string, CfnResource> = {};
  for (const response of responses) {
    resources[ctx.naming.gatewayResponse(response.type)] = {
      Type: 'AWS::ApiGateway::GatewayResponse',
      Properties: {
        RestApiId: restApiId,
        ResponseType: response.type,
        ...(response.statusCode !== undefined ? { StatusCode: response.statusCode } : {}),
        ...(Object.keys(response.headers).length > 0
          ? {
              ResponseParameters: Object.fromEntries(
                Object.entries(response.headers).map(([name, value]) => [
                  `gatewayresponse.header.${name}`,
                  value,
                ]),
              ),
            }
          : {}),
        ...(response.body !== undefined
          ? { ResponseTemplates: { 'application/json': response.body } }
          : {}),
      },
    };
  }
  const ids = Object.keys(resources).sort();
  const deployments = resourcesOnApi(
    ctx.template as CfnTemplate,
    'AWS::ApiGateway::Deployment',
    restApiId,
  );
  return [
    {
      Resources: resources,
      patches: deployments.map((logicalId) => ({ logicalId, addDependsOn: ids })),
    },
  ];
}
