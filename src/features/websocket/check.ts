/**
 * Semantic checks of WebSocket APIs (`custom.apiGateway.websocket` and the `apiGateway` key of
 * `websocket` events). Same issue format as schema validation.
 */
import { eventSettingsPath } from '../../common/events';
import { joinPath } from '../../pipeline/issues';
import type { SemanticResult } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';
import {
  checkRouteEntries,
  checkStageLogging,
  lambdaSourceIssue,
  unknownFunction,
  unknownName,
} from '../../common/v2-check';
import { hasCoreAuthorizer } from '../../common/v2-events';
import { coreRouteSelectionExpression, websocketEventSettings, websocketRouteKey } from './resolve';

const WEBSOCKET_PATH = 'custom.apiGateway.websocket';

export const checkWebsocket: FeatureCheck = (config, eventsByKind, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  const { errors, warnings } = result;
  const events = eventsByKind.websocket;
  const websocket = config.websocket ?? {};
  const names = Object.keys(websocket.authorizers ?? {});
  for (const [name, authorizer] of Object.entries(websocket.authorizers ?? {})) {
    const path = joinPath(joinPath(WEBSOCKET_PATH, 'authorizers'), name);
    const source = lambdaSourceIssue(`WebSocket authorizer "${name}"`, authorizer, path);
    if (source) errors.push(source);
    const unknown = unknownFunction(authorizer.functionName, core.functionNames, path);
    if (unknown) errors.push(unknown);
  }
  const coreExpression = coreRouteSelectionExpression(core);
  if (
    websocket.routeSelectionExpression !== undefined &&
    coreExpression !== undefined &&
    coreExpression !== websocket.routeSelectionExpression
  ) {
    errors.push({
      path: joinPath(WEBSOCKET_PATH, 'routeSelectionExpression'),
      message: `"${websocket.routeSelectionExpression}" contradicts provider.websocketsApiRouteSelectionExpression "${coreExpression}"; set it in one place`,
    });
  }
  for (const ref of events) {
    const settings = websocketEventSettings(ref);
    const path = eventSettingsPath(ref);
    const route = websocketRouteKey(ref.event);
    if (settings.authorizer === undefined) continue;
    if (route !== '$connect') {
      errors.push({
        path: joinPath(path, 'authorizer'),
        message: `WebSocket APIs authorize a client once, on $connect (API Gateway rule), but this is route "${String(route)}"; move the authorizer to the $connect event`,
      });
    } else if (!names.includes(settings.authorizer)) {
      errors.push({
        path: joinPath(path, 'authorizer'),
        message: unknownName(
          'WebSocket authorizer',
          settings.authorizer,
          names,
          'custom.apiGateway.websocket.authorizers',
        ),
      });
    }
    if (hasCoreAuthorizer(ref.event)) {
      errors.push({
        path: joinPath(path, 'authorizer'),
        message: `the websocket event also sets core's authorizer, and a route has one authorizer; keep one of ${path.replace(/\.apiGateway$/, '.authorizer')} and this`,
      });
    }
  }
  const stagesPath = joinPath(WEBSOCKET_PATH, 'stages');
  checkStageLogging(websocket.stages, stagesPath, errors);
  const routeKeys = events
    .map((ref) => websocketRouteKey(ref.event))
    .filter((key): key is string => key !== undefined);
  checkRouteEntries(websocket.stages, stagesPath, routeKeys, 'websocket', errors);
  if (config.websocket && events.length === 0) {
    warnings.push({
      path: WEBSOCKET_PATH,
      message:
        'no function has a websocket event, so there is no WebSocket API and these settings do nothing; add a websocket event or remove custom.apiGateway.websocket',
    });
  }
  return result;
};
