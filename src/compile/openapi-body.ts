/**
 * OpenAPI import and body mode (issue 8): the REST API defined by one OpenAPI document.
 */
import type { TemplateFragment } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import type { CompileContext } from './context';

export function compileOpenApiBody(_config: ResolvedConfig, _ctx: CompileContext): TemplateFragment[] {
  return [];
}
