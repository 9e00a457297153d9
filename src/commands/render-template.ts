/**
 * `sls render-template` (issue 5): renders a VTL mapping template locally with API Gateway's
 * semantics, from a request given as JSON.
 */
import type { CommandIo } from './export-openapi';

export const RENDER_TEMPLATE_OPTIONS = {} as const;

export async function runRenderTemplate(
  _options: Record<string, unknown>,
  _io: CommandIo,
): Promise<void> {
  throw new Error('render-template is not available yet');
}
