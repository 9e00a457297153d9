/**
 * Request parameters (query strings and headers) and request validation. API Gateway enforces a
 * required parameter or a body model only when the method's request validator validates them: a
 * parameter newly required on a method that validates parameters rejects the clients that do not
 * send it (400), while on one that does not, it only changes what the API documents. Turning
 * validation on is itself a change clients feel. Path parameters are part of the path
 * (./operations.ts).
 */
import { compare } from '../../model/order';
import type { RestApiModel, RestMethod } from '../../model';
import { change, isTrue, pairedMethods, type ApiChange } from './types';

export interface Enforcement {
  body: boolean;
  parameters: boolean;
}

/** What the method's request validator checks. */
export function enforcement(api: RestApiModel, method: RestMethod): Enforcement {
  const validator = api.requestValidators.find((item) => item.name === method.requestValidator);
  return {
    body: validator?.validateRequestBody === true,
    parameters: validator?.validateRequestParameters === true,
  };
}

/** `method.request.multivaluequerystring.tag` → `query parameter "tag"`; path parameters: undefined. */
function parameterOf(key: string): { id: string; label: string } | undefined {
  const match = /^method\.request\.(multivalue)?(querystring|header)\.(.+)$/.exec(key);
  if (!match) return undefined;
  const location = match[2] === 'querystring' ? 'query' : 'header';
  // Header names are case-insensitive; query string names are not.
  const name = location === 'header' ? match[3].toLowerCase() : match[3];
  return { id: `${location}:${name}`, label: `${location} parameter "${match[3]}"` };
}

function parameters(method: RestMethod): Map<string, { label: string; required: boolean }> {
  const result = new Map<string, { label: string; required: boolean }>();
  for (const [key, required] of Object.entries(method.requestParameters)) {
    const parameter = parameterOf(key);
    if (parameter) result.set(parameter.id, { label: parameter.label, required: isTrue(required) });
  }
  return result;
}

export function diffParameters(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const pair of pairedMethods(before, after)) {
    const where = { method: pair.after.httpMethod, path: pair.after.path };
    const was = enforcement(before, pair.before);
    const is = enforcement(after, pair.after);
    const previous = parameters(pair.before);
    const current = parameters(pair.after);
    for (const [id, parameter] of [...current].sort(([a], [b]) => compare(a, b))) {
      const old = previous.get(id);
      if (parameter.required && !old?.required) {
        const what = old
          ? `${parameter.label} is now required`
          : `${parameter.label} added, required`;
        changes.push(
          is.parameters
            ? change('parameter-required', 'breaking', where, what)
            : change(
                'parameter-required',
                'non-breaking',
                where,
                `${what} (documented only: no request validator checks parameters)`,
              ),
        );
      } else if (!parameter.required && old?.required) {
        changes.push(
          change('parameter-optional', 'non-breaking', where, `${parameter.label} is now optional`),
        );
      } else if (!old) {
        changes.push(
          change('parameter-added', 'non-breaking', where, `${parameter.label} added, optional`),
        );
      }
    }
    for (const [id, parameter] of [...previous].sort(([a], [b]) => compare(a, b))) {
      if (!current.has(id)) {
        changes.push(
          change('parameter-removed', 'non-breaking', where, `${parameter.label} removed`),
        );
      }
    }
    // Validation turned on: what was required but not checked is now enforced (new requirements
    // are reported above).
    const required = [...current]
      .filter(([id, parameter]) => parameter.required && previous.get(id)?.required === true)
      .map(([, parameter]) => parameter);
    if (is.parameters && !was.parameters && required.length > 0) {
      changes.push(
        change(
          'validation-added',
          'breaking',
          where,
          `request parameters are now validated: ${required.map((p) => p.label).join(', ')} required`,
        ),
      );
    }
    if (!is.parameters && was.parameters) {
      changes.push(
        change(
          'validation-removed',
          'non-breaking',
          where,
          'request parameters are no longer validated',
        ),
      );
    }
  }
  return changes;
}
