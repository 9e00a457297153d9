/**
 * Finds core's Method of an http event by walking the template (Method.ResourceId → Resource
 * PathPart/ParentId chain, HttpMethod), never by re-deriving core's logical ids.
 */
import type { CfnTemplate } from '../cloudformation/template';
import { resourcesOnApi } from '../cloudformation/template';
import { walkResourcePath, type WalkedPath } from '../cloudformation/rest-paths';
import type { HttpEndpoint } from './http-endpoint';

interface WalkedMethod {
  id: string;
  walked: WalkedPath;
}

/** The logical id of the Method serving an endpoint on the API, if core emitted one. */
export type MethodFinder = (endpoint: HttpEndpoint) => string | undefined;

/** A complete match beats a partial one; then the longest known path; then the logical id. */
function better(a: WalkedMethod, b: WalkedMethod): number {
  return (
    Number(b.walked.complete) - Number(a.walked.complete) ||
    b.walked.segments.length - a.walked.segments.length ||
    a.id.localeCompare(b.id)
  );
}

/** A partial walk (stopped at a parent outside the template) matches the end of the path. */
function matchesEnd(walked: WalkedPath, wanted: string[]): boolean {
  if (walked.segments.length === 0 || walked.segments.length > wanted.length) return false;
  return (
    wanted.slice(wanted.length - walked.segments.length).join('/') === walked.segments.join('/')
  );
}

/**
 * Indexes the API's Methods once (each walked to its path a single time), so finding the Method
 * of every endpoint costs one lookup each, not a scan of the template each: at 500 endpoints
 * that was half of the plugin's compile time.
 */
export function methodFinder(template: Readonly<CfnTemplate>, restApiId: unknown): MethodFinder {
  const complete = new Map<string, WalkedMethod>();
  const partial = new Map<string, WalkedMethod[]>();
  for (const id of resourcesOnApi(template as CfnTemplate, 'AWS::ApiGateway::Method', restApiId)) {
    const properties = template.Resources[id].Properties;
    const httpMethod = String(properties?.HttpMethod);
    const method: WalkedMethod = { id, walked: walkResourcePath(template, properties?.ResourceId) };
    if (method.walked.complete) {
      const key = `${httpMethod} ${method.walked.segments.join('/')}`;
      const known = complete.get(key);
      if (!known || better(method, known) < 0) complete.set(key, method);
    } else {
      const known = partial.get(httpMethod);
      if (known) known.push(method);
      else partial.set(httpMethod, [method]);
    }
  }
  return (endpoint) => {
    const exact = complete.get(`${endpoint.method} ${endpoint.path}`);
    if (exact) return exact.id;
    const wanted = endpoint.path === '' ? [] : endpoint.path.split('/');
    const candidates = (partial.get(endpoint.method) ?? []).filter(({ walked }) =>
      matchesEnd(walked, wanted),
    );
    return candidates.sort(better)[0]?.id;
  };
}
