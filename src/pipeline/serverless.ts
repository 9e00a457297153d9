/**
 * The parts of the Serverless Framework the plugin uses: the public plugin API only, so v3, v4 and
 * osls all work. Nothing here reaches into `serverless/lib/...`.
 */
import type { ServerlessAwsProvider } from '../aws/clients';
import type { CoreNaming } from '../cloudformation/naming';
import type { CfnTemplate } from '../cloudformation/template';
import type { UserResources } from '../cloudformation/ownership';

export interface ServerlessLike {
  service: {
    service: string;
    custom?: Record<string, unknown>;
    /** The user's `resources:` (core merges them into the template in package:finalize). */
    resources?: UserResources;
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

/** The stack's name as core names it (core's naming has it; a plain script may not). */
export function stackNameOf(serverless: ServerlessLike, provider: AwsProviderLike): string {
  const naming = provider.naming as CoreNaming & { getStackName?: () => string };
  return naming.getStackName?.() ?? `${serverless.service.service}-${provider.getStage()}`;
}
