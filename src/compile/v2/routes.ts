/**
 * HTTP API routes without a function (`custom.apiGateway.httpApi.routes`): one
 * AWS::ApiGatewayV2::Route and Integration per route key on core's HTTP API — HTTP_PROXY to a URL,
 * or AWS_PROXY with a first-class integration subtype, its parameters and the role API Gateway
 * assumes (created per route, allowed exactly the subtype's action on its target, unless the user
 * names a role). The authorizer (own, default or none) and scopes go on the route; throttling and
 * metrics land in the stage's RouteSettings (compileHttpApi).
 */
import type { CfnObject, CfnResource } from '../../cloudformation/template';
import { getAtt, ref } from '../../cloudformation/template';
import type { ApiGatewayConfig } from '../../config/types.generated';
import { NO_AUTHORIZER } from '../../config/v2-apis';
import {
  type CfnString,
  HTTP_API_SUBTYPES,
  type HttpApiRouteConfig,
  type HttpApiRouteIntegrationConfig,
  type HttpApiSubtype,
  httpApiRoutes,
  routeMethod,
} from '../../config/v2-routes';
import { integrationRole } from '../routes/aws';
import { ACCOUNT_ID, join, PARTITION, REGION, splitPart } from '../routes/cfn';
import { routeAuthorization } from './common';
import { v2Naming } from './naming';

function isGetAttArn(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const getAttValue = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAttValue) && getAttValue[1] === 'Arn';
}

/** `arn:<partition>:sqs:<region>:<account>:<name>` from `https://sqs.<region>.amazonaws.com/<account>/<name>`. */
function queueArn(url: CfnString): CfnString {
  const host = splitPart(url, '/', 2);
  return join([
    'arn:',
    PARTITION,
    ':sqs:',
    splitPart(host, '.', 1),
    ':',
    splitPart(url, '/', 3),
    ':',
    splitPart(url, '/', 4),
  ]);
}

/**
 * The ARN the role may act on, from the subtype's target parameters (a queue URL or `{ Ref: Queue }`
 * is split at deploy time; a stream or bus name, or its `Ref`, is put into the ARN).
 */
export function subtypeResource(
  subtype: HttpApiSubtype,
  parameters: Readonly<Record<string, CfnString>>,
): CfnString {
  const region = parameters.Region ?? REGION;
  const arn = (service: string, rest: unknown[]) =>
    join(['arn:', PARTITION, `:${service}:`, region, ':', ACCOUNT_ID, ':', ...rest]);
  switch (subtype) {
    case 'SQS-SendMessage':
    case 'SQS-ReceiveMessage':
    case 'SQS-DeleteMessage':
    case 'SQS-PurgeQueue':
      return queueArn(parameters.QueueUrl);
    case 'StepFunctions-StartExecution':
    case 'StepFunctions-StartSyncExecution':
      return parameters.StateMachineArn;
    case 'StepFunctions-StopExecution': {
      const execution = parameters.ExecutionArn;
      if (typeof execution === 'string' && execution.startsWith('arn:')) return execution;
      if (typeof execution === 'object') return execution;
      return arn('states', ['execution:*']);
    }
    case 'Kinesis-PutRecord':
      return arn('kinesis', ['stream/', parameters.StreamName]);
    case 'EventBridge-PutEvents': {
      const bus = parameters.EventBusName ?? 'default';
      if (isGetAttArn(bus) || (typeof bus === 'string' && bus.startsWith('arn:'))) return bus;
      return arn('events', ['event-bus/', bus]);
    }
    case 'AppConfig-GetConfiguration':
      return arn('appconfig', [
        'application/',
        parameters.Application,
        '/environment/',
        parameters.Environment,
        '/configuration/',
        parameters.Configuration,
      ]);
  }
}

function sortedParameters(
  parameters: Readonly<Record<string, CfnString>> | undefined,
): Record<string, CfnString> {
  return Object.fromEntries(
    Object.keys(parameters ?? {})
      .sort()
      .map((name) => [name, (parameters ?? {})[name]]),
  );
}

function integrationResources(key: string, route: HttpApiRouteConfig): Record<string, CfnResource> {
  const integration: HttpApiRouteIntegrationConfig = route.integration;
  const properties: CfnObject = { ApiId: ref(v2Naming.httpApi()) };
  const resources: Record<string, CfnResource> = {};
  if (integration.type === 'http_proxy') {
    Object.assign(properties, {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: integration.uri,
      IntegrationMethod: integration.method ?? routeMethod(key),
      // HTTP_PROXY integrations support payload format 1.0 only (API Gateway rule).
      PayloadFormatVersion: '1.0',
      ...(integration.vpcLink !== undefined
        ? { ConnectionType: 'VPC_LINK', ConnectionId: integration.vpcLink }
        : {}),
      ...(integration.tlsServerName !== undefined
        ? { TlsConfig: { ServerNameToVerify: integration.tlsServerName } }
        : {}),
    });
  } else {
    const subtype = integration.subtype as HttpApiSubtype;
    const parameters = sortedParameters(
      integration.parameters as Record<string, CfnString> | undefined,
    );
    let credentials: unknown = integration.role;
    if (credentials === undefined) {
      const roleId = v2Naming.httpApiRouteRole(key);
      resources[roleId] = integrationRole({
        action: HTTP_API_SUBTYPES[subtype].action,
        resource: subtypeResource(subtype, parameters),
      });
      credentials = getAtt(roleId, 'Arn');
    }
    Object.assign(properties, {
      IntegrationType: 'AWS_PROXY',
      IntegrationSubtype: subtype,
      PayloadFormatVersion: '1.0',
      RequestParameters: parameters,
      CredentialsArn: credentials,
    });
  }
  if (route.timeout !== undefined) properties.TimeoutInMillis = Math.round(route.timeout * 1000);
  resources[v2Naming.httpApiRouteIntegration(key)] = {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: properties,
  };
  return resources;
}

function authorization(raw: ApiGatewayConfig, route: HttpApiRouteConfig): CfnObject {
  const authorizers = raw.httpApi?.authorizers ?? {};
  const name =
    route.authorizer === NO_AUTHORIZER
      ? undefined
      : (route.authorizer ?? raw.httpApi?.defaultAuthorizer);
  if (name === undefined || !authorizers[name]) return { AuthorizationType: 'NONE' };
  return routeAuthorization(name, authorizers[name], route.scopes);
}

/** Resources of every route in `custom.apiGateway.httpApi.routes`, for core's HTTP API. */
export function httpApiRouteResources(raw: ApiGatewayConfig): Record<string, CfnResource> {
  const routes = httpApiRoutes(raw);
  const resources: Record<string, CfnResource> = {};
  for (const key of Object.keys(routes).sort()) {
    const route = routes[key];
    const integrationId = v2Naming.httpApiRouteIntegration(key);
    Object.assign(resources, integrationResources(key, route));
    resources[v2Naming.httpApiRoute(key)] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: ref(v2Naming.httpApi()),
        RouteKey: key,
        Target: { 'Fn::Join': ['/', ['integrations', ref(integrationId)]] },
        ...authorization(raw, route),
      },
      // No DependsOn on the integration: the Target's Ref already orders the route after it.
    };
  }
  return resources;
}
