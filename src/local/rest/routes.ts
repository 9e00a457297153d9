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

interface ResourceNode {
  /** `/orders/{id}` */
  path: string;
  methods: Map<string, RestMethod>;
  statics: Map<string, ResourceNode>;
  /** `{id}`: its name and node (a resource has at most one parameter child). */
  parameter?: { name: string; node: ResourceNode };
  /** `{proxy+}` */
  greedy?: { name: string; node: ResourceNode };
}

export interface RouteMatch {
  method: RestMethod;
  /** The resource's path as the model has it: `/orders/{id}`. */
  resourcePath: string;
  pathParameters: Record<string, string>;
}

function newNode(path: string): ResourceNode {
  return { path, methods: new Map(), statics: new Map() };
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The resource tree of one API; built once per model load. */
export class RestRouter {
  private readonly root = newNode('/');

  constructor(methods: readonly RestMethod[]) {
    for (const method of methods) this.add(method);
  }

  private add(method: RestMethod): void {
    let node = this.root;
    for (const segment of segmentsOf(method.path)) {
      const childPath = `${node.path === '/' ? '' : node.path}/${segment}`;
      const greedy = /^\{(.+)\+\}$/.exec(segment);
      const parameter = /^\{(.+)\}$/.exec(segment);
      if (greedy) {
        node.greedy ??= { name: greedy[1], node: newNode(childPath) };
        node = node.greedy.node;
      } else if (parameter) {
        node.parameter ??= { name: parameter[1], node: newNode(childPath) };
        node = node.parameter.node;
      } else {
        let child = node.statics.get(segment);
        if (!child) {
          child = newNode(childPath);
          node.statics.set(segment, child);
        }
        node = child;
      }
    }
    // The first method read for a path and verb wins (a template holds one; see the model).
    if (!node.methods.has(method.httpMethod)) node.methods.set(method.httpMethod, method);
  }

  /**
   * The method for a request path (without the stage) and verb; undefined when no resource has
   * that path, or the resource has neither the verb nor `ANY` (API Gateway answers both with
   * MISSING_AUTHENTICATION_TOKEN).
   */
  match(requestPath: string, httpMethod: string): RouteMatch | undefined {
    const parameters: Record<string, string> = {};
    const node = this.find(this.root, segmentsOf(requestPath), parameters);
    if (!node) return undefined;
    const method = node.methods.get(httpMethod.toUpperCase()) ?? node.methods.get('ANY');
    return method ? { method, resourcePath: node.path, pathParameters: parameters } : undefined;
  }

  private find(
    node: ResourceNode,
    segments: readonly string[],
    parameters: Record<string, string>,
  ): ResourceNode | undefined {
    if (segments.length === 0) return node.methods.size > 0 ? node : undefined;
    const [segment, ...rest] = segments;
    const decoded = safeDecode(segment);
    const fixed = node.statics.get(decoded);
    const viaStatic = fixed && this.find(fixed, rest, parameters);
    if (viaStatic) return viaStatic;
    if (node.parameter) {
      const found = this.find(node.parameter.node, rest, parameters);
      if (found) {
        parameters[node.parameter.name] = decoded;
        return found;
      }
    }
    if (node.greedy && node.greedy.node.methods.size > 0) {
      parameters[node.greedy.name] = segments.map(safeDecode).join('/');
      return node.greedy.node;
    }
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
