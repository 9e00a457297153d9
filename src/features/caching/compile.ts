/**
 * Per-endpoint caching and throttling (issue 4) of http events and routes alike: method settings
 * on the Stage, request parameters and cache keys on the methods.
 *
 * API Gateway needs three things for a cached method: a `MethodSettings` entry on the stage
 * (`/~1users~1{id}` + `GET`: CachingEnabled, TTL, encryption), every cache key declared as a method
 * request parameter, and the keys listed in the integration's `CacheKeyParameters` (a proxy
 * integration also maps them into its request, or API Gateway ignores them for the key).
 */
import type { CfnObject, TemplateFragment } from '../../cloudformation/template';
import { methodSettingsResourcePath } from '../../cloudformation/rest-paths';
import { endpointLookup, type RestMethod, restMethods } from '../../common/rest-methods';
import type { ResolvedEndpointCaching } from './resolve';
import type { ResolvedStage } from '../stage/resolve';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { type CompileContext, restApiIdValue } from '../../pipeline/compile-context';
import { stageWideMethodSettings } from '../stage/compile';

export interface EndpointSettingsResult {
  fragments: TemplateFragment[];
  /** `MethodSettings` entries for single methods, after the stage-wide `/*` entry. */
  methodSettings: CfnObject[];
}

/** The verbs an ANY method serves, in method-settings order. */
const ANY_VERBS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

const PROXY_INTEGRATIONS = new Set(['AWS_PROXY', 'HTTP_PROXY']);

/** RequestParameters and Integration of a cached method, keys added (never removed). */
function cacheKeyPatch(method: RestMethod, caching: ResolvedEndpointCaching): TemplateFragment {
  if (caching.keys.length === 0) return {};
  const properties = method.resource.Properties ?? {};
  const requestParameters: Record<string, unknown> = {
    ...(properties.RequestParameters as Record<string, unknown> | undefined),
  };
  const integration: CfnObject = { ...(properties.Integration as CfnObject | undefined) };
  const cacheKeys = [...((integration.CacheKeyParameters as string[] | undefined) ?? [])];
  const integrationParameters: Record<string, unknown> = {
    ...(integration.RequestParameters as Record<string, unknown> | undefined),
  };
  const proxy = PROXY_INTEGRATIONS.has(String(integration.Type));
  for (const key of caching.keys) {
    // Path parameters are always present; the others are optional for the caller.
    if (requestParameters[key] === undefined)
      requestParameters[key] = key.startsWith('method.request.path.');
    if (!cacheKeys.includes(key)) cacheKeys.push(key);
    const target = key.replace(/^method\.request\./, 'integration.request.');
    if (proxy && integrationParameters[target] === undefined) integrationParameters[target] = key;
  }
  const sorted = (record: Record<string, unknown>) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  integration.CacheKeyParameters = cacheKeys;
  if (proxy) integration.RequestParameters = sorted(integrationParameters);
  return {
    patches: [
      {
        logicalId: method.logicalId,
        setProperties: { RequestParameters: sorted(requestParameters), Integration: integration },
      },
    ],
  };
}

/**
 * A method's own entry. API Gateway gives a method-level entry defaults of its own for what it
 * leaves out, so the stage-wide logging, metrics and throttling are repeated in it.
 */
function methodEntry(stage: ResolvedStage, resourcePath: string, httpMethod: string): CfnObject {
  const {
    ResourcePath: _path,
    HttpMethod: _method,
    CacheTtlInSeconds: _ttl,
    CacheDataEncrypted: _encrypted,
    ...inherited
  } = stageWideMethodSettings(stage);
  return { ResourcePath: resourcePath, HttpMethod: httpMethod, ...inherited };
}

export function compileEndpointSettings(
  config: ResolvedConfig,
  ctx: CompileContext,
): EndpointSettingsResult {
  const stage = config.stage;
  const fragments: TemplateFragment[] = [];
  const methodSettings: CfnObject[] = [];
  const endpointOf = endpointLookup(config.caching.endpoints);
  for (const method of restMethods(ctx.template, restApiIdValue(config, ctx.naming))) {
    if (method.httpMethod === 'OPTIONS') continue;
    const endpoint = endpointOf(method);
    const caching = endpoint?.caching;
    if (caching) fragments.push(cacheKeyPatch(method, caching));
    if (!stage) continue;
    const throttling = endpoint?.throttling;
    const throttled = throttling !== undefined;
    // A method neither cached nor throttled needs no entry of its own: the stage-wide `/*` entry
    // already says caching is off (explicitly, when the stage has a cluster). One entry per
    // endpoint would also cost ~170 bytes each in the template (85 KB at 500 endpoints).
    if (!caching && !throttled) continue;
    // API Gateway keys method settings by verb: ANY gets one entry per verb it serves, and only its
    // GET is cached (a cached write would be served to the next caller).
    const verbs = method.httpMethod === 'ANY' ? ANY_VERBS : [method.httpMethod];
    for (const verb of verbs) {
      const entry = methodEntry(stage, methodSettingsResourcePath(method.path), verb);
      const cached = caching !== undefined && (method.httpMethod !== 'ANY' || verb === 'GET');
      if (stage.caching.enabled) {
        entry.CachingEnabled = cached;
        if (cached && caching) {
          entry.CacheTtlInSeconds = caching.ttlInSeconds;
          entry.CacheDataEncrypted = caching.dataEncrypted;
        }
      }
      if (throttling?.rateLimit !== undefined) entry.ThrottlingRateLimit = throttling.rateLimit;
      if (throttling?.burstLimit !== undefined) entry.ThrottlingBurstLimit = throttling.burstLimit;
      methodSettings.push(entry);
    }
  }
  return { fragments: fragments.filter((f) => f.patches), methodSettings };
}
