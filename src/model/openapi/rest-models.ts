/**
 * The model's request/response models as the document's schemas: JSON Schema draft 4 turned into
 * Schema Objects, and API Gateway's built-in models (Empty, Error) added when a method names one.
 */
import { toSchemaObject } from '../../openapi/schema';
import { isIntrinsic } from '../order';
import { BUILT_IN_MODELS } from '../built-in-models';
import type { RestModel } from '../types';
import type { RestWriter } from './rest-writer';

export function addModelSchema(writer: RestWriter, model: RestModel): void {
  const { name } = model;
  let schema = model.schema;
  if (typeof schema === 'string') {
    try {
      schema = JSON.parse(schema) as unknown;
    } catch {
      writer.warnings.push(`model ${name}: its Schema is not JSON; described as an object`);
      schema = { type: 'object' };
    }
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || isIntrinsic(schema)) {
    writer.warnings.push(
      `model ${name}: its Schema is only known at deploy time; described as an object`,
    );
    schema = { type: 'object' };
  }
  writer.schemas[name] = toSchemaObject(schema, {
    type: writer.options.type,
    refPrefix: writer.refPrefix,
    subject: `model ${name}`,
    warn: (message) => writer.warnings.push(message),
  });
}

/** The schema name of a model a method names; adds a built-in on demand. */
export function modelReference(writer: RestWriter, name: string): string {
  if (!(name in writer.schemas)) {
    const builtIn = BUILT_IN_MODELS[name];
    if (!builtIn)
      writer.warnings.push(`model ${name} is not defined in the template; described as an object`);
    writer.schemas[name] = builtIn ?? { type: 'object' };
  }
  return name;
}
