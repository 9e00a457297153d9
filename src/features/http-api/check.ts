/**
 * Semantic checks of HTTP APIs (`custom.apiGateway.httpApi` and the `apiGateway` key of `httpApi`
 * events); the routes without a function and CORS are checked in ./check-routes. Same issue format
 * as schema validation.
 */
import type { CoreSettings } from '../../pipeline/core-settings';
import { type EventRef, eventSettingsPath } from '../../common/events';
import { type ConfigIssue, joinPath } from '../../pipeline/issues';
import type { SemanticResult } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';
import { hasCoreAuthorizer } from '../../common/v2-events';
import { checkHttpApiCors, checkHttpApiRoutes, checkJwtScopes } from './check-routes';
import {
  checkRouteEntries,
  checkStageLogging,
  quoteList,
  lambdaSourceIssue,
  unknownFunction,
  unknownName,
} from '../../common/v2-check';
import {
  coreHttpApiSettings,
  type HttpApiAuthorizerConfig,
  httpApiEventSettings,
  httpApiRouteKey,
  NO_AUTHORIZER,
} from './resolve';

const HTTP_API_PATH = 'custom.apiGateway.httpApi';

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
    const source = lambdaSourceIssue(`Lambda authorizer "${name}"`, authorizer, path);
    if (source) errors.push(source);
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
  const cors = coreHttpApiSettings(core)?.cors;
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

export const checkHttpApi: FeatureCheck = (config, eventsByKind, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  const { errors, warnings } = result;
  const events = eventsByKind.httpApi;
  const httpApi = config.httpApi ?? {};
  const authorizers = httpApi.authorizers ?? {};
  const names = Object.keys(authorizers);
  const coreNames = Object.keys(coreHttpApiSettings(core)?.authorizers ?? {});
  for (const [name, authorizer] of Object.entries(authorizers)) {
    const path = joinPath(joinPath(HTTP_API_PATH, 'authorizers'), name);
    checkHttpApiAuthorizer(name, authorizer, path, errors);
    if (authorizer.type === 'lambda') {
      const unknown = unknownFunction(authorizer.functionName, core.functionNames, path);
      if (unknown) errors.push(unknown);
    }
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
  checkStageLogging(httpApi.stages, stagesPath, errors);
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
  return result;
};
