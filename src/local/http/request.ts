/**
 * One HTTP API request as the gateway sees it. It is the REST side's GatewayRequest (so the
 * payload 1.0 event, built by the REST code, reads it as is) with header names in lower case, as
 * HTTP APIs give them to integrations ("All header names are lowercase", "Create AWS Lambda proxy
 * integrations for HTTP APIs"), plus the raw query string of the 2.0 event. A stage other than
 * `$default` is a path prefix, as on AWS; the `$default` stage has none.
 */
import { randomUUID } from 'node:crypto';
import {
  clfTime,
  grouped,
  headerPairs,
  type GatewayRequest,
  type RawRequest,
} from '../rest/request';

export interface HttpRequest extends GatewayRequest {
  /** The query string as sent, without `?` (`a=1&a=2`). */
  rawQueryString: string;
}

export const DEFAULT_STAGE = '$default';

/** `/<stage>` for a named stage, `` for `$default`. */
export function stagePrefix(stage: string): string {
  return stage === DEFAULT_STAGE ? '' : `/${stage}`;
}

/** The request for a stage; undefined when its path is not under the stage's prefix. */
export function readHttpRequest(raw: RawRequest, stage: string): HttpRequest | undefined {
  const queryStart = raw.url.indexOf('?');
  const fullPath = queryStart === -1 ? raw.url : raw.url.slice(0, queryStart);
  const prefix = stagePrefix(stage);
  if (prefix !== '' && fullPath !== prefix && !fullPath.startsWith(`${prefix}/`)) return undefined;
  const rawQueryString = queryStart === -1 ? '' : raw.url.slice(queryStart + 1);
  const headers = grouped(
    headerPairs(raw.rawHeaders).map(([name, value]): [string, string] => [
      name.toLowerCase(),
      value,
    ]),
  );
  const query = grouped(new URLSearchParams(rawQueryString).entries());
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
    rawQueryString,
  };
}

/** Duplicate values joined with commas, as HTTP APIs give headers and query strings in 2.0. */
export function commaJoined(
  multi: Readonly<Record<string, string[]>>,
  skip: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, values] of Object.entries(multi))
    if (!skip.has(name)) joined[name] = values.join(',');
  return joined;
}
