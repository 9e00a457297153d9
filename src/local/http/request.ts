/**
 * One HTTP API request as the gateway sees it. It is the REST side's GatewayRequest (so the
 * payload 1.0 event, built by the REST code, reads it as is) with header names in lower case, as
 * HTTP APIs give them to integrations ("All header names are lowercase", "Create AWS Lambda proxy
 * integrations for HTTP APIs"), plus the raw query string of the 2.0 event. A stage other than
 * `$default` is a path prefix, as on AWS; the `$default` stage has none.
 */
import { readRequestUnder, type GatewayRequest, type RawRequest } from '../rest/request';

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
  const request = readRequestUnder(raw, stage, stagePrefix(stage), (name) => name.toLowerCase());
  if (!request) return undefined;
  const queryStart = raw.url.indexOf('?');
  return { ...request, rawQueryString: queryStart === -1 ? '' : raw.url.slice(queryStart + 1) };
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
