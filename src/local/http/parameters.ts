/**
 * HTTP API parameter mapping ("Transform API requests and responses for HTTP APIs in API
 * Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html).
 * Request keys: `append|overwrite|remove:header.<name>`, `append|overwrite|remove:querystring.<name>`,
 * `overwrite:path`; response keys (per integration status code): `append|overwrite|remove:header.<name>`,
 * `overwrite:statuscode`. Values: `$request.header.<name>` (case-insensitive, duplicates joined with
 * commas), `$request.querystring.<name>` (joined likewise), `$request.body.<JSON path>`,
 * `$request.path` (without the stage), `$request.path.<name>`, `$response.header.<name>`,
 * `$response.body.<JSON path>`, `$context.<name>`, `$stageVariables.<name>`, or static text.
 * A value that names nothing maps to the empty string.
 */
import { renderValue } from '../../openapi/intrinsics';

export interface MappingSources {
  requestHeaders: Readonly<Record<string, string[]>>;
  queryString: Readonly<Record<string, string[]>>;
  requestBody: Buffer;
  /** The request path without the stage. */
  path: string;
  pathParameters: Readonly<Record<string, string>>;
  context: Readonly<Record<string, unknown>>;
  stageVariables: Readonly<Record<string, string>>;
  response?: { headers: Readonly<Record<string, string[]>>; body: Buffer };
}

export interface Mapping {
  action: 'append' | 'overwrite' | 'remove';
  /** `header`, `querystring`, `path` or `statuscode`. */
  location: string;
  /** The header or query string name; '' for path and statuscode. */
  name: string;
  value: unknown;
}

/** The mappings of a RequestParameters map (or of one status code's ResponseParameters). */
export function readMappings(parameters: unknown): Mapping[] {
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) return [];
  return Object.entries(parameters as Record<string, unknown>).flatMap(([key, value]) => {
    const match =
      /^(append|overwrite|remove):(header|querystring|path|statuscode)(?:\.(.+))?$/i.exec(key);
    if (!match) return [];
    const action = match[1].toLowerCase() as Mapping['action'];
    return [{ action, location: match[2].toLowerCase(), name: match[3] ?? '', value }];
  });
}

function valuesOf(map: Readonly<Record<string, string[]>>, name: string, caseless: boolean) {
  const wanted = caseless ? name.toLowerCase() : name;
  return Object.entries(map)
    .filter(([key]) => (caseless ? key.toLowerCase() : key) === wanted)
    .flatMap(([, values]) => values);
}

/** `a.b[0].c` in a JSON body; undefined when the body is not JSON or has no such value. */
function jsonPath(body: Buffer, path: string): string | undefined {
  let current: unknown;
  try {
    current = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((step) => step !== undefined && step !== '');
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  if (current === undefined) return undefined;
  return typeof current === 'string' ? current : JSON.stringify(current);
}

function contextValue(context: Readonly<Record<string, unknown>>, path: string): string {
  let current: unknown = context;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[step];
  }
  return current === undefined || current === null ? '' : String(current);
}

/** A mapping value for one request (and, for response mappings, its integration response). */
export function mappedValue(value: unknown, sources: MappingSources): string {
  const text = renderValue(value);
  const [, root, rest = ''] = /^\$(request|response|context|stageVariables)(?:\.(.*))?$/.exec(
    text,
  ) ?? ['', '', ''];
  if (root === '') return text;
  const [kind, ...tail] = rest.split('.');
  const name = tail.join('.');
  switch (root) {
    case 'context':
      return contextValue(sources.context, rest);
    case 'stageVariables':
      return sources.stageVariables[rest] ?? '';
    case 'request':
      if (kind === 'header') return valuesOf(sources.requestHeaders, name, true).join(',');
      if (kind === 'querystring') return valuesOf(sources.queryString, name, false).join(',');
      if (kind === 'body') return jsonPath(sources.requestBody, name) ?? '';
      if (kind === 'path' && name === '') return sources.path;
      if (kind === 'path') return sources.pathParameters[name] ?? '';
      return '';
    default:
      if (!sources.response) return '';
      if (kind === 'header') return valuesOf(sources.response.headers, name, true).join(',');
      if (kind === 'body') return jsonPath(sources.response.body, name) ?? '';
      return '';
  }
}

/** Name/value pairs after a location's mappings (header names compared without case). */
export function applyMappings(
  pairs: ReadonlyArray<readonly [string, string]>,
  mappings: readonly Mapping[],
  location: 'header' | 'querystring',
  sources: MappingSources,
): Array<[string, string]> {
  const caseless = location === 'header';
  const same = (a: string, b: string) => (caseless ? a.toLowerCase() === b.toLowerCase() : a === b);
  let result = pairs.map(([name, value]): [string, string] => [name, value]);
  for (const mapping of mappings) {
    if (mapping.location !== location) continue;
    if (mapping.action !== 'append') result = result.filter(([name]) => !same(name, mapping.name));
    if (mapping.action !== 'remove')
      result.push([mapping.name, mappedValue(mapping.value, sources)]);
  }
  return result;
}

/** The value an `overwrite:<location>` mapping gives (path, statuscode); undefined if none. */
export function overwritten(
  mappings: readonly Mapping[],
  location: 'path' | 'statuscode',
  sources: MappingSources,
): string | undefined {
  const mapping = mappings.find(
    (candidate) => candidate.location === location && candidate.action === 'overwrite',
  );
  return mapping && mappedValue(mapping.value, sources);
}
