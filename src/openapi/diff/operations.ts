/**
 * Operations, paths and responses: what clients call and what status codes they may be answered
 * with. A removed path or operation breaks whoever calls it, unless an ANY method of the same path
 * still answers it; a removed response breaks clients that handle it. Additions break nobody.
 */
import { compare } from '../../model/order';
import type { RestApiModel, RestMethod } from '../../model';
import {
  change,
  normalizedPath,
  operationKey,
  pairedMethods,
  shown,
  type ApiChange,
} from './types';

function byPath(api: RestApiModel): Map<string, RestMethod[]> {
  const paths = new Map<string, RestMethod[]>();
  for (const method of api.methods) {
    const key = normalizedPath(method.path);
    paths.set(key, [...(paths.get(key) ?? []), method]);
  }
  return paths;
}

function methodList(methods: readonly RestMethod[]): string {
  return methods
    .map((method) => method.httpMethod)
    .sort(compare)
    .join(', ');
}

export function diffOperations(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  const beforePaths = byPath(before);
  const afterPaths = byPath(after);
  for (const [key, methods] of beforePaths) {
    const remaining = afterPaths.get(key);
    const path = methods[0].path;
    if (!remaining) {
      changes.push(
        change(
          'path-removed',
          'breaking',
          { method: '*', path },
          `path removed, with its operations ${methodList(methods)}`,
        ),
      );
      continue;
    }
    const kept = new Set(remaining.map(operationKey));
    const anyMethod = remaining.some((method) => method.httpMethod === 'ANY');
    for (const method of methods) {
      if (kept.has(operationKey(method))) continue;
      changes.push(
        anyMethod
          ? change(
              'operation-removed',
              'non-breaking',
              { method: method.httpMethod, path },
              'operation removed; the ANY method of the path answers it now',
            )
          : change(
              'operation-removed',
              'breaking',
              { method: method.httpMethod, path },
              method.httpMethod === 'OPTIONS'
                ? 'operation removed: browsers get no CORS preflight answer for this path any more'
                : 'operation removed',
            ),
      );
    }
  }
  for (const [key, methods] of afterPaths) {
    const previous = beforePaths.get(key);
    if (!previous) {
      changes.push(
        change(
          'path-added',
          'non-breaking',
          { method: '*', path: methods[0].path },
          `path added, with operations ${methodList(methods)}`,
        ),
      );
      continue;
    }
    const known = new Set(previous.map(operationKey));
    for (const method of methods) {
      if (known.has(operationKey(method))) continue;
      changes.push(
        change(
          'operation-added',
          'non-breaking',
          { method: method.httpMethod, path: method.path },
          'operation added',
        ),
      );
    }
  }
  return changes;
}

/** Proxy integrations pass the backend's status codes through, declared or not. */
function passesStatusThrough(method: RestMethod): boolean {
  const type = method.integration?.type;
  return type === 'AWS_PROXY' || type === 'HTTP_PROXY';
}

export function diffResponses(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const pair of pairedMethods(before, after)) {
    const where = { method: pair.after.httpMethod, path: pair.after.path };
    const previous = new Set(pair.before.methodResponses.map((r) => shown(r.statusCode)));
    const current = new Set(pair.after.methodResponses.map((r) => shown(r.statusCode)));
    // A proxy method that declares no response still answers with every status its backend sends.
    const undeclared = current.size === 0 && passesStatusThrough(pair.after);
    if (!undeclared) {
      for (const status of [...previous].sort(compare)) {
        if (!current.has(status)) {
          changes.push(change('response-removed', 'breaking', where, `response ${status} removed`));
        }
      }
    }
    for (const status of [...current].sort(compare)) {
      if (!previous.has(status)) {
        changes.push(change('response-added', 'non-breaking', where, `response ${status} added`));
      }
    }
  }
  return changes;
}
