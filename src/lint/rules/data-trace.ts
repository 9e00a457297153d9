/**
 * APIGW-LOG-002: data trace writes whole requests and responses (tokens, personal data) to
 * CloudWatch; in a production stage that is a leak waiting for a log reader.
 */
import { isRecord } from '../../model/order';
import type { LintRule, RuleHit } from '../types';
import { isOn, restApis, stageNameOf, v2Apis } from './helpers';

export const dataTraceRule: LintRule = {
  id: 'APIGW-LOG-002',
  severity: 'high',
  title: 'Data trace in a production stage',
  why: 'Data trace logs full request and response bodies and headers (tokens, personal data) in CloudWatch; AWS advises against it in production.',
  source: 'checkov CKV_AWS_276 (data trace in method settings)',
  fix: 'Set logging.dataTrace: false on the production stage (keep logging.level: ERROR or INFO).',
  check(context) {
    if (!context.production) return [];
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const stage of api.stages) {
        if (!stage.methodSettings.some((setting) => isOn(setting.dataTraceEnabled))) continue;
        hits.push({
          path: context.locate.stageSetting('rest', ['logging', 'dataTrace']),
          message: `the production stage ${stageNameOf(stage, context.stageName)} logs full request and response data (DataTraceEnabled)`,
          resource: stage.logicalId,
        });
      }
    }
    for (const api of v2Apis(context)) {
      if (api.kind !== 'websocket') continue;
      for (const stage of api.stages) {
        const settings = stage.defaultRouteSettings;
        if (!isRecord(settings) || !isOn(settings.DataTraceEnabled)) continue;
        hits.push({
          path: context.locate.stageSetting('websocket', ['logging', 'dataTrace']),
          message: `the production WebSocket stage ${stageNameOf(stage, context.stageName)} logs full message data (DataTraceEnabled)`,
          resource: stage.logicalId,
        });
      }
    }
    return hits;
  },
};
