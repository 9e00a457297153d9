/**
 * `render-template --route`: a route's mapping templates as the plugin compiles them, not only the
 * ones the user wrote. A mock route's request template (`{"statusCode": 200}`) and a response
 * `body` become templates at compile time; reading them from the compiled Method means the command
 * renders exactly what deploys. `--status` picks the integration response; without it, the
 * default response (the one without a selectionPattern) answers, as API Gateway's would.
 */
import type { Naming } from '../cloudformation/naming';
import type { CfnObject } from '../cloudformation/template';
import { compileRoutes } from '../features/routes/compile';
import type { ResolvedConfig } from '../pipeline/resolve';
import type { TemplateKind } from '../vtl/lint';
import { RenderTemplateError, type RouteTemplate } from './render-template';

export interface RouteTemplateQuery {
  route: string;
  kind: TemplateKind;
  contentType: string;
  /** `--status`: the integration response's status code (response templates only). */
  status?: string;
}

/** The compiled Integration of one route's Method. */
function compiledIntegration(config: ResolvedConfig, routeKey: string, naming: Naming): CfnObject {
  const route = config.routes.find((candidate) => candidate.key === routeKey);
  if (!route) {
    const known = config.routes.map((candidate) => candidate.key);
    throw new RenderTemplateError(
      `--route: no route ${JSON.stringify(routeKey)} in custom.apiGateway.routes${known.length ? `; routes: ${known.join(', ')}` : ''}`,
    );
  }
  const fragments = compileRoutes(
    { ...config, routes: [route] },
    { template: { Resources: {} }, naming },
  );
  const method = fragments
    .flatMap((fragment) => Object.values(fragment.Resources ?? {}))
    .find(
      (resource) =>
        resource.Type === 'AWS::ApiGateway::Method' &&
        resource.Properties?.HttpMethod === route.method,
    );
  return (method?.Properties?.Integration as CfnObject | undefined) ?? {};
}

function textTemplates(templates: unknown): Record<string, string> {
  if (typeof templates !== 'object' || templates === null) return {};
  return Object.fromEntries(
    Object.entries(templates).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** The response templates of `--status`, or of the default response. */
function responseTemplates(
  integration: CfnObject,
  query: RouteTemplateQuery,
): { templates: Record<string, string>; status: string } {
  const responses = (integration.IntegrationResponses as CfnObject[] | undefined) ?? [];
  const statuses = responses.map((response) => String(response.StatusCode));
  const chosen =
    query.status === undefined
      ? (responses.find((response) => response.SelectionPattern === undefined) ?? responses[0])
      : responses.find((response) => String(response.StatusCode) === query.status);
  if (!chosen) {
    throw new RenderTemplateError(
      query.status === undefined
        ? `--route: ${query.route} has no integration responses (a proxy integration passes the backend's response through)`
        : `--status: ${query.route} has no integration response ${query.status}; it has: ${statuses.join(', ')}`,
    );
  }
  return { templates: textTemplates(chosen.ResponseTemplates), status: String(chosen.StatusCode) };
}

/** The template `render-template --route` renders, with the deployed stage's variables. */
export function compiledRouteTemplate(
  config: ResolvedConfig | undefined,
  naming: Naming,
  query: RouteTemplateQuery,
): RouteTemplate {
  if (!config) throw new RenderTemplateError('--route needs custom.apiGateway.routes');
  const integration = compiledIntegration(config, query.route, naming);
  const { templates, status } =
    query.kind === 'response'
      ? responseTemplates(integration, query)
      : { templates: textTemplates(integration.RequestTemplates), status: undefined };
  const types = Object.keys(templates);
  // A response is chosen by the client's Accept header: without a template for the asked type,
  // the first one answers, as API Gateway falls back to it.
  const contentType =
    query.contentType in templates || query.kind === 'request' ? query.contentType : types[0];
  const source = contentType === undefined ? undefined : templates[contentType];
  if (source === undefined) {
    const what = status === undefined ? '' : ` (integration response ${status})`;
    throw new RenderTemplateError(
      `--route: ${query.route} has no ${query.kind} template${what} for ${query.contentType}${types.length ? ` (it has: ${types.join(', ')})` : ''}`,
    );
  }
  // Name the user's file or setting when the template is theirs; else say it is generated.
  const own = (config.templates[query.route] ?? []).find(
    (ref) => ref.kind === query.kind && ref.text === source,
  );
  const name =
    own?.file ??
    own?.configPath ??
    `${query.route} ${query.kind} template${status === undefined ? '' : ` ${status}`} (${contentType}, generated by serverless-apigateway-kit)`;
  const variables = Object.fromEntries(
    Object.entries(config.stage?.variables ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
  return { source, name, stageVariables: variables };
}
