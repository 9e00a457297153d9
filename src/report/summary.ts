/**
 * What `sls package` packaged, read from the API model of the template (so a REST API defined by a
 * `Body`, an HTTP-only or a WebSocket-only service are described as they are): one short line per
 * API always, the full summary with `--verbose`. Pure: template in, lines out; used after
 * `sls package` and by `npm run example`.
 */
import type { CfnObject, CfnResource, CfnTemplate } from '../cloudformation/template';
import { readHttpApi, readRestApi, readWebSocketApi } from '../model';
import type { RestApiModel, V2Stage } from '../model';
import { renderValue } from '../openapi/intrinsics';
import { domainLines } from './domain-summary';

export interface ApiSummary {
  /**
   * `declared`: the template has the RestApi; `shared`: methods of a REST API declared elsewhere
   * (`provider.apiGateway.restApiId`); `none`: no REST API at all.
   */
  restApi: 'declared' | 'shared' | 'none';
  apiName?: string;
  stageName?: string;
  /** `METHOD /path` of each REST method (from Resources or the RestApi's Body). */
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
  /** The HTTP API's stage names (`$default`…). */
  httpApiStages: string[];
  /** Route keys of the WebSocket API, when there is one. */
  websocketRoutes: string[];
  websocketStages: string[];
  /** Which APIs the template has (the short summary prints a line for each). */
  apis: Array<'rest' | 'http' | 'websocket'>;
  /** `https://<domain>/<base path> → <API>…` of each custom-domain mapping; absent when none. */
  domains?: string[];
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

function restApiKind(api: RestApiModel): ApiSummary['restApi'] {
  if (api.logicalId !== undefined) return 'declared';
  return api.methods.length > 0 ? 'shared' : 'none';
}

function stageNames(stages: readonly V2Stage[]): string[] {
  return stages.map((stage) => renderValue(stage.stageName ?? '$default')).sort();
}

export function summarizeTemplate(template: CfnTemplate): ApiSummary {
  const rest = readRestApi(template);
  const http = readHttpApi(template);
  const websocket = readWebSocketApi(template);
  const restApi = restApiKind(rest);
  const [stageModel] = rest.stages;
  const stage = stageModel ? template.Resources[stageModel.logicalId] : undefined;
  const domains = domainLines(template);
  const cached = ((stage?.Properties?.MethodSettings as CfnObject[] | undefined) ?? []).filter(
    (setting) => setting.CachingEnabled === true && setting.ResourcePath !== '/*',
  );
  return {
    restApi,
    ...(rest.name !== undefined || rest.logicalId !== undefined
      ? { apiName: renderValue(rest.name ?? rest.logicalId) }
      : {}),
    ...(stageModel?.stageName !== undefined
      ? { stageName: renderValue(stageModel.stageName) }
      : {}),
    endpoints: rest.methods.map((method) => `${method.httpMethod} ${method.path}`).sort(),
    stageFeatures: describeStage(stage),
    authorizers: rest.authorizers
      .map((authorizer) => `${authorizer.name} (${authorizer.type})`)
      .sort(),
    usagePlans: rest.usagePlans
      .map((plan) => {
        const keys = plan.apiKeys.length;
        return `${renderValue(plan.name ?? plan.logicalId)} (${keys} key${keys === 1 ? '' : 's'})`;
      })
      .sort(),
    cachedEndpoints: cached
      .map(
        (setting) => `${String(setting.HttpMethod)} ${unescapePath(String(setting.ResourcePath))}`,
      )
      .sort(),
    httpApiRoutes: (http?.routes ?? []).map((route) => route.routeKey).sort(),
    httpApiStages: http ? stageNames(http.stages) : [],
    websocketRoutes: (websocket?.routes ?? []).map((route) => route.routeKey).sort(),
    websocketStages: websocket ? stageNames(websocket.stages) : [],
    apis: [
      ...(restApi !== 'none' ? ['rest' as const] : []),
      ...(http ? ['http' as const] : []),
      ...(websocket ? ['websocket' as const] : []),
    ],
    ...(domains.length > 0 ? { domains } : {}),
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function restTitle(summary: ApiSummary): string {
  const name =
    summary.restApi === 'shared' ? '(shared, declared outside this stack)' : summary.apiName;
  const stage = summary.stageName ? `, stage ${summary.stageName}` : '';
  return `REST API ${name ?? ''}${stage}`;
}

function v2Stages(stages: readonly string[]): string {
  return stages.length > 0 ? `, stage ${stages.join(', ')}` : '';
}

/** One line per API the template has (printed after every `sls package`). */
export function formatShortSummary(summary: ApiSummary): string[] {
  const lines: string[] = [];
  if (summary.apis.includes('rest')) {
    const extras = [
      summary.authorizers.length > 0 ? count(summary.authorizers.length, 'authorizer') : '',
      summary.cachedEndpoints.length > 0 ? `${summary.cachedEndpoints.length} cached` : '',
    ].filter(Boolean);
    lines.push(
      `${restTitle(summary)}: ${count(summary.endpoints.length, 'endpoint')}${extras.length ? ` (${extras.join(', ')})` : ''}`,
    );
  }
  if (summary.apis.includes('http')) {
    lines.push(
      `HTTP API${v2Stages(summary.httpApiStages)}: ${count(summary.httpApiRoutes.length, 'route')}`,
    );
  }
  if (summary.apis.includes('websocket')) {
    lines.push(
      `WebSocket API${v2Stages(summary.websocketStages)}: ${count(summary.websocketRoutes.length, 'route')}`,
    );
  }
  for (const domain of summary.domains ?? []) lines.push(`domain ${domain}`);
  return lines;
}

/** The full summary (`--verbose` and `npm run example`). */
export function formatSummary(summary: ApiSummary): string[] {
  const lines: string[] = [];
  if (summary.apis.includes('rest')) {
    lines.push(
      restTitle(summary),
      `  endpoints (${summary.endpoints.length}): ${summary.endpoints.join(', ') || 'none'}`,
    );
    if (summary.restApi === 'declared')
      lines.push(`  stage: ${summary.stageFeatures.join(', ') || 'defaults only'}`);
    if (summary.authorizers.length > 0)
      lines.push(`  authorizers: ${summary.authorizers.join(', ')}`);
    if (summary.usagePlans.length > 0)
      lines.push(`  usage plans: ${summary.usagePlans.join(', ')}`);
    if (summary.cachedEndpoints.length > 0)
      lines.push(`  cached: ${summary.cachedEndpoints.join(', ')}`);
  }
  if (summary.apis.includes('http')) {
    lines.push(
      `HTTP API${v2Stages(summary.httpApiStages)}, routes (${summary.httpApiRoutes.length}): ${summary.httpApiRoutes.join(', ') || 'none'}`,
    );
  }
  if (summary.apis.includes('websocket')) {
    lines.push(
      `WebSocket API${v2Stages(summary.websocketStages)}, routes (${summary.websocketRoutes.length}): ${summary.websocketRoutes.join(', ') || 'none'}`,
    );
  }
  for (const domain of summary.domains ?? []) lines.push(`domain ${domain}`);
  if (lines.length === 0) lines.push('no API Gateway API in the template');
  return lines;
}
