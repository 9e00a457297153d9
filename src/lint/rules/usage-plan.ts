/** APIGW-USAGE-001: a public REST API no usage plan meters or throttles per client. */
import { referencedId } from '../../openapi/intrinsics';
import type { RestApiModel, RestStage } from '../../model';
import type { LintRule, RuleHit } from '../types';
import { isPublic, restApis, stageNameOf } from './helpers';

function planned(api: RestApiModel, stage: RestStage, stageName: string): boolean {
  return api.usagePlans.some((plan) =>
    plan.apiStages.some(
      (apiStage) =>
        referencedId(apiStage.apiId) === api.logicalId &&
        (apiStage.stage === stageName || referencedId(apiStage.stage) === stage.logicalId),
    ),
  );
}

export const usagePlanRule: LintRule = {
  id: 'APIGW-USAGE-001',
  severity: 'low',
  title: 'No usage plan on a public API',
  why: 'Without a usage plan nothing throttles or caps a single client beyond the account-wide limits, so one caller can exhaust them for all.',
  source: 'cfn-nag W64 (Stage) and W68 (Deployment) without an AWS::ApiGateway::UsagePlan',
  fix: 'Declare custom.apiGateway.usagePlans (quota and throttle per client) and require API keys on the endpoints they meter.',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      if (!api.logicalId || !isPublic(api) || api.methods.length === 0) continue;
      for (const stage of api.stages) {
        const name = stageNameOf(stage, context.stageName);
        if (planned(api, stage, name)) continue;
        hits.push({
          path: 'custom.apiGateway.usagePlans',
          message: `the public REST API stage ${name} is in no usage plan: no per-client quota or throttle`,
          resource: stage.logicalId,
        });
      }
    }
    return hits;
  },
};
