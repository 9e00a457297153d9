/**
 * WebSocket APIs (issue 7): extends what core compiled from `websocket` events. The API gets the
 * route selection expression (and the API-key selection expression when a route needs a key);
 * routes get `apiKeyRequired`, route responses and the `$connect` authorizer by name; the stage
 * (core's `WebsocketsDeploymentStage`) gets variables, default and per-route throttling, logging
 * and metrics, and access logs; `manageConnections` scopes (or removes) core's
 * `execute-api:ManageConnections` statement on the functions' role. Core's Deployment id is a hash
 * of the API as core left it: when the plugin changes the API, the Deployment is renamed after a
 * hash of the API as the plugin leaves it (so the change is deployed); when it changes nothing
 * there, core's Deployment and its id stay.
 */
import type {
  CfnObject,
  CfnResource,
  CfnTemplate,
  ResourcePatch,
  TemplateFragment,
} from '../../cloudformation/template';
import { dependsOnList, executeApiUrl, getAtt, ref } from '../../cloudformation/template';
import { applyFragment } from '../../cloudformation/merge';
import { standaloneV2Naming, type V2Naming } from '../../cloudformation/naming';
import type { ResolvedConfig } from '../../pipeline/resolve';
import type { CompileContext } from '../../pipeline/compile-context';
import { apiContentHash, canonical } from '../rest-api/deployment';
import type { ResolvedWebsocketAuthorizer } from './resolve';
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

const MANAGE_CONNECTIONS = 'execute-api:ManageConnections';
const API_KEY_SELECTION_EXPRESSION = '$request.header.x-api-key';

function authorizerResources(
  key: string,
  authorizer: ResolvedWebsocketAuthorizer,
  naming: V2Naming,
): Record<string, CfnResource> {
  const apiId = naming.websocketsApi();
  const logicalId = naming.websocketsAuthorizer(key);
  const arn =
    authorizer.functionArn ?? getAtt(naming.lambdaFunction(authorizer.functionName ?? ''), 'Arn');
  return {
    [logicalId]: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: ref(apiId),
        Name: authorizer.name,
        AuthorizerType: 'REQUEST',
        AuthorizerUri: lambdaInvocationUri(arn),
        IdentitySource: [...authorizer.identitySource],
      },
    },
    [naming.websocketsAuthorizerPermission(key)]: authorizerPermission(arn, apiId, logicalId),
  };
}

/** Core's role statement scoped to this API and stage, or removed. */
function manageConnectionsPatch(
  template: Readonly<CfnTemplate>,
  manage: boolean,
  stageName: string,
  naming: V2Naming,
): ResourcePatch | undefined {
  const roleId = naming.lambdaRole();
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
              'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${naming.websocketsApi()}}/${stageName}/*/@connections/*`,
            },
          ],
        },
      ]
    : others;
  return { logicalId: roleId, setProperties: { Policies: copy } };
}

