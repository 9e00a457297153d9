/** APIGW-LOG-001: a stage without access logs leaves no record of who called what. */
import type { LintRule, RuleHit } from '../types';
import { restApis, stageNameOf, v2Apis } from './helpers';

export const accessLoggingRule: LintRule = {
  id: 'APIGW-LOG-001',
  severity: 'medium',
  title: 'Access logging off',
  why: 'Without access logs there is no record of who called which endpoint, for incident response or audit.',
  source:
    'Security Hub APIGateway.9 (v2 stages); checkov CKV_AWS_76 (REST), CKV_AWS_95 (v2); cfn-nag W69 (REST), W46 (v2)',
  fix: 'Set logging.accessLog of the stage (a preset such as json, or { format, destinationArn }).',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const stage of api.stages) {
        if (stage.accessLogSetting?.destinationArn !== undefined) continue;
        const name = stageNameOf(stage, context.stageName);
        hits.push({
          path: context.locate.stageSetting('rest', ['logging', 'accessLog']),
          message: `the REST API stage ${name} writes no access logs`,
          resource: stage.logicalId,
        });
      }
    }
    for (const api of v2Apis(context)) {
      for (const stage of api.stages) {
        if (stage.accessLogSettings !== undefined) continue;
        const kind = api.kind === 'http' ? 'HTTP API' : 'WebSocket API';
        hits.push({
          path: context.locate.stageSetting(api.kind, ['logging', 'accessLog']),
          message: `the ${kind} stage ${stageNameOf(stage, '$default')} writes no access logs`,
          resource: stage.logicalId,
        });
      }
    }
    return hits;
  },
};
