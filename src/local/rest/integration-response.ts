/**
 * Non-proxy integration responses ("Integration responses for REST APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html):
 * the response whose `selectionPattern` (a Java regular expression matched against the whole
 * selector: the HTTP status, or a Lambda error message) matches, else the default response (the
 * one without a pattern); its header mappings (`method.response.header.X`), its template chosen
 * by the Accept header, rendered with the integration's body as `$input.body`, and what the
 * template set in `$context.responseOverride`, applied last.
 */
import type { IntegrationResponse } from '../../model';
import { matches } from '../../vtl/java-regex';
import type { ContextInput } from '../../vtl/render';
import { mappedHeaders, type MappingSources } from './parameters';
import { headerOf, type GatewayResponse } from './request';
import { responseTemplateFor, type TemplateCache } from './templates';

export function selectIntegrationResponse(
  responses: readonly IntegrationResponse[],
  selector: string | undefined,
): IntegrationResponse | undefined {
  if (selector !== undefined) {
    const matched = responses.find(
      (response) =>
        typeof response.selectionPattern === 'string' &&
        matchesSafely(selector, response.selectionPattern),
    );
    if (matched) return matched;
  }
  return responses.find((response) => response.selectionPattern === undefined);
}

function matchesSafely(text: string, pattern: string): boolean {
  try {
    return matches(text, pattern);
  } catch {
    return false;
  }
}

export interface IntegrationOutput {
  body: string;
  headers: Readonly<Record<string, string[]>>;
}

/**
 * The method response for an integration's output through one integration response; throws (a
 * VtlRenderError or TemplateParseError) when its template fails, which the caller answers as
 * API Gateway's configuration error.
 */
export function applyIntegrationResponse(
  response: IntegrationResponse,
  output: IntegrationOutput,
  sources: Omit<MappingSources, 'integration'>,
  context: ContextInput,
  templates: TemplateCache,
  integrationType: string,
): GatewayResponse {
  const { request } = sources;
  const chosen = responseTemplateFor(
    response.responseTemplates,
    headerOf(request.headers, 'Accept'),
  );
  let body = output.body;
  let statusCode = Number(response.statusCode);
  const headers: Record<string, string[]> = {
    'Content-Type': [chosen?.contentType ?? 'application/json'],
  };
  const mapped = mappedHeaders(response.responseParameters, 'method.response.header.', {
    ...sources,
    integration: output,
  });
  for (const [name, value] of Object.entries(mapped)) headers[name] = [value];
  if (chosen) {
    const rendered = templates.get(chosen.text)({
      body: output.body,
      headers: request.headers,
      queryString: request.queryString,
      path: sources.pathParameters,
      stageVariables: sources.stageVariables,
      context,
    });
    body = rendered.output;
    const override = rendered.overrides.responseOverride;
    for (const [name, value] of Object.entries(override.header)) headers[name] = [String(value)];
    const overriddenStatus = Number(override.status);
    if (override.status !== undefined && Number.isInteger(overriddenStatus))
      statusCode = overriddenStatus;
  }
  return { statusCode, headers, body: Buffer.from(body, 'utf8'), integration: integrationType };
}
