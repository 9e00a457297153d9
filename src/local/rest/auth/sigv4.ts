/**
 * Signature Version 4 as a receiving service reads it ("Create a signed AWS API request",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
 * the signature's parts from the `Authorization` header (`AWS4-HMAC-SHA256 Credential=…,
 * SignedHeaders=…, Signature=…`) or from a presigned URL's query string (`X-Amz-Algorithm`,
 * `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Signature`),
 * and the signature the request should carry, recomputed with @smithy/signature-v4 (the AWS SDK's
 * own signer) over the request as it was received: its method, its path as sent (the signer
 * normalises and encodes it once more, as for every service but S3), its query string without
 * `X-Amz-Signature`, the headers the signature names with their values as sent, and the SHA-256
 * of the body as received. The canonical request is built here, never taken from the request (a
 * `x-amz-content-sha256` header is not trusted for the body: the body is hashed).
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { ALGORITHM_IDENTIFIER, getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import { headerOf, type GatewayRequest } from '../request';

type SigningRequest = Parameters<SignatureV4['presign']>[0];
type SecretData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256, or HMAC-SHA-256 with a secret, from node:crypto in the shape the signer hashes with. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SecretData) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string'
        ? this.secret
        : this.secret instanceof ArrayBuffer
          ? Buffer.from(this.secret)
          : Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength);
    return createHmac('sha256', key);
  }
}

/** The parts of a SigV4 signature a request carries. */
export interface SignatureParts {
  placement: 'header' | 'query';
  accessKeyId: string;
  /** The credential scope: `<yyyymmdd>/<region>/<service>/aws4_request`, split. */
  scope: { date: string; region: string; service: string; terminator: string };
  /** `X-Amz-Date` (`20150830T123600Z`), or the `Date` header's time in that form. */
  longDate: string;
  /** Where the time came from: `x-amz-date` or `date` (for the scope date's error message). */
  dateSource: 'x-amz-date' | 'date';
  signedHeaders: string[];
  signature: string;
  /** A presigned URL's `X-Amz-Expires` (seconds). */
  expiresSeconds?: number;
  /** `X-Amz-Security-Token` (header or query): temporary credentials' session token. */
  securityToken?: string;
}

/**
 * Why the signature cannot be read: AWS's IncompleteSignatureException messages (the "requires"
 * list is the Authorization header's, with the header after it).
 */
export interface IncompleteSignature {
  incomplete: string;
}

const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20150830T123600Z` → epoch milliseconds; undefined when it is not that form. */
export function parseLongDate(text: string): number | undefined {
  const match = LONG_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(time) ? undefined : time;
}

/** Epoch milliseconds → `20150830T123600Z`. */
export function longDateOf(time: number): string {
  return new Date(time)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function queryValue(request: GatewayRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const [key, value] of Object.entries(request.queryString))
    if (key.toLowerCase() === lower) found = value;
  return found;
}

function splitCredential(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts;
  return { accessKeyId, scope: { date, region, service, terminator } };
}

const CREDENTIAL_FORMAT = (credential: string) =>
  `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;

function fromHeader(request: GatewayRequest, authorization: string) {
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  const fields = new Map<string, string>();
  if (algorithm === ALGORITHM_IDENTIFIER && space !== -1) {
    for (const pair of authorization.slice(space + 1).split(',')) {
      const trimmed = pair.trim();
      if (trimmed === '') continue;
      const equals = trimmed.indexOf('=');
      if (equals === -1) {
        // AWS hashes the offending text rather than echo it (it may be a secret).
        const hashed = createHash('sha256').update(trimmed).digest('base64');
        return {
          incomplete: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hashed}'.`,
        };
      }
      fields.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
    }
  }
  const amzDate = headerOf(request.headers, 'X-Amz-Date');
  const httpDate = headerOf(request.headers, 'Date');
  const missing = [
    fields.has('Credential') ? '' : "Authorization header requires 'Credential' parameter.",
    fields.has('Signature') ? '' : "Authorization header requires 'Signature' parameter.",
    fields.has('SignedHeaders') ? '' : "Authorization header requires 'SignedHeaders' parameter.",
    amzDate !== undefined || httpDate !== undefined
      ? ''
      : "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  ].filter(Boolean);
  if (missing.length > 0)
    return { incomplete: `${missing.join(' ')} Authorization=${authorization}` };
  const credential = fields.get('Credential') ?? '';
  const split = splitCredential(credential);
  if (!split) return { incomplete: CREDENTIAL_FORMAT(credential) };
  let longDate = amzDate;
  if (longDate === undefined && httpDate !== undefined) {
    const time = Date.parse(httpDate);
    longDate = Number.isNaN(time) ? httpDate : longDateOf(time);
  }
  return {
    ...split,
    placement: 'header' as const,
    longDate: longDate ?? '',
    dateSource: amzDate !== undefined ? ('x-amz-date' as const) : ('date' as const),
    signedHeaders: (fields.get('SignedHeaders') ?? '').split(';').filter(Boolean),
    signature: fields.get('Signature') ?? '',
    securityToken: headerOf(request.headers, 'X-Amz-Security-Token'),
  };
}

