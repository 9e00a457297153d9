/** A core-like template and resolved configs for the endpoint-settings, CORS and gateway-response tests. */
import { applyFragment } from '../../src/cloudformation/merge';
import { standaloneNaming } from '../../src/cloudformation/naming';
import type { CfnResource, CfnTemplate, TemplateFragment } from '../../src/cloudformation/template';
import type { CompileContext } from '../../src/pipeline/compile-context';
import type { EventsByKind } from '../../src/common/events';
import { resolveConfig, type ResolvedConfig } from '../../src/pipeline/resolve';
import type { ApiGatewayConfig } from '../../src/config/types.generated';
import { coreSettings, httpEvents } from './config-builders';

export const naming = standaloneNaming('orders', 'prod');

const api = { Ref: 'ApiGatewayRestApi' };

function resource(pathPart: string, parent: string | undefined): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Resource',
    Properties: {
      ParentId: parent
        ? { Ref: parent }
        : { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
      PathPart: pathPart,
      RestApiId: api,
    },
  };
}

function method(
  httpMethod: string,
  resourceId: string,
  integrationType = 'AWS_PROXY',
): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: httpMethod,
      RequestParameters: {},
      ResourceId: { Ref: resourceId },
      RestApiId: api,
      AuthorizationType: 'NONE',
      Integration: {
        IntegrationHttpMethod: 'POST',
        Type: integrationType,
        Uri: 'arn:aws:apigateway:eu-west-1:lambda:path/fn',
      },
      MethodResponses: [],
    },
  };
}

/** What core compiles for GET/POST /orders, GET /orders/{id}, ANY /search (+ extra resources). */
export function coreTemplate(extra: Record<string, CfnResource> = {}): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'prod-orders' } },
      ApiGatewayResourceOrders: resource('orders', undefined),
      ApiGatewayResourceOrdersIdVar: resource('{id}', 'ApiGatewayResourceOrders'),
      ApiGatewayResourceSearch: resource('search', undefined),
      ApiGatewayMethodOrdersGet: method('GET', 'ApiGatewayResourceOrders'),
      ApiGatewayMethodOrdersPost: method('POST', 'ApiGatewayResourceOrders'),
      ApiGatewayMethodOrdersIdVarGet: method('GET', 'ApiGatewayResourceOrdersIdVar'),
      ApiGatewayMethodSearchAny: method('ANY', 'ApiGatewayResourceSearch'),
      ApiGatewayDeployment1700000000000: {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: api, StageName: 'prod' },
      },
      ...extra,
    },
    Outputs: {},
  };
}

export interface EndpointSpec {
  functionName?: string;
  method: string;
  path: string;
  settings?: unknown;
  /** core's own keys on the event (cors …). */
  core?: Record<string, unknown>;
}

export function events(specs: readonly EndpointSpec[]): EventsByKind {
  return httpEvents(
    specs.map((spec, index) => ({
      functionName: spec.functionName ?? `fn${index}`,
      eventIndex: 0,
      settings: spec.settings,
      event: {
        method: spec.method,
        path: spec.path,
        ...spec.core,
        ...(spec.settings === undefined ? {} : { apiGateway: spec.settings }),
      },
    })),
  );
}

/** The four endpoints of `coreTemplate`, with settings by `METHOD path`. */
export function standardEvents(
  settings: Record<string, unknown> = {},
  core: Record<string, Record<string, unknown>> = {},
): EventsByKind {
  return events(
    [
      { functionName: 'listOrders', method: 'get', path: 'orders' },
      { functionName: 'createOrder', method: 'post', path: 'orders' },
      { functionName: 'getOrder', method: 'get', path: 'orders/{id}' },
      { functionName: 'search', method: 'any', path: '/search/' },
    ].map((spec) => {
      const key = `${spec.method.toUpperCase()} ${spec.path.replace(/^\/|\/$/g, '')}`;
      return { ...spec, settings: settings[key], core: core[key] };
    }),
  );
}

export const CACHED_STAGES: ApiGatewayConfig['stages'] = {
  '*': { logging: { level: 'ERROR' }, throttling: { rateLimit: 100, burstLimit: 200 } },
  prod: { caching: { enabled: true, ttlInSeconds: 120, encrypted: true } },
};

export function resolved(
  config: ApiGatewayConfig,
  eventsByKind: EventsByKind,
  stageName = 'prod',
  coreOverrides: Parameters<typeof coreSettings>[0] = {},
): ResolvedConfig {
  return resolveConfig(config, coreSettings({ stageName, ...coreOverrides }), eventsByKind);
}

export function context(template: CfnTemplate): CompileContext {
  return { template, naming };
}

export function applied(
  template: CfnTemplate,
  fragments: readonly TemplateFragment[],
): CfnTemplate {
  const copy = structuredClone(template);
  for (const fragment of fragments) applyFragment(copy, fragment);
  return copy;
}
