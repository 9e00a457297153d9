/**
 * The step after compile: the user's own `resources:` (merged by core after the plugin compiled,
 * in `aws:package:finalize:mergeCustomProviderResources`) and the plugin's template must agree.
 * - Before core's merge: one creator per stage (features/stage/ownership.ts), and the user's
 *   Outputs and properties win whole over the plugin's (cloudformation/ownership.ts).
 * - After core's merge: the user's resources that use the stage by name wait for it
 *   (features/stage/dependents.ts), and an adopted Stage keeps what the plugin's Stage waited for.
 */
import type { CfnTemplate } from '../cloudformation/template';
import { dependsOnList } from '../cloudformation/template';
import type { Naming } from '../cloudformation/naming';
import { type TemplateWrites, type UserResources, yieldToUser } from '../cloudformation/ownership';
import { reconcileStageCreators, type StageIdentity } from '../features/stage/ownership';
import { orderStageDependents } from '../features/stage/dependents';
import type { ConfigIssue } from './issues';
import type { ResolvedConfig } from './resolve';

/** What the step before core's merge leaves for the step after it. */
export interface Reconciliation {
  readonly stage?: StageIdentity;
  /** What the plugin's Stage waited for (core's merge of the user's DependsOn can drop it). */
  readonly stageDependsOn: readonly string[];
  /** An adopted Stage: the plugin's properties, put back over the user's after the merge. */
  readonly adoptedStageProperties?: Readonly<Record<string, unknown>>;
}

function stageIdentity(config: ResolvedConfig, naming: Naming): StageIdentity | undefined {
  if (!config.stage) return undefined;
  return {
    stageLogicalId: naming.stage(),
    restApiLogicalId: naming.restApi(),
    stageName: config.stage.name,
  };
}

/** Before core merges `resources:`. Throws a TemplateConflictError for a second stage creator. */
export function reconcileWithUserResources(
  template: CfnTemplate,
  user: UserResources | undefined,
  config: ResolvedConfig,
  naming: Naming,
  writes: TemplateWrites,
): { warnings: ConfigIssue[]; reconciliation: Reconciliation } {
  const identity = stageIdentity(config, naming);
  const resources = user ?? {};
  const adoption = identity && reconcileStageCreators(template, resources, identity);
  const stage =
    identity && adoption ? { ...identity, stageLogicalId: adoption.adoptedId } : identity;
  const stageResource = stage ? template.Resources[stage.stageLogicalId] : undefined;
  const warnings: ConfigIssue[] = [
    ...(adoption ? [{ path: adoption.path, message: adoption.message }] : []),
    ...yieldToUser(template, resources, writes, new Set(adoption ? [adoption.adoptedId] : [])),
  ];
  return {
    warnings,
    reconciliation: {
      ...(stage ? { stage } : {}),
      stageDependsOn: stageResource ? dependsOnList(stageResource) : [],
      ...(adoption ? { adoptedStageProperties: adoption.properties } : {}),
    },
  };
}

/** After core merged `resources:` into the template. */
export function orderAfterUserResources(
  template: CfnTemplate,
  userResourceIds: readonly string[],
  reconciliation: Reconciliation,
): ConfigIssue[] {
  const { stage } = reconciliation;
  if (!stage) return [];
  const stageResource = template.Resources[stage.stageLogicalId];
  if (stageResource) {
    const dependsOn = dependsOnList(stageResource);
    const missing = reconciliation.stageDependsOn.filter((id) => !dependsOn.includes(id));
    if (missing.length > 0) stageResource.DependsOn = [...dependsOn, ...missing];
    const ours = reconciliation.adoptedStageProperties;
    if (ours) stageResource.Properties = { ...stageResource.Properties, ...structuredClone(ours) };
  }
  return orderStageDependents(template, userResourceIds, stage)
    .filter((dependent) => dependent.cycle)
    .map((dependent) => ({
      path: `resources.Resources.${dependent.logicalId}`,
      message: `names the stage "${stage.stageName}" but cannot wait for ${stage.stageLogicalId}: the Stage already waits for it (directly or through other resources), so CloudFormation may create it before the stage exists`,
    }));
}
