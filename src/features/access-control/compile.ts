/**
 * Access control (issue 3): named authorizers, per-endpoint authorization and API keys, usage
 * plans with their keys, and the REST API's resource policy. Pure: resolved config and the
 * template core compiled in, fragments out.
 */
import type { TemplateFragment } from '../../cloudformation/template';
import { resourcesOnApi } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { type CompileContext, restApiIdValue } from '../../pipeline/compile-context';
import { compileAuthorizers } from './compile-authorizers';
import { methodPatches } from './method-auth';
import { compileUsagePlans } from './compile-usage-plans';
import { AccessControlCompileError } from '../../pipeline/compile-errors';
import { accessIds } from '../../cloudformation/naming';

function coreApiKeys(ctx: CompileContext): string[] {
  return Object.keys(ctx.template.Resources).filter(
    (id) =>
      ctx.template.Resources[id].Type === 'AWS::ApiGateway::ApiKey' && !accessIds.isOwnApiKey(id),
  );
}

export function compileAccessControl(
  config: ResolvedConfig,
  ctx: CompileContext,
): TemplateFragment[] {
  const { template, naming } = ctx;
  const access = config.accessControl;
  const restApiId = restApiIdValue(config, naming);
  const fragments: TemplateFragment[] = [];

  const authorizers = compileAuthorizers(access.authorizers, restApiId, ctx, config);
  const patches = methodPatches(access.endpoints, access.authorizers, restApiId, template);
  if (Object.keys(authorizers).length > 0 || patches.length > 0) {
    fragments.push({
      ...(Object.keys(authorizers).length > 0 ? { Resources: authorizers } : {}),
      ...(patches.length > 0 ? { patches } : {}),
    });
  }

  // API Gateway cannot deploy an API without methods, so no stage would exist for a plan to name.
  const hasMethods = resourcesOnApi(template, 'AWS::ApiGateway::Method', restApiId).length > 0;
  if (access.usagePlans.length > 0 && hasMethods) {
    const withKeys = access.usagePlans.some((plan) => plan.apiKeys.length > 0);
    const foreign = coreApiKeys(ctx);
    if (withKeys && foreign.length > 0) {
      throw new AccessControlCompileError(
        `custom.apiGateway.usagePlans: core's provider.apiGateway.apiKeys created ${foreign.join(', ')} in the same stack, and core's \`sls info\` prints the value of every API key there; declare keys in one place (custom.apiGateway.usagePlans, or provider.apiGateway.apiKeys)`,
      );
    }
    const stageLogicalId = config.stage ? naming.stage() : undefined;
    fragments.push({
      Resources: compileUsagePlans(access.usagePlans, config, restApiId, stageLogicalId),
    });
  }

  const restApiLogicalId = naming.restApi();
  if (
    access.policy &&
    config.restApi.sharedRestApiId === undefined &&
    template.Resources[restApiLogicalId]
  ) {
    fragments.push({
      patches: [{ logicalId: restApiLogicalId, setProperties: { Policy: access.policy } }],
    });
  }
  return fragments;
}
