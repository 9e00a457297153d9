/**
 * Validates a document with @apidevtools/swagger-parser against the OpenAPI 3.0 or Swagger 2.0
 * schema (and its $refs). The command refuses to write a document that fails.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { errorMessage, OpenApiExportError } from './errors';
import type { OpenApiDocument } from './types';

export async function validateDocument(document: OpenApiDocument, what: string): Promise<void> {
  try {
    // swagger-parser dereferences the object it is given: hand it a copy.
    await SwaggerParser.validate(structuredClone(document) as never);
  } catch (error) {
    throw new OpenApiExportError(
      `The ${what} is not a valid ${typeof document.swagger === 'string' ? 'Swagger 2.0' : 'OpenAPI 3.0'} ` +
        `document, so it was not written: ${errorMessage(error)}`,
      'invalid-document',
      { cause: error },
    );
  }
}
