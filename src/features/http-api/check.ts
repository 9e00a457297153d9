/**
 * Semantic checks of HTTP APIs and WebSocket APIs (issue 7). Same issue format as schema validation.
 */
import { hasRequestId, isPreset } from '../stage/access-log-formats';
import type { CoreSettings } from '../../pipeline/core-settings';
import { didYouMeanHint } from '../../shared/did-you-mean';
import { type EventRef, type EventsByKind, eventSettingsPath } from '../../shared/events';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import type { SemanticResult } from '../../pipeline/validate/semantic';
import { checkHttpApiCors, checkHttpApiRoutes, checkJwtScopes } from './check-routes';
import type { ApiGatewayConfig } from '../../config/types.generated';
import {
  type AccessLogConfig,
  coreV2Settings,
  hasCoreAuthorizer,
  type HttpApiAuthorizerConfig,
  httpApiEventSettings,
  httpApiRouteKey,
  NO_AUTHORIZER,
  websocketEventSettings,
  websocketRouteKey,
} from '../../shared/v2-apis';

const HTTP_API_PATH = 'custom.apiGateway.httpApi';
const WEBSOCKET_PATH = 'custom.apiGateway.websocket';

/** Keys each HTTP API authorizer type accepts (besides `type` and `name`). */
const AUTHORIZER_KEYS: Record<HttpApiAuthorizerConfig['type'], readonly string[]> = {
  jwt: ['issuer', 'audience', 'identitySource'],
  lambda: [
    'functionName',
    'functionArn',
    'payloadVersion',
    'enableSimpleResponses',
    'resultTtlInSeconds',
    'identitySource',
  ],
  iam: [],
};

function quoteList(values: readonly string[]): string {
  return values.length > 0 ? values.map((value) => `"${value}"`).join(', ') : '(none)';
}

function unknownName(kind: string, name: string, known: readonly string[], where: string): string {
  return `no ${kind} is named "${name}"${didYouMeanHint(name, known)}; ${where} define: ${quoteList(known)}`;
}

function checkAccessLog(
  accessLog: AccessLogConfig | undefined,
  retention: number | undefined,
  loggingPath: string,
  errors: ConfigIssue[],
): void {
  const format = typeof accessLog === 'object' && accessLog ? accessLog.format : accessLog;
  if (typeof format === 'string' && !isPreset(format) && !hasRequestId(format)) {
    errors.push({
      path: joinPath(loggingPath, 'accessLog') + (typeof accessLog === 'object' ? '.format' : ''),
      message:
        'a custom access-log format must include $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise); add one, or use a preset: clf, json, xml, csv',
    });
  }
  if (typeof accessLog === 'object' && accessLog.destinationArn !== undefined && retention) {
    errors.push({
      path: joinPath(loggingPath, 'retentionInDays'),
      message:
        'retention applies only to the log group the plugin creates, but accessLog.destinationArn names your own log group; set the retention on that log group instead (or remove retentionInDays)',
    });
  }
}

function checkRouteEntries(
  stages: Record<string, { routes?: Record<string, unknown> }> | undefined,
  stagesPath: string,
  routeKeys: readonly string[],
  eventKind: string,
  errors: ConfigIssue[],
): void {
  for (const [stageName, stage] of Object.entries(stages ?? {})) {
    for (const key of Object.keys(stage.routes ?? {})) {
      if (routeKeys.includes(key)) continue;
      errors.push({
        path: joinPath(joinPath(joinPath(stagesPath, stageName), 'routes'), key),
        message: `no ${eventKind} event declares the route "${key}"${didYouMeanHint(key, routeKeys)}, and API Gateway refuses route settings for a route that does not exist; routes: ${quoteList(routeKeys)}`,
      });
    }
  }
}

