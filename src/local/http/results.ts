/**
 * What a Lambda function returns to an HTTP API, read as "Create AWS Lambda proxy integrations for
 * HTTP APIs in API Gateway" documents it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response):
 *
 * - 1.0: the REST proxy result format (statusCode, headers, multiValueHeaders, body,
 *   isBase64Encoded); anything else is malformed (../rest/lambda-proxy.ts reads it).
 * - 2.0 with a `statusCode`: cookies (each one a `set-cookie` header), isBase64Encoded,
 *   statusCode, headers, body; a field of the wrong type is malformed.
 * - 2.0 without a `statusCode`: "API Gateway can infer the response format": status 200,
 *   `content-type: application/json`, the body the function's response (a string as it is,
 *   anything else as JSON).
 *
 * A malformed result is the caller's 500.
 */
import { readProxyResult, type ProxyResult } from '../rest/lambda-proxy';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export function readResultV1(output: unknown): ProxyResult | string {
  return readProxyResult(output);
}

export function readResultV2(output: unknown): ProxyResult | string {
  if (!isRecord(output) || !('statusCode' in output)) {
    return {
      statusCode: 200,
      headers: { 'content-type': ['application/json'] },
      body: Buffer.from(typeof output === 'string' ? output : JSON.stringify(output), 'utf8'),
    };
  }
  const status =
    typeof output.statusCode === 'string' ? Number(output.statusCode) : output.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return 'statusCode is not an HTTP status code';
  const { headers = {}, cookies = [], body, isBase64Encoded = false } = output;
  if (headers !== null && (!isRecord(headers) || !Object.values(headers).every(isScalar)))
    return 'headers is not a map of strings';
  if (cookies !== null && (!Array.isArray(cookies) || !cookies.every(isScalar)))
    return 'cookies is not a list of strings';
  if (body !== undefined && body !== null && typeof body !== 'string')
    return 'body is not a string';
  if (typeof isBase64Encoded !== 'boolean') return 'isBase64Encoded is not a boolean';
  const merged: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) merged[name] = [String(value)];
  const setCookies = ((cookies ?? []) as unknown[]).map(String);
  if (setCookies.length > 0) {
    const existing = Object.keys(merged).find((name) => name.toLowerCase() === 'set-cookie');
    const name = existing ?? 'set-cookie';
    merged[name] = [...(merged[name] ?? []), ...setCookies];
  }
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode: status,
    headers: merged,
    body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
