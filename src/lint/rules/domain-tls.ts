/**
 * APIGW-TLS-001: a custom domain that still accepts TLS 1.0 or 1.1. Read from the template's
 * domain resources (the model does not describe domains), reported at the stage entry that
 * declares the domain (`stages.<stage>.domains.<name>.securityPolicy`).
 */
import type { CfnObject } from '../../cloudformation/template';
import { isRecord, resourcesOfType } from '../../model/order';
import type { ApiKind } from '../locator';
import type { LintContext, LintRule, RuleHit } from '../types';
import { rendered } from './helpers';

/** TLS_1_0, and any policy that names TLS 1.0 or 1.1 (`…TLS10…`, `…TLS_1_1…`). */
export function belowTls12(policy: unknown): boolean {
  if (typeof policy !== 'string') return false;
  return /TLS_?1_?[01](?![0-9])|TLS1[01](?![0-9])/i.test(policy);
}

function hitFor(
  context: LintContext,
  apis: readonly ApiKind[],
  logicalId: string,
  domain: CfnObject,
  policy: unknown,
  policyPath: string,
): RuleHit {
  const domainName = rendered(domain.DomainName);
  const declared = apis
    .map((api) => context.locate.domain(api, domainName))
    .find((path) => path !== undefined);
  const why =
    policy === undefined
      ? 'sets no SecurityPolicy (cfn-nag reads that as TLS_1_0)'
      : `uses SecurityPolicy ${String(policy)}, which accepts TLS below 1.2`;
  return {
    path: declared ? `${declared}.securityPolicy` : `Resources.${logicalId}.${policyPath}`,
    message: `the custom domain ${domainName} ${why}`,
    resource: logicalId,
  };
}

export const domainTlsRule: LintRule = {
  id: 'APIGW-TLS-001',
  severity: 'high',
  title: 'Custom domain below TLS 1.2',
  why: 'TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); clients can be downgraded to them.',
  source: 'checkov CKV_AWS_206; cfn-nag W62',
  fix: 'Set securityPolicy: TLS_1_2 (or a TLS 1.3 policy) on the domain.',
  check(context) {
    const hits: RuleHit[] = [];
    for (const type of ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2']) {
      for (const [logicalId, resource] of resourcesOfType(context.template, type)) {
        const properties = resource.Properties ?? {};
        const policy = properties.SecurityPolicy;
        // DomainNameV2 (private domains) always has a policy; an absent one on a public domain is
        // API Gateway's old TLS_1_0 default.
        if (policy === undefined ? type !== 'AWS::ApiGateway::DomainName' : !belowTls12(policy))
          continue;
        hits.push(hitFor(context, ['rest'], logicalId, properties, policy, 'SecurityPolicy'));
      }
    }
    for (const [logicalId, resource] of resourcesOfType(
      context.template,
      'AWS::ApiGatewayV2::DomainName',
    )) {
      const properties = resource.Properties ?? {};
      const configurations = Array.isArray(properties.DomainNameConfigurations)
        ? properties.DomainNameConfigurations
        : [];
      configurations.forEach((configuration: unknown, index: number) => {
        const policy = isRecord(configuration) ? configuration.SecurityPolicy : undefined;
        // ApiGatewayV2 domains default to TLS_1_2.
        if (!belowTls12(policy)) return;
        hits.push(
          hitFor(
            context,
            ['http', 'websocket', 'rest'],
            logicalId,
            properties,
            policy,
            `DomainNameConfigurations[${index}].SecurityPolicy`,
          ),
        );
      });
    }
    return hits;
  },
};
