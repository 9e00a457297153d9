/**
 * Per-endpoint caching and throttling (issue 4): method settings on the Stage, request
 * parameters and cache keys on the methods.
 */
import type { CfnObject, TemplateFragment } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import type { CompileContext } from './context';

export interface EndpointSettingsResult {
  fragments: TemplateFragment[];
  /** `MethodSettings` entries for single methods, after the stage-wide `/*` entry. */
  methodSettings: CfnObject[];
}

export function compileEndpointSettings(
  _config: ResolvedConfig,
  _ctx: CompileContext,
): EndpointSettingsResult {
  return { fragments: [], methodSettings: [] };
}
