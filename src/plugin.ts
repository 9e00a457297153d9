/**
 * The Serverless plugin: registers the config schema and the commands, and wires lifecycle hooks to
 * the pipeline (src/pipeline), the deploy steps (src/deploy) and the commands (src/commands). It
 * holds no API Gateway logic: every hook only reads from Serverless, calls one function and logs.
 * A user's mistake (a KitError) becomes a Serverless error with its code, never a stack trace.
 */
import path from 'node:path';
import { load } from './lazy';
import {
  createNaming,
  createV2Naming,
  type CoreNaming,
  type CoreV2Naming,
  type Naming,
  type V2Naming,
} from './cloudformation/naming';
import type { CfnTemplate } from './cloudformation/template';
import type { ApiGatewayConfig } from './config/types.generated';
import { formatIssue, type ConfigIssue } from './pipeline/issues';
import { ERROR_CODES, KitError, PLUGIN_NAME } from './pipeline/errors';
import { readInputs, readEvents, usesPlugin, type PipelineInputs } from './pipeline/inputs';
import type { ResolvedConfig } from './pipeline/resolve';
import type { Reconciliation } from './pipeline/reconcile';
import type { TemplateWrites } from './cloudformation/ownership';
import type { EmittedOrigins } from './pipeline/emitted-references';
import { registeredShape, SCHEMA_FILES } from './pipeline/validate/schemas';
import {
  stackNameOf,
  type AwsProviderLike,
  type PluginLogger,
  type PluginUtils,
  type ServerlessLike,
} from './pipeline/serverless';
import { askCoreForCloudWatchRole, handOverStageFromCore } from './features/stage/core-handover';
import type { ExportContext } from './commands/export-openapi';
import { apigatewayCommandsHelp, PLUGIN_COMMANDS, type CommandIo } from './commands/options';
import { DeploySteps } from './deploy/deploy-steps';
import { reportPackage, templateFileForHumans } from './report/package-report';
import type { LintReport } from './lint/types';
import type { LintInputs } from './lint/runner';

const lintAtPackage = () => load<typeof import('./lint/package-lint')>('./lint/package-lint');

export type { AwsProviderLike, PluginLogger, PluginUtils, ServerlessLike };

type Hook = () => void | Promise<void>;

export class ApiGatewayKitPlugin {
  readonly hooks: Record<string, Hook>;
  readonly commands: Record<string, unknown> = PLUGIN_COMMANDS;
  private readonly provider: AwsProviderLike;
  private inputs?: PipelineInputs;
  private resolved?: ResolvedConfig;
  /** What compile wrote, then what reconciling with the user's `resources:` decided. */
  private writes?: TemplateWrites;
  private origins?: EmittedOrigins;
  private reconciliation?: Reconciliation;
  /** `sls apigateway lint` packages with the package-time lint quiet: it reports itself. */
  private lintCommandRunning = false;
  private lintReport?: LintReport;
  /** Built on first use: it loads the AWS SDK, which packaging never needs. */
  private readonly deploySteps: DeploySteps;

