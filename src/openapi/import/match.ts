/**
 * Which operation of the user's OpenAPI definition each http event or route implements: by
 * `operationId` first (the event's `operationId`), then by method and path. Pure.
 */
import { didYouMean } from '../../common/did-you-mean';
import { httpEndpoints, normalizeHttpPath } from '../../common/http-endpoint';
import { type EventsByKind, eventSettingsPath } from '../../common/events';
import { joinPath } from '../../pipeline/issues';
import type { OpenApiDocument } from '../types';
import { keyOfMethod, methodOfKey } from './definition';

/** An endpoint of the service: an http event or a route. */
export interface ServiceEndpoint {
  /** Upper case; `ANY` kept. */
  readonly method: string;
  /** With a leading `/`, no trailing one (`/` for the root). */
  readonly path: string;
  readonly operationId?: string;
  /** Where it is configured, e.g. `functions.orders.events[0].http`. */
  readonly configPath: string;
}

export interface DefinitionOperation {
  readonly method: string;
  /** As the document writes it. */
  readonly path: string;
  /** The operation's key in its path item (`get`, `x-amazon-apigateway-any-method`). */
  readonly key: string;
  readonly operationId?: string;
  /** The document writes its own x-amazon-apigateway-integration: it needs no event. */
  readonly ownIntegration: boolean;
}

export interface DefinitionMatch {
  readonly pairs: ReadonlyArray<{ operation: DefinitionOperation; endpoint: ServiceEndpoint }>;
  readonly unmatchedOperations: readonly DefinitionOperation[];
  readonly unmatchedEndpoints: readonly ServiceEndpoint[];
}

export function definitionPath(path: string): string {
  return `/${normalizeHttpPath(path)}`;
}

export function describe(item: { method: string; path: string }): string {
  return `${item.method} ${item.path}`;
}

/** The service's REST endpoints: http events, then routes, in config order. */
export function serviceEndpoints(
  events: EventsByKind,
  routeKeys: readonly string[],
): ServiceEndpoint[] {
  const endpoints: ServiceEndpoint[] = httpEndpoints(events).map((endpoint) => {
    const operationId =
      endpoint.ref.event && typeof endpoint.ref.event === 'object'
        ? (endpoint.ref.event as { operationId?: unknown }).operationId
        : undefined;
    return {
      method: endpoint.method,
      path: definitionPath(endpoint.path),
      ...(typeof operationId === 'string' ? { operationId } : {}),
      configPath: eventSettingsPath(endpoint.ref).replace(/\.apiGateway$/, ''),
    };
  });
  for (const key of routeKeys) {
    const parsed = /^([A-Za-z]+)\s+(\S+)$/.exec(key.trim());
    if (!parsed) continue;
    endpoints.push({
      method: parsed[1].toUpperCase(),
      path: definitionPath(parsed[2]),
      configPath: joinPath(joinPath('custom.apiGateway', 'routes'), key),
    });
  }
  return endpoints;
}

/** Every operation of the document, in document order. */
export function definitionOperations(document: OpenApiDocument): DefinitionOperation[] {
  const operations: DefinitionOperation[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const [path, item] of Object.entries(paths)) {
    if (!item || typeof item !== 'object') continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = methodOfKey(key);
      if (!method || !operation || typeof operation !== 'object') continue;
      const operationId = (operation as { operationId?: unknown }).operationId;
      operations.push({
        method,
        path,
        key,
        ...(typeof operationId === 'string' ? { operationId } : {}),
        ownIntegration: 'x-amazon-apigateway-integration' in operation,
      });
    }
  }
  return operations;
}

export function matchDefinition(
  document: OpenApiDocument,
  endpoints: readonly ServiceEndpoint[],
): DefinitionMatch {
  const operations = definitionOperations(document);
  const pairs: Array<{ operation: DefinitionOperation; endpoint: ServiceEndpoint }> = [];
  const freeOperations = new Set(operations);
  const freeEndpoints = new Set(endpoints);
  for (const endpoint of endpoints) {
    if (endpoint.operationId === undefined) continue;
    const operation = operations.find(
      (candidate) =>
        freeOperations.has(candidate) && candidate.operationId === endpoint.operationId,
    );
    if (!operation) continue;
    pairs.push({ operation, endpoint });
    freeOperations.delete(operation);
    freeEndpoints.delete(endpoint);
  }
  for (const endpoint of endpoints) {
    if (!freeEndpoints.has(endpoint)) continue;
    const operation = operations.find(
      (candidate) =>
        freeOperations.has(candidate) &&
        candidate.method === endpoint.method &&
        definitionPath(candidate.path) === endpoint.path,
    );
    if (!operation) continue;
    pairs.push({ operation, endpoint });
    freeOperations.delete(operation);
    freeEndpoints.delete(endpoint);
  }
  return {
    pairs,
    unmatchedOperations: [...freeOperations].filter((operation) => !operation.ownIntegration),
    unmatchedEndpoints: [...freeEndpoints],
  };
}

/** The closest of `candidates` to `item` by method and path, for messages. */
export function closest<T extends { method: string; path: string }>(
  item: { method: string; path: string },
  candidates: readonly T[],
): T | undefined {
  const labels = candidates.map((candidate) =>
    describe({ ...candidate, path: definitionPath(candidate.path) }),
  );
  const found = didYouMean(describe({ ...item, path: definitionPath(item.path) }), labels);
  if (found !== undefined) return candidates[labels.indexOf(found)];
  // Same path, another method; or same method on a path of the same shape.
  const shape = (path: string) => definitionPath(path).replace(/\{[^}]+\}/g, '{}');
  return (
    candidates.find((candidate) => definitionPath(candidate.path) === definitionPath(item.path)) ??
    candidates.find(
      (candidate) => candidate.method === item.method && shape(candidate.path) === shape(item.path),
    )
  );
}

export { keyOfMethod };
