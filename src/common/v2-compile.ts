/**
 * What the HTTP API and WebSocket compilers share: finding core's routes, the stage's
 * `RouteSettings`, access logs and Lambda authorizer wiring. Pure CloudFormation builders; what a
 * stage means is resolved in ./v2-stage.
 */
import type { CfnObject, CfnResource, CfnTemplate } from '../cloudformation/template';
import { getAtt, ref, executeApiArn } from '../cloudformation/template';

export { lambdaInvocationUri } from '../cloudformation/template';
import type { CfnValue } from './intrinsics';
import type { ResolvedAccessLog } from '../features/stage/access-log-formats';
import type { ResolvedRouteSettings, ResolvedV2Stage } from './v2-stage';
import type { ThrottlingConfig } from '../config/types.generated';

/** Route key → logical id of core's `AWS::ApiGatewayV2::Route`s on the API `apiLogicalId`. */
export function routesOnApi(
  template: Readonly<CfnTemplate>,
  apiLogicalId: string,
): Map<string, string> {
  const routes = new Map<string, string>();
  for (const logicalId of Object.keys(template.Resources).sort()) {
    const resource = template.Resources[logicalId];
    if (resource.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const properties = resource.Properties ?? {};
    if (JSON.stringify(properties.ApiId) !== JSON.stringify(ref(apiLogicalId))) continue;
    if (typeof properties.RouteKey === 'string') routes.set(properties.RouteKey, logicalId);
  }
  return routes;
}

export function throttlingProperties(
  throttling: Readonly<ThrottlingConfig> | undefined,
): CfnObject {
  const properties: CfnObject = {};
  if (throttling?.rateLimit !== undefined) properties.ThrottlingRateLimit = throttling.rateLimit;
  if (throttling?.burstLimit !== undefined) properties.ThrottlingBurstLimit = throttling.burstLimit;
  return properties;
}

function routeSettingsProperties(settings: ResolvedRouteSettings): CfnObject {
  return {
    ...throttlingProperties(settings.throttling),
    ...(settings.metrics !== undefined ? { DetailedMetricsEnabled: settings.metrics } : {}),
    ...(settings.logging?.level !== undefined ? { LoggingLevel: settings.logging.level } : {}),
    ...(settings.logging?.dataTrace !== undefined
      ? { DataTraceEnabled: settings.logging.dataTrace }
      : {}),
  };
}

/** `RouteSettings` for the routes that exist, and the route logical ids the Stage must wait for. */
export function stageRouteSettings(
  stage: ResolvedV2Stage,
  routes: ReadonlyMap<string, string>,
): { routeSettings: CfnObject; dependsOn: string[] } {
  const routeSettings: CfnObject = {};
  const dependsOn: string[] = [];
  for (const key of Object.keys(stage.routes).sort()) {
    const logicalId = routes.get(key);
    const properties = routeSettingsProperties(stage.routes[key]);
    if (!logicalId || Object.keys(properties).length === 0) continue;
    routeSettings[key] = properties;
    // API Gateway refuses settings for a route that does not exist yet (serverless#8589).
    dependsOn.push(logicalId);
  }
  return { routeSettings, dependsOn };
}

/** The log group for access logs the plugin manages, keeping what core put on it. */
export function accessLogGroup(
  name: string,
  retentionInDays: number | undefined,
  existing: CfnResource | undefined,
): CfnResource {
  return {
    Type: 'AWS::Logs::LogGroup',
    Properties: {
      ...existing?.Properties,
      LogGroupName: name,
      ...(retentionInDays !== undefined ? { RetentionInDays: retentionInDays } : {}),
    },
  };
}

export function accessLogSettings(
  accessLog: ResolvedAccessLog,
  logGroupLogicalId: string,
): CfnObject {
  const destination: CfnValue | { 'Fn::GetAtt': [string, string] } =
    accessLog.destinationArn ?? getAtt(logGroupLogicalId, 'Arn');
  return { DestinationArn: destination, Format: accessLog.format };
}

/** Lets API Gateway (this API only) invoke an authorizer function. */
export function authorizerPermission(
  functionArn: unknown,
  apiLogicalId: string,
  authorizerLogicalId: string,
): CfnResource {
  return {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      FunctionName: functionArn,
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: executeApiArn(ref(apiLogicalId), '/authorizers/', ref(authorizerLogicalId)),
    },
  };
}

/**
 * Description, tags and stage variables of a v2 stage, written over what core put there. v2 stages
 * take tags as a JSON map (not a list of Key/Value); ours win over core's provider.tags.
 */
export function applyStageBasics(
  properties: CfnObject,
  stage: Pick<ResolvedV2Stage, 'description' | 'tags' | 'variables'>,
): void {
  if (stage.description !== undefined) properties.Description = stage.description;
  if (Object.keys(stage.tags).length > 0) {
    const tags = { ...(properties.Tags as Record<string, string> | undefined), ...stage.tags };
    properties.Tags = Object.fromEntries(
      Object.keys(tags)
        .sort()
        .map((key) => [key, tags[key]]),
    );
  }
  if (Object.keys(stage.variables).length > 0) properties.StageVariables = { ...stage.variables };
}
