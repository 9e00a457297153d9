/**
 * How the changes are told: a readable list, breaking changes first, each with its method and
 * path (for people and CI logs), or one JSON document (`--json`, for tools).
 */
import type { ApiChange } from './types';

export interface DiffReport {
  /** What the API about to be deployed was compared with. */
  against: string;
  /** The API about to be deployed. */
  current: string;
  summary: { breaking: number; nonBreaking: number };
  breaking: ApiChange[];
  nonBreaking: ApiChange[];
}

export function reportDocument(
  diff: { breaking: ApiChange[]; nonBreaking: ApiChange[] },
  labels: { against: string; current: string },
): DiffReport {
  return {
    against: labels.against,
    current: labels.current,
    summary: { breaking: diff.breaking.length, nonBreaking: diff.nonBreaking.length },
    breaking: diff.breaking,
    nonBreaking: diff.nonBreaking,
  };
}

/** `GET /orders`, `/orders` (every method of the path), `(stage)` (the whole stage or API). */
function target(item: ApiChange): string {
  if (item.path === '*') return '(stage)';
  return item.method === '*' ? item.path : `${item.method} ${item.path}`;
}

function section(title: string, changes: readonly ApiChange[]): string[] {
  if (changes.length === 0) return [];
  const width = Math.max(...changes.map((item) => target(item).length));
  return [
    `${title} (${changes.length}):`,
    ...changes.map((item) => `  ${target(item).padEnd(width)}  ${item.message}`),
  ];
}

export function formatReport(report: DiffReport): string {
  const heading = `API changes: ${report.current} against ${report.against}`;
  if (report.breaking.length + report.nonBreaking.length === 0) {
    return `${heading}\nNo changes.`;
  }
  return [
    heading,
    ...section('Breaking changes', report.breaking),
    ...section('Non-breaking changes', report.nonBreaking),
    `${report.summary.breaking} breaking, ${report.summary.nonBreaking} non-breaking.`,
  ].join('\n');
}
