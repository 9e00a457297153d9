/**
 * A REST endpoint as method and path, and the one parser of core's `http` event into it: access
 * control, caching, CORS, request validation, routes and the OpenAPI import all read events here.
 */
import type { EventRef, EventsByKind } from './events';

/** One REST endpoint, normalised the way core normalises `http` events. */
export interface HttpEndpoint {
  /** Upper case: GET, POST, ANY… */
  readonly method: string;
  /** Core's normalised path: no leading or trailing '/'; '' is the root. */
  readonly path: string;
}

/** Core's path normalisation: no leading or trailing `/`. */
export function normalizeHttpPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** Method and path of core's http event (`{ method, path }` or `'GET users/{id}'`). */
export function parseHttpEvent(event: unknown): HttpEndpoint | undefined {
  let method: unknown;
  let path: unknown;
  if (typeof event === 'string') {
    [method, path] = event.trim().split(/\s+/);
  } else if (event && typeof event === 'object') {
    ({ method, path } = event as { method?: unknown; path?: unknown });
  }
  if (typeof method !== 'string' || typeof path !== 'string') return undefined;
  return { method: method.toUpperCase(), path: normalizeHttpPath(path) };
}

/** Parses a `GET /users/{id}` key (usage plan `methodThrottles`) into core's normalised form. */
export function parseEndpointKey(key: string): HttpEndpoint {
  const [method, path = ''] = key.split(' ');
  return { method, path: normalizeHttpPath(path) };
}

/** `GET /orders/{id}`, as users write an endpoint and as messages show it. */
export function describeEndpoint(endpoint: HttpEndpoint): string {
  return `${endpoint.method} /${endpoint.path}`;
}

/** The `{name}` / `{name+}` parameters of a path, without braces and `+`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+?)\+?\}/g)].map((match) => match[1]);
}

function coreEvent(ref: EventRef): Record<string, unknown> {
  return ref.event && typeof ref.event === 'object' ? (ref.event as Record<string, unknown>) : {};
}

/** Core's own `authorizer:` on the event, when set. */
export function coreAuthorizerOf(ref: EventRef): unknown {
  return coreEvent(ref).authorizer;
}

/** Core's own `private:` on the event, when set. */
export function corePrivateOf(ref: EventRef): unknown {
  return coreEvent(ref).private;
}

/** Core's own `cors:` on the event: core then makes the path's OPTIONS method itself. */
export function coreCorsOf(ref: EventRef): boolean {
  return Boolean(coreEvent(ref).cors);
}

/** An `http` event of a function with its method and path. */
export interface HttpEventEndpoint extends HttpEndpoint {
  readonly ref: EventRef;
}

/** The `http` events whose method and path parse, in event order. */
export function httpEndpoints(events: EventsByKind): HttpEventEndpoint[] {
  return events.http.flatMap((ref) => {
    const endpoint = parseHttpEvent(ref.event);
    return endpoint ? [{ ...endpoint, ref }] : [];
  });
}
