/**
 * Checks a JSON Schema cannot express, feature by feature: each feature's `check` (agreement with
 * core's own settings, rules that span several keys, API Gateway rules on values). Same issue
 * format as schema validation. Runs only on config that passed the schema.
 */
import type { CoreSettings } from '../core-settings';
import type { EventsByKind } from '../../common/events';
import type { SemanticResult } from '../issues';
import type { FeatureCheck } from '../feature-check';
import { checkAccessControl } from '../../features/access-control/check';
import { checkCaching } from '../../features/caching/check';
import { checkCors } from '../../features/cors/check';
import { checkGatewayResponses } from '../../features/gateway-responses/check';
import { checkHttpApi } from '../../features/http-api/check';
import { checkWebsocket } from '../../features/websocket/check';
import { checkOpenApiBody } from '../../features/openapi/check';
import { checkRestApi } from '../../features/rest-api/check';
import { checkRoutes } from '../../features/routes/check';
import { checkStageName, checkStages } from '../../features/stage/check';
import type { ApiGatewayConfig } from '../../config/types.generated';

export const ROOT_PATH = 'custom.apiGateway';

type Check = (config: ApiGatewayConfig, events: EventsByKind, core: CoreSettings) => SemanticResult;

/** In the order their issues are reported. */
const CHECKS: readonly Check[] = [
  checkStageName,
  checkRestApi,
  checkStages,
  checkRoutes,
  checkAccessControl,
  checkCaching,
  checkCors,
  checkGatewayResponses,
  checkHttpApi,
  checkWebsocket,
  checkOpenApiBody,
];

/** All semantic errors and warnings of a schema-valid config, for the stage being deployed. */
export const checkSemantics: FeatureCheck = (config, events, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  for (const check of CHECKS) {
    const found = check(config, events, core);
    result.errors.push(...found.errors);
    result.warnings.push(...found.warnings);
  }
  return result;
};
