/** APIGW-XRAY-001: without X-Ray a slow or failing request cannot be followed through the backend. */
import type { LintRule, RuleHit } from '../types';
import { isOn, restApis, stageNameOf } from './helpers';

export const tracingRule: LintRule = {
  id: 'APIGW-XRAY-001',
  severity: 'low',
  title: 'X-Ray tracing off',
  why: 'Without X-Ray active tracing, requests cannot be followed from API Gateway into the backend to find latency, errors or abuse.',
  source: 'Security Hub APIGateway.3; checkov CKV_AWS_73',
  fix: 'Set tracing: true on the stage (REST APIs; HTTP and WebSocket APIs do not support X-Ray).',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const stage of api.stages) {
        if (isOn(stage.tracingEnabled)) continue;
        hits.push({
          path: context.locate.stageSetting('rest', ['tracing']),
          message: `the REST API stage ${stageNameOf(stage, context.stageName)} has X-Ray tracing off`,
          resource: stage.logicalId,
        });
      }
    }
    return hits;
  },
};
