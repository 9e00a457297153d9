/**
 * One signed call to the local AWS endpoint (LocalStack, moto's server or any emulator serving
 * every service on one URL): the service is told apart by the signature's credential scope and,
 * for JSON-protocol services, the `X-Amz-Target` header, as those emulators do. Shared by the
 * integrations that call AWS services: REST `AWS` integrations, and HTTP API first-class ones.
 */
import { callUpstream, type UpstreamOutcome } from '../rest/http';
import { localAwsCredentials, signAwsRequest, type AwsCredentials } from './signing';

/**
 * The endpoint as the gateway uses it: an http(s) URL without a trailing slash. Throws an Error
 * naming what is wrong, for the caller to report against its setting.
 */
export function normalizeAwsEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${JSON.stringify(value)} is not a URL; use e.g. http://127.0.0.1:4566`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(
      `${JSON.stringify(value)} is not an http(s) URL; use e.g. http://127.0.0.1:4566`,
    );
  if (url.search || url.hash)
    throw new Error(`${JSON.stringify(value)} has a query or fragment; give the endpoint only`);
  return url.toString().replace(/\/+$/, '');
}

export interface AwsServiceCall {
  /** From normalizeAwsEndpoint. */
  endpoint: string;
  /** The signing name (`sqs`, `dynamodb`…) and region of the credential scope. */
  service: string;
  region: string;
  method: string;
  /** The path and query string on the service, from `/`. */
  pathAndQuery: string;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  timeoutMs: number;
  /** Default: the environment's, else `test`/`test` (./signing.ts). */
  credentials?: AwsCredentials;
}

/** The call, signed and sent; never rejects (the outcome says what happened), with its URL. */
export async function callAwsService(
  call: AwsServiceCall,
): Promise<{ url: string; outcome: UpstreamOutcome }> {
  const url = `${call.endpoint}${call.pathAndQuery}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, outcome: { kind: 'unreachable', message: `invalid URL ${url}` } };
  }
  const headers = await signAwsRequest({
    method: call.method,
    url: parsed,
    headers: call.headers,
    body: call.body,
    service: call.service,
    region: call.region,
    credentials: call.credentials ?? localAwsCredentials(),
  });
  const outcome = await callUpstream({
    method: call.method,
    url,
    // Node sends the URL's host (the port only when it is not the default), the value signed.
    headers: Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'host'),
    body: call.body,
    timeoutMs: call.timeoutMs,
  });
  return { url, outcome };
}
