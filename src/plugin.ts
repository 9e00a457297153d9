/**
 * The Serverless plugin: registers the config schema, wires lifecycle hooks to the config,
 * compile and deploy modules, and reports. It holds no API Gateway logic of its own.
 */
import path from 'node:path';
import { load } from './lazy';
import { applyFragment } from './cloudformation/merge';
import { createNaming, type CoreNaming, type Naming } from './cloudformation/naming';
import type { CfnTemplate } from './cloudformation/template';
import { type CoreSettings, readCoreSettings } from './pipeline/core-settings';
import { ConfigValidationError, formatIssue, type ConfigIssue } from './pipeline/issues';
import { resolveConfig, type ResolvedConfig } from './pipeline/resolve';
import { registeredShape, SCHEMA_FILES } from './pipeline/validate/schemas';
import type { ApiGatewayConfig } from './config/types.generated';
import { collectEvents, type EventsByKind } from './shared/events';
import { withServiceFiles } from './pipeline/service-files';
import type { LoadedDefinition } from './openapi/import';
import { formatTemplateSize, measureTemplate, templateSizeWarnings } from './deploy/template-size';
import type { ExportContext } from './commands/export-openapi';
import {
  EXPORT_OPENAPI_OPTIONS,
  RENDER_TEMPLATE_OPTIONS,
  type CommandIo,
} from './commands/options';
import type { RouteTemplate } from './commands/render-template';
import type { StageMigrationController } from './deploy/stage-migration-controller';
import { formatSummary, summarizeTemplate } from './report/summary';
import type { ServerlessAwsProvider } from './aws/clients';

/**
 * Schema and semantic validation, loaded on first use: a service that lists the plugin without
 * using it (and every command that validates nothing) never loads the checks.
 */
function validate(
  ...args: Parameters<typeof import('./pipeline/validate').validateConfig>
): ReturnType<typeof import('./pipeline/validate').validateConfig> {
  return load<typeof import('./pipeline/validate')>('./pipeline/validate').validateConfig(...args);
}

/** The parts of the Serverless instance the plugin uses: the public plugin API only. */
export interface ServerlessLike {
  service: {
    service: string;
    custom?: Record<string, unknown>;
    provider: Record<string, unknown> & { compiledCloudFormationTemplate: CfnTemplate };
    getAllFunctions(): string[];
    getFunction(name: string): { events?: unknown[] };
  };
  serviceDir?: string;
  pluginManager?: { spawn(command: string): Promise<void> };
  configSchemaHandler?: {
    defineCustomProperties(schema: object): void;
    defineFunctionEventProperties(provider: string, event: string, schema: object): void;
  };
  getProvider(name: 'aws'): AwsProviderLike;
  classes: { Error: new (message: string, code?: string) => Error };
}

export interface AwsProviderLike extends ServerlessAwsProvider {
  getStage(): string;
  getRegion(): string;
  naming: CoreNaming;
}

export interface PluginLogger {
  error(message: string): void;
  warning(message: string): void;
  notice(message: string): void;
  info(message: string): void;
  verbose(message: string): void;
}

export interface PluginUtils {
  log: PluginLogger & ((message: string) => void);
  writeText?: (text: string) => void;
}

type Hook = () => void | Promise<void>;

interface CheckedConfig {
  core: CoreSettings;
  events: EventsByKind;
  definition?: LoadedDefinition;
}

const PLUGIN_NAME = 'serverless-apigateway-kit';

export class ApiGatewayKitPlugin {
  readonly hooks: Record<string, Hook>;
  readonly commands: Record<string, unknown>;
  private readonly provider: AwsProviderLike;
  private resolved?: ResolvedConfig;
  /** Built on first use: it loads the AWS SDK, which packaging never needs. */
  private migrationController?: StageMigrationController;

