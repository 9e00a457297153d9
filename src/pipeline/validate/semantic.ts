/**
 * Checks a JSON Schema cannot express, feature by feature: each feature's `check` (agreement with
 * core's own settings, rules that span several keys, API Gateway rules on values). Same issue
 * format as schema validation. A check runs only when every part of the config it reads passed the
 * schema, so one round reports the schema errors and the semantic errors of the other features.
 */
import type { CoreSettings } from '../core-settings';
import type { EventKind, EventsByKind } from '../../common/events';
import type { SemanticResult } from '../issues';
import { checkAccessControl } from '../../features/access-control/check';
import { checkCaching } from '../../features/caching/check';
import { checkCors } from '../../features/cors/check';
import { checkDomains } from '../../features/domains/check';
import { checkGatewayResponses } from '../../features/gateway-responses/check';
import { checkHttpApi } from '../../features/http-api/check';
import { checkWebsocket } from '../../features/websocket/check';
import { checkOpenApiBody } from '../../features/openapi/check';
import { checkRestApi } from '../../features/rest-api/check';
import { checkRoutes } from '../../features/routes/check';
import { checkStageName, checkStages } from '../../features/stage/check';
import { checkStageEntryExists } from '../../features/stage/check-entry-exists';
import type { ApiGatewayConfig } from '../../config/types.generated';

export const ROOT_PATH = 'custom.apiGateway';

type Check = (config: ApiGatewayConfig, events: EventsByKind, core: CoreSettings) => SemanticResult;

/** A top-level key of custom.apiGateway, or the `apiGateway` blocks of one kind of event. */
export type ConfigPart = keyof ApiGatewayConfig | `events.${EventKind}`;

/** The parts that failed the schema; `all` when the config as a whole did (not an object). */
export type FailedParts = ReadonlySet<ConfigPart> | 'all';

interface SemanticCheck {
  readonly check: Check;
  /** Every part the check reads (core's settings are always readable): it runs when all passed. */
  readonly reads: readonly ConfigPart[];
}

const REST_ENDPOINTS: readonly ConfigPart[] = ['routes', 'events.http'];

/** In the order their issues are reported. */
const CHECKS: readonly SemanticCheck[] = [
  { check: checkStageName, reads: [] },
  { check: checkRestApi, reads: ['restApi'] },
  { check: checkStages, reads: ['stages'] },
  { check: checkStageEntryExists, reads: ['stages', 'httpApi', 'websocket', 'missingStage'] },
  { check: checkRoutes, reads: [...REST_ENDPOINTS, 'models', 'stages', 'restApi'] },
  {
    check: checkAccessControl,
    reads: [
      ...REST_ENDPOINTS,
      'authorizers',
      'defaultAuthorizer',
      'apiKeyRequired',
      'usagePlans',
      'restApi',
    ],
  },
  { check: checkCaching, reads: [...REST_ENDPOINTS, 'stages'] },
  { check: checkCors, reads: [...REST_ENDPOINTS, 'cors'] },
  { check: checkGatewayResponses, reads: ['gatewayResponses', 'cors'] },
  { check: checkHttpApi, reads: ['httpApi', 'events.httpApi'] },
  { check: checkWebsocket, reads: ['websocket', 'events.websocket'] },
  { check: checkOpenApiBody, reads: [...REST_ENDPOINTS, 'openapi', 'restApi'] },
  { check: checkDomains, reads: ['stages', 'httpApi', 'websocket', 'restApi'] },
];

function canRun(check: SemanticCheck, failed: FailedParts): boolean {
  if (failed === 'all') return check.reads.length === 0;
  return check.reads.every((part) => !failed.has(part));
}

/**
 * The semantic errors and warnings for the stage being deployed, from every check whose parts of
 * the config passed the schema (all of them, for a schema-valid config).
 */
export function checkSemantics(
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
  failed: FailedParts = new Set(),
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  for (const entry of CHECKS) {
    if (!canRun(entry, failed)) continue;
    const found = entry.check(config, events, core);
    result.errors.push(...found.errors);
    result.warnings.push(...found.warnings);
  }
  return result;
}
