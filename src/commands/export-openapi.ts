/**
 * `sls export-openapi` (issue 6): the OpenAPI document of the deployed stage (API Gateway
 * GetExport / ExportApi), or built offline from the packaged template; and the export at the end
 * of `sls deploy` that `custom.apiGateway.openapi.exportAfterDeploy` asks for.
 */
import { ERROR_CODES } from '../pipeline/errors';
import { readFile } from 'node:fs/promises';
import type { CommandIo } from './options';

export { EXPORT_OPENAPI_OPTIONS, type CommandIo } from './options';
import path from 'node:path';
import { createAwsClients, type AwsClients, type ServerlessAwsProvider } from '../aws/clients';
import type { CfnTemplate } from '../cloudformation/template';
import type { ApiGatewayConfig } from '../config/types.generated';
import { errorMessage, OpenApiExportError } from '../openapi/errors';
import { exportDeployedApi } from '../openapi/export';
import { buildOfflineDocument } from '../openapi/offline';
import { applyOverrides } from '../openapi/overrides';
import { formatFromPath, serializeDocument } from '../openapi/serialize';
import {
  API_KINDS,
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  type ApiKind,
  type ExportExtensions,
  type ExportFormat,
  type ExportType,
  type OpenApiDocument,
} from '../openapi/types';
import { validateDocument } from '../openapi/validate';
import { writeFileAtomic } from '../openapi/write';

export type OpenApiConfig = NonNullable<ApiGatewayConfig['openapi']>;

/** What the command needs from the plugin; see the wiring in src/plugin.ts. */
export interface ExportContext {
  provider: ServerlessAwsProvider & { getStage(): string };
  /** Name of the stack the service deploys to (core's naming.getStackName()). */
  stackName(): string;
  /** The service name, for the document title when the template has none. */
  serviceName: string;
  /** Relative --output and exportAfterDeploy paths are resolved against it. */
  serviceDir: string;
  /** The validated `custom.apiGateway.openapi`, if any. */
  openapiConfig(): OpenApiConfig | undefined;
  /** Runs `package` (for --offline without --template). */
  packageService(): Promise<void>;
  /** The packaged template (`provider.compiledCloudFormationTemplate`) after packageService. */
  template(): CfnTemplate | undefined;
  /** Stops the command with a user-facing error (serverless.classes.Error). */
  fail(message: string, code: string): never;
  /** Injected by tests; by default built from the provider's credentials and region. */
  clients?: () => AwsClients;
}

interface ExportRequest {
  type: ExportType;
  format?: ExportFormat;
  output?: string;
  extensions?: ExportExtensions;
  api?: ApiKind | 'websocket';
  offline: boolean;
  template?: string;
}

const ERROR_CODE = ERROR_CODES.openApiExport;

export async function runExportOpenApi(
  options: Record<string, unknown>,
  io: CommandIo,
  context?: ExportContext,
): Promise<void> {
  // The plugin passes the context (see ExportContext); without it there is no provider to ask.
  if (!context) throw new Error('export-openapi: the plugin did not pass the export context');
  try {
    const request = parseOptions(options);
    const produced = await produce(request, io, context);
    if (request.output === undefined) {
      io.writeText(produced.text.replace(/\n$/, ''));
      reportInvalidExport(io, produced, 'printed');
      return;
    }
    const target = path.resolve(context.serviceDir, request.output);
    await writeFileAtomic(target, produced.text);
    io.log.notice(`Wrote ${produced.summary} to ${target}`);
    reportInvalidExport(io, produced, 'written');
  } catch (error) {
    if (error instanceof OpenApiExportError) context.fail(error.message, ERROR_CODE);
    throw error;
  }
}

/**
 * `after:deploy:deploy`: exports the deployed stage to `exportAfterDeploy.path`. A failure is a
 * warning: the deploy itself went through.
 */
export async function exportAfterDeploy(io: CommandIo, context: ExportContext): Promise<void> {
  const settings = context.openapiConfig()?.exportAfterDeploy;
  if (!settings) return;
  try {
    const request: ExportRequest = {
      type: settings.type ?? 'oas30',
      ...(settings.format !== undefined ? { format: settings.format } : {}),
      output: settings.path,
      ...(settings.extensions !== undefined ? { extensions: settings.extensions } : {}),
      ...(settings.api !== undefined ? { api: settings.api } : {}),
      offline: false,
    };
    const produced = await produce(request, io, context);
    const target = path.resolve(context.serviceDir, settings.path);
    await writeFileAtomic(target, produced.text);
    io.log.notice(`OpenAPI: wrote ${produced.summary} to ${target}`);
    reportInvalidExport(io, produced, 'written');
  } catch (error) {
    if (!(error instanceof OpenApiExportError)) throw error;
    io.log.warning(
      `OpenAPI: the export after deploy (custom.apiGateway.openapi.exportAfterDeploy) failed; the deploy itself succeeded. ${error.message}`,
    );
  }
}

interface ProducedDocument {
  text: string;
  /** What the document is, for the message that says where it went. */
  summary: string;
  /**
   * Set when API Gateway's own export does not validate: it is still handed out as API Gateway
   * exported it (the user asked for that export), and the command says so once it has been.
   */
  invalid?: { type: string; reason: string };
}

