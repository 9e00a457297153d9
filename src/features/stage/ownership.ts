/**
 * One creator per stage. The plugin's `AWS::ApiGateway::Stage` creates the REST stage; a user's
 * `resources:` can hold another creator of the same stage (an `AWS::ApiGateway::Stage` another
 * plugin left behind, or a Deployment with `StageName`, a common way to force redeploys), and the
 * deploy would fail with "already exists". Found before core merges `resources:`:
 * - a Stage of our REST API with our stage name is adopted: the plugin's Stage moves to the user's
 *   logical id (every reference follows) and, after core's merge, the plugin's properties are put
 *   back over the user's (custom.apiGateway.stages is where the stage's settings live); the
 *   user's other properties stay;
 * - a Deployment of our REST API with our stage name is refused, with the fix.
 */
import type { CfnResource, CfnTemplate } from '../../cloudformation/template';
import { ref } from '../../cloudformation/template';
import { renameResource } from '../../cloudformation/references';
import type { UserResources } from '../../cloudformation/ownership';
import { TemplateConflictError } from '../../pipeline/errors';

export interface StageIdentity {
  /** The plugin's Stage resource. */
  readonly stageLogicalId: string;
  readonly restApiLogicalId: string;
  readonly stageName: string;
}

export interface StageAdoption {
  /** The user's logical id the plugin's Stage now has. */
  readonly adoptedId: string;
  readonly path: string;
  readonly message: string;
  /** The plugin's Stage properties, put back over the user's after core's merge. */
  readonly properties: Readonly<Record<string, unknown>>;
}

function createsOurStage(
  resource: Partial<CfnResource> | undefined,
  type: string,
  stage: StageIdentity,
): boolean {
  if (resource?.Type !== type) return false;
  const properties = resource.Properties ?? {};
  return (
    JSON.stringify(properties.RestApiId) === JSON.stringify(ref(stage.restApiLogicalId)) &&
    properties.StageName === stage.stageName
  );
}

/**
 * Refuses a user Deployment that creates our stage; adopts a user Stage that is ours. Returns the
 * adoption, if any. Throws a TemplateConflictError naming `resources.Resources.<id>` and the fix.
 */
export function reconcileStageCreators(
  template: CfnTemplate,
  user: UserResources,
  stage: StageIdentity,
): StageAdoption | undefined {
  if (!template.Resources[stage.stageLogicalId]) return undefined;
  const userResources = Object.entries(user.Resources ?? {});
  for (const [id, resource] of userResources) {
    if (!createsOurStage(resource, 'AWS::ApiGateway::Deployment', stage)) continue;
    throw new TemplateConflictError(
      `resources.Resources.${id}: this AWS::ApiGateway::Deployment has StageName "${stage.stageName}", so it creates the stage that the plugin's ${stage.stageLogicalId} (AWS::ApiGateway::Stage) creates, and the deploy would fail with "already exists". ` +
        `Remove StageName (and StageDescription) from ${id}: core creates a new Deployment on every deploy and the plugin's Stage points to it, so no Deployment is needed to force a redeploy; or delete ${id}.`,
    );
  }
  const stages = userResources.filter(([, resource]) =>
    createsOurStage(resource, 'AWS::ApiGateway::Stage', stage),
  );
  if (stages.length > 1) {
    throw new TemplateConflictError(
      `resources.Resources: ${stages.map(([id]) => id).join(' and ')} each create the stage "${stage.stageName}" of ${stage.restApiLogicalId}; keep one of them (the plugin adopts it and applies custom.apiGateway.stages to it).`,
    );
  }
  const [adopted] = stages;
  if (!adopted) return undefined;
  const [adoptedId, theirs] = adopted;
  if (adoptedId !== stage.stageLogicalId) renameResource(template, stage.stageLogicalId, adoptedId);
  const properties = structuredClone(template.Resources[adoptedId]?.Properties ?? {});
  const theirProperties = theirs?.Properties ?? {};
  const replaced = Object.keys(theirProperties)
    .filter(
      (key) =>
        key in properties &&
        JSON.stringify(properties[key]) !== JSON.stringify(theirProperties[key]),
    )
    .sort();
  return {
    adoptedId,
    properties,
    path: `resources.Resources.${adoptedId}`,
    message:
      `this AWS::ApiGateway::Stage creates the stage "${stage.stageName}", which the plugin declares: the plugin adopts it (its Stage takes the id ${adoptedId}, with custom.apiGateway.stages applied) instead of creating a second one` +
      (replaced.length > 0
        ? `; ${replaced.join(', ')} set here ${replaced.length === 1 ? 'is' : 'are'} replaced by the plugin's: set ${replaced.length === 1 ? 'it' : 'them'} in custom.apiGateway.stages`
        : ''),
  };
}

/**
 * The logical id the REST stage has in the final template: the plugin's own, or the user's Stage it
 * adopted (after-deploy steps and the stage migration look the stage up by it). `fallback` when the
 * template holds no Stage of ours (a `deploy --package` before the packaged template is loaded).
 */
export function stageLogicalIdIn(
  template: Readonly<CfnTemplate>,
  stage: Omit<StageIdentity, 'stageLogicalId'>,
  fallback: string,
): string {
  const found = Object.keys(template.Resources ?? {})
    .sort()
    .find((id) =>
      createsOurStage(template.Resources[id], 'AWS::ApiGateway::Stage', {
        ...stage,
        stageLogicalId: id,
      }),
    );
  return found ?? fallback;
}