  constructor(
    private readonly serverless: ServerlessLike,
    private readonly options: Record<string, unknown> = {},
    private readonly utils?: PluginUtils,
  ) {
    this.provider = serverless.getProvider('aws');
    this.registerSchemas();
    this.deploySteps = new DeploySteps({
      provider: this.provider,
      serverless,
      options,
      config: () => this.config(),
      naming: () => this.naming(),
      template: () => this.template,
      log: () => this.logger(),
      commandIo: () => this.commandIo(),
      exportContext: () => this.exportContext(),
      fail: (message, code) => this.fail(message, code),
    });
    const hooks: Record<string, Hook> = {
      'before:package:cleanup': () => this.validate(),
      'before:package:compileEvents': () =>
        this.withConfig((config) => askCoreForCloudWatchRole(this.providerSettings, config)),
      'package:compileEvents': () => this.compile(),
      'before:package:finalize': () =>
        this.withConfig((config) => handOverStageFromCore(this.providerSettings, config)),
      'before:aws:package:finalize:mergeCustomProviderResources': () => this.reconcile(),
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.orderAfterMerge(),
      'before:aws:package:finalize:saveServiceState': () => {
        // Before the OpenAPI body may move to a file: the lint reads it from the template.
        if (this.config() && !this.lintCommandRunning) {
          this.lintReport = lintAtPackage().lintAtPackage(this.lintInputs());
        }
        this.placeOpenApiBody();
      },
      'after:package:finalize': () => this.reportPackage(),
      'before:deploy:deploy': () => this.deploySteps.checkStageMigration(),
      'before:aws:deploy:deploy:updateStack': () => this.deploySteps.beforeStackUpdate(),
      'after:aws:deploy:deploy:uploadArtifacts': () => this.deploySteps.uploadOpenApiBody(),
      'after:aws:deploy:deploy:updateStack': () => this.deploySteps.afterStackUpdate(),
      'after:aws:deploy:finalize:cleanup': () => this.deploySteps.pruneOpenApiBodies(),
      'after:deploy:deploy': () => this.deploySteps.afterDeploy(),
      'export-openapi:export': async () => {
        const { runExportOpenApi } = load<typeof import('./commands/export-openapi')>(
          './commands/export-openapi',
        );
        await runExportOpenApi(this.options, this.commandIo(), this.exportContext());
      },
      'render-template:render': () => this.renderTemplate(),
      'apigateway:help': () => this.commandIo().writeText(apigatewayCommandsHelp()),
      'apigateway:render:render': () => this.renderTemplate(),
      'apigateway:diff:diff': async () =>
        load<typeof import('./commands/diff')>('./commands/diff').runApiDiff(
          this.options,
          this.commandIo(),
          this.exportContext(),
        ),
      'apigateway:lint:lint': async () => {
        this.lintCommandRunning = true;
        const { runLintCommand } = load<typeof import('./commands/lint')>('./commands/lint');
        await runLintCommand(this.options, this.commandIo(), {
          ...this.exportContext(),
          inputs: () => this.lintInputs(),
        });
      },
      'apigateway:serve:serve': async () =>
        load<typeof import('./commands/serve')>('./commands/serve').runServe(
          this.options,
          this.commandIo(),
          {
            ...this.exportContext(),
            localConfig: () =>
              (this.pipelineInputs()?.userConfig as ApiGatewayConfig | undefined)?.local,
            cacheInvalidation: () => this.config()?.caching.invalidation,
          },
        ),
    };
    this.hooks = Object.fromEntries(
      Object.entries(hooks).map(([name, hook]) => [name, () => this.reportingUserErrors(hook)]),
    );
  }

  /**
   * Tells core that `custom.apiGateway` and the `apiGateway` key of `http`, `httpApi` and
   * `websocket` events are ours, so it does not call them unrecognized. Only their type is
   * registered: the shape is checked by our own validation (before:package:cleanup), whose
   * messages name the path, the allowed values and the likely fix. Handing core the full schemas
   * made it validate the same config twice, with its terser messages first (and under osls,
   * which makes config errors fatal, only those), and cost ~70 ms per `sls` command at 500
   * endpoints; core's `coerceTypes` would also have rewritten values our validation refuses.
   */
  private registerSchemas(): void {
    const handler = this.serverless.configSchemaHandler;
    if (!handler) return;
    handler.defineCustomProperties({
      type: 'object',
      properties: { apiGateway: registeredShape(SCHEMA_FILES.apiGateway) },
    });
    for (const [event, file] of [
      ['http', SCHEMA_FILES.httpEvent],
      ['httpApi', SCHEMA_FILES.httpApiEvent],
      ['websocket', SCHEMA_FILES.websocketEvent],
    ] as const) {
      handler.defineFunctionEventProperties('aws', event, {
        properties: { apiGateway: registeredShape(file) },
      });
    }
  }

  /** A KitError is the user's to fix: Serverless shows its message and code, without a stack trace. */
  private async reportingUserErrors(hook: Hook): Promise<void> {
    try {
      await hook();
    } catch (error) {
      if (error instanceof KitError) this.fail(error.userMessage, error.code);
      throw error;
    }
  }

