/**
 * After packaging, with the template final (the user's resources merged): the REST API's OpenAPI
 * body stays inline or goes to a file of the package that `BodyS3Location` names
 * (./body-location.ts says which and why); the file is uploaded at deploy time
 * (src/deploy/openapi-body-upload.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnTemplate } from '../../cloudformation/template';
import { ERROR_CODES, KitError, PLUGIN_NAME } from '../../pipeline/errors';
import type { ResolvedConfig } from '../../pipeline/resolve';
import type { PluginLogger } from '../../pipeline/serverless';
import { applyBodyLocation, planBodyLocation } from './body-location';

export interface PlaceBodyContext {
  template: CfnTemplate;
  restApiLogicalId: string;
  /** `provider.deploymentPrefix` (core's default: serverless). */
  deploymentPrefix: unknown;
  service: string;
  stage: string;
  /** `<service>/.serverless`: core writes the package there, then moves it to `--package`. */
  workDir: string;
  log: PluginLogger;
}

export function placeOpenApiBody(config: ResolvedConfig, context: PlaceBodyContext): void {
  if (config.compileMode !== 'openapi' || config.restApi.sharedRestApiId !== undefined) return;
  const { template, restApiLogicalId, log } = context;
  const prefix =
    context.deploymentPrefix === undefined || context.deploymentPrefix === null
      ? 'serverless'
      : String(context.deploymentPrefix);
  const setting = config.openapi?.bodyLocation ?? 'auto';
  const result = planBodyLocation(template, {
    restApiLogicalId,
    setting,
    stagePrefix: `${prefix}/${context.service}/${context.stage}`,
  });
  for (const warning of result.warnings) log.warning(`${PLUGIN_NAME}: ${warning}`);
  if (result.error !== undefined)
    throw new KitError(`${PLUGIN_NAME}: ${result.error}`, ERROR_CODES.invalidConfig);
  if (result.plan.kind !== 's3') return;
  mkdirSync(context.workDir, { recursive: true });
  writeFileSync(path.join(context.workDir, result.plan.fileName), result.plan.content);
  applyBodyLocation(template, restApiLogicalId, result.plan);
  log.notice(
    `${PLUGIN_NAME}: the REST API's OpenAPI body (${Buffer.byteLength(result.plan.content).toLocaleString('en-US')} bytes) is out of the template: ${result.plan.fileName} in the package, uploaded to the deployment bucket by \`sls deploy\` (openapi.bodyLocation: ${setting})`,
  );
}
