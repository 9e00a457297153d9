/**
 * Routing an HTTP API request by route key, as "Create routes for HTTP APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html)
 * documents it: routes are `METHOD /path` (with `{name}` path variables and a greedy `{name+}` as
 * the last segment) or `ANY /path`, and the most specific match wins: a full match of path and
 * method, then a match through a greedy path variable, then the `$default` route; no match is
 * `404 {"message":"Not Found"}` (answered by the gateway, not here).
 *
 * Within that order, a static segment is preferred to a `{name}` variable and a variable to a
 * greedy one, segment by segment (the documentation's example: `GET /pets/dog/1` before
 * `GET /pets/dog/{id}` before `GET /pets/{proxy+}`), and at one path the route of the request's
 * method before `ANY`. A path that has routes, but none for the method nor `ANY`, lets a less
 * specific path (a greedy one, then `$default`) take the request. Path variable values are
 * URL-decoded; paths are case-sensitive.
 */
import type { V2Route } from '../../model';

interface PathNode {
  /** `/pets/{id}` */
  path: string;
  /** By method (upper case, `ANY` included). */
  routes: Map<string, V2Route>;
  statics: Map<string, PathNode>;
  parameter?: { name: string; node: PathNode };
  greedy?: { name: string; node: PathNode };
}

export interface HttpRouteMatch {
  route: V2Route;
  /** The route's path (`/pets/{id}`); for `$default`, the request's path. */
  routePath: string;
  pathParameters: Record<string, string>;
}

function newNode(path: string): PathNode {
  return { path, routes: new Map(), statics: new Map() };
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `GET /pets/{id}` → method and path; undefined for `$default` or a key that is not a route. */
export function parseRouteKey(routeKey: string): { method: string; path: string } | undefined {
  const match = /^([A-Za-z]+) (\/\S*)$/.exec(routeKey.trim());
  return match ? { method: match[1].toUpperCase(), path: match[2] } : undefined;
}

export class HttpRouter {
  private readonly root = newNode('/');
  private readonly fallback?: V2Route;

  constructor(routes: readonly V2Route[]) {
    let fallback: V2Route | undefined;
    for (const route of routes) {
      if (route.routeKey === '$default') fallback ??= route;
      else this.add(route);
    }
    this.fallback = fallback;
  }

  private add(route: V2Route): void {
    const key = parseRouteKey(route.routeKey);
    if (!key) return;
    let node = this.root;
    for (const segment of segmentsOf(key.path)) {
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
    // An HTTP API has one route per route key; the first read wins should a template repeat one.
    if (!node.routes.has(key.method)) node.routes.set(key.method, route);
  }

  /** The route for a path (without the stage) and method; `$default` when nothing else matches. */
  match(requestPath: string, method: string): HttpRouteMatch | undefined {
    const parameters: Record<string, string> = {};
    const found = this.find(this.root, segmentsOf(requestPath), method.toUpperCase(), parameters);
    if (found) return { ...found, pathParameters: parameters };
    return this.fallback
      ? { route: this.fallback, routePath: requestPath, pathParameters: {} }
      : undefined;
  }

  /** Whether a route other than `$default` takes this method at this path. */
  hasRoute(requestPath: string, method: string): boolean {
    return this.find(this.root, segmentsOf(requestPath), method.toUpperCase(), {}) !== undefined;
  }

  private find(
    node: PathNode,
    segments: readonly string[],
    method: string,
    parameters: Record<string, string>,
  ): { route: V2Route; routePath: string } | undefined {
    if (segments.length === 0) {
      const route = node.routes.get(method) ?? node.routes.get('ANY');
      return route ? { route, routePath: node.path } : undefined;
    }
    const [segment, ...rest] = segments;
    const decoded = safeDecode(segment);
    const fixed = node.statics.get(segment);
    const viaStatic = fixed && this.find(fixed, rest, method, parameters);
    if (viaStatic) return viaStatic;
    if (node.parameter) {
      const found = this.find(node.parameter.node, rest, method, parameters);
      if (found) {
        parameters[node.parameter.name] = decoded;
        return found;
      }
    }
    if (node.greedy) {
      const greedyNode = node.greedy.node;
      const route = greedyNode.routes.get(method) ?? greedyNode.routes.get('ANY');
      if (route) {
        parameters[node.greedy.name] = segments.map(safeDecode).join('/');
        return { route, routePath: greedyNode.path };
      }
    }
    return undefined;
  }
}
