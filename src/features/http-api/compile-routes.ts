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
import type { V2Naming } from '../../cloudformation/naming';
import type { CfnString, HttpApiSubtype } from './resolve-routes';
import type {
  ResolvedHttpApi,
  ResolvedHttpApiAuthorizer,
  ResolvedHttpApiRoute,
  ResolvedHttpApiRouteAuth,
} from './resolve';
import { integrationRole } from '../routes/compile-aws';
import { ACCOUNT_ID, join, PARTITION, REGION, splitPart } from '../routes/cfn';

/** A route's authorization properties for an HTTP API authorizer of ours (none: open). */
export function routeAuthorization(
  auth: ResolvedHttpApiRouteAuth,
  authorizers: ResolvedHttpApi['authorizers'],
  naming: V2Naming,
): CfnObject | undefined {
  const authorizer: ResolvedHttpApiAuthorizer | undefined =
    auth.authorizer === undefined ? undefined : authorizers[auth.authorizer];
  if (auth.authorizer === undefined || !authorizer) return undefined;
  if (authorizer.type === 'iam') return { AuthorizationType: 'AWS_IAM' };
  return {
    AuthorizationType: authorizer.type === 'jwt' ? 'JWT' : 'CUSTOM',
    AuthorizerId: ref(naming.httpApiAuthorizer(auth.authorizer)),
    ...(authorizer.type === 'jwt' && auth.scopes ? { AuthorizationScopes: [...auth.scopes] } : {}),
  };
}

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

function integrationResources(
  key: string,
  route: ResolvedHttpApiRoute,
  naming: V2Naming,
): Record<string, CfnResource> {
  const integration = route.integration;
  const properties: CfnObject = { ApiId: ref(naming.httpApi()) };
  const resources: Record<string, CfnResource> = {};
  if (integration.type === 'http_proxy') {
    Object.assign(properties, {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: integration.uri,
      IntegrationMethod: integration.method,
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
    const { subtype, parameters } = integration;
    let credentials: unknown = integration.role;
    if (credentials === undefined) {
      const roleId = naming.httpApiRouteRole(key);
      resources[roleId] = integrationRole({
        action: integration.action,
        resource: subtypeResource(subtype, parameters),
      });
      credentials = getAtt(roleId, 'Arn');
    }
    Object.assign(properties, {
      IntegrationType: 'AWS_PROXY',
      IntegrationSubtype: subtype,
      PayloadFormatVersion: '1.0',
      RequestParameters: { ...parameters },
      CredentialsArn: credentials,
    });
  }
  if (route.timeoutInMillis !== undefined) properties.TimeoutInMillis = route.timeoutInMillis;
  resources[naming.httpApiRouteIntegration(key)] = {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: properties,
  };
  return resources;
}

/** Resources of every route in `custom.apiGateway.httpApi.routes`, for core's HTTP API. */
export function httpApiRouteResources(
  httpApi: ResolvedHttpApi,
  naming: V2Naming,
): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {};
  for (const key of Object.keys(httpApi.routes).sort()) {
    const route = httpApi.routes[key];
    const integrationId = naming.httpApiRouteIntegration(key);
    Object.assign(resources, integrationResources(key, route, naming));
    resources[naming.httpApiRoute(key)] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: ref(naming.httpApi()),
        RouteKey: key,
        Target: { 'Fn::Join': ['/', ['integrations', ref(integrationId)]] },
        ...(routeAuthorization(route, httpApi.authorizers, naming) ?? {
          AuthorizationType: 'NONE',
        }),
      },
      // No DependsOn on the integration: the Target's Ref already orders the route after it.
    };
  }
  return resources;
}
