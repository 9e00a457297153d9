/**
 * What `sls deploy` does beyond packaging, in the order of core's lifecycle: the stage migration
 * check before anything is uploaded, the OpenAPI body upload after core's artifacts, the stage
 * migration around the stack update, and after the deploy the API keys, cache invalidation and
 * the OpenAPI export. The plugin class only wires these to hooks; the AWS SDK loads on first use.
 */
import path from 'node:path';
import type { Naming } from '../cloudformation/naming';
import type { CfnTemplate } from '../cloudformation/template';
import type { ExportContext } from '../commands/export-openapi';
import type { CommandIo } from '../commands/options';
import { load } from '../lazy';
import { ERROR_CODES } from '../pipeline/errors';
import type { ResolvedConfig } from '../pipeline/resolve';
import {
  stackNameOf,
  type AwsProviderLike,
  type PluginLogger,
  type ServerlessLike,
} from '../pipeline/serverless';
import { reportTemplateSize } from '../report/package-report';
import type { StageMigrationController } from './stage-migration-controller';

export interface DeployStepsContext {
  provider: AwsProviderLike;
  serverless: ServerlessLike;
  options: Record<string, unknown>;
  config(): ResolvedConfig | undefined;
  naming(): Naming;
  template(): CfnTemplate;
  log(): PluginLogger;
  commandIo(): CommandIo;
  exportContext(): ExportContext;
  fail(message: string, code: string): never;
}

export class DeploySteps {
  private migrationController?: StageMigrationController;

  constructor(private readonly context: DeployStepsContext) {}

  /** `<service>/.serverless`: where core keeps the package during a deploy. */
  private get workDir(): string {
    return path.join(this.context.serverless.serviceDir ?? process.cwd(), '.serverless');
  }

  private stackName(): string {
    return stackNameOf(this.context.serverless, this.context.provider);
  }

  /** The REST Stage's logical id in the final template: ours, or the user's Stage it adopted. */
  private stageLogicalId(config: ResolvedConfig): string {
    const naming = this.context.naming();
    const { stageLogicalIdIn } = load<typeof import('../features/stage/ownership')>(
      './features/stage/ownership',
    );
    return stageLogicalIdIn(
      this.context.template(),
      { restApiLogicalId: naming.restApi(), stageName: config.stageName },
      naming.stage(),
    );
  }

  private migration(): StageMigrationController {
    if (!this.migrationController) {
      const { StageMigrationController } = load<typeof import('./stage-migration-controller')>(
        './deploy/stage-migration-controller',
      );
      this.migrationController = new StageMigrationController({
        provider: this.context.provider,
        log: this.context.log(),
        snapshotDir: () => this.workDir,
        stackName: () => this.stackName(),
        region: () => this.context.provider.getRegion(),
      });
    }
    return this.migrationController;
  }

  /** Before anything is uploaded: a stage created before the plugin managed it stops the deploy. */
  async checkStageMigration(): Promise<void> {
    const { config: configOf, options, template, log, naming } = this.context;
    const config = configOf();
    if (!config) return;
    // `deploy --package` skips packaging: say here when the template is over CloudFormation's limits.
    if (options.package !== undefined) reportTemplateSize(log(), template());
    if (!config.stage) return;
    const { stageMigrationPolicy } = load<typeof import('./stage-migration-controller')>(
      './deploy/stage-migration-controller',
    );
    const policy = stageMigrationPolicy(options['stage-migration'], config.stageMigration);
    await this.migration().check({
      policy,
      restApiLogicalId: naming().restApi(),
      stageLogicalId: this.stageLogicalId(config),
      stageName: config.stageName,
      fail: (message) => this.context.fail(message, ERROR_CODES.stageMigration),
    });
  }

  async beforeStackUpdate(): Promise<void> {
    await this.migration().beforeStackUpdate(
      this.context.serverless.service.provider.shouldNotDeploy !== true,
    );
  }

  async afterStackUpdate(): Promise<void> {
    await this.migration().afterStackUpdate();
  }

  /** After core's artifacts: the body the template names by `BodyS3Location`, uploaded. */
  async uploadOpenApiBody(): Promise<void> {
    const { serverless, provider } = this.context;
    if (serverless.service.provider.shouldNotDeploy === true) return;
    const { uploadPackagedOpenApiBodies } = await import('./openapi-body-upload');
    const settings = serverless.service.provider as Record<string, unknown>;
    await uploadPackagedOpenApiBodies(provider, {
      stackName: this.stackName(),
      region: provider.getRegion(),
      template: this.context.template(),
      packageDir: this.workDir,
      bucketSettings: settings.deploymentBucketObject as Record<string, unknown> | undefined,
      log: this.context.log(),
    });
  }

  /** After core's cleanup of old artifacts: the bodies no kept deployment names, removed. */
  async pruneOpenApiBodies(): Promise<void> {
    const { serverless, provider } = this.context;
    if (serverless.service.provider.shouldNotDeploy === true) return;
    const { prunePackagedOpenApiBodies } = load<typeof import('./openapi-body-prune')>(
      './deploy/openapi-body-prune',
    );
    const settings = serverless.service.provider as Record<string, unknown>;
    await prunePackagedOpenApiBodies(provider, {
      stackName: this.stackName(),
      template: this.context.template(),
      bucketSettings: settings.deploymentBucketObject as Record<string, unknown> | undefined,
      log: this.context.log(),
    });
  }

  /** After deploy: API keys, cache invalidation, and the OpenAPI export when configured. */
  async afterDeploy(): Promise<void> {
    const config = this.context.config();
    if (config) {
      const afterDeploy = await import('./after-deploy');
      const context = {
        provider: this.context.provider,
        stackName: this.stackName(),
        restApiLogicalId: this.context.naming().restApi(),
        stageLogicalId: this.stageLogicalId(config),
        template: this.context.template(),
        log: this.context.log(),
        showApiKeyValues: this.context.options['show-api-key-values'] === true,
      };
      await afterDeploy.listApiKeys(config, context);
      await afterDeploy.applyStageCacheInvalidation(config, context);
    }
    const { exportAfterDeploy } = load<typeof import('../commands/export-openapi')>(
      './commands/export-openapi',
    );
    await exportAfterDeploy(this.context.commandIo(), this.context.exportContext());
  }
}
