/**
 * Request bodies: each method's request model per content type, compared as JSON Schemas
 * (./schema.ts). API Gateway refuses a body that does not match its model only when the method's
 * request validator validates bodies: a narrowed schema there breaks clients (400), elsewhere it
 * changes only what the API documents, and is reported as such.
 */
import { compare } from '../../model/order';
import type { RestApiModel, RestMethod } from '../../model';
import { enforcement } from './parameters';
import { compareSchemas, type ModelResolver } from './schema';
import { change, pairedMethods, type ApiChange } from './types';

const NOT_ENFORCED = ' (documented only: no request validator checks the body)';

function resolverOf(api: RestApiModel): ModelResolver {
  const models = new Map(api.models.map((model) => [model.name, model.schema]));
  return (name) => models.get(name);
}

export function diffRequestBodies(before: RestApiModel, after: RestApiModel): ApiChange[] {
  const resolvers = { before: resolverOf(before), after: resolverOf(after) };
  return pairedMethods(before, after).flatMap((pair) =>
    diffMethodBodies(pair.before, pair.after, {
      was: enforcement(before, pair.before).body,
      is: enforcement(after, pair.after).body,
      resolvers,
    }),
  );
}

function diffMethodBodies(
  before: RestMethod,
  after: RestMethod,
  context: {
    was: boolean;
    is: boolean;
    resolvers: { before: ModelResolver; after: ModelResolver };
  },
): ApiChange[] {
  const where = { method: after.httpMethod, path: after.path };
  const changes: ApiChange[] = [];
  const contentTypes = [
    ...new Set([...Object.keys(before.requestModels), ...Object.keys(after.requestModels)]),
  ].sort(compare);
  for (const contentType of contentTypes) {
    const old = before.requestModels[contentType];
    const now = after.requestModels[contentType];
    const body = `request body (${contentType})`;
    if (old === undefined && now !== undefined) {
      changes.push(
        context.is
          ? change(
              'body-model-added',
              'breaking',
              where,
              `${body} now validated against model ${now}`,
            )
          : change(
              'body-model-added',
              'non-breaking',
              where,
              `${body}: model ${now} added${NOT_ENFORCED}`,
            ),
      );
      continue;
    }
    if (old !== undefined && now === undefined) {
      changes.push(
        change('body-model-removed', 'non-breaking', where, `${body}: model ${old} removed`),
      );
      continue;
    }
    if (old === undefined || now === undefined) continue;
    if (context.is && !context.was) {
      changes.push(
        change(
          'validation-added',
          'breaking',
          where,
          `${body} is now validated against model ${now}`,
        ),
      );
    } else if (context.was && !context.is) {
      changes.push(
        change('validation-removed', 'non-breaking', where, `${body} is no longer validated`),
      );
    }
    const findings = compareSchemas({ $ref: old }, { $ref: now }, context.resolvers);
    for (const finding of findings) {
      const message = `${body} ${finding.location}: ${finding.message}`;
      changes.push(
        !finding.narrowed
          ? change('schema-relaxed', 'non-breaking', where, message)
          : context.is
            ? change('schema-narrowed', 'breaking', where, message)
            : change('schema-narrowed', 'non-breaking', where, `${message}${NOT_ENFORCED}`),
      );
    }
  }
  return changes;
}
