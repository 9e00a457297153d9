/**
 * Runs the compilers in order over core's template. Each compiler is a pure function of the
 * resolved config and the template as the compilers before it left it; the caller applies the
 * fragments, in order, with `applyFragment` (the one place that writes into core's template).
 */
import { applyFragment } from '../cloudformation/merge';
import type { Naming } from '../cloudformation/naming';
import type { V2Naming } from '../cloudformation/naming';
import type { CfnObject, CfnTemplate, TemplateFragment } from '../cloudformation/template';
import type { ConfigIssue } from './issues';
import type { ResolvedConfig } from './resolve';
import { compileAccessControl } from '../features/access-control/compile';
import type { CompileContext } from './compile-context';
import { compileCors } from '../features/cors/compile';
import { compileDomains } from '../features/domains/compile';
import { compileDeployment } from '../features/rest-api/deployment';
import { compileEndpointSettings } from '../features/caching/compile';
import { compileGatewayResponses } from '../features/gateway-responses/compile';
import { compileHttpApi, httpApiForRoutes } from '../features/http-api/compile';
import { compileOpenApiBody } from '../features/openapi/compile';
import { compileRestApi } from '../features/rest-api/compile';
import { compileRoutes } from '../features/routes/compile';
import { compileStage } from '../features/stage/compile';
import { updateCloudWatchRoleRuntime } from '../features/stage/core-handover';
import { compileWebsocket } from '../features/websocket/compile';

export interface CompileResult {
  /** To be applied in order (`applyFragment`): each compiler saw the template its predecessors left. */
  fragments: TemplateFragment[];
  /** The config each fragment compiles (`custom.apiGateway.routes`…), by index of `fragments`. */
  origins: string[];
  warnings: ConfigIssue[];
}

const ROOT = 'custom.apiGateway';

/**
 * The REST API is compiled when core made one (from `http` events), when the service attaches to a
 * shared one, or when the config says anything about it; a service with only HTTP or WebSocket
 * APIs gets no REST API.
 */
function wantsRestApi(
  config: ResolvedConfig,
  template: Readonly<CfnTemplate>,
  naming: Naming,
): boolean {
  if (template.Resources[naming.restApi()] || config.restApi.sharedRestApiId !== undefined)
    return true;
  if (config.events.http.length > 0) return true;
  // An imported definition is a REST API even with no http event (its own integrations).
  if (config.openApiDefinition !== undefined) return true;
  return config.configuresRestApi;
}

class Pipeline {
  readonly fragments: TemplateFragment[] = [];
  readonly origins: string[] = [];
  readonly working: CfnTemplate;

  constructor(
    template: Readonly<CfnTemplate>,
    readonly naming: Naming,
    readonly v2Naming?: V2Naming,
  ) {
    // Compilers see the template as it will be after the ones before them: work on a copy.
    this.working = structuredClone(template) as CfnTemplate;
  }

  get context(): CompileContext {
    return {
      template: this.working,
      naming: this.naming,
      ...(this.v2Naming ? { v2Naming: this.v2Naming } : {}),
    };
  }

  /** `origin`: the config the fragments compile, named when a reference they emit resolves to nothing. */
  add(origin: string, ...fragments: TemplateFragment[]): void {
    for (const fragment of fragments) {
      applyFragment(this.working, fragment);
      this.fragments.push(fragment);
      this.origins.push(origin);
    }
  }
}

export function compileAll(
  config: ResolvedConfig,
  template: Readonly<CfnTemplate>,
  naming: Naming,
  v2Naming?: V2Naming,
): CompileResult {
  const warnings: ConfigIssue[] = [];
  const pipeline = new Pipeline(template, naming, v2Naming);
  if (wantsRestApi(config, template, naming)) compileRest(config, pipeline, warnings);
  pipeline.add(`${ROOT}.httpApi`, ...httpApiForRoutes(config, pipeline.context));
  pipeline.add(`${ROOT}.httpApi`, ...compileHttpApi(config, pipeline.context));
  pipeline.add(`${ROOT}.websocket`, ...compileWebsocket(config, pipeline.context));
  // Last: a domain maps the stages the compilers above left in the template.
  const domains = compileDomains(config, pipeline.context);
  pipeline.add(`${ROOT}.stages`, ...domains.fragments);
  warnings.push(...domains.warnings);
  return { fragments: pipeline.fragments, origins: pipeline.origins, warnings };
}

