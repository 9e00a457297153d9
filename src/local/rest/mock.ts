/**
 * MOCK integrations ("Mock integrations for REST APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html): the
 * request template (chosen by Content-Type, with the integration's passthrough behaviour) yields
 * `{"statusCode": N}`, and N selects the integration response; without a status (no template,
 * or one that yields none) the default integration response answers. The mock has no body of
 * its own: response templates see an empty `$input.body`, and `$input.params()` is the method
 * request's (the plugin's CORS preflights read `Origin` that way).
 */
import type { RestIntegration } from '../../model';
import type { RenderOverrides } from '../../vtl/render';
import { requestContext, type RouteInfo } from './context';
import {
  CONFIGURATION_ERROR,
  UNSUPPORTED_MEDIA_TYPE,
  type GatewayResponses,
} from './gateway-responses';
import { applyIntegrationResponse, selectIntegrationResponse } from './integration-response';
import { headerOf, type GatewayRequest, type GatewayResponse } from './request';
import { requestTemplateFor, type TemplateCache } from './templates';

export interface IntegrationEnvironment {
  templates: TemplateCache;
  stageVariables: Readonly<Record<string, string>>;
  gatewayResponses: GatewayResponses;
}

/** What a request template set in `$context.requestOverride` (header, querystring, path). */
export type RequestOverride = RenderOverrides['requestOverride'];

/** The integration request a request template (or the passthrough) makes of a method request. */
export interface IntegrationRequest {
  body: string;
  /** Empty maps when the body was passed through (no template ran). */
  requestOverride: RequestOverride;
}

/**
 * The integration request after the request template: undefined when the passthrough behaviour
 * refuses the request's content type (415). Throws (TemplateParseError, VtlRenderError) when the
 * template fails, which callers answer as API Gateway's configuration error.
 * "Method request data mapping"/passthrough: WHEN_NO_MATCH (the default) passes an unmatched
 * body through, WHEN_NO_TEMPLATES only when the integration has no template at all, NEVER never
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html).
 */
export function integrationRequest(
  integration: RestIntegration,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
): IntegrationRequest | undefined {
  const templates = integration.requestTemplates ?? {};
  const chosen = requestTemplateFor(templates, headerOf(request.headers, 'Content-Type'));
  const rawBody = request.body.toString('utf8');
  if (!chosen) {
    const behavior = String(integration.passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase();
    if (behavior === 'NEVER') return undefined;
    if (behavior === 'WHEN_NO_TEMPLATES' && Object.keys(templates).length > 0) return undefined;
    return { body: rawBody, requestOverride: { header: {}, path: {}, querystring: {} } };
  }
  const rendered = environment.templates.get(chosen.text)({
    body: rawBody,
    headers: request.headers,
    queryString: request.queryString,
    path: route.pathParameters,
    stageVariables: environment.stageVariables,
    context: requestContext(request, route),
  });
  return { body: rendered.output, requestOverride: rendered.overrides.requestOverride };
}

/** The integration request body alone, for integrations without request overrides (MOCK). */
export function integrationRequestBody(
  integration: RestIntegration,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
): string | undefined {
  return integrationRequest(integration, request, route, environment)?.body;
}

function mockStatus(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    const status = (parsed as { statusCode?: unknown } | null)?.statusCode;
    return typeof status === 'number' || typeof status === 'string' ? String(status) : undefined;
  } catch {
    return undefined;
  }
}

export function runMockIntegration(
  integration: RestIntegration,
  request: GatewayRequest,
  route: RouteInfo,
  environment: IntegrationEnvironment,
): GatewayResponse {
  const { gatewayResponses } = environment;
  try {
    const body = integrationRequestBody(integration, request, route, environment);
    if (body === undefined) return gatewayResponses.respond(UNSUPPORTED_MEDIA_TYPE, request, route);
    const response = selectIntegrationResponse(integration.responses, mockStatus(body));
    // No integration response for the status and no default one: "Execution failed due to
    // configuration error: No match for output mapping and no default output mapping configured".
    if (!response) {
      return {
        ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
        integration: 'MOCK',
        detail: 'no integration response matches the status and there is no default one',
      };
    }
    return applyIntegrationResponse(
      response,
      { body: '', headers: {} },
      {
        request,
        pathParameters: route.pathParameters,
        stageVariables: environment.stageVariables,
        context: requestContext(request, route) as Record<string, unknown>,
      },
      requestContext(request, route),
      environment.templates,
      'MOCK',
    );
  } catch (error) {
    // A template that does not parse or fails to render: API Gateway's configuration error.
    return {
      ...gatewayResponses.respond(CONFIGURATION_ERROR, request, route),
      integration: 'MOCK',
      detail: `mapping template failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
