/**
 * Patches core's Methods of http events with what their endpoint resolved to: authorization type,
 * authorizer, OAuth scopes and whether an API key is required.
 */
import type { CfnTemplate, ResourcePatch } from '../../cloudformation/template';
import { ref } from '../../cloudformation/template';
import { type EndpointAccess, PUBLIC, type ResolvedAuthorizer } from './resolve';
import { methodFinder } from '../../common/method-finder';

const AUTHORIZATION_TYPES = {
  cognito: 'COGNITO_USER_POOLS',
  token: 'CUSTOM',
  request: 'CUSTOM',
  iam: 'AWS_IAM',
} as const;

function authorizationProperties(
  access: EndpointAccess,
  authorizers: ReadonlyMap<string, ResolvedAuthorizer>,
): Record<string, unknown> {
  if (access.authorizer === undefined) return {};
  if (access.authorizer === PUBLIC) {
    return { AuthorizationType: 'NONE', AuthorizerId: undefined, AuthorizationScopes: undefined };
  }
  const authorizer = authorizers.get(access.authorizer);
  // Validation reports unknown names; nothing to patch for one that slipped through.
  if (!authorizer) return {};
  return {
    AuthorizationType: AUTHORIZATION_TYPES[authorizer.kind],
    AuthorizerId: authorizer.logicalId === undefined ? undefined : ref(authorizer.logicalId),
    AuthorizationScopes:
      authorizer.kind === 'cognito' && access.scopes && access.scopes.length > 0
        ? [...access.scopes]
        : undefined,
  };
}

export function methodPatches(
  endpoints: readonly EndpointAccess[],
  authorizers: readonly ResolvedAuthorizer[],
  restApiId: unknown,
  template: Readonly<CfnTemplate>,
): ResourcePatch[] {
  const byName = new Map(authorizers.map((authorizer) => [authorizer.name, authorizer]));
  const patches = new Map<string, Record<string, unknown>>();
  const findMethod = methodFinder(template, restApiId);
  for (const access of endpoints) {
    const properties = {
      ...authorizationProperties(access, byName),
      ...(access.apiKeyRequired !== undefined ? { ApiKeyRequired: access.apiKeyRequired } : {}),
    };
    if (Object.keys(properties).length === 0) continue;
    const logicalId = findMethod(access.endpoint);
    if (logicalId === undefined) continue;
    patches.set(logicalId, { ...patches.get(logicalId), ...properties });
  }
  return [...patches.keys()]
    .sort()
    .map((logicalId) => ({ logicalId, setProperties: patches.get(logicalId) ?? {} }));
}
