/**
 * Who may call each method: its authorization type, authorizer and scopes, and whether it needs an
 * API key. A plain OpenAPI diff sees little of this (security requirements rarely carry API
 * Gateway's authorizers); the model has it from the template or the export's extensions.
 * Anything a client must now present is breaking; what it no longer needs is not (though it opens
 * the API wider, which the message says).
 */
import { compare } from '../../model/order';
import type { RestApiModel, RestAuthorizer, RestMethod } from '../../model';
import { change, pairedMethods, shown, type ApiChange } from './types';

function describe(method: RestMethod): string {
  const { type, authorizer } = method.authorization;
  return authorizer !== undefined ? `${type} (authorizer ${authorizer})` : type;
}

function authorizerOf(api: RestApiModel, name: string | undefined): RestAuthorizer | undefined {
  return name === undefined ? undefined : api.authorizers.find((item) => item.name === name);
}

/** What a client must send to the authorizer: its type and identity sources. */
function authorizerShape(authorizer: RestAuthorizer | undefined): string | undefined {
  if (!authorizer) return undefined;
  return `${authorizer.type} reading ${authorizer.identitySources.join(', ') || 'the request'}`;
}

export function diffAccess(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const pair of pairedMethods(before, after)) {
    const where = { method: pair.after.httpMethod, path: pair.after.path };
    const was = pair.before.authorization;
    const is = pair.after.authorization;
    if (was.type === 'NONE' && is.type !== 'NONE') {
      changes.push(
        change(
          'authorization-added',
          'breaking',
          where,
          `authorization added: NONE → ${describe(pair.after)}`,
        ),
      );
    } else if (was.type !== 'NONE' && is.type === 'NONE') {
      changes.push(
        change(
          'authorization-removed',
          'non-breaking',
          where,
          `authorization removed: ${describe(pair.before)} → NONE (anyone may call it now)`,
        ),
      );
    } else if (was.type !== is.type || was.authorizer !== is.authorizer) {
      changes.push(
        change(
          'authorization-changed',
          'breaking',
          where,
          `authorization changed: ${describe(pair.before)} → ${describe(pair.after)}`,
        ),
      );
    } else {
      changes.push(...diffAuthorizer(before, after, pair.after, where));
      changes.push(...diffScopes(was.scopes, is.scopes, where));
    }
    if (is.apiKeyRequired && !was.apiKeyRequired) {
      changes.push(change('api-key-required', 'breaking', where, 'an API key is now required'));
    } else if (was.apiKeyRequired && !is.apiKeyRequired) {
      changes.push(
        change('api-key-not-required', 'non-breaking', where, 'an API key is no longer required'),
      );
    }
  }
  return changes;
}

/** The same authorizer by name, but reading other identity sources or of another type. */
function diffAuthorizer(
  before: RestApiModel,
  after: RestApiModel,
  method: RestMethod,
  where: { method: string; path: string },
): ApiChange[] {
  const name = method.authorization.authorizer;
  const was = authorizerShape(authorizerOf(before, name));
  const is = authorizerShape(authorizerOf(after, name));
  if (was === undefined || is === undefined || was === is) return [];
  return [
    change(
      'authorization-changed',
      'breaking',
      where,
      `authorizer ${String(name)} changed: ${was} → ${is}`,
    ),
  ];
}

/**
 * A token must carry one of the method's scopes: removing one refuses the tokens that had only it,
 * adding one accepts more. Going from no scopes to some (or back) changes which token is expected
 * (an ID token or an access token), which breaks clients either way.
 */
function diffScopes(
  before: readonly unknown[],
  after: readonly unknown[],
  where: { method: string; path: string },
): ApiChange[] {
  const was = before.map(shown).sort(compare);
  const is = after.map(shown).sort(compare);
  if (was.join('\n') === is.join('\n')) return [];
  const list = (scopes: string[]) => (scopes.length > 0 ? scopes.join(', ') : 'none');
  const message = `authorization scopes changed: ${list(was)} → ${list(is)}`;
  const removed = was.filter((scope) => !is.includes(scope));
  const breaking = was.length === 0 || is.length === 0 || removed.length > 0;
  return [change('authorization-changed', breaking ? 'breaking' : 'non-breaking', where, message)];
}