  private get providerSettings(): Record<string, unknown> {
    return this.serverless.service.provider;
  }

  private get template(): CfnTemplate {
    return this.serverless.service.provider.compiledCloudFormationTemplate;
  }

  private logger(): PluginLogger {
    const log = this.utils?.log;
    if (log) return log;
    /* Serverless v3+ always passes `log`; a bare fallback keeps the class usable from plain scripts. */
    const write = (message: string) => process.stderr.write(`${PLUGIN_NAME}: ${message}\n`);
    return { error: write, warning: write, notice: write, info: write, verbose: () => undefined };
  }

  private commandIo(): CommandIo {
    return {
      log: this.logger(),
      writeText: (text) => {
        const writeText = this.utils?.writeText;
        if (writeText) writeText(text);
        else process.stdout.write(`${text}\n`);
      },
    };
  }

  private fail(message: string, code: string): never {
    throw new this.serverless.classes.Error(message, code);
  }

  private warn(issues: readonly ConfigIssue[]): void {
    for (const issue of issues) this.logger().warning(`${PLUGIN_NAME}: ${formatIssue(issue)}`);
  }

  /** What the pipeline reads from Serverless, read once; undefined when the service does not use the plugin. */
  private pipelineInputs(): PipelineInputs | undefined {
    if (this.inputs) return this.inputs;
    if (!usesPlugin(this.serverless.service.custom?.apiGateway, readEvents(this.serverless)))
      return undefined;
    this.inputs = readInputs(this.serverless, this.provider);
    return this.inputs;
  }

  /** Validates config (all errors at once) and resolves it for the stage; before anything is written. */
  async validate(): Promise<void> {
    const inputs = this.pipelineInputs();
    if (!inputs) return;
    const { validateAndResolve } = load<typeof import('./pipeline/run')>('./pipeline/run');
    const result = await validateAndResolve(inputs);
    this.warn(result.warnings);
    this.resolved = result.config;
  }

  /**
   * Commands that do not package (`deploy --package`, `export-openapi` without --offline) still
   * need the resolved config: validated synchronously then.
   */
  private config(): ResolvedConfig | undefined {
    const inputs = this.pipelineInputs();
    if (!inputs) return undefined;
    if (!this.resolved) {
      const { validateAndResolveSync } = load<typeof import('./pipeline/run')>('./pipeline/run');
      this.resolved = validateAndResolveSync(inputs);
    }
    return this.resolved;
  }

  private withConfig(step: (config: ResolvedConfig) => void): void {
    const config = this.config();
    if (config) step(config);
  }

  private naming(): Naming {
    return createNaming(this.provider.naming);
  }

  private v2Naming(): V2Naming {
    // Core's provider.naming has every HTTP API and WebSocket function (v3, v4 and osls).
    return createV2Naming(this.provider.naming as CoreNaming & CoreV2Naming);
  }

  compile(): void {
    const config = this.config();
    if (!config) return;
    const { compileInto } = load<typeof import('./pipeline/run')>('./pipeline/run');
    const { warnings, writes, origins } = compileInto(
      this.template,
      config,
      this.naming(),
      this.v2Naming(),
    );
    this.warn(warnings);
    this.writes = writes;
    this.origins = origins;
    // What was packaged is described after packaging, from the template (reportPackage).
    if (config.restApi.sharedRestApiId !== undefined) {
      this.logger().notice(
        `${PLUGIN_NAME}: this service attaches to a shared REST API (provider.apiGateway.restApiId): the plugin manages only this service's endpoints; the API and its stage belong to the stack that created it.`,
      );
    }
  }

  /** Before core merges the user's `resources:`: one creator per stage, the user's template wins. */
  private reconcile(): void {
    const config = this.config();
    if (!config || !this.writes) return;
    const { reconcileWithUserResources } =
      load<typeof import('./pipeline/reconcile')>('./pipeline/reconcile');
    const result = reconcileWithUserResources(
      this.template,
      this.serverless.service.resources,
      config,
      this.naming(),
      this.writes,
    );
    this.warn(result.warnings);
    this.reconciliation = result.reconciliation;
  }