function checkHttpApiAuthorizer(
  name: string,
  authorizer: HttpApiAuthorizerConfig,
  path: string,
  errors: ConfigIssue[],
): void {
  const allowed = AUTHORIZER_KEYS[authorizer.type];
  for (const key of Object.keys(authorizer)) {
    if (key === 'type' || key === 'name' || allowed.includes(key)) continue;
    errors.push({
      path: joinPath(path, key),
      message: `"${key}" does not apply to a ${authorizer.type} authorizer; ${authorizer.type} authorizers take ${allowed.length ? quoteList(allowed) : 'no other keys'}`,
    });
  }
  if (authorizer.type === 'jwt') {
    for (const key of ['issuer', 'audience'] as const) {
      if (authorizer[key] === undefined) {
        errors.push({
          path: joinPath(path, key),
          message:
            key === 'issuer'
              ? `JWT authorizer "${name}" needs an issuer: the https URL of the token issuer (iss claim), e.g. https://cognito-idp.<region>.amazonaws.com/<userPoolId>`
              : `JWT authorizer "${name}" needs an audience: the list of accepted aud (or Cognito client_id) values`,
        });
      }
    }
    if ((authorizer.identitySource?.length ?? 0) > 1) {
      errors.push({
        path: joinPath(path, 'identitySource'),
        message:
          'a JWT authorizer reads the token from exactly one identity source (API Gateway rule); keep one, e.g. $request.header.Authorization',
      });
    }
  }
  if (authorizer.type === 'lambda') {
    const both = authorizer.functionName !== undefined && authorizer.functionArn !== undefined;
    const neither = authorizer.functionName === undefined && authorizer.functionArn === undefined;
    if (both || neither) {
      errors.push({
        path: neither ? path : joinPath(path, 'functionArn'),
        message: `Lambda authorizer "${name}" needs exactly one of functionName (a function of this service) or functionArn, ${neither ? 'found neither' : 'found both'}`,
      });
    }
    if (authorizer.resultTtlInSeconds && !authorizer.identitySource) {
      errors.push({
        path: joinPath(path, 'resultTtlInSeconds'),
        message:
          'API Gateway caches a Lambda authorizer decision per identity, so caching (resultTtlInSeconds > 0) needs identitySource; add identitySource (e.g. [$request.header.Authorization]) or set resultTtlInSeconds: 0',
      });
    }
    if (authorizer.enableSimpleResponses && authorizer.payloadVersion === '1.0') {
      errors.push({
        path: joinPath(path, 'enableSimpleResponses'),
        message:
          "simple responses ({ isAuthorized }) exist only with payload format 2.0 (API Gateway rule); set payloadVersion: '2.0' or remove enableSimpleResponses",
      });
    }
  }
}

function checkCoreCors(core: CoreSettings, errors: ConfigIssue[]): void {
  const cors = coreV2Settings(core).httpApi?.cors;
  if (!cors || typeof cors !== 'object') return;
  const { allowCredentials, allowedOrigins } = cors as {
    allowCredentials?: unknown;
    allowedOrigins?: unknown;
  };
  const origins = allowedOrigins === undefined ? ['*'] : [allowedOrigins].flat();
  if (allowCredentials === true && origins.includes('*')) {
    errors.push({
      path: 'provider.httpApi.cors.allowedOrigins',
      message:
        "allowCredentials: true cannot be combined with the origin '*' (API Gateway and browsers refuse credentialed requests to a wildcard origin); list the allowed origins, e.g. [https://app.example.com]",
    });
  }
}