/** Core's `pick-websockets-template-part`, minus the stage and deployments (they follow the API). */
function websocketsPart(
  template: Readonly<CfnTemplate>,
  apiId: string,
): Record<string, CfnResource> {
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

function deploymentOnApi(template: Readonly<CfnTemplate>, apiId: string): string | undefined {
  return Object.keys(template.Resources).find((logicalId) => {
    const resource = template.Resources[logicalId];
    return (
      resource.Type === 'AWS::ApiGatewayV2::Deployment' &&
      JSON.stringify(resource.Properties?.ApiId) === JSON.stringify(ref(apiId))
    );
  });
}

export function compileWebsocket(config: ResolvedConfig, ctx: CompileContext): TemplateFragment[] {
  const websocket = config.websocket;
  if (!websocket) return [];
  const { template } = ctx;
  const naming = ctx.v2Naming ?? standaloneV2Naming;
  const apiId = naming.websocketsApi();
  // Nothing to extend without core's WebSocket API (no websocket event, or an external id).
  if (template.Resources[apiId]?.Type !== 'AWS::ApiGatewayV2::Api') return [];
  const { authorizers } = websocket;
  const resources: Record<string, CfnResource> = {};
  const patches: ResourcePatch[] = [];

  const apiProperties: CfnObject = {};
  if (websocket.routeSelectionExpression !== undefined)
    apiProperties.RouteSelectionExpression = websocket.routeSelectionExpression;
  if (websocket.apiKeyRequired)
    apiProperties.ApiKeySelectionExpression = API_KEY_SELECTION_EXPRESSION;
  if (Object.keys(apiProperties).length > 0)
    patches.push({ logicalId: apiId, setProperties: apiProperties });

  const routes = routesOnApi(template, apiId);
  const routeResponseIds: string[] = [];
  for (const route of websocket.routes) {
    const key = route.routeKey;
    const routeId = routes.get(key);
    if (!routeId) continue;
    const set: CfnObject = {};
    if (route.apiKeyRequired !== undefined) set.ApiKeyRequired = route.apiKeyRequired;
    if (route.authorizer !== undefined) {
      set.AuthorizationType = 'CUSTOM';
      set.AuthorizerId = ref(naming.websocketsAuthorizer(route.authorizer));
    }
    if (route.routeResponse) {
      set.RouteResponseSelectionExpression = '$default';
      const responseId = naming.websocketsRouteResponse(key);
      // Core makes one for its own routeResponseSelectionExpression.
      if (!template.Resources[responseId]) {
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
    Object.assign(resources, authorizerResources(name, authorizers[name], naming));
  }

  if (websocket.manageConnections !== undefined) {
    const patch = manageConnectionsPatch(
      template,
      websocket.manageConnections,
      config.stageName,
      naming,
    );
    if (patch) patches.push(patch);
  }

  const stageId = naming.websocketsStage();
  const coreStage = template.Resources[stageId];
  const stage = websocket.stage;
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
    const logGroupId = naming.websocketsLogGroup();
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

  const deploymentId = deploymentOnApi(template, apiId);
  if (deploymentId) {
    const redeploy = redeployment(template, { Resources: resources, patches }, apiId, naming);
    // Core's Deployment stays when the plugin changed nothing it deploys (stage settings aside).
    if (redeploy && redeploy !== deploymentId) {
      const deployment = template.Resources[deploymentId];
      resources[redeploy] = {
        ...deployment,
        DependsOn: [...new Set([...dependsOnList(deployment), ...routeResponseIds])],
      };
      patches.push({ logicalId: deploymentId, remove: true });
      if (resources[stageId]) {
        resources[stageId] = {
          ...resources[stageId],
          Properties: { ...resources[stageId].Properties, DeploymentId: ref(redeploy) },
        };
      }
    }
  }

  const stageName = config.stageName;
  return [
    {
      Resources: resources,
      patches,
      Outputs: {
        [naming.websocketApiIdOutput()]: {
          Description: 'Id of the WebSocket API',
          Value: ref(apiId),
        },
        [naming.websocketConnectionsUrlOutput()]: {
          Description: `@connections management URL of the ${stageName} stage: POST a message to <url>/<connectionId>, GET its info, DELETE to disconnect (needs execute-api:ManageConnections)`,
          Value: executeApiUrl(ref(apiId), `/${stageName}/@connections`),
        },
      },
    },
  ];
}

/**
 * The Deployment the API needs after `fragment`: undefined when the fragment leaves everything a
 * deployment snapshots as core made it, else one named after a hash of the API as it will be.
 */
function redeployment(
  template: Readonly<CfnTemplate>,
  fragment: TemplateFragment,
  apiId: string,
  naming: V2Naming,
): string | undefined {
  const after = structuredClone(template) as CfnTemplate;
  applyFragment(after, fragment);
  const before = websocketsPart(template, apiId);
  const changed = websocketsPart(after, apiId);
  if (canonical(before) === canonical(changed)) return undefined;
  return naming.websocketsDeployment(apiContentHash(after, Object.keys(changed)));
}