  constructor(
    private readonly serverless: ServerlessLike,
    private readonly options: Record<string, unknown> = {},
    private readonly utils?: PluginUtils,
  ) {
    this.provider = serverless.getProvider('aws');
    this.registerSchemas();
    this.commands = {
      'export-openapi': {
        usage:
          'Export the OpenAPI document of the REST or HTTP API (after deploy, or --offline from the template)',
        lifecycleEvents: ['export'],
        options: EXPORT_OPENAPI_OPTIONS,
      },
      // `sls apigateway render` is the same command under the plugin's own namespace.
      apigateway: {
        usage: 'serverless-apigateway-kit commands',
        commands: {
          render: {
            usage: "Render a VTL mapping template locally with API Gateway's semantics",
            lifecycleEvents: ['render'],
            options: RENDER_TEMPLATE_OPTIONS,
          },
        },
      },
      'render-template': {
        usage: "Render a VTL mapping template locally with API Gateway's semantics",
        lifecycleEvents: ['render'],
        options: RENDER_TEMPLATE_OPTIONS,
      },
      deploy: {
        options: {
          'show-api-key-values': {
            usage:
              'Also print the values of the API keys serverless-apigateway-kit created (secrets!)',
            type: 'boolean',
          },
          'stage-migration': {
            usage:
              'What to do with a stage created before serverless-apigateway-kit managed it: "fail" (default) or "recreate"',
            type: 'string',
          },
        },
      },
    };
    this.hooks = {
      'before:package:cleanup': () => this.validate(),
      'before:package:compileEvents': () => this.prepareCoreCompile(),
      'package:compileEvents': () => this.compile(),
      'before:package:finalize': () => this.handOverStageFromCore(),
      'after:package:finalize': () => this.reportPackage(),
      'before:deploy:deploy': () => this.checkStageMigration(),
      'before:aws:deploy:deploy:updateStack': async () =>
        (await this.migration()).beforeStackUpdate(this.shouldDeploy()),
      'after:aws:deploy:deploy:updateStack': async () =>
        (await this.migration()).afterStackUpdate(),
      'after:deploy:deploy': async () => {
        await this.listApiKeys();
        await this.applyCacheInvalidation();
        const { exportAfterDeploy } = load<typeof import('./commands/export-openapi')>(
          './commands/export-openapi',
        );
        await exportAfterDeploy(this.commandIo(), this.exportContext());
      },
      'export-openapi:export': async () => {
        const { runExportOpenApi } = load<typeof import('./commands/export-openapi')>(
          './commands/export-openapi',
        );
        await runExportOpenApi(this.options, this.commandIo(), this.exportContext());
      },
      'render-template:render': () => this.renderTemplate(),
      'apigateway:render:render': () => this.renderTemplate(),
    };
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

  private logger(): PluginLogger {
    const log = this.utils?.log;
    if (log) return log;
    /* Serverless v3+ always passes `log`; a bare fallback keeps the class usable from plain scripts. */
    const write = (message: string) => process.stderr.write(`${PLUGIN_NAME}: ${message}\n`);
    return { error: write, warning: write, notice: write, info: write, verbose: () => undefined };
  }

  private commandIo(): CommandIo {
    const log = this.logger();
    return {
      log,
      writeText: (text) => {
        const writeText = this.utils?.writeText;
        if (writeText) writeText(text);
        else process.stdout.write(`${text}\n`);
      },
    };
  }

  private get userConfig(): unknown {
    return this.serverless.service.custom?.apiGateway;
  }

  private events(): EventsByKind {
    const functions: Record<string, { events?: unknown[] }> = {};
    for (const name of this.serverless.service.getAllFunctions()) {
      functions[name] = this.serverless.service.getFunction(name);
    }
    return collectEvents(functions);
  }

  /** The plugin acts only on services that use it: no config, no change to the template. */
  private get active(): boolean {
    const events = this.events();
    return (
      this.userConfig !== undefined ||
      Object.values(events).some((list) => list.some((event) => event.settings !== undefined))
    );
  }

  private fail(message: string, code: string): never {
    throw new this.serverless.classes.Error(message, code);
  }

  private readCore(): CoreSettings {
    // Mapping templates and model schemas given as files are read here, at the edge, so that
    // validation and the compilers stay pure.
    return withServiceFiles(
      this.readCoreProvider(),
      this.userConfig,
      this.events(),
      this.serverless.serviceDir ?? process.cwd(),
    );
  }

  private readCoreProvider(): CoreSettings {
    return readCoreSettings({
      service: this.serverless.service.service,
      stageName: this.provider.getStage(),
      region: this.provider.getRegion(),
      provider: this.serverless.service.provider,
      functionNames: this.serverless.service.getAllFunctions(),
    });
  }

  private warn(issues: readonly ConfigIssue[]): void {
    const log = this.logger();
    for (const issue of issues) log.warning(`${PLUGIN_NAME}: ${formatIssue(issue)}`);
  }

  /** Validates config (all errors at once) and resolves it for the stage; before anything is written. */
  async validate(): Promise<void> {
    if (!this.active) return;
    this.resolveValidated(await this.check(true));
  }

  /** Schema and semantic validation, and (when asked) loading `openapi.definition`; every error at once. */
  private async check(loadDefinition: boolean): Promise<CheckedConfig> {
    const core = this.readCore();
    const events = this.events();
    const result = validate(this.userConfig, events, core);
    const config = (this.userConfig ?? {}) as ApiGatewayConfig;
    // swagger-parser (and the ajv it brings) is only loaded for services that import a document.
    const prepared =
      loadDefinition && result.errors.length === 0 && config.openapi?.definition !== undefined
        ? await load<typeof import('./openapi/import')>(
            './openapi/import',
          ).prepareOpenApiDefinition(config, events, this.serverless.serviceDir ?? process.cwd())
        : { errors: [], warnings: [] };
    const errors = [...result.errors, ...prepared.errors];
    if (errors.length > 0) {
      this.fail(new ConfigValidationError(errors).message, 'APIGATEWAY_KIT_INVALID_CONFIG');
    }
    this.warn([...result.warnings, ...prepared.warnings]);
    return { core, events, ...(prepared.definition ? { definition: prepared.definition } : {}) };
  }

  private resolveValidated(checked: CheckedConfig): void {
    const resolved = resolveConfig(
      (this.userConfig ?? {}) as ApiGatewayConfig,
      checked.core,
      checked.events,
    );
    this.resolved = checked.definition
      ? { ...resolved, openApiDefinition: checked.definition }
      : resolved;
  }

  /**
   * Commands that do not package (`deploy --package`, `export-openapi` without --offline) still
   * need the resolved config: validate synchronously then. The OpenAPI definition is only needed
   * to compile, which always runs the full, asynchronous validation first.
   */
  private validateSync(): void {
    const core = this.readCore();
    const events = this.events();
    const result = validate(this.userConfig, events, core);
    if (result.errors.length > 0) {
      this.fail(new ConfigValidationError(result.errors).message, 'APIGATEWAY_KIT_INVALID_CONFIG');
    }
    this.resolveValidated({ core, events });
  }

  private config(): ResolvedConfig | undefined {
    if (!this.active) return undefined;
    if (!this.resolved) this.validateSync();
    return this.resolved;
  }

  private naming(): Naming {
    return createNaming(this.provider.naming);
  }

  /**
   * Logging needs the account's CloudWatch role. Core knows how to set it safely (only when the
   * account has none) and does so when `provider.logs.restApi` is set: ask core for it, and take
   * the setting back before the service state is saved (see handOverStageFromCore).
   */
  prepareCoreCompile(): void {
    const config = this.config();
    const stage = config?.stage;
    if (!config || !stage) return;
    const provider = this.serverless.service.provider as { logs?: Record<string, unknown> };
    const needsRole = stage.logging.level !== 'OFF' || stage.logging.accessLog !== undefined;
    const role = config.restApi.cloudWatchRole;
    if (!needsRole || role === 'external' || provider.logs?.restApi !== undefined) return;
    provider.logs = {
      ...provider.logs,
      restApi: { accessLogging: true, ...(typeof role === 'object' ? { role: role.roleArn } : {}) },
    };
  }

  compile(): void {
    const config = this.config();
    if (!config) return;
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    // The compilers load with the first service that uses the plugin, not with every command.
    const compiler = load<typeof import('./pipeline/compile')>('./pipeline/compile');
    let result: ReturnType<typeof compiler.compileAll>;
    try {
      result = compiler.compileAll(config, template, this.naming());
      for (const fragment of result.fragments) applyFragment(template, fragment);
    } catch (error) {
      if (!compiler.isTemplateConflict(error)) throw error;
      const message = error.message.startsWith(`${PLUGIN_NAME}: `)
        ? error.message
        : `${PLUGIN_NAME}: ${error.message}`;
      this.fail(message, 'APIGATEWAY_KIT_TEMPLATE_CONFLICT');
    }
    this.warn(result.warnings);
    const stage = config.stage;
    this.logger().verbose(
      `${PLUGIN_NAME}: REST API ${config.restApi.sharedRestApiId !== undefined ? "(shared; only this service's endpoints are managed)" : ''} stage "${config.stageName}"${stage ? ' declared as AWS::ApiGateway::Stage' : ''}`,
    );
    if (config.restApi.sharedRestApiId !== undefined) {
      this.logger().notice(
        `${PLUGIN_NAME}: this service attaches to a shared REST API (provider.apiGateway.restApiId): the plugin manages only this service's endpoints; the API and its stage belong to the stack that created it.`,
      );
    }
  }

  /**
   * Core patches logs, tracing, metrics and tags of the stage through the SDK after deploy, based on
   * the provider settings in the saved service state. The Stage resource declares all of them now:
   * remove the settings it would act on (they live on in the Stage) and align the tags it syncs, so
   * its patch has nothing left to change.
   */
  handOverStageFromCore(): void {
    const config = this.config();
    const stage = config?.stage;
    if (!config || !stage) return;
    const provider = this.serverless.service.provider as Record<
      string,
      Record<string, unknown> | undefined
    >;
    if (provider.logs && 'restApi' in provider.logs) {
      const { restApi: _restApi, ...otherLogs } = provider.logs;
      provider.logs = otherLogs;
    }
    if (provider.tracing && 'apiGateway' in provider.tracing) {
      const { apiGateway: _apiGateway, ...otherTracing } = provider.tracing;
      provider.tracing = otherTracing;
    }
    if (provider.apiGateway && 'metrics' in provider.apiGateway) {
      const { metrics: _metrics, ...otherApiGateway } = provider.apiGateway;
      provider.apiGateway = otherApiGateway;
    }
    // Core re-tags the stage with provider.stackTags + provider.tags and removes any other tag.
    const syncsTags = provider.tags !== undefined || provider.stackTags !== undefined;
    if (syncsTags && Object.keys(stage.ownTags).length > 0) {
      provider.tags = { ...provider.tags, ...stage.ownTags };
    }
  }

  private async migration(): Promise<StageMigrationController> {
    if (!this.migrationController) {
      const { StageMigrationController } = load<
        typeof import('./deploy/stage-migration-controller')
      >('./deploy/stage-migration-controller');
      this.migrationController = new StageMigrationController({
        provider: this.provider,
        log: this.logger(),
        snapshotDir: () => path.join(this.serverless.serviceDir ?? process.cwd(), '.serverless'),
        stackName: () => this.stackName(),
        region: () => this.provider.getRegion(),
      });
    }
    return this.migrationController;
  }

  /** One short summary after packaging; `--verbose` shows it in Serverless v3+. */
  reportPackage(): void {
    if (!this.config()) return;
    const summary = summarizeTemplate(
      this.serverless.service.provider.compiledCloudFormationTemplate,
    );
    for (const line of formatSummary(summary)) this.logger().verbose(`${PLUGIN_NAME}: ${line}`);
    this.reportTemplateSize();
  }

  /** CloudFormation's limits (1 MB template from S3, 500 resources), with the figures. */
  private reportTemplateSize(): void {
    const size = measureTemplate(this.serverless.service.provider.compiledCloudFormationTemplate);
    this.logger().verbose(`${PLUGIN_NAME}: ${formatTemplateSize(size)}`);
    for (const warning of templateSizeWarnings(size))
      this.logger().warning(`${PLUGIN_NAME}: ${warning}`);
  }

  private exportContext(): ExportContext {
    return {
      provider: this.provider,
      stackName: () => this.stackName(),
      serviceName: this.serverless.service.service,
      serviceDir: this.serverless.serviceDir ?? process.cwd(),
      openapiConfig: () => this.config()?.openapi,
      packageService: async () => {
        await this.serverless.pluginManager?.spawn('package');
      },
      template: () => this.serverless.service.provider.compiledCloudFormationTemplate,
      fail: (message, code) => this.fail(message, code),
    };
  }

  /** `sls render-template`: a user mistake is a Serverless error, not a stack trace. */
  async renderTemplate(): Promise<void> {
    try {
      const { runRenderTemplate } = load<typeof import('./commands/render-template')>(
        './commands/render-template',
      );
      await runRenderTemplate(
        this.options,
        this.commandIo(),
        this.serverless.serviceDir ?? process.cwd(),
        (route, kind, contentType) => this.routeTemplate(route, kind, contentType),
      );
    } catch (error) {
      if (error instanceof this.serverless.classes.Error) throw error;
      this.fail(
        error instanceof Error ? error.message : String(error),
        'APIGATEWAY_KIT_RENDER_TEMPLATE',
      );
    }
  }

  private routeTemplate(
    route: string,
    kind: 'request' | 'response',
    contentType: string,
  ): RouteTemplate {
    const config = this.config();
    const resolved = config?.routes.find((candidate) => candidate.key === route);
    if (!config || !resolved) {
      const known = (config?.routes ?? []).map((candidate) => candidate.key);
      throw new Error(
        `--route: no route ${JSON.stringify(route)} in custom.apiGateway.routes${known.length ? `; routes: ${known.join(', ')}` : ''}`,
      );
    }
    const candidates = (config.templates[route] ?? []).filter((ref) => ref.kind === kind);
    const ref =
      candidates.find((candidate) => candidate.contentType === contentType) ??
      (kind === 'response' ? candidates[0] : undefined);
    const source = ref?.text;
    if (!ref || source === undefined) {
      throw new Error(
        `--route: ${route} has no ${kind} template for ${contentType}${candidates.length ? ` (it has: ${candidates.map((candidate) => candidate.contentType).join(', ')})` : ''}`,
      );
    }
    const variables = Object.fromEntries(
      Object.entries(config.stage?.variables ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    return { source, name: ref.file ?? ref.configPath, stageVariables: variables };
  }

  /** After deploy: the cache invalidation settings CloudFormation cannot declare (see src/deploy). */
  async applyCacheInvalidation(): Promise<void> {
    const config = this.config();
    if (!config?.stage) return;
    const invalidation = config.caching.invalidation;
    const stage =
      this.serverless.service.provider.compiledCloudFormationTemplate.Resources[
        this.naming().stage()
      ];
    const methodSettings = (stage?.Properties?.MethodSettings ?? []) as Array<{
      ResourcePath: string;
      HttpMethod: string;
    }>;
    const { applyCacheInvalidation, invalidationOperations } = load<
      typeof import('./deploy/cache-invalidation')
    >('./deploy/cache-invalidation');
    const operations = invalidationOperations(invalidation, methodSettings);
    if (operations.length === 0) return;
    const { createAwsClients } = load<typeof import('./aws/clients')>('./aws/clients');
    await applyCacheInvalidation(
      createAwsClients(this.provider),
      {
        stackName: this.stackName(),
        restApiLogicalId: this.naming().restApi(),
        stageName: config.stageName,
        operations,
      },
      this.logger(),
    );
  }

  /** After deploy: the API keys the plugin created, by name and id (values only when asked). */
  async listApiKeys(): Promise<void> {
    const config = this.config();
    if (!config || config.restApi.sharedRestApiId !== undefined) return;
    if (config.accessControl.usagePlans.length === 0) return;
    const [{ reportApiKeys }, { createAwsClients }] = await Promise.all([
      import('./deploy/api-keys'),
      import('./aws/clients'),
    ]);
    await reportApiKeys(createAwsClients(this.provider), this.stackName(), this.logger(), {
      showValues: this.options['show-api-key-values'] === true,
    });
  }

  private stackName(): string {
    const naming = this.provider.naming as CoreNaming & { getStackName?: () => string };
    return (
      naming.getStackName?.() ?? `${this.serverless.service.service}-${this.provider.getStage()}`
    );
  }

  private shouldDeploy(): boolean {
    return this.serverless.service.provider.shouldNotDeploy !== true;
  }

  async checkStageMigration(): Promise<void> {
    const config = this.config();
    if (!config) return;
    // `deploy --package` skips packaging: say here when the template is over CloudFormation's limits.
    if (this.options.package !== undefined) this.reportTemplateSize();
    if (!config.stage) return;
    const cliPolicy = this.options['stage-migration'];
    if (cliPolicy !== undefined && cliPolicy !== 'fail' && cliPolicy !== 'recreate') {
      this.fail(
        `--stage-migration: ${JSON.stringify(cliPolicy)} is not a migration policy; use fail or recreate`,
        'APIGATEWAY_KIT_INVALID_OPTION',
      );
    }
    const policy = (cliPolicy as 'fail' | 'recreate' | undefined) ?? config.stageMigration;
    const naming = this.naming();
    await (
      await this.migration()
    ).check({
      policy,
      restApiLogicalId: naming.restApi(),
      stageLogicalId: naming.stage(),
      stageName: config.stageName,
      fail: (message) => this.fail(message, 'APIGATEWAY_KIT_STAGE_MIGRATION'),
    });
  }
}
