/**
 * Small packaged templates and service configs for the security lint's rule tests: a REST API
 * with the methods, stage and extras a test names, `http` / `httpApi` events as core reads them,
 * and one call that runs one rule over them.
 */
import type { CfnObject, CfnResource, CfnTemplate } from '../../../src/cloudformation/template';
import { emptyEvents, type EventKind, type EventsByKind } from '../../../src/common/events';
import type { ApiGatewayConfig } from '../../../src/config/types.generated';
import { runLint } from '../../../src/lint/runner';
import type { LintReport, LintRule } from '../../../src/lint/types';

export interface MethodSpec {
  path: string;
  method: string;
  properties?: CfnObject;
}

function pathResourceId(path: string): string {
  return `ApiGatewayResource${path
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/[^A-Za-z0-9]/g, ''))
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

/** A REST API (REGIONAL unless `api` says), one Stage `stageName`, and the given methods. */
export function restTemplate(
  options: {
    api?: CfnObject;
    stage?: CfnObject;
    methods?: MethodSpec[];
    resources?: Record<string, CfnResource>;
    stageName?: string;
  } = {},
): CfnTemplate {
  const resources: Record<string, CfnResource> = {
    ApiGatewayRestApi: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: 'orders',
        EndpointConfiguration: { Types: ['REGIONAL'] },
        ...options.api,
      },
    },
    ApiGatewayStage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        StageName: options.stageName ?? 'prod',
        DeploymentId: { Ref: 'ApiGatewayDeployment1' },
        ...options.stage,
      },
    },
  };
  for (const spec of options.methods ?? [{ path: '/orders', method: 'GET' }]) {
    const parts = spec.path.split('/').filter(Boolean);
    let parent: unknown = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
    parts.forEach((part, index) => {
      const id = pathResourceId(`/${parts.slice(0, index + 1).join('/')}`);
      resources[id] = {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { ParentId: parent, PathPart: part, RestApiId: { Ref: 'ApiGatewayRestApi' } },
      };
      parent = { Ref: id };
    });
    const methodId = `ApiGatewayMethod${pathResourceId(spec.path).slice('ApiGatewayResource'.length)}${spec.method.charAt(0)}${spec.method.slice(1).toLowerCase()}`;
    resources[methodId] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: spec.method,
        ResourceId: parent,
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        AuthorizationType: 'NONE',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: 'arn:lambda' },
        ...spec.properties,
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { ...resources, ...options.resources },
  };
}

/** Function events as core hands them over: `{ functionName: [ { http: {...} } ] }`. */
export function events(
  list: Array<{ functionName: string; kind?: EventKind; event: unknown }> = [],
): EventsByKind {
  const result = { ...emptyEvents() } as Record<EventKind, unknown[]>;
  const indexes = new Map<string, number>();
  for (const { functionName, kind = 'http', event } of list) {
    const eventIndex = indexes.get(functionName) ?? 0;
    indexes.set(functionName, eventIndex + 1);
    const settings =
      event && typeof event === 'object' && 'apiGateway' in event
        ? (event as { apiGateway: unknown }).apiGateway
        : undefined;
    result[kind].push({
      kind,
      functionName,
      eventIndex,
      event,
      ...(settings === undefined ? {} : { settings }),
    });
  }
  return result as unknown as EventsByKind;
}

export function lint(
  rule: LintRule,
  template: CfnTemplate,
  options: {
    config?: ApiGatewayConfig;
    events?: EventsByKind;
    stageName?: string;
    provider?: Record<string, unknown>;
  } = {},
): LintReport {
  return runLint({
    template,
    stageName: options.stageName ?? 'prod',
    config: options.config ?? {},
    events: options.events ?? emptyEvents(),
    ...(options.provider ? { provider: options.provider } : {}),
    rules: [rule],
  });
}

/** `[path, message]` of each finding: what a rule test asserts. */
export function found(report: LintReport): Array<[string, string]> {
  return report.findings.map((finding) => [finding.path, finding.message]);
}
