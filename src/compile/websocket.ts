/**
 * WebSocket APIs (issue 7): extends what core compiled from `websocket` events. The API gets the
 * route selection expression (and the API-key selection expression when a route needs a key);
 * routes get `apiKeyRequired`, route responses and the `$connect` authorizer by name; the stage
 * (core's `WebsocketsDeploymentStage`) gets variables, default and per-route throttling, logging
 * and metrics, and access logs; `manageConnections` scopes (or removes) core's
 * `execute-api:ManageConnections` statement on the functions' role. Core's Deployment id is a hash
 * of the API as core left it, so it is recomputed over the API as the plugin leaves it: a change
 * here is deployed.
 */
import { createHash } from 'node:crypto';
import type {
  CfnObject,
  CfnResource,
  CfnTemplate,
  ResourcePatch,
  TemplateFragment,
} from '../cloudformation/template';
import { dependsOnList, executeApiUrl, getAtt, ref } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import {
  DEFAULT_WEBSOCKET_IDENTITY_SOURCE,
  resolveWebsocketStage,
  type WebsocketAuthorizerConfig,
  websocketEventSettings,
  websocketRouteKey,
} from '../config/v2-apis';
import { applyFragment } from '../cloudformation/merge';
import type { CompileContext } from './context';
import {
  accessLogGroup,
  accessLogSettings,
  authorizerPermission,
  lambdaInvocationUri,
  routesOnApi,
  stageRouteSettings,
  throttlingProperties,
  applyStageBasics,
} from './v2/common';
import { v2Naming } from './v2/naming';

const MANAGE_CONNECTIONS = 'execute-api:ManageConnections';
export const API_KEY_SELECTION_EXPRESSION = '$request.header.x-api-key';

function authorizerResources(
  key: string,
  authorizer: WebsocketAuthorizerConfig,
): Record<string, CfnResource> {
  const apiId = v2Naming.websocketsApi();
  const logicalId = v2Naming.websocketsAuthorizer(key);
  const arn =
    authorizer.functionArn ?? getAtt(v2Naming.lambdaFunction(authorizer.functionName ?? ''), 'Arn');
  return {
    [logicalId]: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: ref(apiId),
        Name: authorizer.name ?? key,
        AuthorizerType: 'REQUEST',
        AuthorizerUri: lambdaInvocationUri(arn),
        IdentitySource: authorizer.identitySource ?? [DEFAULT_WEBSOCKET_IDENTITY_SOURCE],
      },
    },
    [v2Naming.websocketsAuthorizerPermission(key)]: authorizerPermission(arn, apiId, logicalId),
  };
}

/** Core's role statement scoped to this API and stage, or removed. */
function manageConnectionsPatch(
  template: Readonly<CfnTemplate>,
  manage: boolean,
  stageName: string,
): ResourcePatch | undefined {
  const roleId = v2Naming.lambdaRole();
  const role = template.Resources[roleId];
  const policies = role?.Properties?.Policies;
  if (!Array.isArray(policies) || policies.length === 0) return undefined;
  const copy = structuredClone(policies) as Array<{ PolicyDocument?: { Statement?: CfnObject[] } }>;
  const document = copy[0].PolicyDocument;
  if (!document || !Array.isArray(document.Statement)) return undefined;
  const grantsManage = (statement: CfnObject) =>
    [statement.Action].flat().includes(MANAGE_CONNECTIONS);
  const others = document.Statement.filter((statement) => !grantsManage(statement));
  document.Statement = manage
    ? [
        ...others,
        {
          Effect: 'Allow',
          Action: [MANAGE_CONNECTIONS],
          Resource: [
            {
              'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${v2Naming.websocketsApi()}}/${stageName}/*/@connections/*`,
            },
          ],
        },
      ]
    : others;
  return { logicalId: roleId, setProperties: { Policies: copy } };
}