function checkHttpApi(
  config: ApiGatewayConfig,
  events: readonly EventRef[],
  core: CoreSettings,
  result: SemanticResult,
): void {
  const { errors, warnings } = result;
  const httpApi = config.httpApi ?? {};
  const authorizers = httpApi.authorizers ?? {};
  const names = Object.keys(authorizers);
  const coreNames = Object.keys(coreV2Settings(core).httpApi?.authorizers ?? {});
  for (const [name, authorizer] of Object.entries(authorizers)) {
    const path = joinPath(joinPath(HTTP_API_PATH, 'authorizers'), name);
    checkHttpApiAuthorizer(name, authorizer, path, errors);
    if (coreNames.includes(name)) {
      errors.push({
        path,
        message: `provider.httpApi.authorizers also defines "${name}", and both would be the same AWS::ApiGatewayV2::Authorizer; define it in one place (rename one, or remove it from provider.httpApi.authorizers)`,
      });
    }
  }
  if (httpApi.defaultAuthorizer !== undefined && !names.includes(httpApi.defaultAuthorizer)) {
    errors.push({
      path: joinPath(HTTP_API_PATH, 'defaultAuthorizer'),
      message: unknownName(
        'HTTP API authorizer',
        httpApi.defaultAuthorizer,
        names,
        'custom.apiGateway.httpApi.authorizers',
      ),
    });
  }
  checkCoreCors(core, errors);
  checkHttpApiCors(config, core, errors);
  const customRouteKeys = checkHttpApiRoutes(config, events, core, errors);
  const byFunction = new Map<string, EventRef[]>();
  for (const ref of events) {
    const settings = httpApiEventSettings(ref);
    const path = eventSettingsPath(ref);
    byFunction.set(ref.functionName, [...(byFunction.get(ref.functionName) ?? []), ref]);
    if (settings.apiKeyRequired !== undefined) {
      errors.push({
        path: joinPath(path, 'apiKeyRequired'),
        message:
          'HTTP APIs have no API keys or usage plans (API Gateway supports them on REST APIs only); use an http event (REST API) for this endpoint, or protect it with an authorizer',
      });
    }
    const own = settings.authorizer;
    if (own !== undefined && own !== NO_AUTHORIZER && !names.includes(own)) {
      errors.push({
        path: joinPath(path, 'authorizer'),
        message: unknownName(
          'HTTP API authorizer',
          own,
          names,
          `custom.apiGateway.httpApi.authorizers (or '${NO_AUTHORIZER}')`,
        ),
      });
    }
    if (own !== undefined && hasCoreAuthorizer(ref.event)) {
      errors.push({
        path: joinPath(path, 'authorizer'),
        message: `the httpApi event also sets core's authorizer, and a route has one authorizer; keep one of ${path.replace(/\.apiGateway$/, '.authorizer')} and this`,
      });
    }
    if (settings.scopes) {
      checkJwtScopes(
        own,
        httpApi.defaultAuthorizer,
        authorizers,
        joinPath(path, 'scopes'),
        'apiGateway.authorizer (or defaultAuthorizer)',
        errors,
      );
    }
  }
  for (const [functionName, refs] of byFunction) {
    for (const key of ['timeout', 'payloadVersion'] as const) {
      const values = refs.map((ref) => httpApiEventSettings(ref)[key]);
      const distinct = new Set(values.map((value) => JSON.stringify(value ?? null)));
      if (distinct.size > 1) {
        const ref = refs[values.findIndex((value) => value !== values[0])];
        errors.push({
          path: joinPath(eventSettingsPath(ref), key),
          message: `core gives each function one HTTP API integration, shared by all its httpApi events, so they need the same ${key}; function "${functionName}" has ${[...distinct].join(' and ').replace(/null/g, 'unset')}: set the same value on every httpApi event of "${functionName}"`,
        });
      }
    }
  }
  const stagesPath = joinPath(HTTP_API_PATH, 'stages');
  for (const [stageName, stage] of Object.entries(httpApi.stages ?? {})) {
    checkAccessLog(
      stage.logging?.accessLog,
      stage.logging?.retentionInDays,
      joinPath(joinPath(stagesPath, stageName), 'logging'),
      errors,
    );
  }
  const routeKeys = [...events.map((ref) => httpApiRouteKey(ref.event)), ...customRouteKeys].filter(
    (key): key is string => key !== undefined,
  );
  checkRouteEntries(httpApi.stages, stagesPath, routeKeys, 'httpApi', errors);
  if (config.httpApi && events.length === 0 && customRouteKeys.length === 0) {
    warnings.push({
      path: HTTP_API_PATH,
      message:
        'no function has an httpApi event, so there is no HTTP API and these settings do nothing; add an httpApi event or remove custom.apiGateway.httpApi',
    });
  }
}

function checkWebsocket(
  config: ApiGatewayConfig,
  events: readonly EventRef[],
  core: CoreSettings,
  result: SemanticResult,
): void {
  const { errors, warnings } = result;
  const websocket = config.websocket ?? {};
  const names = Object.keys(websocket.authorizers ?? {});
  for (const [name, authorizer] of Object.entries(websocket.authorizers ?? {})) {
    const path = joinPath(joinPath(WEBSOCKET_PATH, 'authorizers'), name);
    const both = authorizer.functionName !== undefined && authorizer.functionArn !== undefined;
    const neither = authorizer.functionName === undefined && authorizer.functionArn === undefined;
    if (both || neither) {
      errors.push({
        path: neither ? path : joinPath(path, 'functionArn'),
        message: `WebSocket authorizer "${name}" needs exactly one of functionName (a function of this service) or functionArn, ${neither ? 'found neither' : 'found both'}`,
      });
    }
  }
  const coreExpression = coreV2Settings(core).websocketsApiRouteSelectionExpression;
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
  for (const [stageName, stage] of Object.entries(websocket.stages ?? {})) {
    checkAccessLog(
      stage.logging?.accessLog,
      stage.logging?.retentionInDays,
      joinPath(joinPath(stagesPath, stageName), 'logging'),
      errors,
    );
  }
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
}

export function checkV2Apis(
  config: ApiGatewayConfig,
  events: EventsByKind,
  core: CoreSettings,
): SemanticResult {
  const result: SemanticResult = { errors: [], warnings: [] };
  checkHttpApi(config, events.httpApi, core, result);
  checkWebsocket(config, events.websocket, core, result);
  return result;
}
