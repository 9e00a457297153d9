/**
 * `sls apigateway diff` (issue 15): packages the service (as `export-openapi --offline` does),
 * reads the packaged template into the API model and compares it (src/openapi/diff) with a
 * deployed stage (`--against-stage`), an OpenAPI document (`--against`) or a previous package
 * (`--against-package`). The changes go to stdout, as a list or `--json`; `--fail-on` turns them
 * into an error for CI, after they were printed.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createAwsClients, type AwsClients, type ServerlessAwsProvider } from '../aws/clients';
import type { CfnTemplate } from '../cloudformation/template';
import { ERROR_CODES, KitError } from '../pipeline/errors';
import { readDeployedHttpStage, readDeployedStage } from '../openapi/deployed-stage';
import {
  diffApis,
  formatReport,
  reportDocument,
  sideFromDeployedStage,
  sideFromDocument,
  sideFromHttpDocument,
  sideFromHttpTemplate,
  sideFromTemplate,
  type ApiSide,
} from '../openapi/diff';
import { errorMessage } from '../openapi/errors';
import type { OpenApiDocument } from '../openapi/types';
import type { CommandIo } from './options';

/** What the command needs from the plugin (a subset of export-openapi's ExportContext). */
export interface DiffContext {
  provider: ServerlessAwsProvider & { getStage(): string };
  /** The stack this service deploys to for the current stage. */
  stackName(): string;
  serviceName: string;
  serviceDir: string;
  packageService(): Promise<void>;
  template(): CfnTemplate | undefined;
  /** Injected by tests; by default built from the provider's credentials and region. */
  clients?: () => AwsClients;
}

type Against =
  | { kind: 'stage'; stageName: string; stackName?: string }
  | { kind: 'document'; file: string }
  | { kind: 'package'; location: string };

export type DiffedApi = 'rest' | 'http';

export interface DiffRequest {
  against: Against;
  json: boolean;
  failOn?: 'breaking' | 'any';
  /** `--api`; undefined: the REST API when the package has one, else the HTTP API. */
  api?: DiffedApi;
}

const PACKAGED_TEMPLATE = 'cloudformation-template-update-stack.json';

function usage(message: string): KitError {
  return new KitError(message, ERROR_CODES.invalidOption);
}

export function parseDiffOptions(options: Record<string, unknown>): DiffRequest {
  const text = (name: string): string | undefined => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    throw usage(`--${name} needs a value.`);
  };
  const stageName = text('against-stage');
  const stackName = text('against-stack');
  const file = text('against');
  const location = text('against-package');
  const given = [stageName, file, location].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw usage(
      `${given === 0 ? 'Say what to compare with' : 'Compare with one thing at a time'}: ` +
        '--against-stage <stage> (a deployed stage), --against <file> (an OpenAPI document) or ' +
        '--against-package <dir> (a previous package).',
    );
  }
  if (stackName !== undefined && stageName === undefined) {
    throw usage('--against-stack names the stack of --against-stage; add --against-stage.');
  }
  const failOn = options['fail-on'];
  if (failOn !== undefined && failOn !== 'breaking' && failOn !== 'any') {
    throw usage(`--fail-on: ${JSON.stringify(failOn)} is not allowed; use breaking or any.`);
  }
  const api = options.api;
  if (api !== undefined && api !== 'rest' && api !== 'http') {
    throw usage(`--api: ${JSON.stringify(api)} is not allowed; use rest or http.`);
  }
  const against: Against =
    stageName !== undefined
      ? { kind: 'stage', stageName, ...(stackName !== undefined ? { stackName } : {}) }
      : file !== undefined
        ? { kind: 'document', file }
        : { kind: 'package', location: location as string };
  return {
    against,
    json: options.json === true || options.json === 'true',
    ...(failOn !== undefined ? { failOn } : {}),
    ...(api !== undefined ? { api } : {}),
  };
}

export async function runApiDiff(
  options: Record<string, unknown>,
  io: CommandIo,
  context: DiffContext,
): Promise<void> {
  const request = parseDiffOptions(options);
  const stage = context.provider.getStage();
  // A file or directory that is not there fails before the (slower) packaging.
  const readAgainst = await againstReader(request.against, context);
  await context.packageService();
  const template = context.template();
  if (!template || !isTemplate(template)) {
    throw usage('Packaging the service produced no CloudFormation template to compare.');
  }
  const current = currentSide(template, `the package of stage ${stage}`, request.api);
  const against = await readAgainst(current.kind);
  const diff = diffApis(against, current.side);
  const report = reportDocument(diff, { against: against.label, current: current.side.label });
  io.writeText(request.json ? JSON.stringify(report, null, 2) : formatReport(report));
  io.log.notice(
    `Compared ${current.side.label} with ${against.label}: ${report.summary.breaking} breaking, ${report.summary.nonBreaking} non-breaking change(s).`,
  );
  const failing =
    request.failOn === 'any'
      ? report.summary.breaking + report.summary.nonBreaking
      : request.failOn === 'breaking'
        ? report.summary.breaking
        : 0;
  if (failing > 0) {
    throw new KitError(
      `sls apigateway diff --fail-on ${request.failOn}: ${failing} ${request.failOn === 'any' ? '' : 'breaking '}change(s) against ${against.label} (listed above).`,
      ERROR_CODES.apiDiff,
    );
  }
}

