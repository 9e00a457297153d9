/**
 * HTTP APIs (issue 7): extends what core compiled from `httpApi` events. The `$default` stage
 * (core's `HttpApiStage`, auto-deployed) gets stage variables, default and per-route throttling and
 * metrics (`RouteSettings`) and access logs; named authorizers (jwt, lambda, iam) are added and
 * put on routes, with `defaultAuthorizer` and `authorizer: none`; the function integrations get the
 * events' timeout and payload format version. Core's `HttpApiId` / `HttpApiUrl` outputs stay.
 * Routes without a function (`routes`, see compile-routes.ts), the Api's CorsConfiguration (`cors`) and
 * stage tags are added here too. A service whose HTTP API has only such routes (no `httpApi` event,
 * so core makes no API) gets the API, stage and outputs core would have made (`httpApiForRoutes`).
 */
import type {
  CfnObject,
  CfnResource,
  ResourcePatch,
  TemplateFragment,
} from '../../cloudformation/template';
import { dependsOnList, executeApiUrl, getAtt, ref } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import type { CompileContext } from '../../pipeline/compile-context';
import { STACK_OUTPUTS, standaloneV2Naming, type V2Naming } from '../../cloudformation/naming';
import type { ResolvedHttpApiAuthorizer } from './resolve';
import {
  accessLogGroup,
  accessLogSettings,
  applyStageBasics,
  authorizerPermission,
  lambdaInvocationUri,
  routesOnApi,
  stageRouteSettings,
  throttlingProperties,
} from '../../common/v2-compile';
import { httpApiRouteResources, routeAuthorization } from './compile-routes';

function authorizerResources(
  key: string,
  authorizer: ResolvedHttpApiAuthorizer,
  naming: V2Naming,
): Record<string, CfnResource> {
  if (authorizer.type === 'iam') return {};
  const apiId = naming.httpApi();
  const logicalId = naming.httpApiAuthorizer(key);
  const properties: CfnObject = { ApiId: ref(apiId), Name: authorizer.name };
  if (authorizer.type === 'jwt') {
    Object.assign(properties, {
      AuthorizerType: 'JWT',
      IdentitySource: [...authorizer.identitySource],
      JwtConfiguration: { Audience: authorizer.audience, Issuer: authorizer.issuer },
    });
    return { [logicalId]: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: properties } };
  }
  const arn =
    authorizer.functionArn ?? getAtt(naming.lambdaFunction(authorizer.functionName ?? ''), 'Arn');
  Object.assign(properties, {
    AuthorizerType: 'REQUEST',
    AuthorizerUri: lambdaInvocationUri(arn),
    AuthorizerPayloadFormatVersion: authorizer.payloadVersion,
    ...(authorizer.enableSimpleResponses !== undefined
      ? { EnableSimpleResponses: authorizer.enableSimpleResponses }
      : {}),
    AuthorizerResultTtlInSeconds: authorizer.resultTtlInSeconds,
    ...(authorizer.identitySource ? { IdentitySource: [...authorizer.identitySource] } : {}),
  });
  return {
    [logicalId]: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: properties },
    [naming.httpApiAuthorizerPermission(key)]: authorizerPermission(arn, apiId, logicalId),
  };
}

/**
 * The HTTP API of a service with `httpApi.routes` and no `httpApi` event: what core makes for
 * `httpApi` events (serverless/lib/plugins/aws/package/compile/events/http-api.js), under core's
 * logical ids and with core's `provider.httpApi` name, endpoint switch, metrics and
 * `provider.tags`, so that adding a function event later changes nothing about the API. Core's
 * own CORS and access-log settings for it are refused by the semantic checks (core never applies
 * them without an event; the plugin's `httpApi.cors` and stage logging do the same).
 */
export function httpApiForRoutes(config: ResolvedConfig, ctx: CompileContext): TemplateFragment[] {
  const api = config.httpApi?.apiForRoutes;
  if (!api) return [];
  const naming = ctx.v2Naming ?? standaloneV2Naming;
  const apiId = naming.httpApi();
  if (ctx.template.Resources[apiId]) return [];
  const tags = api.tags;
  const hasTags = Object.keys(tags).length > 0;
  const metrics = api.metrics;
  return [
    {
      Resources: {
        [apiId]: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: {
            Name: api.name,
            ProtocolType: 'HTTP',
            ...(api.disableExecuteApiEndpoint !== undefined
              ? { DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint }
              : {}),
            ...(hasTags ? { Tags: { ...tags } } : {}),
          },
        },
        [naming.httpApiStage()]: {
          Type: 'AWS::ApiGatewayV2::Stage',
          Properties: {
            ApiId: ref(apiId),
            StageName: '$default',
            AutoDeploy: true,
            DefaultRouteSettings: metrics !== undefined ? { DetailedMetricsEnabled: metrics } : {},
            ...(hasTags ? { Tags: { ...tags } } : {}),
          },
        },
      },
      Outputs: {
        [STACK_OUTPUTS.httpApiId]: { Description: 'Id of the HTTP API', Value: ref(apiId) },
        [STACK_OUTPUTS.httpApiUrl]: {
          Description: 'URL of the HTTP API',
          Value: executeApiUrl(ref(apiId)),
        },
      },
    },
  ];
}

