/**
 * What several rules ask of the model: the REST API and its kind of endpoint, the stage a stage
 * resource deploys, whether a template value is on, and where an endpoint is declared when no
 * event or route made it (the template's own resource, or the imported OpenAPI document).
 */
import { renderValue } from '../../openapi/intrinsics';
import type { HttpApiModel, RestApiModel, RestMethod, WebSocketApiModel } from '../../model';
import type { LintContext } from '../types';
import type { EndpointLocation } from '../locator';

export function restApis(context: LintContext): RestApiModel[] {
  return context.apis.filter((api): api is RestApiModel => api.kind === 'rest');
}

export function v2Apis(context: LintContext): Array<HttpApiModel | WebSocketApiModel> {
  return context.apis.filter(
    (api): api is HttpApiModel | WebSocketApiModel =>
      api.kind === 'http' || api.kind === 'websocket',
  );
}

/** `true` or `'true'`: CloudFormation takes both. */
export function isOn(value: unknown): boolean {
  return value === true || value === 'true';
}

/** EDGE (the default), REGIONAL or PRIVATE; a value CloudFormation computes reads as unknown. */
export function endpointTypesOf(api: RestApiModel): string[] | undefined {
  const types = api.endpointConfiguration?.types;
  if (types === undefined) return ['EDGE'];
  if (!Array.isArray(types) || !types.every((type) => typeof type === 'string')) return undefined;
  return types.map((type: string) => type.toUpperCase());
}

export function isPrivate(api: RestApiModel): boolean {
  return endpointTypesOf(api)?.includes('PRIVATE') ?? false;
}

/** Public: reachable from the internet (EDGE or REGIONAL), and known to be. */
export function isPublic(api: RestApiModel): boolean {
  const types = endpointTypesOf(api);
  return types !== undefined && !types.includes('PRIVATE');
}

export function stageNameOf(stage: { stageName?: unknown }, fallback: string): string {
  return typeof stage.stageName === 'string' ? stage.stageName : fallback;
}

/** `GET /orders/{id}` of a REST method. */
export function describeMethod(method: RestMethod): string {
  return `${method.httpMethod} ${method.path}`;
}

/**
 * Where a REST method is declared: its event or route, else the template's resource (a user's
 * `resources:`) or the imported OpenAPI document's operation.
 */
export function methodLocation(context: LintContext, method: RestMethod): EndpointLocation {
  const found = context.locate.restMethod(method.path, method.httpMethod);
  if (found) return found;
  const declaration = method.logicalId
    ? `Resources.${method.logicalId}`
    : `custom.apiGateway.openapi (paths['${method.path}'].${method.httpMethod.toLowerCase()})`;
  return {
    endpoint: describeMethod(method),
    settingsPath: declaration,
    declarationPath: declaration,
    outsideConfig: true,
  };
}

/** A short list for a message: `GET /a, POST /b and 3 more`. */
export function listSome(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function rendered(value: unknown): string {
  return typeof value === 'string' ? value : renderValue(value);
}
