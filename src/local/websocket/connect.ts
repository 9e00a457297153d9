/**
 * The handshake of a WebSocket connection, as "Manage connected users and client apps: $connect
 * and $disconnect routes"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html)
 * describes it: "Until execution of the integration associated with the $connect route is
 * completed, the upgrade request is pending"; authorization (./authorizer.ts, or AWS_IAM), then
 * the route's API key, then its integration decide. A `$connect` Lambda that answers a non-2XX
 * `statusCode` refuses the upgrade with that status (AWS's own subprotocol example answers 400, and
 * `wscat` shows "Unexpected server response: 400"); one that fails, or does not answer with a
 * status, refuses it with 502; the integration timeout with 504. A `Sec-WebSocket-Protocol` header
 * in its result is the subprotocol the handshake agrees on
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html).
 * An API without a `$connect` route accepts every connection.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { readRestApi, type V2Route, type WebSocketApiModel } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import { authorizeConnect, type AuthorizerInput } from './authorizer';
import { connectEvent, webSocketRequestContext } from './events';
import type { IntegrationEnvironment, WebSocketIntegrations } from './integration';
import { evaluateSelection } from './selection';

export type Handshake =
  /** The connection's `authorizer` is set on it (it goes with every later event). */
  | { kind: 'accepted'; protocol?: string; integration: string }
  | {
      kind: 'refused';
      status: number;
      headers: Record<string, string>;
      body: string;
      integration: string;
      detail: string;
    };

const MESSAGES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal server error',
  502: 'Internal server error',
  504: 'Endpoint request timed out',
};

export type Refused = Extract<Handshake, { kind: 'refused' }>;

/** The gateway's own refusal: API Gateway's JSON error body for the status. */
export function refusal(status: number, detail: string, integration = '-'): Refused {
  return {
    kind: 'refused',
    status,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: MESSAGES[status] ?? 'Forbidden' }),
    integration,
    detail,
  };
}

const isTrue = (value: unknown) => value === true || String(value).toLowerCase() === 'true';

/**
 * The API keys a key is checked against: the template's AWS::ApiGateway::ApiKey resources with a
 * literal `Value` that are not disabled. Keys whose value API Gateway generates have no value
 * before deploy: when the template has only those, any key that is present is accepted.
 */
function knownApiKeys(template: CfnTemplate): { values: Set<string>; generated: number } {
  const keys = readRestApi(template).apiKeys.filter(
    (key) => !(key.enabled === false || key.enabled === 'false'),
  );
  const values = new Set(keys.flatMap((key) => (typeof key.value === 'string' ? [key.value] : [])));
  return { values, generated: keys.length - values.size };
}

/** `apiKeyRequired`: the key the API's `apiKeySelectionExpression` selects must be a known one. */
function checkApiKey(
  api: WebSocketApiModel,
  template: CfnTemplate,
  input: AuthorizerInput,
): string | undefined {
  const expression =
    api.apiKeySelectionExpression === undefined
      ? '$request.header.x-api-key'
      : renderValue(api.apiKeySelectionExpression);
  const key = evaluateSelection(expression, {
    headers: input.connection.headers,
    context: input.context,
  });
  if (key === undefined || key === '') return `no API key (${expression})`;
  const known = knownApiKeys(template);
  if (known.values.size > 0 && !known.values.has(key))
    return `the API key is not one of the template's (${expression})`;
  return undefined;
}

const hasSignature = (input: AuthorizerInput) =>
  /^AWS4-HMAC-SHA256 /i.test(
    input.connection.headers.Authorization ?? input.connection.headers.authorization ?? '',
  ) || input.connection.queryString['X-Amz-Signature'] !== undefined;

export async function runConnect(
  api: WebSocketApiModel,
  route: V2Route | undefined,
  input: AuthorizerInput,
  environment: IntegrationEnvironment,
  integrations: WebSocketIntegrations,
): Promise<Handshake> {
  if (!route) return { kind: 'accepted', integration: '-' };
  const { connection } = input;
  let usageIdentifierKey: string | undefined;
  if (route.authorizationType === 'CUSTOM') {
    const authorizer = api.authorizers.find((candidate) => candidate.name === route.authorizer);
    if (!authorizer)
      return refusal(500, `$connect names an authorizer the template does not define`);
    const decision = await authorizeConnect(authorizer, input, environment);
    if ('status' in decision) return refusal(decision.status, decision.detail);
    connection.authorizer = decision.authorizer;
    usageIdentifierKey = decision.usageIdentifierKey;
  } else if (route.authorizationType === 'AWS_IAM' && !hasSignature(input)) {
    // No IAM identities locally: any SigV4-signed handshake is accepted, an unsigned one is not.
    return refusal(403, '$connect requires AWS_IAM: the handshake is not SigV4-signed');
  }
  if (isTrue(route.apiKeyRequired)) {
    const context = {
      ...input.context,
      ...(usageIdentifierKey !== undefined
        ? { authorizer: { ...connection.authorizer, usageIdentifierKey } }
        : {}),
    };
    const problem = checkApiKey(api, environment.template, { ...input, context });
    if (problem) return refusal(403, problem);
  }
  if (!route.integration) return { kind: 'accepted', integration: '-' };
  const kind = route.integration.type;
  const outcome = await integrations.invoke(
    route.integration,
    connectEvent(input.api, connection, input.call),
  );
  if (outcome.kind === 'timeout') return refusal(504, outcome.detail, kind);
  if (outcome.kind === 'failed') return refusal(502, outcome.detail, kind);
  if (outcome.statusCode === undefined)
    return refusal(502, 'the $connect result has no statusCode (a Lambda proxy result)', kind);
  if (outcome.statusCode < 200 || outcome.statusCode > 299)
    return {
      kind: 'refused',
      status: outcome.statusCode,
      headers: outcome.headers,
      body: outcome.body ?? '',
      integration: kind,
      detail: `$connect answered ${outcome.statusCode}`,
    };
  const protocol = Object.entries(outcome.headers).find(
    ([name]) => name.toLowerCase() === 'sec-websocket-protocol',
  )?.[1];
  return {
    kind: 'accepted',
    integration: kind,
    ...(protocol !== undefined ? { protocol } : {}),
  };
}

/** `$context` for the handshake's identity sources and key selection. */
export function connectContext(input: Omit<AuthorizerInput, 'context'>): Record<string, unknown> {
  return webSocketRequestContext(input.api, input.connection, input.call);
}
