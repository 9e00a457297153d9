/**
 * APIGW-CERT-001: HTTP backends reached over the internet cannot tell API Gateway's calls from
 * anyone else's without the stage's client certificate.
 */
import type { RestIntegration } from '../../model';
import type { LintRule, RuleHit } from '../types';
import { describeMethod, listSome, restApis, stageNameOf } from './helpers';

function isPublicHttpBackend(integration: RestIntegration | undefined): boolean {
  const type = typeof integration?.type === 'string' ? integration.type.toUpperCase() : '';
  return (type === 'HTTP' || type === 'HTTP_PROXY') && integration?.connectionType !== 'VPC_LINK';
}

export const clientCertificateRule: LintRule = {
  id: 'APIGW-CERT-001',
  severity: 'medium',
  title: 'No client certificate for HTTP backends',
  why: 'An HTTP backend reached over the internet cannot verify that a call comes from API Gateway unless the stage presents a client certificate.',
  source: 'Security Hub APIGateway.2; checkov CKV2_AWS_51',
  fix: 'Set clientCertificate: true on the stage and have the backend verify it (or reach the backend through a VPC link).',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      const backends = api.methods.filter((method) => isPublicHttpBackend(method.integration));
      if (backends.length === 0) continue;
      for (const stage of api.stages) {
        if (stage.clientCertificateId !== undefined) continue;
        hits.push({
          path: context.locate.stageSetting('rest', ['clientCertificate']),
          message: `the stage ${stageNameOf(stage, context.stageName)} calls HTTP backends (${listSome(backends.map(describeMethod))}) without a client certificate`,
          resource: stage.logicalId,
        });
      }
    }
    return hits;
  },
};