/** Core's `pick-websockets-template-part`, minus the stage and deployments (they follow the API). */
function websocketsPart(template: Readonly<CfnTemplate>): Record<string, CfnResource> {
  const apiId = v2Naming.websocketsApi();
  const part: Record<string, CfnResource> = {};
  for (const logicalId of Object.keys(template.Resources).sort()) {
    const resource = template.Resources[logicalId];
    if (
      resource.Type === 'AWS::ApiGatewayV2::Deployment' ||
      resource.Type === 'AWS::ApiGatewayV2::Stage'
    )
      continue;
    const onApi =
      logicalId === apiId ||
      JSON.stringify(resource.Properties?.ApiId) === JSON.stringify(ref(apiId)) ||
      dependsOnList(resource).includes(apiId);
    if (onApi) part[logicalId] = resource;
  }
  return part;
}

function deploymentOnApi(template: Readonly<CfnTemplate>): string | undefined {
  return Object.keys(template.Resources).find((logicalId) => {
    const resource = template.Resources[logicalId];
    return (
      resource.Type === 'AWS::ApiGatewayV2::Deployment' &&
      JSON.stringify(resource.Properties?.ApiId) === JSON.stringify(ref(v2Naming.websocketsApi()))
    );
  });
}

export function compileWebsocket(config: ResolvedConfig, ctx: CompileContext): TemplateFragment[] {
  const { template } = ctx;
  const apiId = v2Naming.websocketsApi();
  // Nothing to extend without core's WebSocket API (no websocket event, or an external id).
  if (template.Resources[apiId]?.Type !== 'AWS::ApiGatewayV2::Api') return [];
  const events = config.events.websocket;
  const websocket = config.raw.websocket ?? {};
  const authorizers = websocket.authorizers ?? {};
  const resources: Record<string, CfnResource> = {};
  const patches: ResourcePatch[] = [];

  const apiProperties: CfnObject = {};
  if (websocket.routeSelectionExpression !== undefined)
    apiProperties.RouteSelectionExpression = websocket.routeSelectionExpression;
  if (events.some((event) => websocketEventSettings(event).apiKeyRequired))
    apiProperties.ApiKeySelectionExpression = API_KEY_SELECTION_EXPRESSION;
  if (Object.keys(apiProperties).length > 0)
    patches.push({ logicalId: apiId, setProperties: apiProperties });

  const routes = routesOnApi(template, apiId);
  const routeResponseIds: string[] = [];
  for (const event of [...events].sort((a, b) =>
    String(websocketRouteKey(a.event)).localeCompare(String(websocketRouteKey(b.event))),
  )) {
    const key = websocketRouteKey(event.event);
    const routeId = key === undefined ? undefined : routes.get(key);
    if (key === undefined || !routeId) continue;
    const settings = websocketEventSettings(event);
    const set: CfnObject = {};
    if (settings.apiKeyRequired !== undefined) set.ApiKeyRequired = settings.apiKeyRequired;
    if (settings.authorizer !== undefined && authorizers[settings.authorizer]) {
      set.AuthorizationType = 'CUSTOM';
      set.AuthorizerId = ref(v2Naming.websocketsAuthorizer(settings.authorizer));
    }
    if (settings.routeResponse) {
      set.RouteResponseSelectionExpression = '$default';
      const coreResponseId = `${routeId}Response`;
      if (!template.Resources[coreResponseId]) {
        const responseId = v2Naming.websocketsRouteResponse(key);
        resources[responseId] = {
          Type: 'AWS::ApiGatewayV2::RouteResponse',
          Properties: { ApiId: ref(apiId), RouteId: ref(routeId), RouteResponseKey: '$default' },
        };
        routeResponseIds.push(responseId);
      }
    }
    if (Object.keys(set).length > 0) patches.push({ logicalId: routeId, setProperties: set });
  }
  // Authorizers no route uses are still created: a $connect route may come and go per stage.
  for (const name of Object.keys(authorizers).sort()) {
    Object.assign(resources, authorizerResources(name, authorizers[name]));
  }

  if (websocket.manageConnections !== undefined) {
    const patch = manageConnectionsPatch(template, websocket.manageConnections, config.stageName);
    if (patch) patches.push(patch);
  }

  const stageId = v2Naming.websocketsStage();
  const coreStage = template.Resources[stageId];
  const stage = resolveWebsocketStage(config.raw, events, config.stageName);
  if (coreStage) {
    const properties: CfnObject = { ...coreStage.Properties };
    const dependsOn = dependsOnList(coreStage);
    applyStageBasics(properties, stage);
    const defaults: CfnObject = {
      ...(properties.DefaultRouteSettings as CfnObject | undefined),
      ...(stage.metrics !== undefined ? { DetailedMetricsEnabled: stage.metrics } : {}),
      ...(stage.logging.level !== undefined ? { LoggingLevel: stage.logging.level } : {}),
      ...(stage.logging.dataTrace !== undefined
        ? { DataTraceEnabled: stage.logging.dataTrace }
        : {}),
      ...throttlingProperties(stage.throttling),
    };
    if (Object.keys(defaults).length > 0) properties.DefaultRouteSettings = defaults;
    const { routeSettings, dependsOn: routeIds } = stageRouteSettings(stage, routes);
    if (Object.keys(routeSettings).length > 0) {
      properties.RouteSettings = routeSettings;
      dependsOn.push(...routeIds);
    }
    const logGroupId = v2Naming.websocketsLogGroup();
    const coreLogGroup = template.Resources[logGroupId];
    const accessLog = stage.logging.accessLog;
    if (accessLog === false) {
      delete properties.AccessLogSettings;
    } else if (accessLog) {
      properties.AccessLogSettings = accessLogSettings(accessLog, logGroupId);
      if (accessLog.destinationArn === undefined) {
        resources[logGroupId] = accessLogGroup(
          `/aws/websocket/${config.service}-${config.stageName}`,
          stage.logging.retentionInDays,
          coreLogGroup,
        );
        // No DependsOn on it: the access-log settings GetAtt it, which orders the stage after it.
      }
    } else if (coreLogGroup && stage.logging.retentionInDays !== undefined) {
      resources[logGroupId] = accessLogGroup(
        String(coreLogGroup.Properties?.LogGroupName),
        stage.logging.retentionInDays,
        coreLogGroup,
      );
    }
    const executionLogs =
      (defaults.LoggingLevel !== undefined && defaults.LoggingLevel !== 'OFF') ||
      Object.values(routeSettings).some(
        (route) =>
          (route as CfnObject).LoggingLevel !== undefined &&
          (route as CfnObject).LoggingLevel !== 'OFF',
      );
    const roleId = ctx.naming.accountCloudWatchRole();
    if ((executionLogs || properties.AccessLogSettings) && template.Resources[roleId])
      dependsOn.push(roleId);
    resources[stageId] = {
      ...coreStage,
      Properties: properties,
      ...(dependsOn.length > 0 ? { DependsOn: [...new Set(dependsOn)] } : {}),
    };
  }

  const deploymentId = deploymentOnApi(template);
  if (deploymentId) {
    // Hash the API as it will be after this fragment, so a change made here is deployed.
    const after = structuredClone(template) as CfnTemplate;
    applyFragment(after, { Resources: resources, patches });
    const hash = createHash('sha256')
      .update(JSON.stringify(websocketsPart(after)))
      .digest('base64')
      .replace(/[^0-9a-z]/gi, '');
    const newId = `${v2Naming.websocketsDeploymentPrefix()}${hash}`;
    const deployment = template.Resources[deploymentId];
    resources[newId] = {
      ...deployment,
      DependsOn: [...new Set([...dependsOnList(deployment), ...routeResponseIds])],
    };
    if (newId !== deploymentId) patches.push({ logicalId: deploymentId, remove: true });
    if (resources[stageId]) {
      resources[stageId] = {
        ...resources[stageId],
        Properties: { ...resources[stageId].Properties, DeploymentId: ref(newId) },
      };
    }
  }

  const stageName = config.stageName;
  return [
    {
      Resources: resources,
      patches,
      Outputs: {
        [v2Naming.websocketApiIdOutput()]: {
          Description: 'Id of the WebSocket API',
          Value: ref(apiId),
        },
        [v2Naming.websocketConnectionsUrlOutput()]: {
          Description: `@connections management URL of the ${stageName} stage: POST a message to <url>/<connectionId>, GET its info, DELETE to disconnect (needs execute-api:ManageConnections)`,
          Value: executeApiUrl(ref(apiId), `/${stageName}/@connections`),
        },
      },
    },
  ];
}
