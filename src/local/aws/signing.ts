/**
 * Signature Version 4 for the requests the local gateway sends to a local AWS endpoint (AWS
 * service integrations): "Create a signed AWS API request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), computed by
 * `@smithy/signature-v4` with node's crypto. The credentials are the caller's from the
 * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else `test`/`test`:
 * emulators such as moto and LocalStack accept any, but read the credential scope (service,
 * region) to choose the service and region that answer.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The credentials requests are signed with: the environment's, else the emulators' `test`. */
export function localAwsCredentials(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return { accessKeyId: 'test', secretAccessKey: 'test' };
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** SHA-256 (and HMAC-SHA-256 with a secret) as the signer's checksum interface wants it. */
class NodeSha256 {
  private state: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.state = this.fresh();
  }

  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string'
        ? this.secret
        : ArrayBuffer.isView(this.secret)
          ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
          : Buffer.from(this.secret);
    return createHmac('sha256', key);
  }

  update(chunk: string | Uint8Array): void {
    this.state.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.state.digest()));
  }

  reset(): void {
    this.state = this.fresh();
  }
}

export interface RequestToSign {
  method: string;
  url: URL;
  /** Header names as they will be sent; `host` is added from the URL. */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  /** The signing name: `sqs`, `dynamodb`, `s3`, `states`, `events`, `kinesis`, `sns`… */
  service: string;
  region: string;
  credentials: AwsCredentials;
  /** Default now; fixed in tests. */
  signingDate?: Date;
}

/**
 * The request's headers with SigV4's added: `host`, `x-amz-date`, `authorization` (and
 * `x-amz-security-token` with a session token; `x-amz-content-sha256` for S3, which wants it).
 */
export async function signAwsRequest(request: RequestToSign): Promise<Record<string, string>> {
  const s3 = request.service === 's3';
  const signer = new SignatureV4({
    service: request.service,
    region: request.region,
    credentials: request.credentials,
    sha256: NodeSha256,
    // S3 signs the path as sent; every other service escapes it once more.
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of request.url.searchParams) {
    const existing = query[name];
    query[name] =
      existing === undefined
        ? value
        : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      body: request.body,
    },
    request.signingDate ? { signingDate: request.signingDate } : {},
  );
  return signed.headers;
}
