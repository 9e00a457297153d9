/**
 * The event a Lambda proxy integration of an HTTP API receives, in the payload format its
 * integration names ("Create AWS Lambda proxy integrations for HTTP APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 *
 * - 2.0: version, routeKey, rawPath, rawQueryString, cookies (the Cookie headers, split; the
 *   `cookie` header itself is not in `headers`), headers (lower-case names, duplicates joined with
 *   commas), queryStringParameters (joined likewise), requestContext (accountId, apiId,
 *   domainName, domainPrefix, http {method, path, protocol, sourceIp, userAgent}, requestId,
 *   routeKey, stage, time, timeEpoch), body, pathParameters, isBase64Encoded, stageVariables.
 *   Fields with nothing to hold (no cookies, query string, body, path parameters or stage
 *   variables) are left out, as the AWS events are. After an authorizer, `requestContext.authorizer`
 *   holds `jwt: {claims, scopes}` or `lambda: {…context}`; on an IAM route `iam: {accessKey,
 *   accountId, callerId, cognitoIdentity, principalOrgId, userArn, userId}`.
 * - 1.0: the REST API proxy event (../rest/lambda-proxy.ts builds it) with `version: "1.0"`, the
 *   route's path as `resource`, lower-case header names and the documented `resourceId: null`;
 *   after a JWT authorizer `requestContext.authorizer` is `{claims, scopes}` (the guide's example
 *   shows those two keys), after a Lambda authorizer `{lambda: {…context}}`; on an IAM route the
 *   signer is in `requestContext.identity` (accessKey, accountId, caller, user, userArn), as in
 *   the REST API's event.
 *
 * HTTP APIs have no binary media types: a body is passed as text when its Content-Type is a text
 * type (text/*, JSON, XML, JavaScript, `+json`/`+xml`; none at all counts as text) and
 * base64-encoded otherwise, `application/x-www-form-urlencoded` included (that is what HTTP APIs
 * are observed to do; the rule is not spelled out in the documentation).
 */
import { requestContext } from '../rest/context';
import { proxyEvent } from '../rest/lambda-proxy';
import { headerOf } from '../rest/request';
import { mediaType } from '../rest/templates';
import type { HttpAuthorizerContext } from './auth/context';
import { iamAuthorizerContext } from './auth/iam';
import type { HttpRouteMatch } from './routes';
import { commaJoined, type HttpRequest } from './request';

const TEXT_TYPE =
  /^(text\/.+|application\/(json|xml|javascript|ecmascript)|application\/[\w.+-]+\+(json|xml))$/;

/** The request body as the event carries it: text, or base64 for a binary Content-Type. */
export function eventBody(request: HttpRequest): { body: string; isBase64Encoded: boolean } {
  const type = mediaType(headerOf(request.headers, 'content-type'));
  const text = type === undefined || TEXT_TYPE.test(type);
  return text
    ? { body: request.body.toString('utf8'), isBase64Encoded: false }
    : { body: request.body.toString('base64'), isBase64Encoded: true };
}

const nonEmpty = <T extends object>(value: T): T | undefined =>
  Object.keys(value).length > 0 ? value : undefined;

/** The request's cookies: every Cookie header, split at `;`. */
export function cookiesOf(request: HttpRequest): string[] {
  return (request.multiValueHeaders.cookie ?? [])
    .flatMap((header) => header.split(';'))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
}

export function payloadV2(
  request: HttpRequest,
  match: HttpRouteMatch,
  stageVariables: Readonly<Record<string, string>>,
  authorizer?: HttpAuthorizerContext,
): Record<string, unknown> {
  const context = requestContext(request, undefined);
  const cookies = cookiesOf(request);
  const body = eventBody(request);
  const routeKey = match.route.routeKey;
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath: request.fullPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: commaJoined(request.multiValueHeaders, new Set(['cookie'])),
    queryStringParameters: nonEmpty(commaJoined(request.multiValueQueryString)),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(authorizer
        ? {
            authorizer:
              'iam' in authorizer ? { iam: iamAuthorizerContext(authorizer.iam) } : authorizer,
          }
        : {}),
      domainName: context.domainName,
      domainPrefix: context.domainPrefix,
      http: {
        method: request.httpMethod,
        path: request.fullPath,
        protocol: context.protocol,
        sourceIp: request.sourceIp,
        userAgent: headerOf(request.headers, 'user-agent') ?? '',
      },
      requestId: request.requestId,
      routeKey,
      stage: request.stage,
      time: request.requestTime,
      timeEpoch: request.requestTimeEpoch,
    },
    ...(request.body.length > 0 ? { body: body.body } : {}),
    pathParameters: nonEmpty({ ...match.pathParameters }),
    isBase64Encoded: request.body.length > 0 && body.isBase64Encoded,
    stageVariables: nonEmpty({ ...stageVariables }),
  };
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
}

export function payloadV1(
  request: HttpRequest,
  match: HttpRouteMatch,
  stageVariables: Readonly<Record<string, string>>,
  authorizer?: HttpAuthorizerContext,
): Record<string, unknown> {
  const route = {
    resourcePath: match.routePath,
    pathParameters: match.pathParameters,
    ...(authorizer && 'iam' in authorizer ? { identity: authorizer.iam } : {}),
    ...(authorizer && !('iam' in authorizer)
      ? { authorizer: 'jwt' in authorizer ? { ...authorizer.jwt } : authorizer }
      : {}),
  };
  const event = proxyEvent(request, route, stageVariables, []);
  const body = eventBody(request);
  return {
    version: '1.0',
    ...event,
    requestContext: { ...event.requestContext, resourceId: null },
    body: request.body.length === 0 ? null : body.body,
    isBase64Encoded: request.body.length > 0 && body.isBase64Encoded,
  };
}
