/**
 * The path tree both local routers walk (REST resources, HTTP API routes): one node per path, a
 * segment matched by a static child before a `{name}` child before a greedy `{name+}` child (which
 * takes every remaining segment), the first match in that order that the router accepts winning.
 * What a node holds (methods, routes) and what makes a match acceptable are the router's.
 */

export interface PathNode<T> {
  /** `/orders/{id}` */
  path: string;
  /** By method (upper case, `ANY` included). */
  entries: Map<string, T>;
  statics: Map<string, PathNode<T>>;
  /** `{id}`: its name and node (a node has at most one parameter child). */
  parameter?: { name: string; node: PathNode<T> };
  /** `{proxy+}` */
  greedy?: { name: string; node: PathNode<T> };
}

export function newPathNode<T>(path: string): PathNode<T> {
  return { path, entries: new Map(), statics: new Map() };
}

/** A path's segments; empty ones (a trailing or doubled slash) are dropped. */
export function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** A segment URL-decoded; as sent when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The node of a path, created (with the nodes on the way) when missing. */
export function pathNodeOf<T>(root: PathNode<T>, path: string): PathNode<T> {
  let node = root;
  for (const segment of segmentsOf(path)) {
    const childPath = `${node.path === '/' ? '' : node.path}/${segment}`;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    const parameter = /^\{(.+)\}$/.exec(segment);
    if (greedy) {
      node.greedy ??= { name: greedy[1], node: newPathNode(childPath) };
      node = node.greedy.node;
    } else if (parameter) {
      node.parameter ??= { name: parameter[1], node: newPathNode(childPath) };
      node = node.parameter.node;
    } else {
      let child = node.statics.get(segment);
      if (!child) {
        child = newPathNode(childPath);
        node.statics.set(segment, child);
      }
      node = child;
    }
  }
  return node;
}

export interface PathSearch<T, R> {
  /** What the router makes of the node a path ends at (or a greedy node); undefined to go on. */
  accept: (node: PathNode<T>) => R | undefined;
  /** Whether a static child is looked up by the URL-decoded segment (else by the segment as sent). */
  decodeStatics: boolean;
}

/**
 * The first accepted match of a request path's segments below `node`, the path parameters of the
 * match written to `parameters` (URL-decoded; a greedy one's segments joined with `/`).
 */
export function findInPathTree<T, R>(
  node: PathNode<T>,
  segments: readonly string[],
  search: PathSearch<T, R>,
  parameters: Record<string, string>,
): R | undefined {
  if (segments.length === 0) return search.accept(node);
  const [segment, ...rest] = segments;
  const decoded = safeDecode(segment);
  const fixed = node.statics.get(search.decodeStatics ? decoded : segment);
  const viaStatic = fixed && findInPathTree(fixed, rest, search, parameters);
  if (viaStatic) return viaStatic;
  if (node.parameter) {
    const found = findInPathTree(node.parameter.node, rest, search, parameters);
    if (found) {
      parameters[node.parameter.name] = decoded;
      return found;
    }
  }
  if (node.greedy) {
    const found = search.accept(node.greedy.node);
    if (found) {
      parameters[node.greedy.name] = segments.map(safeDecode).join('/');
      return found;
    }
  }
  return undefined;
}