async function produce(
  request: ExportRequest,
  io: CommandIo,
  context: ExportContext,
): Promise<ProducedDocument> {
  const stageName = context.provider.getStage();
  const typeName = request.type === 'oas30' ? 'OpenAPI 3.0' : 'Swagger 2.0';
  let document: OpenApiDocument;
  let summary: string;
  if (request.offline) {
    const template = await offlineTemplate(request, context);
    const built = buildOfflineDocument(template, {
      type: request.type,
      ...(request.extensions ? { extensions: request.extensions } : {}),
      ...(request.api ? { api: request.api } : {}),
      stageName,
      region: context.provider.getRegion(),
      fallbackTitle: `${stageName}-${context.serviceName}`,
    });
    for (const warning of built.warnings) io.log.warning(`OpenAPI: ${warning}`);
    document = built.document;
    summary = `the ${typeName} document of the ${built.kind === 'rest' ? 'REST' : 'HTTP'} API (stage ${stageName}, built offline from the template)`;
  } else {
    const clients = context.clients?.() ?? createAwsClients(context.provider);
    const exported = await exportDeployedApi(clients, {
      stackName: context.stackName(),
      stageName,
      type: request.type,
      ...(request.extensions ? { extensions: request.extensions } : {}),
      ...(request.api ? { api: request.api } : {}),
    });
    document = exported.document;
    summary = `the ${typeName} document of ${exported.kind === 'rest' ? 'REST' : 'HTTP'} API ${exported.apiId} (stage ${exported.kind === 'rest' ? stageName : '$default'})`;
  }

  const overridden = applyOverrides(document, context.openapiConfig());
  for (const warning of overridden.warnings) io.log.warning(`OpenAPI: ${warning}`);
  let invalid: ProducedDocument['invalid'];
  if (request.offline) {
    await validateDocument(overridden.document, 'document built from the template');
  } else {
    try {
      await validateDocument(overridden.document, 'document API Gateway exported');
    } catch (error) {
      // validateDocument words its error for a document it refuses; here the export is kept, so
      // only its reason (the validator's own error) is told, after the write.
      const reason =
        error instanceof OpenApiExportError && error.cause !== undefined ? error.cause : error;
      invalid = {
        type: typeof overridden.document.swagger === 'string' ? 'Swagger 2.0' : 'OpenAPI 3.0',
        reason: errorMessage(reason),
      };
    }
  }
  const format = request.format ?? formatFromPath(request.output);
  return {
    text: serializeDocument(overridden.document, format),
    summary,
    ...(invalid ? { invalid } : {}),
  };
}

/** After the document went out: API Gateway's export did not validate, and was kept as it is. */
function reportInvalidExport(
  io: CommandIo,
  produced: ProducedDocument,
  done: 'written' | 'printed',
): void {
  if (!produced.invalid) return;
  io.log.warning(
    `OpenAPI: the document API Gateway exported is not a valid ${produced.invalid.type} document ` +
      `(${produced.invalid.reason}); it was ${done} as API Gateway exported it.`,
  );
}

async function offlineTemplate(
  request: ExportRequest,
  context: ExportContext,
): Promise<CfnTemplate> {
  if (request.template !== undefined) {
    const file = path.resolve(context.serviceDir, request.template);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new OpenApiExportError(
        `--template: could not read a CloudFormation template from ${file} (${errorMessage(error)}). ` +
          'Pass the cloudformation-template-update-stack.json that sls package wrote, or leave --template out to package now.',
        'usage',
        { cause: error },
      );
    }
    if (!isTemplate(parsed)) {
      throw new OpenApiExportError(
        `--template: ${file} is not a CloudFormation template (it has no Resources).`,
        'usage',
      );
    }
    return parsed;
  }
  await context.packageService();
  const template = context.template();
  if (!template || !isTemplate(template)) {
    throw new OpenApiExportError(
      'Packaging the service produced no CloudFormation template to build the document from.',
      'no-api',
    );
  }
  return template;
}

function isTemplate(value: unknown): value is CfnTemplate {
  const resources = (value as { Resources?: unknown } | null)?.Resources;
  return resources !== null && typeof resources === 'object' && !Array.isArray(resources);
}

function parseOptions(options: Record<string, unknown>): ExportRequest {
  const pick = <T extends string>(
    name: string,
    allowed: readonly T[],
    extra = '',
  ): T | undefined => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
      return value as T;
    throw new OpenApiExportError(
      `--${name}: ${JSON.stringify(value)} is not allowed; use ${allowed.join(', ')}${extra}.`,
      'usage',
    );
  };
  const text = (name: string): string | undefined => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    throw new OpenApiExportError(`--${name} needs a file path.`, 'usage');
  };
  const api = options.api === 'websocket' ? 'websocket' : pick('api', API_KINDS);
  const offline = options.offline === true || options.offline === 'true';
  const template = text('template');
  if (template !== undefined && !offline) {
    throw new OpenApiExportError(
      '--template reads a packaged template for --offline; add --offline, or leave --template out to export the deployed stage.',
      'usage',
    );
  }
  const format = pick('format', EXPORT_FORMATS);
  const output = text('output');
  const extensions = pick('extensions', EXPORT_EXTENSIONS);
  return {
    type: pick('type', EXPORT_TYPES) ?? 'oas30',
    ...(format ? { format } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(extensions ? { extensions } : {}),
    ...(api ? { api } : {}),
    offline,
    ...(template !== undefined ? { template } : {}),
  };
}
