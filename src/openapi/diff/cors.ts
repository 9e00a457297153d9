/**
 * CORS origins: which origins a browser may call each path from. API Gateway answers the
 * preflight with the OPTIONS method's integration (usually MOCK): the origin is a static
 * `Access-Control-Allow-Origin` mapping (`'https://app.example.com'`, `'*'`), or chosen by its
 * response template (`$origin == "https://…"`, `$origin.matches("…")`) when several are allowed.
 * Gateway responses (API Gateway's own errors) carry their own. An origin removed is a browser
 * client that stops working; an origin added breaks nobody.
 */
import { compare } from '../../model/order';
import type { GatewayResponse, RestApiModel, RestMethod } from '../../model';
import { change, normalizedPath, type ApiChange } from './types';

const ALLOW_ORIGIN = /^(?:method\.response|gatewayresponse)\.header\.access-control-allow-origin$/i;

/** Origins a mapping value or a response template allows: `'*'` → `*`. */
function originsIn(parameters: Record<string, unknown> | undefined, templates: unknown): string[] {
  const origins: string[] = [];
  for (const [name, value] of Object.entries(parameters ?? {})) {
    if (!ALLOW_ORIGIN.test(name) || typeof value !== 'string') continue;
    const literal = /^'(.*)'$/.exec(value);
    // A mapping from the request (method.request.header.Origin) echoes any origin.
    origins.push(literal ? literal[1] : `any (${value})`);
  }
  // Templates are VTL text (or an intrinsic holding it): read the origins their tests compare.
  const text = JSON.stringify(templates ?? null).replace(/\\"/g, '"');
  for (const match of text.matchAll(/\$origin\s*==\s*"([^"]+)"/g)) origins.push(match[1]);
  for (const match of text.matchAll(/\$origin\.matches\("([^"]+)"\)/g)) {
    origins.push(`pattern ${match[1].replace(/\\\\/g, '\\')}`);
  }
  return origins;
}

function preflightOrigins(method: RestMethod): string[] {
  return (method.integration?.responses ?? []).flatMap((response) =>
    originsIn(response.responseParameters, response.responseTemplates),
  );
}

function gatewayResponseOrigins(response: GatewayResponse): string[] {
  return originsIn(response.responseParameters, response.responseTemplates);
}

/** Path → origins its OPTIONS method allows. */
function originsByPath(api: RestApiModel): Map<string, { path: string; origins: Set<string> }> {
  const result = new Map<string, { path: string; origins: Set<string> }>();
  for (const method of api.methods) {
    if (method.httpMethod !== 'OPTIONS') continue;
    result.set(normalizedPath(method.path), {
      path: method.path,
      origins: new Set(preflightOrigins(method)),
    });
  }
  return result;
}

export function compared(
  was: ReadonlySet<string>,
  is: ReadonlySet<string>,
  where: { method: string; path: string },
  what: string,
): ApiChange[] {
  const changes: ApiChange[] = [];
  // `*` allows every origin: removing a listed origin while allowing `*` removes nothing.
  if (!is.has('*')) {
    for (const origin of [...was].sort(compare)) {
      if (!is.has(origin)) {
        changes.push(
          change('cors-origin-removed', 'breaking', where, `CORS origin ${origin} removed ${what}`),
        );
      }
    }
  }
  if (!was.has('*')) {
    for (const origin of [...is].sort(compare)) {
      if (!was.has(origin)) {
        changes.push(
          change('cors-origin-added', 'non-breaking', where, `CORS origin ${origin} added ${what}`),
        );
      }
    }
  }
  return changes;
}

export function diffCors(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  const current = originsByPath(after);
  // A preflight removed altogether is reported with the OPTIONS operation (./operations.ts).
  for (const [key, previous] of originsByPath(before)) {
    const now = current.get(key);
    if (!now) continue;
    changes.push(
      ...compared(
        previous.origins,
        now.origins,
        { method: 'OPTIONS', path: now.path },
        'from the preflight',
      ),
    );
  }
  const responses = new Map(after.gatewayResponses.map((r) => [r.responseType, r]));
  const types = new Set([
    ...before.gatewayResponses.map((r) => r.responseType),
    ...after.gatewayResponses.map((r) => r.responseType),
  ]);
  for (const type of [...types].sort(compare)) {
    const was = before.gatewayResponses.find((r) => r.responseType === type);
    const is = responses.get(type);
    changes.push(
      ...compared(
        new Set(was ? gatewayResponseOrigins(was) : []),
        new Set(is ? gatewayResponseOrigins(is) : []),
        { method: '*', path: '*' },
        `from gateway response ${type}`,
      ),
    );
  }
  return changes;
}
