/**
 * Lambda proxy integrations (AWS_PROXY) as "Lambda proxy integrations in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html)
 * documents them: the input event (version 1.0: resource, path, httpMethod, headers and
 * multiValueHeaders, query strings single and multi-value, pathParameters, stageVariables,
 * requestContext, body, isBase64Encoded; an empty map is `null`), and the output the function must
 * return (statusCode, headers, multiValueHeaders, body, isBase64Encoded). Anything else is a
 * "Malformed Lambda proxy response", which API Gateway answers with 502.
 */
import { requestContext, type RouteInfo } from './context';
import { mediaType } from './templates';
import { headerOf, type GatewayRequest } from './request';

export interface ProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: Record<string, unknown>;
  body: string | null;
  isBase64Encoded: boolean;
}

const orNull = <T extends object>(value: T): T | null =>
  Object.keys(value).length > 0 ? value : null;

/** Whether a content type is one of the API's binary media types (`image/*`, `*\/*` wildcards). */
export function isBinary(
  contentType: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  const type = mediaType(contentType);
  if (!type) return false;
  return binaryMediaTypes.some((pattern) => {
    const wanted = pattern.toLowerCase();
    if (wanted === '*/*') return true;
    if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
    return type === wanted;
  });
}

export function proxyEvent(
  request: GatewayRequest,
  route: RouteInfo,
  stageVariables: Readonly<Record<string, string>>,
  binaryMediaTypes: readonly string[],
): ProxyEvent {
  const context = requestContext(request, route);
  const binary = isBinary(headerOf(request.headers, 'Content-Type'), binaryMediaTypes);
  return {
    resource: route.resourcePath,
    path: request.path,
    httpMethod: request.httpMethod,
    headers: orNull({ ...request.headers }),
    multiValueHeaders: orNull({ ...request.multiValueHeaders }),
    queryStringParameters: orNull({ ...request.queryString }),
    multiValueQueryStringParameters: orNull({ ...request.multiValueQueryString }),
    pathParameters: orNull({ ...route.pathParameters }),
    stageVariables: orNull({ ...stageVariables }),
    requestContext: {
      resourceId: route.resourcePath,
      resourcePath: route.resourcePath,
      httpMethod: request.httpMethod,
      extendedRequestId: context.extendedRequestId,
      requestTime: context.requestTime,
      path: request.fullPath,
      accountId: context.accountId,
      protocol: context.protocol,
      stage: request.stage,
      domainPrefix: context.domainPrefix,
      requestTimeEpoch: request.requestTimeEpoch,
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: route.identity?.accountId ?? null,
        cognitoIdentityId: null,
        caller: route.identity?.caller ?? null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: route.identity?.accessKey ?? null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: route.identity?.userArn ?? null,
        userAgent: context.identity?.userAgent ?? null,
        user: route.identity?.user ?? null,
        ...(route.apiKey ? { apiKey: route.apiKey.value, apiKeyId: route.apiKey.id } : {}),
      },
      domainName: context.domainName,
      apiId: context.apiId,
      ...(route.authorizer ? { authorizer: route.authorizer } : {}),
    },
    body:
      request.body.length === 0
        ? null
        : binary
          ? request.body.toString('base64')
          : request.body.toString('utf8'),
    isBase64Encoded: binary && request.body.length > 0,
  };
}

export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

const OUTPUT_KEYS = new Set([
  'statusCode',
  'headers',
  'multiValueHeaders',
  'body',
  'isBase64Encoded',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The method response for a function's output; a string saying why when it is malformed. */
export function readProxyResult(output: unknown): ProxyResult | string {
  if (!isRecord(output)) return 'the result is not an object';
  const extra = Object.keys(output).filter((key) => !OUTPUT_KEYS.has(key));
  if (extra.length > 0)
    return `the result has keys a proxy response cannot have: ${extra.join(', ')}`;
  const status =
    typeof output.statusCode === 'string' ? Number(output.statusCode) : output.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return 'statusCode is not an HTTP status code';
  const { headers = {}, multiValueHeaders = {}, body, isBase64Encoded = false } = output;
  if (headers !== null && (!isRecord(headers) || !Object.values(headers).every(isScalar)))
    return 'headers is not a map of strings';
  if (
    multiValueHeaders !== null &&
    (!isRecord(multiValueHeaders) ||
      !Object.values(multiValueHeaders).every(
        (list) => Array.isArray(list) && list.every(isScalar),
      ))
  )
    return 'multiValueHeaders is not a map of string lists';
  if (body !== undefined && body !== null && typeof body !== 'string')
    return 'body is not a string';
  if (typeof isBase64Encoded !== 'boolean') return 'isBase64Encoded is not a boolean';
  // "If you specify values for both headers and multiValueHeaders, API Gateway merges them into a
  // single list. If the same key-value pair is specified in both, only the values from
  // multiValueHeaders will appear in the merged list."
  const merged: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(multiValueHeaders ?? {}))
    merged[name] = (list as unknown[]).map(String);
  for (const [name, value] of Object.entries(headers ?? {})) {
    const list = (merged[name] ??= []);
    if (!list.includes(String(value))) list.push(String(value));
  }
  if (
    headerOf(
      Object.fromEntries(Object.keys(merged).map((name) => [name, name])),
      'Content-Type',
    ) === undefined
  )
    merged['Content-Type'] = ['application/json'];
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode: status,
    headers: merged,
    body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
