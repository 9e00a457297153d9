/**
 * Compiles the custom domains of the deployed stage: the domains this stack creates (see
 * compile-domain.ts) and one mapping per domain entry from the domain's base path to our stage.
 * A mapping names the stage by its name and depends on our Stage resource, so it is created
 * after the stage exists and removed before it.
 */
import { domainIds, standaloneV2Naming } from '../../cloudformation/naming';
import {
  type CfnObject,
  type CfnOutput,
  type CfnResource,
  getAtt,
  ref,
  type TemplateFragment,
} from '../../cloudformation/template';
import type { CompileContext } from '../../pipeline/compile-context';
import type { ConfigIssue } from '../../pipeline/issues';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { compileCreatedDomain } from './compile-domain';
import { API_NAMES } from './policies';
import { type DomainApi, isMultiLevel, type ResolvedDomain } from './resolve';

/** The API stage a domain maps. */
interface MappedStage {
  readonly apiId: CfnObject;
  readonly stageLogicalId: string;
  readonly stageName: unknown;
}

function mappedStage(
  api: DomainApi,
  config: ResolvedConfig,
  ctx: CompileContext,
): MappedStage | undefined {
  const v2 = ctx.v2Naming ?? standaloneV2Naming;
  const ids =
    api === 'rest'
      ? { api: ctx.naming.restApi(), stage: ctx.naming.stage() }
      : api === 'httpApi'
        ? { api: v2.httpApi(), stage: v2.httpApiStage() }
        : { api: v2.websocketsApi(), stage: v2.websocketsStage() };
  const stage = ctx.template.Resources[ids.stage];
  if (!stage || !ctx.template.Resources[ids.api]) return undefined;
  return {
    apiId: ref(ids.api),
    stageLogicalId: ids.stage,
    stageName: stage.Properties?.StageName ?? config.stageName,
  };
}

/** The domain as a mapping names it: by the resource when this stack creates it, else by name. */
function domainValue(domain: ResolvedDomain, owners: ReadonlyMap<string, string>): unknown {
  const owner = owners.get(domain.name);
  return owner ? ref(owner) : domain.name;
}

function mappingResource(
  domain: ResolvedDomain,
  stage: MappedStage,
  owners: ReadonlyMap<string, string>,
): [string, CfnResource] {
  const common = { DependsOn: [stage.stageLogicalId] };
  if (domain.api === 'rest' && domain.endpointType === 'PRIVATE') {
    // The domain this stack creates, else the one another stack created (the check made sure
    // domainNameArn is there then).
    const owner = owners.get(domain.name);
    return [
      domainIds.privateBasePathMapping(domain.name),
      {
        Type: 'AWS::ApiGateway::BasePathMappingV2',
        Properties: {
          DomainNameArn: owner ? getAtt(owner, 'DomainNameArn') : domain.domainNameArn,
          RestApiId: stage.apiId,
          Stage: stage.stageName,
          ...(domain.basePath !== undefined ? { BasePath: domain.basePath } : {}),
        },
        ...common,
      },
    ];
  }
  if (domain.api === 'rest' && !isMultiLevel(domain.basePath)) {
    return [
      domainIds.basePathMapping(domain.name),
      {
        Type: 'AWS::ApiGateway::BasePathMapping',
        Properties: {
          DomainName: domainValue(domain, owners),
          RestApiId: stage.apiId,
          Stage: stage.stageName,
          ...(domain.basePath !== undefined ? { BasePath: domain.basePath } : {}),
        },
        ...common,
      },
    ];
  }
  // API Gateway maps multi-level paths through v2 API mappings, REST APIs included.
  const kind = domain.api === 'rest' ? 'Rest' : domain.api === 'httpApi' ? 'HttpApi' : 'Websocket';
  return [
    domainIds.apiMapping(domain.name, kind),
    {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Properties: {
        DomainName: domainValue(domain, owners),
        ApiId: stage.apiId,
        Stage: stage.stageName,
        ...(domain.basePath !== undefined ? { ApiMappingKey: domain.basePath } : {}),
      },
      ...common,
    },
  ];
}

export interface CompiledDomains {
  readonly fragments: TemplateFragment[];
  readonly warnings: ConfigIssue[];
}

export function compileDomains(config: ResolvedConfig, ctx: CompileContext): CompiledDomains {
  const warnings: ConfigIssue[] = [];
  const resources: Record<string, CfnResource> = {};
  const outputs: Record<string, CfnOutput> = {};
  const owners = new Map<string, string>();
  const mapped: Array<[ResolvedDomain, MappedStage]> = [];
  for (const domain of config.domains ?? []) {
    const stage = mappedStage(domain.api, config, ctx);
    if (!stage) {
      warnings.push({
        path: domain.path,
        message: `this stack has no ${API_NAMES[domain.api]} stage to map (no function event or route creates one), so the domain is not compiled`,
      });
      continue;
    }
    mapped.push([domain, stage]);
    if (!domain.create) continue;
    const created = compileCreatedDomain(domain);
    Object.assign(resources, created.resources);
    Object.assign(outputs, created.outputs);
    owners.set(domain.name, created.logicalId);
  }
  for (const [domain, stage] of mapped) {
    const [logicalId, resource] = mappingResource(domain, stage, owners);
    resources[logicalId] = resource;
  }
  if (Object.keys(resources).length === 0) return { fragments: [], warnings };
  return {
    fragments: [
      { Resources: resources, ...(Object.keys(outputs).length ? { Outputs: outputs } : {}) },
    ],
    warnings,
  };
}