const QUERY_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const;

function fromQuery(request: GatewayRequest) {
  const value = (name: string) => queryValue(request, name);
  const absent = QUERY_PARAMETERS.filter((name) => value(name) === undefined);
  if (absent.length > 0)
    return {
      incomplete: `AWS query-string parameters must include ${absent.map((name) => `'${name}'`).join(', ')}. Re-examine the query-string parameters.`,
    };
  if (value('X-Amz-Algorithm') !== ALGORITHM_IDENTIFIER)
    return { incomplete: `Unsupported AWS 'algorithm': '${value('X-Amz-Algorithm')}'` };
  const credential = value('X-Amz-Credential') ?? '';
  const split = splitCredential(credential);
  if (!split) return { incomplete: CREDENTIAL_FORMAT(credential) };
  const expires = value('X-Amz-Expires');
  return {
    ...split,
    placement: 'query' as const,
    longDate: value('X-Amz-Date') ?? '',
    dateSource: 'x-amz-date' as const,
    signedHeaders: (value('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean),
    signature: value('X-Amz-Signature') ?? '',
    ...(expires !== undefined ? { expiresSeconds: Number(expires) } : {}),
    securityToken: value('X-Amz-Security-Token'),
  };
}

/**
 * The signature the request carries; undefined when it carries none (no Authorization header and
 * no `X-Amz-*` signing parameter in the query string): API Gateway's "Missing Authentication Token".
 */
export function readSignature(
  request: GatewayRequest,
): SignatureParts | IncompleteSignature | undefined {
  const authorization = headerOf(request.headers, 'Authorization');
  if (authorization !== undefined && authorization !== '')
    return fromHeader(request, authorization);
  const presigned = QUERY_PARAMETERS.some((name) => queryValue(request, name) !== undefined);
  return presigned ? fromQuery(request) : undefined;
}

/** The signer, with the protected steps of the SDK's own signer used to show what was signed. */
class SignatureCalculator extends SignatureV4 {
  async calculate(request: SigningRequest, payloadHash: string, parts: SignatureParts) {
    const signed = new Set(parts.signedHeaders);
    const canonicalHeaders = getCanonicalHeaders(request, undefined, signed);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const { region, service, date, terminator } = parts.scope;
    const stringToSign = await this.createStringToSign(
      parts.longDate,
      [date, region, service, terminator].join('/'),
      canonicalRequest,
      ALGORITHM_IDENTIFIER,
    );
    const signature = await this.sign(stringToSign, {
      signingDate: new Date(parseLongDate(parts.longDate) ?? Number.NaN),
      signingRegion: region,
      signingService: service,
    });
    return { canonicalRequest, stringToSign, signature };
  }
}

/** The request as the signer reads it: only the signed headers, values as received. */
function signingRequestOf(request: GatewayRequest, parts: SignatureParts): SigningRequest {
  const signed = new Set(parts.signedHeaders);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.multiValueHeaders)) {
    const lower = name.toLowerCase();
    if (!signed.has(lower)) continue;
    // Repeated headers are one canonical header, their values comma-separated.
    headers[lower] = [headers[lower], ...values].filter((v) => v !== undefined).join(',');
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(request.multiValueQueryString)) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    query[name] = values.length === 1 ? values[0] : [...values];
  }
  const host = headerOf(request.headers, 'Host') ?? '';
  return {
    method: request.httpMethod,
    protocol: 'http:',
    hostname: host,
    path: request.fullPath,
    query,
    headers,
    body: request.body,
  };
}

export interface CalculatedSignature {
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
}

/** The signature the secret key makes of the request as received (hex). */
export async function calculateSignature(
  request: GatewayRequest,
  parts: SignatureParts,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<CalculatedSignature> {
  const calculator = new SignatureCalculator({
    credentials,
    region: parts.scope.region,
    service: parts.scope.service,
    sha256: NodeSha256,
  });
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  return calculator.calculate(signingRequestOf(request, parts), payloadHash, parts);
}

/** Compares two hex signatures in constant time (for equal lengths, as a timing probe needs). */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
