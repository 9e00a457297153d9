/**
 * The pipeline's one reading of files: the mapping templates and JSON schemas the config names,
 * read before validation (relative to the service directory) so that the checks, the resolution
 * and the compilers stay pure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CoreSettings } from './core-settings';
import type { EventsByKind } from '../common/events';
import type { ServiceFiles } from '../common/service-files';
import { resolveRoutes } from '../features/routes/resolve';
import { routeTemplates } from '../features/templates/resolve';
import { schemaFiles } from '../features/request-validation/resolve';
import type { ApiGatewayConfig } from '../config/types.generated';

/** Every file (relative to the service directory) the config names: templates and schemas. */
export function serviceFileReferences(config: ApiGatewayConfig, events: EventsByKind): string[] {
  const files = new Set<string>();
  for (const route of resolveRoutes(config)) {
    for (const ref of routeTemplates(route)) if (ref.file) files.add(ref.file);
  }
  for (const file of schemaFiles(config, events)) files.add(file);
  return [...files].sort();
}

export function loadServiceFiles(
  config: ApiGatewayConfig | undefined,
  events: EventsByKind,
  serviceDir: string,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): ServiceFiles {
  const files: Record<string, { content: string } | { error: string }> = {};
  for (const file of serviceFileReferences(config ?? {}, events)) {
    const absolute = path.resolve(serviceDir, file);
    const relative = path.relative(serviceDir, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      files[file] = { error: 'is outside the service directory' };
      continue;
    }
    try {
      files[file] = { content: read(absolute) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      files[file] = {
        error:
          code === 'ENOENT'
            ? 'does not exist'
            : code === 'EISDIR'
              ? 'is a directory'
              : `cannot be read (${(error as Error).message})`,
      };
    }
  }
  return files;
}

/**
 * Core's settings with the files the config names loaded (the plugin's `readCore` calls this at
 * the edge, with the service directory).
 */
export function withServiceFiles(
  core: CoreSettings,
  config: unknown,
  events: EventsByKind,
  serviceDir: string,
  read?: (file: string) => string,
): CoreSettings & { serviceFiles: ServiceFiles } {
  const valid = config && typeof config === 'object' ? (config as ApiGatewayConfig) : {};
  let serviceFiles: ServiceFiles = {};
  try {
    serviceFiles = loadServiceFiles(valid, events, serviceDir, read);
  } catch {
    // Config the schema will reject (a route that is not an object…): validation reports it.
  }
  return { ...core, serviceFiles };
}
