/**
 * WebSocket APIs (issue 7).
 */
import type { TemplateFragment } from '../cloudformation/template';
import type { ResolvedConfig } from '../config/resolve';
import type { CompileContext } from './context';

export function compileWebsocket(
  _config: ResolvedConfig,
  _ctx: CompileContext,
): TemplateFragment[] {
  return [];
}
