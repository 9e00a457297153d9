/** APIGW-WAF-001: a public REST stage with no AWS WAF web ACL in front of it. */
import type { CfnTemplate } from '../../cloudformation/template';
import type { RestStage } from '../../model';
import { resourcesOfType } from '../../model/order';
import type { LintRule, RuleHit } from '../types';
import { isPublic, restApis, stageNameOf } from './helpers';

const ASSOCIATION_TYPES = ['AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation'];

/** An association whose ResourceArn names the stage (`…/stages/<name>`, or the Stage resource). */
function associated(template: CfnTemplate, stage: RestStage, stageName: string): boolean {
  return ASSOCIATION_TYPES.some((type) =>
    resourcesOfType(template, type).some(([, resource]) => {
      const arn = JSON.stringify(resource.Properties?.ResourceArn ?? '');
      return (
        arn.includes(`/stages/${stageName}"`) ||
        arn.includes(`"StageName":"${stageName}"`) ||
        arn.includes(`{"Ref":"${stage.logicalId}"}`) ||
        arn.includes(`\${${stage.logicalId}}`)
      );
    }),
  );
}

export const wafRule: LintRule = {
  id: 'APIGW-WAF-001',
  severity: 'medium',
  title: 'No WAF on a public REST stage',
  why: 'A public stage without an AWS WAF web ACL takes injection attempts, bots and request floods straight to the backend.',
  source: 'Security Hub APIGateway.4; checkov CKV2_AWS_29',
  fix: 'Set waf: <web ACL ARN> on the stage (custom.apiGateway.stages.<stage>.waf).',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      if (!isPublic(api)) continue;
      for (const stage of api.stages) {
        const name = stageNameOf(stage, context.stageName);
        if (associated(context.template, stage, name)) continue;
        hits.push({
          path: context.locate.stageSetting('rest', ['waf']),
          message: `the public REST API stage ${name} has no AWS WAF web ACL`,
          resource: stage.logicalId,
        });
      }
    }
    return hits;
  },
};
