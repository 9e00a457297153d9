/**
 * Access control (issue 3): named authorizers, usage plans and API keys, resource policies.
 */
import type { TemplateFragment } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../config/resolve';
import type { CompileContext } from '../context';

export function compileAccessControl(
  _config: ResolvedConfig,
  _ctx: CompileContext,
): TemplateFragment[] {
  return [];
}
