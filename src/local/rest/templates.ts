/**
 * The API's mapping templates, parsed once when the model is loaded (not per request): every
 * request template, integration response template and gateway response template, by text, so
 * two methods with the same template share one parse. Choosing a template by content type
 * follows "Mapping templates for REST APIs"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings.html).
 */
import type { RestApiModel } from '../../model';
import { compileTemplate, type CompiledTemplate } from '../../vtl/render';

/** A template that does not parse: rendering it is API Gateway's configuration error. */
export class TemplateParseError extends Error {
  override name = 'TemplateParseError';
}

export class TemplateCache {
  private readonly compiled = new Map<string, CompiledTemplate | TemplateParseError>();

  /** Parses every template of the API up front. */
  static forApi(api: RestApiModel): TemplateCache {
    const cache = new TemplateCache();
    const all = (templates: Readonly<Record<string, unknown>> | undefined) => {
      for (const text of Object.values(templates ?? {}))
        if (typeof text === 'string') cache.get(text);
    };
    for (const method of api.methods) {
      all(method.integration?.requestTemplates);
      for (const response of method.integration?.responses ?? []) all(response.responseTemplates);
    }
    for (const response of api.gatewayResponses) all(response.responseTemplates);
    return cache;
  }

  get size(): number {
    return this.compiled.size;
  }

  /** The parsed template; throws TemplateParseError when it does not parse. */
  get(text: string): CompiledTemplate {
    let entry = this.compiled.get(text);
    if (!entry) {
      try {
        entry = compileTemplate(text);
      } catch (error) {
        entry = new TemplateParseError(error instanceof Error ? error.message : String(error));
      }
      this.compiled.set(text, entry);
    }
    if (entry instanceof TemplateParseError) throw entry;
    return entry;
  }
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(value: string | undefined): string | undefined {
  const type = value?.split(';')[0].trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * The request template for a request's Content-Type (application/json when it has none, as API
 * Gateway assumes); undefined when none matches.
 */
export function requestTemplateFor(
  templates: Readonly<Record<string, unknown>> | undefined,
  contentType: string | undefined,
): { contentType: string; text: string } | undefined {
  const wanted = mediaType(contentType) ?? 'application/json';
  for (const [type, text] of Object.entries(templates ?? {})) {
    if (typeof text === 'string' && mediaType(type) === wanted) return { contentType: type, text };
  }
  return undefined;
}

/**
 * The response template for a request's Accept header: its first type that has a template, else
 * application/json, else the first template. The guide says the Accept header chooses the
 * response template; the fallbacks are what API Gateway is observed to do, not documented.
 */
export function responseTemplateFor(
  templates: Readonly<Record<string, unknown>> | undefined,
  accept: string | undefined,
): { contentType: string; text: string } | undefined {
  const entries = Object.entries(templates ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  if (entries.length === 0) return undefined;
  const accepted = (accept ?? '').split(',').map(mediaType);
  for (const type of [...accepted, 'application/json']) {
    const found = entries.find(([key]) => mediaType(key) === type);
    if (found) return { contentType: found[0], text: found[1] };
  }
  return { contentType: entries[0][0], text: entries[0][1] };
}
