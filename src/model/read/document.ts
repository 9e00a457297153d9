/**
 * What the readers of OpenAPI documents (a RestApi `Body`: ./rest-body.ts; an HTTP API's
 * document: ./http-body.ts) share: the operation keys API Gateway reads, and objects of objects.
 */
import { isRecord } from '../order';

export type Json = Record<string, unknown>;

/** A path item's operation keys, as API Gateway's method or route verbs. */
export const OPERATION_METHODS: Readonly<Record<string, string>> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

/** The entries of an object whose values are objects (anything else is left out). */
export function records(value: unknown): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(isRecord(value) ? value : {}).filter((entry): entry is [string, Json] =>
      isRecord(entry[1]),
    ),
  );
}
