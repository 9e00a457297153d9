/**
 * A WebSocket route's integration, run locally: Lambda proxy integrations (AWS_PROXY, what core
 * writes for `websocket` events) invoke the service's Node.js handler with the route's event
 * (./events.ts), within the integration's `TimeoutInMillis` (29 s by default). Other integration
 * types are not served locally: they fail as an integration error would, with a log line saying
 * so. A result is read as a proxy result when it is one (`statusCode`, `headers`, `body`).
 */
import type { CfnTemplate } from '../../cloudformation/template';
import type { V2Integration } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import {
  functionOfIntegrationUri,
  readLocalFunction,
  type LocalFunction,
} from '../lambda/functions';
import type { LocalValues } from '../lambda/local-values';
import type { FunctionPool } from '../lambda/pool';

const DEFAULT_TIMEOUT_MS = 29_000;

export type IntegrationOutcome =
  | {
      kind: 'result';
      /** The whole result, as the function returned it. */
      payload: unknown;
      /** Its `statusCode`, when it has one. */
      statusCode?: number;
      headers: Record<string, string>;
      /** Its `body` when it has one (as text), else undefined. */
      body?: string;
    }
  /** The function failed (an error, a crash, its own timeout) or cannot run locally. */
  | { kind: 'failed'; detail: string }
  /** The integration timeout came first. */
  | { kind: 'timeout'; detail: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export interface IntegrationEnvironment {
  template: CfnTemplate;
  values: LocalValues;
  functions: FunctionPool;
}

export class WebSocketIntegrations {
  private readonly functionsById = new Map<string, LocalFunction | undefined>();

  constructor(private readonly environment: IntegrationEnvironment) {}

  async invoke(integration: V2Integration, event: unknown): Promise<IntegrationOutcome> {
    if (integration.type.toUpperCase() !== 'AWS_PROXY')
      return {
        kind: 'failed',
        detail: `${integration.type} integrations of WebSocket APIs are not served locally (Lambda proxy only)`,
      };
    const fn = this.functionOf(integration);
    if (!fn)
      return {
        kind: 'failed',
        detail: `no AWS::Lambda::Function of the template matches the integration URI ${renderValue(integration.uri)}`,
      };
    const timeout = Number(integration.timeoutInMillis ?? DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
    const outcome = await this.environment.functions.invoke(fn, event, timeout);
    switch (outcome.kind) {
      case 'result':
        return readResult(outcome.payload);
      case 'error':
        return {
          kind: 'failed',
          detail: `${fn.functionName} failed: ${outcome.errorType}: ${outcome.errorMessage}`,
        };
      case 'function-timeout':
        return {
          kind: 'failed',
          detail: `${fn.functionName}: Task timed out after ${outcome.seconds.toFixed(2)} seconds`,
        };
      case 'caller-timeout':
        return { kind: 'timeout', detail: `${fn.functionName} did not answer in ${timeout} ms` };
      case 'crash':
        return {
          kind: 'failed',
          detail: `${fn.functionName}'s worker crashed (${outcome.message})`,
        };
      case 'unsupported-runtime':
        return {
          kind: 'failed',
          detail: `${fn.functionName}: runtime ${outcome.runtime} cannot run locally (Node.js runtimes only)`,
        };
    }
  }

  private functionOf(integration: V2Integration): LocalFunction | undefined {
    if (!this.functionsById.has(integration.logicalId)) {
      const { template, values } = this.environment;
      const logicalId = functionOfIntegrationUri(integration.uri, template);
      this.functionsById.set(
        integration.logicalId,
        logicalId === undefined ? undefined : readLocalFunction(template, logicalId, values),
      );
    }
    return this.functionsById.get(integration.logicalId);
  }
}

function readResult(payload: unknown): IntegrationOutcome {
  if (!isRecord(payload)) return { kind: 'result', payload, headers: {} };
  const status =
    typeof payload.statusCode === 'string' ? Number(payload.statusCode) : payload.statusCode;
  const headers: Record<string, string> = {};
  if (isRecord(payload.headers))
    for (const [name, value] of Object.entries(payload.headers)) headers[name] = String(value);
  const { body } = payload;
  return {
    kind: 'result',
    payload,
    ...(typeof status === 'number' && Number.isInteger(status) ? { statusCode: status } : {}),
    headers,
    ...(body === undefined || body === null
      ? {}
      : {
          body:
            typeof body === 'string'
              ? payload.isBase64Encoded === true
                ? Buffer.from(body, 'base64').toString('utf8')
                : body
              : JSON.stringify(body),
        }),
  };
}
