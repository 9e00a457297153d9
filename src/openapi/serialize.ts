/**
 * The document as text: JSON (2-space indent) or YAML (block style, every non-trivial string
 * double-quoted, which YAML reads exactly like JSON). Key order is the document's, so the same
 * document always gives the same bytes. YAML is written here rather than by a library so the
 * plugin has no YAML runtime dependency; it only ever has JSON data to write.
 */
import type { ExportFormat, OpenApiDocument } from './types';

export function serializeDocument(document: OpenApiDocument, format: ExportFormat): string {
  return format === 'yaml' ? toYaml(document) : `${JSON.stringify(document, null, 2)}\n`;
}

/** json unless the file name ends with .yaml or .yml. */
export function formatFromPath(file: string | undefined): ExportFormat {
  return file !== undefined && /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}

export function toYaml(value: unknown): string {
  const lines = isContainer(value) && !isEmpty(value) ? block(value, 0) : [scalar(value)];
  return `${lines.join('\n')}\n`;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: Container): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function block(value: Container, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isContainer(item) && !isEmpty(item)) {
        const nested = block(item, indent + 2);
        // The first line of the item goes on the dash line.
        lines.push(`${pad}- ${nested[0].slice(indent + 2)}`, ...nested.slice(1));
      } else {
        lines.push(`${pad}- ${scalar(item)}`);
      }
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (isContainer(item) && !isEmpty(item)) {
      lines.push(`${pad}${string(key)}:`, ...block(item, indent + 2));
    } else {
      lines.push(`${pad}${string(key)}: ${scalar(item)}`);
    }
  }
  return lines;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return string(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return string(String(value));
}

const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_./$-]*$/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** Plain when YAML cannot read it as anything but this string; otherwise JSON-quoted. */
function string(text: string): string {
  return PLAIN.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}