/**
 * The API of the package to compare: `--api`, else the REST API when the package has one, else
 * its HTTP API.
 */
function currentSide(
  template: CfnTemplate,
  label: string,
  api: DiffedApi | undefined,
): { kind: DiffedApi; side: ApiSide } {
  const rest = sideFromTemplate(template, label);
  const http = sideFromHttpTemplate(template, label);
  const kind = api ?? (rest.api.methods.length > 0 || !http ? 'rest' : 'http');
  if (kind === 'http') {
    if (!http) {
      throw usage(
        'The packaged template has no HTTP API to compare (httpApi events or custom.apiGateway.httpApi routes); use --api rest for the REST API.',
      );
    }
    return { kind, side: http };
  }
  if (rest.api.methods.length === 0) {
    throw usage(
      http
        ? 'The packaged template has no REST API methods to compare (http events or routes); its HTTP API is compared with --api http.'
        : 'The packaged template has no REST API methods (http events or routes) and no HTTP API to compare.',
    );
  }
  return { kind, side: rest };
}

/** Checks what can be checked now, and returns how to read the side compared with. */
async function againstReader(
  against: Against,
  context: DiffContext,
): Promise<(api: DiffedApi) => Promise<ApiSide>> {
  switch (against.kind) {
    case 'stage': {
      const stackName = against.stackName ?? stackOfStage(context, against.stageName);
      return async (api) => {
        const clients = context.clients?.() ?? createAwsClients(context.provider);
        const input = { stackName, stageName: against.stageName };
        if (api === 'http') {
          const deployed = await readDeployedHttpStage(clients, input);
          return sideFromHttpDocument(
            deployed.document,
            `stage ${against.stageName} (HTTP API ${deployed.apiId}, deployed)`,
            deployed.settings,
          );
        }
        const deployed = await readDeployedStage(clients, input);
        return sideFromDeployedStage(
          deployed.document,
          deployed.settings,
          `stage ${against.stageName} (REST API ${deployed.apiId}, deployed)`,
        );
      };
    }
    case 'document': {
      const document = await readDocument(path.resolve(context.serviceDir, against.file));
      return async (api) =>
        api === 'http'
          ? sideFromHttpDocument(document, against.file)
          : sideFromDocument(document, against.file);
    }
    case 'package': {
      const { template, label } = await readPackage(
        path.resolve(context.serviceDir, against.location),
      );
      return async (api) =>
        api === 'http'
          ? // No HTTP API in the previous package: every route is new.
            (sideFromHttpTemplate(template, label) ??
            sideFromHttpDocument({ openapi: '3.0.1', paths: {} }, label))
          : sideFromTemplate(template, label);
    }
  }
}

/**
 * The stack of another stage: core names stacks `<service>-<stage>`, and a `provider.stackName`
 * that ends with the current stage is taken to end with the other one there.
 */
function stackOfStage(context: DiffContext, stageName: string): string {
  const current = context.stackName();
  const stage = context.provider.getStage();
  if (stageName === stage) return current;
  if (current.endsWith(`-${stage}`)) return `${current.slice(0, -stage.length)}${stageName}`;
  throw usage(
    `The stack name ${current} does not end with the stage (${stage}), so the stack of stage ${stageName} cannot be told from it: name it with --against-stack.`,
  );
}

async function readDocument(file: string): Promise<OpenApiDocument> {
  try {
    // JSON or YAML; references to other files are bundled into the one document.
    return (await SwaggerParser.bundle(file)) as unknown as OpenApiDocument;
  } catch (error) {
    throw usage(
      `--against: could not read an OpenAPI 2.0 or 3.x document from ${file} (${errorMessage(error)}).`,
    );
  }
}

async function readPackage(location: string): Promise<{ template: CfnTemplate; label: string }> {
  let file = location;
  try {
    if ((await stat(location)).isDirectory()) file = path.join(location, PACKAGED_TEMPLATE);
  } catch (error) {
    throw usage(`--against-package: ${location} does not exist (${errorMessage(error)}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usage(
      `--against-package: could not read a packaged template from ${file} (${errorMessage(error)}). ` +
        `Pass the directory sls package wrote (with ${PACKAGED_TEMPLATE}) or that file.`,
    );
  }
  if (!isTemplate(parsed)) {
    throw usage(
      `--against-package: ${file} is not a CloudFormation template (it has no Resources).`,
    );
  }
  return { template: parsed, label: `the package in ${path.dirname(file)}` };
}

function isTemplate(value: unknown): value is CfnTemplate {
  const resources = (value as { Resources?: unknown } | null)?.Resources;
  return resources !== null && typeof resources === 'object' && !Array.isArray(resources);
}
