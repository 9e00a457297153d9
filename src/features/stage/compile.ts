/**
 * The explicit `AWS::ApiGateway::Stage` that owns the stage: variables, stage-wide method settings,
 * cache cluster, tracing, access logs, canary, client certificate and tags. Every setting is written
 * out, defaults included, so the deployed stage is exactly what the template says (a stage that an
 * earlier after-deploy patch changed is put back).
 */
import type {
  CfnObject,
  CfnResource,
  CfnTemplate,
  ResourcePatch,
  TemplateFragment,
} from '../../cloudformation/template';
import { executeApiUrl, getAtt, ref } from '../../cloudformation/template';
import { accessLogGroupName } from '../../cloudformation/naming';
import type { ResolvedConfig } from '../../pipeline/resolve';
import type { ResolvedStage } from './resolve';
import { type CompileContext, restApiIdValue, toTagList } from '../../pipeline/compile-context';

/** The `/*` `*` entry: settings for every method of the stage. */
export function stageWideMethodSettings(stage: ResolvedStage): CfnObject {
  const settings: CfnObject = {
    ResourcePath: '/*',
    HttpMethod: '*',
    LoggingLevel: stage.logging.level,
    DataTraceEnabled: stage.logging.dataTrace,
    MetricsEnabled: stage.metrics,
  };
  if (stage.throttling?.rateLimit !== undefined)
    settings.ThrottlingRateLimit = stage.throttling.rateLimit;
  if (stage.throttling?.burstLimit !== undefined)
    settings.ThrottlingBurstLimit = stage.throttling.burstLimit;
  // With a cache cluster, caching is off for every method unless an endpoint turns it on (its own
  // entry): said explicitly, so nothing depends on API Gateway's default.
  if (stage.caching.enabled) settings.CachingEnabled = false;
  if (stage.caching.enabled && stage.caching.ttlInSeconds !== undefined) {
    settings.CacheTtlInSeconds = stage.caching.ttlInSeconds;
  }
  if (stage.caching.enabled && stage.caching.encrypted !== undefined) {
    settings.CacheDataEncrypted = stage.caching.encrypted;
  }
  return settings;
}

function accessLogGroup(
  config: ResolvedConfig,
  stage: ResolvedStage,
  existing: CfnResource | undefined,
): CfnResource {
  const properties: CfnObject = {
    ...existing?.Properties,
    LogGroupName: accessLogGroupName(config.service, config.stageName),
  };
  if (stage.logging.retentionInDays !== undefined)
    properties.RetentionInDays = stage.logging.retentionInDays;
  return { Type: 'AWS::Logs::LogGroup', Properties: properties };
}

/** Core's usage plans name the stage by its name: they must wait until the Stage exists. */
function usagePlanPatches(
  template: Readonly<CfnTemplate>,
  restApiId: unknown,
  stageName: string,
  stageId: string,
): ResourcePatch[] {
  const wanted = JSON.stringify(restApiId);
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::ApiGateway::UsagePlan')
    .filter(([, resource]) => {
      const apiStages = resource.Properties?.ApiStages;
      return (
        Array.isArray(apiStages) &&
        apiStages.some(
          (apiStage: CfnObject) =>
            JSON.stringify(apiStage.ApiId) === wanted && apiStage.Stage === stageName,
        )
      );
    })
    .map(([logicalId]) => ({ logicalId, addDependsOn: [stageId] }));
}

/**
 * `stages.<stage>.waf`: the web ACL filters the stage's requests. The stage ARN is written out
 * (WAF takes no stage Ref), so the association names our Stage in DependsOn: WAF refuses an
 * association to a stage that does not exist yet.
 */
function webAclAssociation(restApiId: unknown, stage: ResolvedStage, stageId: string): CfnResource {
  return {
    Type: 'AWS::WAFv2::WebACLAssociation',
    Properties: {
      ResourceArn: {
        'Fn::Sub': [
          'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApiId}/stages/${StageName}',
          { RestApiId: restApiId, StageName: stage.name },
        ],
      },
      WebACLArn: stage.waf,
    },
    DependsOn: [stageId],
  };
}

