/**
 * AWS_IAM methods ("Control access to a REST API with IAM permissions",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html): a request must be
 * signed with Signature Version 4 for the service `execute-api` and the API's region, by
 * credentials API Gateway knows. Locally there is no IAM: the credentials are the ones the user
 * configures for local use (`custom.apiGateway.local.credentials`, startLocalGateway's
 * `iamCredentials`), test keys that never reach AWS. The signature is recomputed over the request
 * as received (./sigv4.ts) and compared in constant time; a request is never let through without
 * a signature that verifies. What IAM would then decide (the caller's `execute-api:Invoke`
 * permissions, a resource policy) is not evaluated: a verified caller may call every method.
 *
 * Checked in this order, each refusal with API Gateway's answer (./responses.ts): a signature at
 * all (MISSING_AUTHENTICATION_TOKEN), its parts, its credential scope (date, region, service),
 * its time (the Authorization header's X-Amz-Date within 5 minutes of now; a presigned URL's
 * until X-Amz-Expires seconds after it), the access key and session token, the signature.
 */
import { LOCAL_ACCOUNT_ID, type CallerIdentity } from '../context';
import { MISSING_AUTHENTICATION_TOKEN, type GatewayError } from '../gateway-responses';
import type { GatewayRequest } from '../request';
import {
  INVALID_SECURITY_TOKEN,
  SIGNATURE_MISMATCH,
  incompleteSignature,
  invalidSignature,
  signatureExpired,
} from './responses';
import {
  calculateSignature,
  longDateOf,
  parseLongDate,
  readSignature,
  sameSignature,
  type SignatureParts,
} from './sigv4';

/** Credentials the local gateway accepts signatures of (test keys, not real ones). */
export interface LocalIamCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials: the request must carry this `X-Amz-Security-Token`. */
  sessionToken?: string;
  /** The caller's ARN for `$context.identity.userArn`; default `arn:aws:iam::123456789012:user/local`. */
  arn?: string;
}

export const LOCAL_USER_ARN = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local`;
export const EXECUTE_API = 'execute-api';
/** How far a signature's time may be from the gateway's clock. */
const SKEW_MS = 5 * 60_000;
/** A presigned URL lives at most a week. */
const MAX_EXPIRES_SECONDS = 604_800;

export type IamDecision = { identity: CallerIdentity } | { error: GatewayError; detail: string };

function identityOf(credential: LocalIamCredential): CallerIdentity {
  const userArn = credential.arn ?? LOCAL_USER_ARN;
  const account = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(userArn)?.[1];
  return {
    accessKey: credential.accessKeyId,
    caller: credential.accessKeyId,
    user: credential.accessKeyId,
    userArn,
    accountId: account ?? LOCAL_ACCOUNT_ID,
  };
}

export class IamAuthorizer {
  private readonly byAccessKey: ReadonlyMap<string, LocalIamCredential>;

  constructor(
    credentials: readonly LocalIamCredential[],
    private readonly region: string,
    private readonly now: () => number,
  ) {
    this.byAccessKey = new Map(credentials.map((entry) => [entry.accessKeyId, entry]));
  }

  async authorize(request: GatewayRequest): Promise<IamDecision> {
    const parts = readSignature(request);
    if (!parts)
      return { error: MISSING_AUTHENTICATION_TOKEN, detail: 'AWS_IAM: the request is not signed' };
    if ('incomplete' in parts)
      return {
        error: incompleteSignature(parts.incomplete),
        detail: `AWS_IAM: ${parts.incomplete}`,
      };
    const refused = this.checkScopeAndTime(parts);
    if (refused) return { error: refused, detail: `AWS_IAM: ${refused.message}` };
    const credential = this.byAccessKey.get(parts.accessKeyId);
    if (!credential)
      return {
        error: INVALID_SECURITY_TOKEN,
        detail: `AWS_IAM: the access key ${parts.accessKeyId} is not one of custom.apiGateway.local.credentials (startLocalGateway's iamCredentials)`,
      };
    if ((credential.sessionToken ?? '') !== (parts.securityToken ?? ''))
      return {
        error: INVALID_SECURITY_TOKEN,
        detail: `AWS_IAM: the X-Amz-Security-Token is not the session token configured for ${parts.accessKeyId}`,
      };
    const calculated = await calculateSignature(request, parts, credential);
    if (!sameSignature(calculated.signature, parts.signature))
      return {
        error: SIGNATURE_MISMATCH,
        detail: `AWS_IAM: the signature does not match; the canonical request was\n${calculated.canonicalRequest}\nand the string to sign\n${calculated.stringToSign}`,
      };
    return { identity: identityOf(credential) };
  }

  private checkScopeAndTime(parts: SignatureParts): GatewayError | undefined {
    const { scope, longDate } = parts;
    const time = parseLongDate(longDate);
    if (time === undefined)
      return incompleteSignature(
        `Date must be in ISO-8601 'basic format'. Got '${longDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    if (scope.date !== longDate.slice(0, 8))
      return invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${longDate.slice(0, 8)}', from '${parts.dateSource}'.`,
      );
    if (scope.region !== this.region)
      return invalidSignature(
        `Credential should be scoped to a valid region, not '${scope.region}'. `,
      );
    if (scope.service !== EXECUTE_API)
      return invalidSignature(`Credential should be scoped to correct service: '${EXECUTE_API}'. `);
    if (scope.terminator !== 'aws4_request')
      return invalidSignature(
        `Credential should be scoped with a valid terminator: 'aws4_request', not '${scope.terminator}'. `,
      );
    if (!parts.signedHeaders.includes('host'))
      return incompleteSignature(
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      );
    const now = this.now();
    if (time - now > SKEW_MS)
      return invalidSignature(
        `Signature not yet current: ${longDate} is still later than ${longDateOf(now + SKEW_MS)} (${longDateOf(now)} + 5 min.)`,
      );
    if (parts.placement === 'header') {
      if (now - time > SKEW_MS)
        return signatureExpired(
          `Signature expired: ${longDate} is now earlier than ${longDateOf(now - SKEW_MS)} (${longDateOf(now)} - 5 min.)`,
        );
      return undefined;
    }
    const expires = parts.expiresSeconds;
    if (expires === undefined || !Number.isInteger(expires) || expires < 0)
      return incompleteSignature('X-Amz-Expires must be non-negative');
    if (expires > MAX_EXPIRES_SECONDS)
      return incompleteSignature(
        `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`,
      );
    // A presigned URL's expiry: AWS does not document this message; it follows the header form.
    if (now > time + expires * 1000)
      return signatureExpired(
        `Signature expired: ${longDate} is now earlier than ${longDateOf(now - expires * 1000)} (${longDateOf(now)} - ${expires} sec.)`,
      );
    return undefined;
  }
}
