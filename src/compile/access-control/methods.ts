/**
 * Finds core's Method of an http event by walking the template (Method.ResourceId → Resource
 * PathPart/ParentId chain, HttpMethod), never by re-deriving core's logical ids.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { resourcesOnApi } from '../../cloudformation/template';
import { walkResourcePath, type WalkedPath } from '../../cloudformation/rest-paths';
import type { HttpEndpoint } from '../../config/access-control';

function matches(walked: WalkedPath, wanted: string[]): boolean {
  if (walked.complete) return walked.segments.join('/') === wanted.join('/');
  if (walked.segments.length === 0 || walked.segments.length > wanted.length) return false;
  return (
    wanted.slice(wanted.length - walked.segments.length).join('/') === walked.segments.join('/')
  );
}

/** The logical id of the Method serving `endpoint` on the API `restApiId`, if core emitted one. */
export function findMethod(
  template: Readonly<CfnTemplate>,
  restApiId: unknown,
  endpoint: HttpEndpoint,
): string | undefined {
  const wanted = endpoint.path === '' ? [] : endpoint.path.split('/');
  const candidates = resourcesOnApi(template as CfnTemplate, 'AWS::ApiGateway::Method', restApiId)
    .filter((id) => template.Resources[id].Properties?.HttpMethod === endpoint.method)
    .map((id) => ({
      id,
      walked: walkResourcePath(template, template.Resources[id].Properties?.ResourceId),
    }))
    .filter(({ walked }) => matches(walked, wanted))
    // A complete match beats a partial one; then the longest known path.
    .sort(
      (a, b) =>
        Number(b.walked.complete) - Number(a.walked.complete) ||
        b.walked.segments.length - a.walked.segments.length ||
        a.id.localeCompare(b.id),
    );
  return candidates[0]?.id;
}
