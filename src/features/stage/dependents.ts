/**
 * Everything that uses the stage by name waits for it. A user resource that names the stage
 * (a BasePathMapping's `Stage`, a UsagePlan's `ApiStages`, a WAF association on the stage ARN, an
 * ApiMapping, a custom resource…) together with our REST API refers to the stage only through a
 * string, so CloudFormation may create it before the Stage exists and fail. Such resources get
 * `DependsOn` on the Stage, after core merged `resources:` (a Ref to the Stage already orders it).
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { dependsOnList } from '../../cloudformation/template';
import { referencedIds, stringsIn, transitiveDependencies } from '../../cloudformation/references';
import type { StageIdentity } from './ownership';

export interface StageDependent {
  readonly logicalId: string;
  /** Set when the resource cannot wait for the Stage: the Stage already waits for it. */
  readonly cycle?: true;
}

/**
 * The stage name as a whole string (`Stage: dev`), or as a path segment: `…/stages/dev` in an ARN,
 * `…amazonaws.com/dev/hello` in an invoke URL (then the end, `/` or `*`). Only asked of resources
 * that also refer to our REST API; a false match only adds an ordering.
 */
function namesStage(text: string, stageName: string): boolean {
  if (text === stageName) return true;
  const segment = `/${stageName}`;
  for (let at = text.indexOf(segment); at !== -1; at = text.indexOf(segment, at + 1)) {
    const next = text[at + segment.length];
    if (next === undefined || next === '/' || next === '*') return true;
  }
  return false;
}

/**
 * Adds `DependsOn` the Stage to each of `candidates` (the user's resources) that refers to our
 * REST API and names our stage, unless it already refers to or waits for the Stage. Returns what
 * was ordered, and what could not be (the Stage itself waits for it).
 */
export function orderStageDependents(
  template: CfnTemplate,
  candidates: readonly string[],
  stage: StageIdentity,
): StageDependent[] {
  const stageId = stage.stageLogicalId;
  if (!template.Resources[stageId]) return [];
  const stageWaitsFor = transitiveDependencies(template, stageId);
  const ordered: StageDependent[] = [];
  for (const id of [...candidates].sort()) {
    const resource = template.Resources[id];
    if (!resource || id === stageId || id === stage.restApiLogicalId) continue;
    if (resource.Type === 'AWS::ApiGateway::Deployment') continue;
    const refers = referencedIds(resource.Properties ?? {});
    if (!refers.has(stage.restApiLogicalId) || refers.has(stageId)) continue;
    if (!stringsIn(resource.Properties ?? {}).some((text) => namesStage(text, stage.stageName)))
      continue;
    const dependsOn = dependsOnList(resource);
    if (dependsOn.includes(stageId)) continue;
    if (stageWaitsFor.has(id)) {
      ordered.push({ logicalId: id, cycle: true });
      continue;
    }
    resource.DependsOn = [...dependsOn, stageId];
    ordered.push({ logicalId: id });
  }
  return ordered;
}
