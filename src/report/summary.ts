/**
 * A short, human summary of what a packaged template declares for the REST API: name, stage,
 * endpoints, what the stage turns on, and how many resources the stack has. Pure: template in,
 * lines out; used after `sls package` and by `npm run example`.
 */
import { resourcePath } from '../cloudformation/rest-paths';
import type { CfnObject, CfnResource, CfnTemplate } from '../cloudformation/template';
import { refId } from '../cloudformation/template';

export interface ApiSummary {
  apiName?: string;
  stageName?: string;
  endpoints: string[];
  stageFeatures: string[];
  /** `name (TYPE)` of each REST authorizer. */
  authorizers: string[];
  /** `name (n keys)` of each usage plan. */
  usagePlans: string[];
  /** `METHOD /path` of each endpoint with caching on. */
  cachedEndpoints: string[];
  /** Route keys of the HTTP API, when there is one. */
  httpApiRoutes: string[];
  /** Route keys of the WebSocket API, when there is one. */
  websocketRoutes: string[];
  resourceCount: number;
}

function ofType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function routeKeys(template: CfnTemplate, apiLogicalId: string): string[] {
  return ofType(template, 'AWS::ApiGatewayV2::Route')
    .filter(([, route]) => refId(route.Properties?.ApiId) === apiLogicalId)
    .map(([, route]) => String(route.Properties?.RouteKey))
    .sort();
}

/** `/~1orders~1{id}` → `/orders/{id}` */
function unescapePath(path: string): string {
  return path.replace(/^\//, '').replace(/~1/g, '/');
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
  const cached = ((stage?.Properties?.MethodSettings as CfnObject[] | undefined) ?? []).filter(
    (setting) => setting.CachingEnabled === true && setting.ResourcePath !== '/*',
  );
  const keysPerPlan = new Map<string, number>();
  for (const [, key] of ofType(template, 'AWS::ApiGateway::UsagePlanKey')) {
    const plan = refId(key.Properties?.UsagePlanId);
    if (plan) keysPerPlan.set(plan, (keysPerPlan.get(plan) ?? 0) + 1);
  }
  return {
    ...(api?.Properties?.Name !== undefined ? { apiName: String(api.Properties.Name) } : {}),
    ...(stage?.Properties?.StageName !== undefined
      ? { stageName: String(stage.Properties.StageName) }
      : {}),
    endpoints,
    stageFeatures: describeStage(stage),
    authorizers: ofType(template, 'AWS::ApiGateway::Authorizer')
      .map(
        ([, authorizer]) =>
          `${String(authorizer.Properties?.Name)} (${String(authorizer.Properties?.Type)})`,
      )
      .sort(),
    usagePlans: ofType(template, 'AWS::ApiGateway::UsagePlan')
      .map(([id, plan]) => {
        const keys = keysPerPlan.get(id) ?? 0;
        return `${String(plan.Properties?.UsagePlanName ?? id)} (${keys} key${keys === 1 ? '' : 's'})`;
      })
      .sort(),
    cachedEndpoints: cached
      .map(
        (setting) => `${String(setting.HttpMethod)} ${unescapePath(String(setting.ResourcePath))}`,
      )
      .sort(),
    httpApiRoutes: template.Resources.HttpApi ? routeKeys(template, 'HttpApi') : [],
    websocketRoutes: template.Resources.WebsocketsApi ? routeKeys(template, 'WebsocketsApi') : [],
    resourceCount: resources.length,
  };
}

export function formatSummary(summary: ApiSummary): string[] {
  const lines = [
    `REST API ${summary.apiName ?? '(shared)'}, stage ${summary.stageName ?? '(not declared)'}`,
    `  endpoints (${summary.endpoints.length}): ${summary.endpoints.join(', ') || 'none'}`,
    `  stage: ${summary.stageFeatures.join(', ') || 'defaults only'}`,
  ];
  if (summary.authorizers.length > 0)
    lines.push(`  authorizers: ${summary.authorizers.join(', ')}`);
  if (summary.usagePlans.length > 0) lines.push(`  usage plans: ${summary.usagePlans.join(', ')}`);
  if (summary.cachedEndpoints.length > 0)
    lines.push(`  cached: ${summary.cachedEndpoints.join(', ')}`);
  if (summary.httpApiRoutes.length > 0) {
    lines.push(
      `HTTP API routes (${summary.httpApiRoutes.length}): ${summary.httpApiRoutes.join(', ')}`,
    );
  }
  if (summary.websocketRoutes.length > 0) {
    lines.push(
      `WebSocket API routes (${summary.websocketRoutes.length}): ${summary.websocketRoutes.join(', ')}`,
    );
  }
  lines.push(
    `${summary.resourceCount} CloudFormation resources (CloudFormation allows 500 per stack)`,
  );
  return lines;
}
