/**
 * CORS preflights and headers (issue 4).
 */
import type { TemplateFragment } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import type { CompileContext } from './context';

export function compileCors(_config: ResolvedConfig, _ctx: CompileContext): TemplateFragment[] {
  return [];
}