export function compileStage(
  config: ResolvedConfig,
  ctx: CompileContext,
  deploymentLogicalId: string,
  /** Entries for single methods (per-endpoint caching and throttling), after the `/*` entry. */
  methodSettings: readonly CfnObject[] = [],
): TemplateFragment {
  const stage = config.stage;
  if (!stage) return {};
  const { naming, template } = ctx;
  const restApiId = restApiIdValue(config, naming);
  const stageId = naming.stage();
  const resources: Record<string, CfnResource> = {};
  const patches: ResourcePatch[] = [];
  const dependsOn: string[] = [];

  const properties: CfnObject = {
    RestApiId: restApiId,
    StageName: stage.name,
    DeploymentId: ref(deploymentLogicalId),
  };
  if (stage.description !== undefined) properties.Description = stage.description;
  if (Object.keys(stage.variables).length > 0) properties.Variables = { ...stage.variables };
  properties.TracingEnabled = stage.tracing;
  properties.CacheClusterEnabled = stage.caching.enabled;
  if (stage.caching.enabled) properties.CacheClusterSize = stage.caching.clusterSize;
  properties.MethodSettings = [stageWideMethodSettings(stage), ...methodSettings];

  const logGroupId = naming.accessLogGroup();
  const coreLogGroup = template.Resources[logGroupId];
  const accessLog = stage.logging.accessLog;
  if (accessLog) {
    if (accessLog.destinationArn !== undefined) {
      properties.AccessLogSetting = {
        DestinationArn: accessLog.destinationArn,
        Format: accessLog.format,
      };
      if (coreLogGroup) patches.push({ logicalId: logGroupId, remove: true });
    } else {
      resources[logGroupId] = accessLogGroup(config, stage, coreLogGroup);
      properties.AccessLogSetting = {
        DestinationArn: getAtt(logGroupId, 'Arn'),
        Format: accessLog.format,
      };
    }
  } else if (coreLogGroup) {
    // Core made the group for its access logs; with access logs off it has no use (core deletes it too).
    patches.push({ logicalId: logGroupId, remove: true });
  }

  const loggingOn = stage.logging.level !== 'OFF' || accessLog !== undefined;
  const roleId = naming.accountCloudWatchRole();
  const role = config.restApi.cloudWatchRole;
  if (loggingOn && template.Resources[roleId]) {
    dependsOn.push(roleId);
  } else if (loggingOn && typeof role === 'object') {
    // Without http events core compiles no API Gateway, so its custom resource that sets the
    // account's role is not in the stack: set the role the user named with CloudFormation's own
    // resource (a role ARN means "make this the account's role", as it does through core).
    const accountId = naming.apiGatewayAccount();
    resources[accountId] = {
      Type: 'AWS::ApiGateway::Account',
      Properties: { CloudWatchRoleArn: role.roleArn },
    };
    dependsOn.push(accountId);
  }

  if (stage.canary) {
    properties.CanarySetting = {
      DeploymentId: ref(deploymentLogicalId),
      PercentTraffic: stage.canary.percentTraffic,
      ...(Object.keys(stage.canary.variables).length > 0
        ? { StageVariableOverrides: { ...stage.canary.variables } }
        : {}),
      ...(stage.canary.useStageCache !== undefined
        ? { UseStageCache: stage.canary.useStageCache }
        : {}),
    };
  }

  if (stage.clientCertificate) {
    const certificateId = naming.clientCertificate();
    resources[certificateId] = {
      Type: 'AWS::ApiGateway::ClientCertificate',
      Properties: {
        Description:
          stage.clientCertificate.description ??
          `Client certificate of ${config.service} (${stage.name})`,
        ...(Object.keys(stage.tags).length > 0 ? { Tags: toTagList(stage.tags) } : {}),
      },
    };
    properties.ClientCertificateId = ref(certificateId);
  }

  if (Object.keys(stage.tags).length > 0) properties.Tags = toTagList(stage.tags);

  resources[stageId] = {
    Type: 'AWS::ApiGateway::Stage',
    Properties: properties,
    ...(dependsOn.length > 0 ? { DependsOn: dependsOn } : {}),
  };
  patches.push(...usagePlanPatches(template, restApiId, stage.name, stageId));
  if (stage.waf !== undefined) {
    resources[naming.webAclAssociation()] = webAclAssociation(restApiId, stage, stageId);
  }

  return {
    Resources: resources,
    patches,
    Outputs: {
      [naming.stageUrlOutput()]: {
        Description: `Invoke URL of the ${stage.name} stage`,
        Value: executeApiUrl(restApiId, `/${stage.name}`),
      },
    },
  };
}
