/**
 * The files the config names (mapping templates, JSON schemas), as read at the edge by
 * src/pipeline/service-files.ts: a path maps to its text, or to why it could not be read.
 */
import type { CoreSettings } from '../pipeline/core-settings';

export type ServiceFiles = Readonly<Record<string, { content: string } | { error: string }>>;

/**
 * The loaded files travel with core's settings (`core.serviceFiles`, set by the plugin when it
 * reads them): the semantic checks and the resolution both receive `core`.
 */
export function serviceFilesOf(core: CoreSettings): ServiceFiles | undefined {
  return (core as CoreSettings & { serviceFiles?: ServiceFiles }).serviceFiles;
}

/** The content of a loaded file; undefined when it was not loaded or could not be read. */
export function fileContent(files: ServiceFiles | undefined, file: string): string | undefined {
  const loaded = files?.[file];
  return loaded && 'content' in loaded ? loaded.content : undefined;
}
