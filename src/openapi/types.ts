/** Shared vocabulary of the OpenAPI export: document kinds, formats and extension sets. */

/** `oas30`: OpenAPI 3.0; `swagger`: Swagger (OpenAPI) 2.0. API Gateway's own names. */
export type ExportType = 'oas30' | 'swagger';
export type ExportFormat = 'json' | 'yaml';
/**
 * API Gateway's `extensions` export parameter: `integrations` and `apigateway` add every
 * `x-amazon-apigateway-*` extension, `authorizers` only the authorizer ones, `postman` Postman's.
 */
export type ExportExtensions = 'integrations' | 'apigateway' | 'authorizers' | 'postman';
export type ApiKind = 'rest' | 'http';

export const EXPORT_TYPES: readonly ExportType[] = ['oas30', 'swagger'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'yaml'];
export const EXPORT_EXTENSIONS: readonly ExportExtensions[] = [
  'integrations',
  'apigateway',
  'authorizers',
  'postman',
];
export const API_KINDS: readonly ApiKind[] = ['rest', 'http'];

/** An OpenAPI 3.0 or Swagger 2.0 document as plain JSON data. */
export type OpenApiDocument = { [key: string]: unknown };

/** `custom.apiGateway.openapi.info` / `servers`: applied over the exported document. */
export interface OpenApiOverrides {
  info?: { title?: string; version?: string; description?: string };
  servers?: ReadonlyArray<{ url: string; description?: string }>;
}
