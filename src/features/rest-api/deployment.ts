/**
 * The Deployment the stage points at. Core's Deployment creates the stage implicitly through its
 * `StageName`; the Stage resource owns the stage now, so `StageName` goes. When core emitted no
 * Deployment (no `http` events), one is created whose logical id is a hash of the API's methods and
 * resources: a change redeploys, an identical template does not.
 */
import { createHash } from 'node:crypto';
import type { CfnResource, CfnTemplate, TemplateFragment } from '../../cloudformation/template';
import { REST_API_DEFINITION_TYPES, resourcesOnApi } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { type CompileContext, restApiIdValue } from '../../pipeline/compile-context';

export interface DeploymentResult {
  fragment: TemplateFragment;
  /** undefined when the API has no method yet: API Gateway refuses to deploy an empty API. */
  deploymentLogicalId?: string;
}

/** Stable JSON: keys sorted, so the hash depends on content only. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function apiContentHash(template: Readonly<CfnTemplate>, ids: readonly string[]): string {
  const content = [...ids].sort().map((id) => [id, template.Resources[id]]);
  return createHash('sha256').update(canonical(content)).digest('hex').slice(0, 12);
}

export function compileDeployment(config: ResolvedConfig, ctx: CompileContext): DeploymentResult {
  const { template, naming } = ctx;
  const restApiId = restApiIdValue(config, naming);
  const existing = resourcesOnApi(
    template as CfnTemplate,
    'AWS::ApiGateway::Deployment',
    restApiId,
  );
  if (existing.length > 0) {
    const deploymentLogicalId = existing[0];
    // A shared API's stage belongs to its owner: leave core's Deployment as it is.
    if (!config.stage) return { fragment: {}, deploymentLogicalId };
    // Methods the plugin added (CORS preflights, routes) must exist before the API is deployed.
    const methods = resourcesOnApi(
      template as CfnTemplate,
      'AWS::ApiGateway::Method',
      restApiId,
    ).sort();
    return {
      fragment: {
        patches: existing.map((logicalId) => ({
          logicalId,
          setProperties: { StageName: undefined, StageDescription: undefined },
          addDependsOn: methods,
        })),
      },
      deploymentLogicalId,
    };
  }
  const methods = resourcesOnApi(template as CfnTemplate, 'AWS::ApiGateway::Method', restApiId);
  if (methods.length === 0) return { fragment: {} };
  // Everything a deployment snapshots: a change to any of it must redeploy.
  const snapshot = REST_API_DEFINITION_TYPES.flatMap((type) =>
    resourcesOnApi(template as CfnTemplate, type, restApiId),
  );
  // API-level settings (binary media types, compression…) take effect with a deployment too.
  if (template.Resources[naming.restApi()]) snapshot.push(naming.restApi());
  const responses = resourcesOnApi(
    template as CfnTemplate,
    'AWS::ApiGateway::GatewayResponse',
    restApiId,
  );
  const deploymentLogicalId = `${naming.deploymentPrefix()}${apiContentHash(template, snapshot)}`;

  return {
    fragment: {
      Resources: {
        [deploymentLogicalId]: {
          ...deploymentResource(config, restApiId),
          DependsOn: [...methods, ...responses].sort(),
        },
      },
    },
    deploymentLogicalId,
  };
}

/** A Deployment of the API: the stage it serves is declared apart (features/stage). */
export function deploymentResource(config: ResolvedConfig, restApiId: unknown): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Deployment',
    Properties: {
      RestApiId: restApiId,
      ...(config.restApi.description !== undefined
        ? { Description: config.restApi.description }
        : {}),
    },
  };
}