  /**
   * After core merged the user's `resources:`: what names the stage waits for it, then every
   * reference the plugin emitted must resolve in the final template.
   */
  private orderAfterMerge(): void {
    if (!this.reconciliation) return;
    const { orderAfterUserResources } =
      load<typeof import('./pipeline/reconcile')>('./pipeline/reconcile');
    const userIds = Object.keys(this.serverless.service.resources?.Resources ?? {});
    this.warn(orderAfterUserResources(this.template, userIds, this.reconciliation));
    const inputs = this.pipelineInputs();
    if (!inputs || !this.writes || !this.origins) return;
    load<typeof import('./pipeline/emitted-references')>(
      './pipeline/emitted-references',
    ).assertEmittedReferencesResolve(this.template, {
      writes: this.writes,
      origins: this.origins,
      reconciliation: this.reconciliation,
      user: this.serverless.service.resources,
      inputs,
    });
  }

  /** `<service>/.serverless`: core writes the package there, then moves it to `--package`. */
  private get workDir(): string {
    return path.join(this.serverless.serviceDir ?? process.cwd(), '.serverless');
  }

  /** The template is final: the OpenAPI body stays inline or goes to a file of the package. */
  private placeOpenApiBody(): void {
    const config = this.config();
    if (!config) return;
    load<typeof import('./features/openapi/place-body')>(
      './features/openapi/place-body',
    ).placeOpenApiBody(config, {
      template: this.template,
      restApiLogicalId: this.naming().restApi(),
      deploymentPrefix: this.providerSettings.deploymentPrefix,
      service: this.serverless.service.service,
      stage: this.provider.getStage(),
      workDir: this.workDir,
      log: this.logger(),
    });
  }

  /** What the security lint reads (src/lint), once the template is final. */
  private lintInputs(): LintInputs {
    const inputs = this.pipelineInputs();
    return {
      template: this.template,
      stageName: this.provider.getStage(),
      config: (inputs?.userConfig ?? {}) as ApiGatewayConfig,
      events: inputs?.events ?? readEvents(this.serverless),
      provider: this.providerSettings,
    };
  }

  /** After packaging: what was packaged (src/report/package-report.ts), and the lint's summary. */
  reportPackage(): void {
    if (!this.config()) return;
    const serviceDir = this.serverless.serviceDir ?? process.cwd();
    reportPackage(
      this.logger(),
      this.template,
      templateFileForHumans(serviceDir, this.options.package),
    );
    lintAtPackage().reportLintAtPackage(this.logger(), this.lintReport);
  }

  private exportContext(): ExportContext {
    return {
      provider: this.provider,
      stackName: () => stackNameOf(this.serverless, this.provider),
      serviceName: this.serverless.service.service,
      serviceDir: this.serverless.serviceDir ?? process.cwd(),
      openapiConfig: () => this.config()?.openapi,
      packageService: async () => {
        await this.serverless.pluginManager?.spawn('package');
      },
      template: () => this.template,
      fail: (message, code) => this.fail(message, code),
    };
  }

  /** `sls render-template`: a mistake in a template or request is reported, not a stack trace. */
  async renderTemplate(): Promise<void> {
    const { runRenderTemplate } = load<typeof import('./commands/render-template')>(
      './commands/render-template',
    );
    const { compiledRouteTemplate } = load<typeof import('./commands/route-templates')>(
      './commands/route-templates',
    );
    try {
      await runRenderTemplate(
        this.options,
        this.commandIo(),
        this.serverless.serviceDir ?? process.cwd(),
        (route, kind, contentType, status) =>
          compiledRouteTemplate(this.config(), this.naming(), { route, kind, contentType, status }),
      );
    } catch (error) {
      if (error instanceof KitError || error instanceof this.serverless.classes.Error) throw error;
      // The template engine's own errors (a render error, a JSONPath outside the subset).
      this.fail(error instanceof Error ? error.message : String(error), ERROR_CODES.renderTemplate);
    }
  }
}
