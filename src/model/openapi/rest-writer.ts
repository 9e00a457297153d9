/**
 * The state one REST document is written with: the options turned into switches, the model's
 * authorizers and validators by name, and what the operations add as they are written (schemas,
 * security schemes, warnings).
 */
import { cloudFormationValue, renderValue } from '../../openapi/intrinsics';
import { compare } from '../order';
import type { GatewayResponse, RequestValidator, RestApiModel, RestAuthorizer } from '../types';
import type { WriteOptions } from './options';

export interface RestWriter {
  model: RestApiModel;
  options: WriteOptions;
  oas3: boolean;
  /** All x-amazon-apigateway-* extensions (integrations, validators, API settings). */
  apigatewayExtensions: boolean;
  /** Authorizer extensions (part of the above, or alone with --extensions authorizers). */
  authorizerExtensions: boolean;
  refPrefix: string;
  /** The body of body mode (see WriteOptions.target). */
  body: boolean;
  /** How a template value is written into the document. */
  value: (value: unknown) => unknown;
  warnings: string[];
  schemas: Record<string, unknown>;
  securitySchemes: Record<string, unknown>;
  authorizers: Map<string, RestAuthorizer>;
  validators: Map<string, RequestValidator>;
  /** By response type. */
  gatewayResponses: GatewayResponse[];
}

export function restWriter(model: RestApiModel, options: WriteOptions): RestWriter {
  const oas3 = options.type === 'oas30';
  const body = options.target === 'body';
  const all = body || options.extensions === 'integrations' || options.extensions === 'apigateway';
  return {
    model,
    options,
    oas3,
    body,
    value: body ? cloudFormationValue : renderValue,
    apigatewayExtensions: all,
    authorizerExtensions: all || options.extensions === 'authorizers',
    refPrefix: oas3 ? '#/components/schemas/' : '#/definitions/',
    warnings: [],
    schemas: {},
    securitySchemes: {},
    authorizers: byName(model.authorizers),
    validators: byName(model.requestValidators),
    gatewayResponses: [...model.gatewayResponses].sort((a, b) =>
      compare(a.responseType, b.responseType),
    ),
  };
}

/** The first of each name (names are unique in a valid API). */
function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

/** The values between single quotes, sorted and unique; undefined when one is not a literal. */
export function literalValues(values: unknown[]): string[] | undefined {
  const literals = values.map((value) =>
    typeof value === 'string' ? /^'(.*)'$/s.exec(value)?.[1] : undefined,
  );
  if (literals.some((value) => value === undefined)) return undefined;
  return [...new Set(literals as string[])].sort(compare);
}

export function header(
  writer: Pick<RestWriter, 'oas3'>,
  values: string[] | undefined,
): Record<string, unknown> {
  const schema = { type: 'string', ...(values ? { enum: values } : {}) };
  return writer.oas3 ? { schema } : schema;
}
