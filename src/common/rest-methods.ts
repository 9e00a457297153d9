/**
 * The Methods of the REST API as the template has them, each with the path its Resource chain
 * spells, and the lookup from a Method to the endpoint (http event or route) that made it. Used by
 * the compilers that adjust every Method: caching and throttling, CORS.
 */
import type { CfnResource, CfnTemplate } from '../cloudformation/template';
import { resourcesOnApi } from '../cloudformation/template';
import { resourcePathOf } from '../cloudformation/rest-paths';
import type { HttpEndpoint } from './http-endpoint';

/** One `AWS::ApiGateway::Method` of the API, with the path its Resource chain spells. */
export interface RestMethod {
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** Upper case (`GET`, `ANY`, `OPTIONS`). */
  readonly httpMethod: string;
  /** Normalised like core's event paths: no leading or trailing `/`, `''` for the root. */
  readonly path: string;
}

/** Every method on the API, sorted by path then method. */
export function restMethods(template: Readonly<CfnTemplate>, restApiId: unknown): RestMethod[] {
  return resourcesOnApi(template as CfnTemplate, 'AWS::ApiGateway::Method', restApiId)
    .map((logicalId) => {
      const resource = template.Resources[logicalId];
      return {
        logicalId,
        resource,
        httpMethod: String(resource.Properties?.HttpMethod ?? '').toUpperCase(),
        path: resourcePathOf(template, resource.Properties?.ResourceId),
      };
    })
    .sort((a, b) =>
      a.path === b.path ? a.httpMethod.localeCompare(b.httpMethod) : a.path < b.path ? -1 : 1,
    );
}

/**
 * Looks up the http event or route behind a method, when one made it (the first one, when several
 * name the same method and path): indexed once, so a lookup per method stays cheap at scale.
 */
export function endpointLookup<T extends HttpEndpoint>(
  endpoints: readonly T[],
): (method: Pick<RestMethod, 'path' | 'httpMethod'>) => T | undefined {
  const byKey = new Map<string, T>();
  for (const endpoint of endpoints) {
    const key = `${endpoint.method} ${endpoint.path}`;
    if (!byKey.has(key)) byKey.set(key, endpoint);
  }
  return (method) => byKey.get(`${method.httpMethod} ${method.path}`);
}
