/**
 * Mistakes whose schema errors, explained one by one, would not say what to do: a whole block
 * written in the wrong shape. Each hint replaces those errors with one message that names the fix.
 * Run on ajv's errors before they are explained (schema.ts).
 */
import type { ErrorObject } from 'ajv';
import { type ConfigIssue, joinPath } from '../issues';

/** Keywords that show a value is a JSON Schema (draft 4, the one API Gateway models use). */
const JSON_SCHEMA_KEYWORDS = new Set([
  '$schema',
  '$ref',
  'id',
  'title',
  'type',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'patternProperties',
  'definitions',
  'enum',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
]);

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface Hinted {
  readonly issues: ConfigIssue[];
  /** The errors the hints do not explain, for the usual explanation. */
  readonly rest: ErrorObject[];
}

/**
 * `custom.apiGateway.models.X: { type: object, properties: … }`: a bare JSON Schema where a model
 * (`{ schema, contentType, description }`) goes. Without the hint the user reads "missing required
 * key schema" and one "unknown key" per schema keyword.
 */
function bareModelSchemas(
  config: unknown,
  root: string,
): Array<{ pointer: string; issue: ConfigIssue }> {
  const models = (config as { models?: unknown } | undefined)?.models;
  if (!models || typeof models !== 'object' || Array.isArray(models)) return [];
  const found: Array<{ pointer: string; issue: ConfigIssue }> = [];
  for (const [name, model] of Object.entries(models as Record<string, unknown>)) {
    if (!model || typeof model !== 'object' || Array.isArray(model) || 'schema' in model) continue;
    const keywords = Object.keys(model).filter((key) => JSON_SCHEMA_KEYWORDS.has(key));
    if (keywords.length === 0) continue;
    found.push({
      pointer: `/models/${pointerSegment(name)}`,
      issue: {
        path: joinPath(joinPath(root, 'models'), name),
        message: `this is a JSON Schema (${keywords.join(', ')}) written as the model itself, but a model is { schema, contentType, description }; move the JSON Schema under schema: (${name}: { schema: { type: object, properties: … } }), or give a file (schema: schemas/${name}.json)`,
      },
    });
  }
  return found;
}

/** The hints for the service config (`custom.apiGateway`), and the errors left to explain. */
export function serviceConfigHints(
  errors: readonly ErrorObject[],
  config: unknown,
  root: string,
): Hinted {
  const hints = bareModelSchemas(config, root);
  const covered = (error: ErrorObject) =>
    hints.some(
      ({ pointer }) =>
        error.instancePath === pointer || error.instancePath.startsWith(`${pointer}/`),
    );
  return {
    issues: hints.map(({ issue }) => issue),
    rest: errors.filter((error) => !covered(error)),
  };
}
