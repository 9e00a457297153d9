/**
 * Routes without a function, integrations and request validation (issue 5).
 */
import type { TemplateFragment } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import type { CompileContext } from './context';

export function compileRoutes(_config: ResolvedConfig, _ctx: CompileContext): TemplateFragment[] {
  return [];
}
