/**
 * Vocabulary of `sls apigateway diff`: the two APIs compared (each read into the API model) and
 * the changes found between them. Every comparison is a pure function of two sides.
 */
import type { HttpCors, RestApiModel, RestMethod } from '../../model';

/** One of the two APIs compared. */
export interface ApiSide {
  /** What it is, for the report: `the package`, `stage prod of REST API abc123`, `api.yaml`. */
  label: string;
  api: RestApiModel;
  /**
   * Whether the side says what its stage and usage plans are (a template, a deployed stage): an
   * OpenAPI document does not, and then throttling, quotas and caching are not compared.
   */
  knowsStage: boolean;
  /** Set for an HTTP API (projected onto `api`, see ./http-api.ts): its CORS configuration. */
  http?: { cors?: HttpCors };
}

export type Severity = 'breaking' | 'non-breaking';

export type ChangeKind =
  | 'operation-removed'
  | 'operation-added'
  | 'path-removed'
  | 'path-added'
  | 'parameter-required'
  | 'parameter-optional'
  | 'parameter-added'
  | 'parameter-removed'
  | 'validation-added'
  | 'validation-removed'
  | 'body-model-added'
  | 'body-model-removed'
  | 'schema-narrowed'
  | 'schema-relaxed'
  | 'response-removed'
  | 'response-added'
  | 'authorization-added'
  | 'authorization-removed'
  | 'authorization-changed'
  | 'api-key-required'
  | 'api-key-not-required'
  | 'cors-origin-removed'
  | 'cors-origin-added'
  | 'throttling-lowered'
  | 'throttling-raised'
  | 'quota-lowered'
  | 'quota-raised'
  | 'usage-plan-removed'
  | 'usage-plan-added'
  | 'caching-off'
  | 'caching-on';

export interface ApiChange {
  kind: ChangeKind;
  severity: Severity;
  /** GET, POST…, ANY; `*` for the whole stage or API. */
  method: string;
  /** `/orders/{id}`; `*` for the whole stage or API. */
  path: string;
  /** What changed, in words, with the old and new values. */
  message: string;
}

/** An operation's key: method and path, the path's parameter names left out (a rename is not a change). */
export function operationKey(method: Pick<RestMethod, 'httpMethod' | 'path'>): string {
  return `${method.httpMethod} ${normalizedPath(method.path)}`;
}

export function normalizedPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return (trimmed === '' ? '/' : trimmed).replace(/\{[^}]*?(\+?)\}/g, '{$1}');
}

export function change(
  kind: ChangeKind,
  severity: Severity,
  where: { method: string; path: string },
  message: string,
): ApiChange {
  return { kind, severity, method: where.method, path: where.path, message };
}

/** The methods of both sides that are the same operation (same method on the same path). */
export function pairedMethods(
  before: RestApiModel,
  after: RestApiModel,
): Array<{ before: RestMethod; after: RestMethod }> {
  const previous = new Map(before.methods.map((method) => [operationKey(method), method]));
  return after.methods.flatMap((method) => {
    const match = previous.get(operationKey(method));
    return match ? [{ before: match, after: method }] : [];
  });
}

/** A value the template or document wrote, as text for a message: strings bare, the rest as JSON. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A number the template or document set (numbers or numeric strings); undefined otherwise. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** `true`, or `'true'` as a template may write it. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
