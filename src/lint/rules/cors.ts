/**
 * APIGW-CORS-001: any origin (`*`) together with credentials (cookies) or credential-bearing
 * headers (Authorization, Cookie): every web page may send the user's credentials to the API and,
 * with credentials allowed, read the answer.
 */
import type { HttpApiModel, RestMethod } from '../../model';
import type { LintContext, LintRule, RuleHit } from '../types';
import { isOn, restApis, v2Apis } from './helpers';

const CREDENTIAL_HEADERS = /^(authorization|cookie|x-amz-security-token|x-api-key)$/i;

/** `"'a,b'"` (a method response header value) or `['a', 'b']`: the names, trimmed. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^'|'$/g, '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

interface CorsSettings {
  origins: string[];
  credentials: boolean;
  headers: string[];
}

function problem({ origins, credentials, headers }: CorsSettings): string | undefined {
  if (!origins.includes('*')) return undefined;
  if (credentials) return 'allows any origin (*) with credentials (cookies)';
  const bearing = headers.filter((header) => CREDENTIAL_HEADERS.test(header) || header === '*');
  if (bearing.length === 0) return undefined;
  return `allows any origin (*) to send credential-bearing headers (${bearing.join(', ')})`;
}

function restCors(method: RestMethod): CorsSettings {
  const header = (name: string): unknown =>
    method.integration?.responses
      .map((response) => response.responseParameters?.[`method.response.header.${name}`])
      .find((value) => value !== undefined);
  return {
    origins: listOf(header('Access-Control-Allow-Origin')),
    credentials: listOf(header('Access-Control-Allow-Credentials')).includes('true'),
    headers: listOf(header('Access-Control-Allow-Headers')),
  };
}

function httpHit(context: LintContext, api: HttpApiModel): RuleHit | undefined {
  if (!api.cors) return undefined;
  const found = problem({
    origins: listOf(api.cors.allowOrigins),
    credentials: isOn(api.cors.allowCredentials),
    headers: listOf(api.cors.allowHeaders),
  });
  if (!found) return undefined;
  return {
    path: context.locate.httpApiCors(),
    message: `the HTTP API's CORS ${found}`,
    resource: api.logicalId,
  };
}

export const corsRule: LintRule = {
  id: 'APIGW-CORS-001',
  severity: 'medium',
  title: "CORS '*' with credentials",
  why: "Origin '*' with credentials or credential-bearing headers lets any web page send a user's credentials to the API; name the origins that may.",
  source:
    'OWASP API Security API8:2023 (security misconfiguration: CORS); no cfn-nag / checkov / Security Hub rule',
  fix: 'List the allowed origins in cors.origins instead of *, or drop allowCredentials and the Authorization / Cookie headers from cors.headers.',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const method of api.methods) {
        if (method.httpMethod !== 'OPTIONS') continue;
        const found = problem(restCors(method));
        if (!found) continue;
        hits.push({
          path: context.locate.restCors(method.path),
          message: `the CORS of ${method.path} ${found}`,
          endpoint: `OPTIONS ${method.path}`,
          // Without credentials the browser sends an Authorization header only if the page has the
          // token already: less serious than cookies going along.
          ...(found.includes('with credentials') ? {} : { severity: 'low' as const }),
          ...(method.logicalId ? { resource: method.logicalId } : {}),
        });
      }
    }
    for (const api of v2Apis(context)) {
      if (api.kind !== 'http') continue;
      const hit = httpHit(context, api);
      if (hit)
        hits.push(hit.message.includes('with credentials') ? hit : { ...hit, severity: 'low' });
    }
    return hits;
  },
};
