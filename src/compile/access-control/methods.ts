/**
 * Finds core's Method of an http event by walking the template (Method.ResourceId → Resource
 * PathPart/ParentId chain, HttpMethod), never by re-deriving core's logical ids.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { resourcesOnApi } from '../../cloudformation/template';
import type { HttpEndpoint } from '../../config/access-control';

function refId(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'Ref' in value
    ? String((value as { Ref: unknown }).Ref)
    : undefined;
}

interface WalkedPath {
  segments: string[];
  /** false when the chain ends at a parent we cannot see (a resource of a shared API). */
  complete: boolean;
}

function walk(template: Readonly<CfnTemplate>, resourceId: unknown): WalkedPath {
  const segments: string[] = [];
  let current: unknown = resourceId;
  for (let guard = 0; guard < 128; guard += 1) {
    const id = refId(current);
    const resource = id === undefined ? undefined : template.Resources[id];
    if (!resource || resource.Type !== 'AWS::ApiGateway::Resource') {
      // The root: core writes { Fn::GetAtt: [RestApi, RootResourceId] }; a shared API's root or a
      // pre-existing resource is a plain id or an import, which we cannot follow.
      const isRootAttribute =
        current !== null &&
        typeof current === 'object' &&
        'Fn::GetAtt' in current &&
        Array.isArray((current as { 'Fn::GetAtt': unknown[] })['Fn::GetAtt']) &&
        (current as { 'Fn::GetAtt': unknown[] })['Fn::GetAtt'][1] === 'RootResourceId';
      return { segments, complete: isRootAttribute };
    }
    segments.unshift(String(resource.Properties?.PathPart));
    current = resource.Properties?.ParentId;
  }
  return { segments, complete: false };
}

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
    .map((id) => ({ id, walked: walk(template, template.Resources[id].Properties?.ResourceId) }))
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
