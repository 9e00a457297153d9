/**
 * One request as the gateway sees it, read once from Node's HTTP request: headers in single- and
 * multi-value form (names as the client wrote them), the query string likewise, the identifiers
 * and times API Gateway gives every request, and the response the gateway sends back.
 */
import { randomUUID } from 'node:crypto';

export interface GatewayRequest {
  httpMethod: string;
  /** The path after the stage, as sent (`/orders/42`); `/` for the stage root. */
  path: string;
  /** The path as sent, stage included (`/dev/orders/42`): `$context.path`. */
  fullPath: string;
  stage: string;
  /** Last value of each header (the proxy event's `headers`), names as sent. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryString: Record<string, string>;
  multiValueQueryString: Record<string, string[]>;
  body: Buffer;
  sourceIp: string;
  requestId: string;
  /** `04/Mar/2020:19:15:17 +0000`. */
  requestTime: string;
  requestTimeEpoch: number;
  /** `$context.isCanaryRequest`: set only when the stage has a canary (./canary.ts). */
  isCanaryRequest?: boolean;
}

export interface GatewayResponse {
  statusCode: number;
  /** Name → values (a name set by a mapping replaces; multi-value headers keep all). */
  headers: Record<string, string[]>;
  body: Buffer;
  /** For the request log: MOCK, AWS_PROXY, or the gateway's own answer (`-`). */
  integration: string;
  /** Why the gateway answered with an error, for the request log (never sent to the client). */
  detail?: string;
  /** `$context.requestId`, sent back as `x-amzn-RequestId`. */
  requestId?: string;
  /** Served as a canary request: the request log says `canary`. */
  canary?: boolean;
}

export interface RawRequest {
  method: string;
  /** The request target: path and query string. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value… */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime`: CLF-formatted (dd/MMM/yyyy:HH:mm:ss +-hhmm), in UTC. */
export function clfTime(epoch: number): string {
  const date = new Date(epoch);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** Name/value pairs as the event's single-value (the last wins) and multi-value maps. */
export function grouped(pairs: Iterable<readonly [string, string]>): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

/** Node's flat `rawHeaders` (name, value, name, value…) as pairs, in the order sent. */
export function headerPairs(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    pairs.push([rawHeaders[index], rawHeaders[index + 1]]);
  }
  return pairs;
}

/**
 * The request under a stage's path prefix (`` for none: every path is under it); undefined when
 * its path is not. Header names are kept as `headerName` gives them (as sent, by default).
 */
export function readRequestUnder(
  raw: RawRequest,
  stage: string,
  prefix: string,
  headerName: (name: string) => string = (name) => name,
): GatewayRequest | undefined {
  const queryStart = raw.url.indexOf('?');
  const fullPath = queryStart === -1 ? raw.url : raw.url.slice(0, queryStart);
  if (prefix !== '' && fullPath !== prefix && !fullPath.startsWith(`${prefix}/`)) return undefined;
  const headers = grouped(
    headerPairs(raw.rawHeaders).map(([name, value]): [string, string] => [headerName(name), value]),
  );
  const query = grouped(
    queryStart === -1 ? [] : new URLSearchParams(raw.url.slice(queryStart + 1)).entries(),
  );
  const requestTimeEpoch = Date.now();
  return {
    httpMethod: raw.method.toUpperCase(),
    path: fullPath.slice(prefix.length) || '/',
    fullPath,
    stage,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryString: query.single,
    multiValueQueryString: query.multi,
    body: raw.body,
    sourceIp: raw.sourceIp,
    requestId: randomUUID(),
    requestTime: clfTime(requestTimeEpoch),
    requestTimeEpoch,
  };
}

/** The request for a stage; undefined when its path is not under `/<stage>`. */
export function readGatewayRequest(raw: RawRequest, stage: string): GatewayRequest | undefined {
  return readRequestUnder(raw, stage, `/${stage}`);
}

/** A header's last value, the name compared without case (HTTP header names are). */
export function headerOf(
  headers: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === lower) found = value;
  return found;
}

export function textResponse(
  statusCode: number,
  contentType: string,
  body: string,
  integration: string,
): GatewayResponse {
  return {
    statusCode,
    headers: { 'Content-Type': [contentType] },
    body: Buffer.from(body, 'utf8'),
    integration,
  };
}
