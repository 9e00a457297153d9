/**
 * `custom.apiGateway.openapi.info` and `servers` laid over a document (exported by AWS or built
 * offline). Pure: returns a new document; warnings for what Swagger 2.0 cannot say.
 */
import type { OpenApiDocument, OpenApiOverrides } from './types';

export interface OverrideResult {
  document: OpenApiDocument;
  warnings: string[];
}

export function applyOverrides(
  document: OpenApiDocument,
  overrides: OpenApiOverrides | undefined,
): OverrideResult {
  const warnings: string[] = [];
  if (!overrides) return { document, warnings };
  const result: OpenApiDocument = { ...document };
  if (overrides.info) {
    const info = { ...(document.info as Record<string, unknown> | undefined) };
    for (const key of ['title', 'version', 'description'] as const) {
      const value = overrides.info[key];
      if (value !== undefined) info[key] = value;
    }
    result.info = info;
  }
  const servers = overrides.servers;
  if (servers && servers.length > 0) {
    if (isSwagger(document)) {
      const url = new URL(servers[0].url);
      result.host = url.host;
      result.basePath = url.pathname.replace(/\/+$/, '') || '/';
      result.schemes = [url.protocol.replace(':', '')];
      if (servers.length > 1) {
        warnings.push(
          `Swagger 2.0 has a single host: the document uses the first of the ${servers.length} ` +
            `custom.apiGateway.openapi.servers (${servers[0].url}); use --type oas30 for all of them.`,
        );
      }
    } else {
      // API Gateway's endpoint-configuration extension lives on its server entry: keep it.
      const previous = (document.servers as Array<Record<string, unknown>> | undefined) ?? [];
      const extensions = Object.fromEntries(
        previous
          .flatMap((server) => Object.entries(server))
          .filter(([key]) => key.startsWith('x-')),
      );
      result.servers = servers.map((server, index) => ({
        url: server.url,
        ...(server.description !== undefined ? { description: server.description } : {}),
        ...(index === 0 ? extensions : {}),
      }));
    }
  }
  return { document: result, warnings };
}

export function isSwagger(document: OpenApiDocument): boolean {
  return typeof document.swagger === 'string';
}