export function compileHttpApi(config: ResolvedConfig, ctx: CompileContext): TemplateFragment[] {
  const httpApi = config.httpApi;
  if (!httpApi) return [];
  const { template } = ctx;
  const naming = ctx.v2Naming ?? standaloneV2Naming;
  const apiId = naming.httpApi();
  // Nothing to extend without core's HTTP API (no httpApi event, or an external provider.httpApi.id).
  if (template.Resources[apiId]?.Type !== 'AWS::ApiGatewayV2::Api') return [];
  const { authorizers } = httpApi;
  const resources: Record<string, CfnResource> = {};
  const patches: ResourcePatch[] = [];

  for (const name of Object.keys(authorizers).sort()) {
    Object.assign(resources, authorizerResources(name, authorizers[name], naming));
  }

  // Routes without a function; the stage's RouteSettings may name them.
  const routeResources = httpApiRouteResources(httpApi, naming);
  Object.assign(resources, routeResources);
  const routes = routesOnApi(template, apiId);
  for (const [logicalId, resource] of Object.entries(routeResources)) {
    if (resource.Type === 'AWS::ApiGatewayV2::Route')
      routes.set(String(resource.Properties?.RouteKey), logicalId);
  }
  if (httpApi.cors) {
    patches.push({
      logicalId: apiId,
      setProperties: { CorsConfiguration: structuredClone(httpApi.cors) },
    });
  }
  const routePatches = new Map<string, CfnObject>();
  const integrationPatches = new Map<string, CfnObject>();
  for (const event of httpApi.events) {
    const routeId = event.routeKey === undefined ? undefined : routes.get(event.routeKey);
    const authorization = routeAuthorization(event, authorizers, naming);
    if (routeId && authorization) routePatches.set(routeId, authorization);
    const integrationId = naming.httpApiIntegration(event.functionName);
    if (template.Resources[integrationId]) {
      const properties: CfnObject = { ...integrationPatches.get(integrationId) };
      if (event.timeoutInMillis !== undefined) properties.TimeoutInMillis = event.timeoutInMillis;
      if (event.payloadVersion !== undefined)
        properties.PayloadFormatVersion = event.payloadVersion;
      if (Object.keys(properties).length > 0) integrationPatches.set(integrationId, properties);
    }
  }
  for (const [logicalId, setProperties] of [...routePatches, ...integrationPatches].sort(
    ([a], [b]) => a.localeCompare(b),
  )) {
    patches.push({ logicalId, setProperties });
  }

  const stageId = naming.httpApiStage();
  const coreStage = template.Resources[stageId];
  if (coreStage) {
    const stage = httpApi.stage;
    const properties: CfnObject = { ...coreStage.Properties };
    const logGroupId = naming.httpApiLogGroup();
    // Core's stage waits for core's log group only; ours waits for what it uses.
    const dependsOn = dependsOnList(coreStage).filter((id) => id !== logGroupId);
    applyStageBasics(properties, stage);
    properties.DefaultRouteSettings = {
      ...(properties.DefaultRouteSettings as CfnObject | undefined),
      ...(stage.metrics !== undefined ? { DetailedMetricsEnabled: stage.metrics } : {}),
      ...throttlingProperties(stage.throttling),
    };
    const { routeSettings, dependsOn: routeIds } = stageRouteSettings(stage, routes);
    if (Object.keys(routeSettings).length > 0) {
      properties.RouteSettings = routeSettings;
      dependsOn.push(...routeIds);
    }
    const coreLogGroup = template.Resources[logGroupId];
    const accessLog = stage.logging.accessLog;
    let keepLogGroup = coreLogGroup !== undefined;
    if (accessLog === false) {
      delete properties.AccessLogSettings;
      keepLogGroup = false;
    } else if (accessLog) {
      properties.AccessLogSettings = accessLogSettings(accessLog, logGroupId);
      keepLogGroup = accessLog.destinationArn === undefined;
      if (keepLogGroup) {
        resources[logGroupId] = accessLogGroup(
          `/aws/http-api/${config.service}-${config.stageName}`,
          stage.logging.retentionInDays,
          coreLogGroup,
        );
      }
    } else if (coreLogGroup && stage.logging.retentionInDays !== undefined) {
      resources[logGroupId] = accessLogGroup(
        String(coreLogGroup.Properties?.LogGroupName),
        stage.logging.retentionInDays,
        coreLogGroup,
      );
    }
    if (coreLogGroup && !keepLogGroup) patches.push({ logicalId: logGroupId, remove: true });
    // Change only what we change: a stage the config leaves as core made it stays core's, byte
    // for byte (its DependsOn too).
    if (JSON.stringify(properties) !== JSON.stringify(coreStage.Properties ?? {})) {
      // No DependsOn on the log group: the access-log settings GetAtt it, which orders the stage
      // after it (core's DependsOn was dropped above).
      resources[stageId] = {
        ...coreStage,
        Properties: properties,
        ...(dependsOn.length > 0 ? { DependsOn: [...new Set(dependsOn)] } : {}),
      };
      if (dependsOn.length === 0) delete resources[stageId].DependsOn;
    }
  }
  return [{ Resources: resources, patches }];
}
