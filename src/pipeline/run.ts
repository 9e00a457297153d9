/**
 * The pipeline from inputs to template: validate (schema and every feature's checks, all issues at
 * once) → resolve (one frozen ResolvedConfig) → compile (every feature's fragments) → merge (the
 * one writer into core's template). The checks and compilers load on first use: a service that
 * lists the plugin without using it, and every command that validates nothing, never loads them.
 */
import { load } from '../lazy';
import { applyFragment } from '../cloudformation/merge';
import { type TemplateWrites, writesOf } from '../cloudformation/ownership';
import type { Naming } from '../cloudformation/naming';
import type { V2Naming } from '../cloudformation/naming';
import type { CfnTemplate } from '../cloudformation/template';
import type { ApiGatewayConfig } from '../config/types.generated';
import type { LoadedDefinition } from '../openapi/import/definition';
import type { EmittedOrigins } from './emitted-references';
import type { PipelineInputs } from './inputs';
import { ConfigValidationError, type ConfigIssue } from './issues';
import { resolveConfig, type ResolvedConfig } from './resolve';

export interface PipelineResult {
  readonly config: ResolvedConfig;
  /** Problems that do not stop packaging; the plugin logs them. */
  readonly warnings: readonly ConfigIssue[];
}

function validate(inputs: PipelineInputs): ReturnType<typeof import('./validate').validateConfig> {
  return load<typeof import('./validate')>('./pipeline/validate').validateConfig(
    inputs.userConfig,
    inputs.events,
    inputs.core,
  );
}

function resolve(inputs: PipelineInputs, definition?: LoadedDefinition): ResolvedConfig {
  const resolved = resolveConfig(
    (inputs.userConfig ?? {}) as ApiGatewayConfig,
    inputs.core,
    inputs.events,
  );
  return definition ? { ...resolved, openApiDefinition: definition } : resolved;
}

/**
 * Validates and resolves, loading `openapi.definition` when the config names one (swagger-parser,
 * and the ajv it brings, load only then). Throws a ConfigValidationError with every error.
 */
export async function validateAndResolve(inputs: PipelineInputs): Promise<PipelineResult> {
  const result = validate(inputs);
  const config = (inputs.userConfig ?? {}) as ApiGatewayConfig;
  const prepared =
    result.errors.length === 0 && config.openapi?.definition !== undefined
      ? await load<typeof import('../openapi/import')>('./openapi/import').prepareOpenApiDefinition(
          config,
          inputs.events,
          inputs.serviceDir,
          inputs.core,
        )
      : { errors: [], warnings: [] };
  const errors = [...result.errors, ...prepared.errors];
  if (errors.length > 0) throw new ConfigValidationError(errors);
  return {
    config: resolve(inputs, prepared.definition),
    warnings: [...result.warnings, ...prepared.warnings],
  };
}

/**
 * For commands that do not package (`deploy --package`, `export-openapi` without --offline): the
 * same validation, synchronously. The OpenAPI definition is only needed to compile, which always
 * runs the full, asynchronous validation first.
 */
export function validateAndResolveSync(inputs: PipelineInputs): ResolvedConfig {
  const result = validate(inputs);
  if (result.errors.length > 0) throw new ConfigValidationError(result.errors);
  return resolve(inputs);
}

/**
 * Compiles every feature and writes the fragments into core's template, in order. Throws a
 * TemplateConflictError (nothing written) when the config conflicts with the template. Returns
 * the warnings, what was written (the user's `resources:` win over it: ./reconcile.ts) and which
 * config wrote it (./emitted-references.ts).
 */
export function compileInto(
  template: CfnTemplate,
  config: ResolvedConfig,
  naming: Naming,
  v2Naming: V2Naming,
): { warnings: readonly ConfigIssue[]; writes: TemplateWrites; origins: EmittedOrigins } {
  const compiler = load<typeof import('./compile')>('./pipeline/compile');
  const result = compiler.compileAll(config, template, naming, v2Naming);
  for (const fragment of result.fragments) applyFragment(template, fragment);
  const { originsOf } = load<typeof import('./emitted-references')>(
    './pipeline/emitted-references',
  );
  return {
    warnings: result.warnings,
    writes: writesOf(result.fragments),
    origins: originsOf(result.fragments, result.origins),
  };
}
