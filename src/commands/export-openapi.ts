/**
 * `sls export-openapi` (issue 6): the OpenAPI document of the deployed stage (API Gateway
 * GetExport / ExportApi), or built offline from the packaged template.
 */
export interface CommandIo {
  log: {
    notice(message: string): void;
    warning(message: string): void;
    info(message: string): void;
  };
  /** Writes the document to stdout when no --output is given. */
  writeText(text: string): void;
}

export const EXPORT_OPENAPI_OPTIONS = {} as const;

export async function runExportOpenApi(
  _options: Record<string, unknown>,
  _io: CommandIo,
): Promise<void> {
  throw new Error('export-openapi is not available yet');
}
