/** Every rule of the security lint, in the order findings are listed. */
import type { LintRule } from '../types';
import { accessLoggingRule } from './access-logging';
import { authorizationRule } from './authorization';
import { cacheEncryptionRule } from './cache-encryption';
import { clientCertificateRule } from './client-certificate';
import { corsRule } from './cors';
import { dataTraceRule } from './data-trace';
import { domainTlsRule } from './domain-tls';
import { privatePolicyRule } from './private-policy';
import { requestValidationRule } from './request-validation';
import { tracingRule } from './tracing';
import { usagePlanRule } from './usage-plan';
import { wafRule } from './waf';

export const RULES: readonly LintRule[] = [
  authorizationRule,
  privatePolicyRule,
  domainTlsRule,
  dataTraceRule,
  corsRule,
  accessLoggingRule,
  wafRule,
  cacheEncryptionRule,
  clientCertificateRule,
  tracingRule,
  usagePlanRule,
  requestValidationRule,
];