function compileRest(config: ResolvedConfig, pipeline: Pipeline, warnings: ConfigIssue[]): void {
  pipeline.add(`${ROOT}.restApi`, compileRestApi(config, pipeline.context));
  // Routes first: authorizers, caching and CORS apply to their methods like to core's.
  pipeline.add(`${ROOT}.routes`, ...compileRoutes(config, pipeline.context));
  pipeline.add(`${ROOT}.authorizers`, ...compileAccessControl(config, pipeline.context));
  const endpointSettings = compileEndpointSettings(config, pipeline.context);
  pipeline.add(`${ROOT}.stages`, ...endpointSettings.fragments);
  pipeline.add(`${ROOT}.cors`, ...compileCors(config, pipeline.context));
  pipeline.add(`${ROOT}.gatewayResponses`, ...compileGatewayResponses(config, pipeline.context));
  // Body mode turns every method compiled so far into one OpenAPI body, so it runs last.
  pipeline.add(`${ROOT}.openapi`, ...compileOpenApiBody(config, pipeline.context));
  const deployment = compileDeployment(config, pipeline.context);
  pipeline.add(`${ROOT}.stages`, deployment.fragment);
  if (deployment.deploymentLogicalId) {
    const methodSettings: CfnObject[] = endpointSettings.methodSettings;
    pipeline.add(
      `${ROOT}.stages`,
      compileStage(config, pipeline.context, deployment.deploymentLogicalId, methodSettings),
    );
    pipeline.add(
      `${ROOT}.restApi.cloudWatchRole`,
      ...updateCloudWatchRoleRuntime(config, pipeline.context),
    );
    const accountRoleWarning = missingAccountRole(config, pipeline.context);
    if (accountRoleWarning) warnings.push(accountRoleWarning);
  } else if (config.stage) {
    warnings.push({
      path: 'custom.apiGateway',
      message: `the REST API has no method yet, and API Gateway cannot deploy an empty API, so no "${config.stageName}" stage is created; add an http event to a function`,
    });
  }
}

/**
 * Logging needs the account-level CloudWatch role. With `cloudWatchRole: ensure` core's custom
 * resource sets it when the account has none, but core compiles it only with API Gateway, i.e.
 * with http events: a service of routes only has none, and its first deploy with logging fails
 * where the account has no role yet. Said at package time, with the ways out.
 */
function missingAccountRole(config: ResolvedConfig, ctx: CompileContext): ConfigIssue | undefined {
  const stage = config.stage;
  if (!stage || config.restApi.cloudWatchRole !== 'ensure') return undefined;
  if (stage.logging.level === 'OFF' && stage.logging.accessLog === undefined) return undefined;
  if (ctx.template.Resources[ctx.naming.accountCloudWatchRole()]) return undefined;
  return {
    path: 'custom.apiGateway.restApi.cloudWatchRole',
    message:
      "logging needs the account's API Gateway CloudWatch role, and Serverless sets it only for services with http events; if this account and region have none yet, the deploy fails: name a role (cloudWatchRole: <role ARN>), or set it once for the account (API Gateway console, Settings) and write cloudWatchRole: external",
  };
}

/** The REST part alone (kept for callers and tests that compile only the REST API). */
export function compileRestApiStack(
  config: ResolvedConfig,
  template: Readonly<CfnTemplate>,
  naming: Naming,
): CompileResult {
  const warnings: ConfigIssue[] = [];
  const pipeline = new Pipeline(template, naming);
  compileRest(config, pipeline, warnings);
  return { fragments: pipeline.fragments, origins: pipeline.origins, warnings };
}
