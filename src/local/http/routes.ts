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
import {
  findInPathTree,
  newPathNode,
  pathNodeOf,
  segmentsOf,
  type PathNode,
  type PathSearch,
} from '../common/path-tree';

export interface HttpRouteMatch {
  route: V2Route;
  /** The route's path (`/pets/{id}`); for `$default`, the request's path. */
  routePath: string;
  pathParameters: Record<string, string>;
}

/** `GET /pets/{id}` → method and path; undefined for `$default` or a key that is not a route. */
export function parseRouteKey(routeKey: string): { method: string; path: string } | undefined {
  const match = /^([A-Za-z]+) (\/\S*)$/.exec(routeKey.trim());
  return match ? { method: match[1].toUpperCase(), path: match[2] } : undefined;
}

/** A path ends a match when it has a route for the method or `ANY`; static segments as sent. */
function routeSearch(method: string): PathSearch<V2Route, { route: V2Route; routePath: string }> {
  return {
    accept: (node) => {
      const route = node.entries.get(method) ?? node.entries.get('ANY');
      return route ? { route, routePath: node.path } : undefined;
    },
    decodeStatics: false,
  };
}

export class HttpRouter {
  private readonly root: PathNode<V2Route> = newPathNode('/');
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
    const node = pathNodeOf(this.root, key.path);
    // An HTTP API has one route per route key; the first read wins should a template repeat one.
    if (!node.entries.has(key.method)) node.entries.set(key.method, route);
  }

  /** The route for a path (without the stage) and method; `$default` when nothing else matches. */
  match(requestPath: string, method: string): HttpRouteMatch | undefined {
    const parameters: Record<string, string> = {};
    const found = this.find(requestPath, method, parameters);
    if (found) return { ...found, pathParameters: parameters };
    return this.fallback
      ? { route: this.fallback, routePath: requestPath, pathParameters: {} }
      : undefined;
  }

  /** Whether a route other than `$default` takes this method at this path. */
  hasRoute(requestPath: string, method: string): boolean {
    return this.find(requestPath, method, {}) !== undefined;
  }

  private find(requestPath: string, method: string, parameters: Record<string, string>) {
    const search = routeSearch(method.toUpperCase());
    return findInPathTree(this.root, segmentsOf(requestPath), search, parameters);
  }
}
