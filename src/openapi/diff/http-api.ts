/**
 * HTTP APIs in the diff. An HTTP API's routes are operations as a REST API's methods are (a
 * method and a path, an authorization, an authorizer and its scopes), and its stage throttles
 * routes as a REST stage throttles methods: it is projected onto the REST vocabulary the
 * comparisons speak, so an HTTP API is compared by the same rules. What only HTTP APIs have is
 * compared here: CORS is the API's own setting (no OPTIONS method), its origins compared as the
 * preflight's are. HTTP APIs have no API keys, usage plans, request validation or caching.
 */
import { renderValue } from '../intrinsics';
import type {
  HttpApiModel,
  HttpCors,
  MethodSetting,
  RestApiModel,
  RestMethod,
  RestStage,
  V2Route,
  V2Stage,
} from '../../model';
import { methodSettingsResourcePath } from '../../cloudformation/rest-paths';
import { isRecord } from '../../model/order';
import { compared } from './cors';
import type { ApiChange } from './types';

/**
 * `GET /orders/{id}` → GET and the path; `$default` (every other request) → ANY `/$default`, the
 * path API Gateway's export gives it, so its route settings and its route pair up.
 */
export function routeOperation(routeKey: string): { httpMethod: string; path: string } {
  const space = routeKey.indexOf(' ');
  if (space < 0) return { httpMethod: 'ANY', path: `/${routeKey}` };
  return { httpMethod: routeKey.slice(0, space).toUpperCase(), path: routeKey.slice(space + 1) };
}

function routeMethod(route: V2Route): RestMethod {
  const { httpMethod, path } = routeOperation(route.routeKey);
  return {
    logicalId: route.logicalId,
    path,
    httpMethod,
    ...(route.operationName !== undefined ? { operationName: route.operationName } : {}),
    authorization: {
      type: route.authorizationType,
      ...(route.authorizer !== undefined ? { authorizer: route.authorizer } : {}),
      scopes: route.scopes,
      apiKeyRequired: false,
    },
    requestParameters: {},
    requestModels: {},
    methodResponses: [],
  };
}

/** A route's throttle as a method setting: `GET /orders` → `/~1orders` `GET`. */
function throttleSetting(
  settings: unknown,
  resourcePath: string,
  httpMethod: string,
): MethodSetting | undefined {
  if (!isRecord(settings)) return undefined;
  const rate = settings.ThrottlingRateLimit;
  const burst = settings.ThrottlingBurstLimit;
  if (rate === undefined && burst === undefined) return undefined;
  return {
    resourcePath,
    httpMethod,
    ...(rate !== undefined ? { throttlingRateLimit: rate } : {}),
    ...(burst !== undefined ? { throttlingBurstLimit: burst } : {}),
  };
}

function stageOf(stage: V2Stage): RestStage {
  const methodSettings: MethodSetting[] = [];
  const stageWide = throttleSetting(stage.defaultRouteSettings, '/*', '*');
  if (stageWide) methodSettings.push(stageWide);
  if (isRecord(stage.routeSettings)) {
    for (const [routeKey, settings] of Object.entries(stage.routeSettings)) {
      const { httpMethod, path } = routeOperation(routeKey);
      const setting = throttleSetting(settings, methodSettingsResourcePath(path), httpMethod);
      if (setting) methodSettings.push(setting);
    }
  }
  return {
    logicalId: stage.logicalId,
    ...(stage.stageName !== undefined ? { stageName: stage.stageName } : {}),
    methodSettings,
  };
}

/** The HTTP API in the REST model's terms (see the module comment). */
export function httpApiAsRest(api: HttpApiModel): RestApiModel {
  return {
    kind: 'rest',
    logicalId: api.logicalId,
    ...(api.name !== undefined ? { name: api.name } : {}),
    methods: api.routes.map(routeMethod),
    authorizers: api.authorizers.map((authorizer) => ({
      name: authorizer.name,
      type: authorizer.authorizerType.toUpperCase(),
      // Like a REST authorizer's: its type and what it reads. A JWT authorizer's issuer and
      // audiences are left out: a template writes them with intrinsics, a deployed stage resolved.
      identitySources: authorizer.identitySources,
    })),
    requestValidators: [],
    models: [],
    gatewayResponses: [],
    stages: api.stages.map(stageOf),
    usagePlans: [],
    apiKeys: [],
  };
}

/** Origins a CORS configuration allows; none configured: none (browsers refuse cross-origin calls). */
function originsOf(cors: HttpCors | undefined): Set<string> {
  const origins = cors?.allowOrigins;
  return new Set(Array.isArray(origins) ? origins.map((origin) => renderValue(origin)) : []);
}

export function diffHttpCors(
  before: HttpCors | undefined,
  after: HttpCors | undefined,
): ApiChange[] {
  return compared(
    originsOf(before),
    originsOf(after),
    { method: '*', path: '*' },
    "from the HTTP API's CORS configuration",
  );
}
