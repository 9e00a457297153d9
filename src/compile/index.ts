/**
 * Runs the compilers in order over core's template and returns the fragment to merge. Each
 * compiler is a pure function of the resolved config and what is already in the template.
 */
import { applyFragment } from '../cloudformation/merge';
import type { Naming } from '../cloudformation/naming';
import type { CfnTemplate, TemplateFragment } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import type { ConfigIssue } from '../config/issues';
import { compileDeployment } from './deployment';
import { compileRestApi } from './rest-api';
import { compileStage } from './stage';

export interface CompileResult {
  /** To be applied in order (`applyFragment`): each compiler saw the template its predecessors left. */
  fragments: TemplateFragment[];
  warnings: ConfigIssue[];
}

export function compileRestApiStack(
  config: ResolvedConfig,
  template: Readonly<CfnTemplate>,
  naming: Naming,
): CompileResult {
  const warnings: ConfigIssue[] = [];
  // Compilers see the template as it will be after the ones before them: work on a copy.
  const working = structuredClone(template) as CfnTemplate;
  const restApi = compileRestApi(config, { template: working, naming });
  applyFragment(working, restApi);
  const deployment = compileDeployment(config, { template: working, naming });
  applyFragment(working, deployment.fragment);
  let stage: TemplateFragment = {};
  if (deployment.deploymentLogicalId) {
    stage = compileStage(config, { template: working, naming }, deployment.deploymentLogicalId);
  } else if (config.stage) {
    warnings.push({
      path: 'custom.apiGateway',
      message: `the REST API has no method yet, and API Gateway cannot deploy an empty API, so no "${config.stageName}" stage is created; add an http event to a function`,
    });
  }
  return { fragments: [restApi, deployment.fragment, stage], warnings };
}
