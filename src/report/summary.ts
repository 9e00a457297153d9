/**
 * A short, human summary of what a packaged template declares for the REST API: name, stage,
 * endpoints, what the stage turns on, and how many resources the stack has. Pure: template in,
 * lines out; used after `sls package` and by `npm run example`.
 */
import type { CfnObject, CfnResource, CfnTemplate } from '../cloudformation/template';

export interface ApiSummary {
  apiName?: string;
  stageName?: string;
  endpoints: string[];
  stageFeatures: string[];
  resourceCount: number;
}

function refId(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'Ref' in value
    ? String((value as { Ref: unknown }).Ref)
    : undefined;
}

function resourcePath(template: CfnTemplate, resourceId: unknown): string {
  const segments: string[] = [];
  let current = refId(resourceId);
  for (let guard = 0; current && guard < 64; guard += 1) {
    const resource = template.Resources[current];
    if (!resource || resource.Type !== 'AWS::ApiGateway::Resource') break;
    segments.unshift(String(resource.Properties?.PathPart));
    current = refId(resource.Properties?.ParentId);
  }
  return `/${segments.join('/')}`;
}

function describeStage(stage: CfnResource | undefined): string[] {
  if (!stage) return [];
  const properties = stage.Properties ?? {};
  const settings = ((properties.MethodSettings as CfnObject[] | undefined) ?? []).find(
    (setting) => setting.ResourcePath === '/*' && setting.HttpMethod === '*',
  );
  const features: string[] = [];
  if (settings?.LoggingLevel && settings.LoggingLevel !== 'OFF') {
    features.push(
      `execution logs ${String(settings.LoggingLevel)}${settings.DataTraceEnabled ? ' with data trace' : ''}`,
    );
  }
  if (properties.AccessLogSetting) features.push('access logs');
  if (properties.TracingEnabled) features.push('X-Ray tracing');
  if (settings?.MetricsEnabled) features.push('detailed metrics');
  if (properties.CacheClusterEnabled)
    features.push(`cache ${String(properties.CacheClusterSize)} GB`);
  if (settings?.ThrottlingRateLimit !== undefined || settings?.ThrottlingBurstLimit !== undefined) {
    features.push(
      `throttling ${String(settings?.ThrottlingRateLimit ?? '-')} rps / burst ${String(settings?.ThrottlingBurstLimit ?? '-')}`,
    );
  }
  const variables = Object.keys((properties.Variables as CfnObject | undefined) ?? {});
  if (variables.length > 0) features.push(`variables ${variables.join(', ')}`);
  const canary = properties.CanarySetting as CfnObject | undefined;
  if (canary) features.push(`canary ${String(canary.PercentTraffic)}%`);
  if (properties.ClientCertificateId) features.push('client certificate');
  const tags = (properties.Tags as unknown[] | undefined) ?? [];
  if (tags.length > 0) features.push(`${tags.length} tag(s)`);
  return features;
}

export function summarizeTemplate(template: CfnTemplate): ApiSummary {
  const resources = Object.values(template.Resources);
  const api = resources.find((resource) => resource.Type === 'AWS::ApiGateway::RestApi');
  const stage = resources.find((resource) => resource.Type === 'AWS::ApiGateway::Stage');
  const endpoints = resources
    .filter((resource) => resource.Type === 'AWS::ApiGateway::Method')
    .map(
      (method) =>
        `${String(method.Properties?.HttpMethod)} ${resourcePath(template, method.Properties?.ResourceId)}`,
    )
    .sort();
  return {
    ...(api?.Properties?.Name !== undefined ? { apiName: String(api.Properties.Name) } : {}),
    ...(stage?.Properties?.StageName !== undefined
      ? { stageName: String(stage.Properties.StageName) }
      : {}),
    endpoints,
    stageFeatures: describeStage(stage),
    resourceCount: resources.length,
  };
}

export function formatSummary(summary: ApiSummary): string[] {
  return [
    `REST API ${summary.apiName ?? '(shared)'}, stage ${summary.stageName ?? '(not declared)'}`,
    `  endpoints (${summary.endpoints.length}): ${summary.endpoints.join(', ') || 'none'}`,
    `  stage: ${summary.stageFeatures.join(', ') || 'defaults only'}`,
    `  ${summary.resourceCount} CloudFormation resources (CloudFormation allows 500 per stack)`,
  ];
}
