/**
 * Routing a REST request to a method as API Gateway does: the resource tree of the API (from the
 * model's method paths), a path segment matched by a static resource before a `{param}` resource
 * before a greedy `{proxy+}` (which takes one or more segments), then the method at that resource
 * or its `ANY`. "Set up a proxy integration with a proxy resource"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-set-up-simple-proxy.html)
 * documents `{proxy+}` and `ANY`; which resource wins when several match is API Gateway's
 * observed behaviour (the most specific), not documented.
 *
 * Not documented either, and done as API Gateway is observed to: a trailing slash names the same
 * resource (`/orders/` is `/orders`), and a path parameter's value is URL-decoded.
 */
import type { RestMethod } from '../../model';
import {
  findInPathTree,
  newPathNode,
  pathNodeOf,
  segmentsOf,
  type PathNode,
  type PathSearch,
} from '../common/path-tree';

/** A resource: its methods by verb (`ANY` included). */
type ResourceNode = PathNode<RestMethod>;

export interface RouteMatch {
  method: RestMethod;
  /** The resource's path as the model has it: `/orders/{id}`. */
  resourcePath: string;
  pathParameters: Record<string, string>;
}

/** A resource with methods ends a match; a static segment is read URL-decoded. */
const RESOURCE_SEARCH: PathSearch<RestMethod, ResourceNode> = {
  accept: (node) => (node.entries.size > 0 ? node : undefined),
  decodeStatics: true,
};

/** The resource tree of one API; built once per model load. */
export class RestRouter {
  private readonly root: ResourceNode = newPathNode('/');

  constructor(methods: readonly RestMethod[]) {
    for (const method of methods) this.add(method);
  }

  private add(method: RestMethod): void {
    const node = pathNodeOf(this.root, method.path);
    // The first method read for a path and verb wins (a template holds one; see the model).
    if (!node.entries.has(method.httpMethod)) node.entries.set(method.httpMethod, method);
  }

  /**
   * The method for a request path (without the stage) and verb; undefined when no resource has
   * that path, or the resource has neither the verb nor `ANY` (API Gateway answers both with
   * MISSING_AUTHENTICATION_TOKEN).
   */
  match(requestPath: string, httpMethod: string): RouteMatch | undefined {
    const parameters: Record<string, string> = {};
    const node = findInPathTree(this.root, segmentsOf(requestPath), RESOURCE_SEARCH, parameters);
    if (!node) return undefined;
    const method = node.entries.get(httpMethod.toUpperCase()) ?? node.entries.get('ANY');
    return method ? { method, resourcePath: node.path, pathParameters: parameters } : undefined;
  }
}
