/**
 * Resolves validated config for one deployed stage: every feature's `resolve` runs once here, and
 * the result is plain, typed and frozen; compilers read nothing else.
 */
import { deepFreeze } from '../common/deep-freeze';
import { emptyEvents, type EventsByKind } from '../common/events';
import { type RestEndpoint, restEndpoints } from '../common/rest-endpoints';
import { serviceFilesOf } from '../common/service-files';
import type { CoreSettings } from './core-settings';
import type { LoadedDefinition } from '../openapi/import';
import { resolveHttpApi, type ResolvedHttpApi } from '../features/http-api/resolve';
import { resolveWebsocket, type ResolvedWebsocket } from '../features/websocket/resolve';
import {
  type ResolvedAccessControl,
  resolveAccessControl,
} from '../features/access-control/resolve';
import { type ResolvedCachingConfig, resolveCaching } from '../features/caching/resolve';
import { type ResolvedCorsConfig, resolveCors } from '../features/cors/resolve';
import {
  type ResolvedGatewayResponse,
  resolveGatewayResponses,
} from '../features/gateway-responses/resolve';
import {
  type ResolvedRequestValidation,
  resolveRequestValidation,
} from '../features/request-validation/resolve';
import {
  configuresRestApi,
  type ResolvedRestApi,
  resolveRestApi,
} from '../features/rest-api/resolve';
import { type ResolvedDomain, resolveDomains } from '../features/domains/resolve';
import { type ResolvedRoute, resolveRoutes } from '../features/routes/resolve';
import { mergeStageEntries, type ResolvedStage, resolveStage } from '../features/stage/resolve';
import { type ResolvedTemplates, resolveTemplates } from '../features/templates/resolve';
import type { ApiGatewayConfig } from '../config/types.generated';
import { compileMode, type CompileMode } from '../features/openapi/mode';

// The HTTP API and WebSocket features import these from here.
export type { CfnValue, ResolvedAccessLog } from '../features/stage/resolve';

export interface ResolvedConfig {
  readonly service: string;
  readonly stageName: string;
  readonly region: string;
  readonly restApi: ResolvedRestApi;
  /** undefined for a shared REST API: its stage belongs to the stack that owns the API. */
  readonly stage?: ResolvedStage;
  readonly stageMigration: NonNullable<ApiGatewayConfig['stageMigration']>;
  /** Whether `custom.apiGateway` says anything about the REST API (not only v2 APIs). */
  readonly configuresRestApi: boolean;
  /** Every REST endpoint: the `http` events, then the routes. */
  readonly endpoints: readonly RestEndpoint[];
  /** `custom.apiGateway.routes` whose key parses, sorted by key. */
  readonly routes: readonly ResolvedRoute[];
  /** The mapping templates of each route, with their text. */
  readonly templates: ResolvedTemplates;
  readonly requestValidation: ResolvedRequestValidation;
  readonly accessControl: ResolvedAccessControl;
  readonly caching: ResolvedCachingConfig;
  readonly cors: ResolvedCorsConfig;
  readonly gatewayResponses: readonly ResolvedGatewayResponse[];
  /** `custom.apiGateway.openapi` as written (the export after deploy reads it). */
  readonly openapi?: NonNullable<ApiGatewayConfig['openapi']>;
  /** The HTTP API, when the service has one (httpApi events or custom.apiGateway.httpApi). */
  readonly httpApi?: ResolvedHttpApi;
  /** The WebSocket API, when the service has one (websocket events or custom.apiGateway.websocket). */
  readonly websocket?: ResolvedWebsocket;
  /** The custom domains of the deployed stage (every API), by API then domain name; absent when none. */
  readonly domains?: readonly ResolvedDomain[];
  /** How the REST API's endpoints reach CloudFormation: Method resources, or one OpenAPI body. */
  readonly compileMode: CompileMode;
  /** The keys of `custom.apiGateway.routes` as written, in order (an imported definition is matched against them). */
  readonly routeKeys: readonly string[];
  /** The function events with their `apiGateway` blocks (validated). */
  readonly events: EventsByKind;
  /** core's provider settings the resolution was based on. */
  readonly core: CoreSettings;
  /** `openapi.definition`, loaded and bundled at the edge (see src/openapi/import). */
  readonly openApiDefinition?: LoadedDefinition;
}

export function resolveConfig(
  input: ApiGatewayConfig,
  coreInput: CoreSettings,
  eventsInput: EventsByKind = emptyEvents(),
): ResolvedConfig {
  // The result is frozen: work on copies so the user's config (owned by core) is never frozen.
  const config = structuredClone(input);
  const core = structuredClone(coreInput);
  const events = structuredClone(eventsInput);
  const shared = core.sharedRestApiId !== undefined;
  const httpApi = resolveHttpApi(config, core, events.httpApi);
  const websocket = resolveWebsocket(config, core, events.websocket);
  const stage = shared ? undefined : resolveStage(config, core);
  const endpoints = restEndpoints(config, events);
  const routes = resolveRoutes(config);
  const files = serviceFilesOf(core);
  const restApi = resolveRestApi(config, core);
  const domains = resolveDomains(config, core.stageName, restApi.endpointType);
  return deepFreeze({
    service: core.service,
    stageName: core.stageName,
    region: core.region,
    restApi,
    ...(stage ? { stage } : {}),
    stageMigration: config.stageMigration ?? 'fail',
    configuresRestApi: configuresRestApi(config),
    endpoints,
    routes,
    templates: resolveTemplates(routes, files),
    requestValidation: resolveRequestValidation(config, events, files),
    accessControl: resolveAccessControl(config, events, core.stageName),
    caching: resolveCaching(
      endpoints,
      stage,
      mergeStageEntries(config, core.stageName).caching?.invalidation,
    ),
    cors: resolveCors(config, endpoints),
    gatewayResponses: resolveGatewayResponses(config),
    ...(config.openapi ? { openapi: config.openapi } : {}),
    ...(httpApi ? { httpApi } : {}),
    ...(websocket ? { websocket } : {}),
    ...(domains.length > 0 ? { domains } : {}),
    compileMode: compileMode(config),
    routeKeys: Object.keys(config.routes ?? {}),
    events,
    core,
  });
}
