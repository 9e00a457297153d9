/**
 * The OpenAPI 3.0 document of the template's HTTP API: the template read into the model, the
 * model written by the model's OpenAPI writer (`src/model/openapi/http.ts` says what it contains).
 */
import type { CfnTemplate } from '../cloudformation/template';
import { readHttpApi } from '../model/read';
import { writeHttpApiDocument, type WriteOptions } from '../model/openapi';
import type { OpenApiDocument } from './types';

export function buildHttpApiDocument(
  template: CfnTemplate,
  options: WriteOptions,
): { document: OpenApiDocument; warnings: string[] } {
  const model = readHttpApi(template) ?? {
    kind: 'http' as const,
    logicalId: '',
    routes: [],
    authorizers: [],
    stages: [],
  };
  return writeHttpApiDocument(model, options);
}
