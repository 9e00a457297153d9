/**
 * Body mode: the API's Method/Resource/Authorizer/Model/RequestValidator/GatewayResponse resources
 * become one OpenAPI document, the RestApi's `Body`: the compiled template is read into the API
 * model (src/model) and the model written with the body target, so the body says what the
 * resources said, as the offline export does.
 */
import type {
  CfnObject,
  CfnResource,
  CfnTemplate,
  ResourcePatch,
  TemplateFragment,
} from '../../cloudformation/template';
import {
  dependsOnList,
  executeApiArn,
  ref,
  resourcesOnApi,
  REST_API_DEFINITION_TYPES,
} from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { writeRestApiDocument } from '../../model/openapi';
import { readRestApi } from '../../model/read';
import type { OpenApiDocument } from '../../openapi/types';
import type { CompileContext } from '../../pipeline/compile-context';
import { apiContentHash, deploymentResource } from '../rest-api/deployment';
import { resolveDocumentLambdas } from '../../openapi/import/lambdas';
import { mentions } from '../../cloudformation/mentions';
import { documentPermissions, INVOKE_PRINCIPAL, serviceFunctions } from './document-permissions';

export interface BodyOptions {
  type: 'oas30' | 'swagger';
  /** The generated document → the body (an imported definition merges it into the user's). */
  document: (generated: OpenApiDocument) => OpenApiDocument;
  /** An imported definition with operations of its own: a body even with no http event. */
  definesOperations?: boolean;
  /** The RestApi's properties as the body sets them (an imported definition's API settings). */
  restApiProperties?: (properties: CfnObject) => CfnObject;
}

export function compileBody(
  config: ResolvedConfig,
  ctx: CompileContext,
  options: BodyOptions,
): TemplateFragment[] {
  const { naming } = ctx;
  const template = ctx.template as CfnTemplate;
  const restApiLogicalId = naming.restApi();
  const restApi = template.Resources[restApiLogicalId];
  if (!restApi) return [];
  const restApiId = ref(restApiLogicalId);
  // What the body defines, so their resources go.
  const defined = REST_API_DEFINITION_TYPES.flatMap((type) =>
    resourcesOnApi(template, type, restApiId),
  );
  if (
    resourcesOnApi(template, 'AWS::ApiGateway::Method', restApiId).length === 0 &&
    !options.definesOperations
  )
    return [];

  const generated = writeRestApiDocument(readRestApi(template), {
    type: options.type,
    target: 'body',
    stageName: config.stageName,
    region: config.region,
    fallbackTitle: naming.defaultApiName(),
  }).document;
  // The document's own Lambda integrations: shorthands resolved, the service's functions found.
  const lambdas = resolveDocumentLambdas(
    options.document(generated),
    serviceFunctions(config, ctx),
    new Set(Object.keys(template.Resources)),
  );
  const body = lambdas.document;
  const own = options.restApiProperties?.({ ...restApi.Properties }) ?? { ...restApi.Properties };
  const properties: CfnObject = { ...own, Body: body };
  const changed = Object.fromEntries(
    Object.entries(properties).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify((restApi.Properties ?? {})[key]),
    ),
  );

  const deployments = resourcesOnApi(template, 'AWS::ApiGateway::Deployment', restApiId);
  const removed = new Set([...defined, ...deployments]);
  const patches: ResourcePatch[] = [
    { logicalId: restApiLogicalId, setProperties: changed },
    ...[...removed].sort().map((logicalId) => ({ logicalId, remove: true })),
  ];

  const resources: Record<string, CfnResource> = {};
  // The Deployment snapshots the API, all of which is now the RestApi's properties.
  const deploymentLogicalId = `${naming.deploymentPrefix()}${apiContentHash(
    { Resources: { [restApiLogicalId]: { Type: restApi.Type, Properties: properties } } },
    [restApiLogicalId],
  )}`;
  resources[deploymentLogicalId] = deploymentResource(config, restApiId);

  const authorizers = new Set(
    defined.filter((id) => template.Resources[id]?.Type === 'AWS::ApiGateway::Authorizer'),
  );
  const permissions = lambdaPermissions(template, restApiLogicalId, authorizers);
  for (const logicalId of permissions.remove) removed.add(logicalId);
  patches.push(...permissions.remove.map((logicalId) => ({ logicalId, remove: true })));
  patches.push(...permissions.patches);
  Object.assign(
    resources,
    documentPermissions(template, lambdas.called, restApiLogicalId, removed, naming),
  );

  // What depended on a removed resource (a method, core's Deployment) no longer needs to.
  for (const [logicalId, resource] of Object.entries(template.Resources).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (removed.has(logicalId) || logicalId === restApiLogicalId) continue;
    const dependsOn = dependsOnList(resource);
    const kept = dependsOn.filter((id) => !removed.has(id));
    if (kept.length === dependsOn.length) continue;
    const patched = permissions.patches.find((patch) => patch.logicalId === logicalId);
    const replacement: CfnResource = {
      ...structuredClone(resource),
      ...(patched?.setProperties
        ? { Properties: { ...structuredClone(resource.Properties), ...patched.setProperties } }
        : {}),
    };
    if (kept.length > 0) replacement.DependsOn = kept;
    else delete replacement.DependsOn;
    resources[logicalId] = replacement;
  }
  return [{ patches, Resources: resources }];
}

/**
 * Invoke permissions of the API's functions: one per function with a SourceArn that covers the
 * whole API (`<api>/*\/*`); an authorizer's permission names the authorizer by id, which the body
 * does not give a logical id to: it covers the API's authorizers (`<api>/authorizers/*`).
 */
function lambdaPermissions(
  template: CfnTemplate,
  restApiLogicalId: string,
  authorizers: ReadonlySet<string>,
): { remove: string[]; patches: ResourcePatch[] } {
  const remove: string[] = [];
  const patches: ResourcePatch[] = [];
  const byFunction = new Map<string, string[]>();
  const entries = Object.entries(template.Resources)
    .filter(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::Permission' &&
        resource.Properties?.Principal === INVOKE_PRINCIPAL &&
        mentions(resource.Properties?.SourceArn, restApiLogicalId),
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [logicalId, resource] of entries) {
    const sourceArn = resource.Properties?.SourceArn;
    if ([...authorizers].some((authorizer) => mentions(sourceArn, authorizer))) {
      patches.push({
        logicalId,
        setProperties: { SourceArn: executeApiArn(ref(restApiLogicalId), '/authorizers/*') },
      });
      continue;
    }
    const key = JSON.stringify(resource.Properties?.FunctionName);
    byFunction.set(key, [...(byFunction.get(key) ?? []), logicalId]);
  }
  for (const ids of byFunction.values()) {
    const [kept, ...others] = ids;
    const wildcard = executeApiArn(ref(restApiLogicalId), '/*/*');
    if (
      JSON.stringify(template.Resources[kept].Properties?.SourceArn) !== JSON.stringify(wildcard)
    ) {
      patches.push({ logicalId: kept, setProperties: { SourceArn: wildcard } });
    }
    remove.push(...others);
  }
  return { remove, patches };
}
