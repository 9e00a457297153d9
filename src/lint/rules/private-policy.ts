/**
 * APIGW-POLICY-001: a PRIVATE API whose resource policy allows everyone without naming a VPC or
 * VPC endpoint: any VPC endpoint of any account can reach it.
 */
import { isRecord } from '../../model/order';
import type { LintRule, RuleHit } from '../types';
import { isPrivate, restApis } from './helpers';

const VPC_KEYS = /^aws:(sourcevpce?|sourcevpcarn)$/i;

function parsed(policy: unknown): Record<string, unknown> | undefined {
  if (isRecord(policy)) return policy;
  if (typeof policy !== 'string' || policy.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(policy);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function statementsOf(policy: Record<string, unknown>): Record<string, unknown>[] {
  const statements = policy.Statement;
  return (Array.isArray(statements) ? statements : [statements]).filter(isRecord);
}

function everyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  const aws = principal.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** Whether a statement's Condition names aws:SourceVpce / aws:SourceVpc (any operator). */
function namesVpc(statement: Record<string, unknown>): boolean {
  const condition = statement.Condition;
  if (!isRecord(condition)) return false;
  return Object.values(condition).some(
    (operator) => isRecord(operator) && Object.keys(operator).some((key) => VPC_KEYS.test(key)),
  );
}

/** Open: an Allow for everyone without a VPC condition, and no Deny that keeps other VPCs out. */
export function letsEveryoneIn(policy: Record<string, unknown>): boolean {
  const statements = statementsOf(policy);
  const openAllow = statements.some(
    (statement) =>
      statement.Effect === 'Allow' && everyone(statement.Principal) && !namesVpc(statement),
  );
  const vpcDeny = statements.some(
    (statement) => statement.Effect === 'Deny' && namesVpc(statement),
  );
  return openAllow && !vpcDeny;
}

export const privatePolicyRule: LintRule = {
  id: 'APIGW-POLICY-001',
  severity: 'high',
  title: 'PRIVATE API open to every VPC endpoint',
  why: 'A PRIVATE API whose policy allows Principal * without an aws:SourceVpce or aws:SourceVpc condition is reachable from any VPC endpoint, of any AWS account.',
  source:
    'AWS API Gateway private API guidance (resource policy with aws:SourceVpce); no cfn-nag / checkov rule',
  fix: 'Set restApi.policy.allowVpcEndpoints (or a statement with an aws:SourceVpce / aws:SourceVpc condition).',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      if (!isPrivate(api)) continue;
      const policy = parsed(api.policy);
      if (!policy || !letsEveryoneIn(policy)) continue;
      hits.push({
        path: context.locate.restApiPolicy(),
        message:
          'the PRIVATE REST API allows Principal * with no aws:SourceVpce or aws:SourceVpc condition',
        ...(api.logicalId ? { resource: api.logicalId } : {}),
      });
    }
    return hits;
  },
};
