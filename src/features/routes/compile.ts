/**
 * Routes without a function (issue 5): one `AWS::ApiGateway::Method` per route on the service's
 * RestApi, under Resources shared with core's (see ./resource-tree.ts), with its integration
 * (mock, http, http_proxy, aws, lambda, lambda_proxy), mapping templates, integration and method
 * responses, request validation, and what the integration needs (an IAM role for aws, a Lambda
 * permission for lambda). Also validates http events that ask for it. Pure: template texts and
 * schemas were read at the edge and resolved into `config.templates` and `config.requestValidation`.
 */
import { sortedRecord } from '../../common/sorted-record';
import type {
  CfnObject,
  CfnResource,
  CfnTemplate,
  TemplateFragment,
} from '../../cloudformation/template';
import { getAtt, executeApiArn, resourcesOnApi } from '../../cloudformation/template';
import type { ResolvedConfig } from '../../pipeline/resolve';
import { RoutesCompileError } from '../../pipeline/compile-errors';
import type { CfnString, ResolvedRoute, ResponseEntryConfig } from './resolve';
import { parameterValue, REQUEST_MAPPING, RESPONSE_MAPPING } from './parameters';
import { DEFAULT_CONTENT_TYPE, type ResolvedTemplate } from '../templates/resolve';
import { type CompileContext, restApiIdValue } from '../../pipeline/compile-context';
import { compileEventValidation, mergeParameters, Validators } from '../request-validation/compile';
import { awsIntegration, integrationRole } from './compile-aws';
import { join, PARTITION, REGION } from './cfn';
import { ResourceTree } from './resource-tree';

const INTEGRATION_TYPES = {
  mock: 'MOCK',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  aws: 'AWS',
  lambda: 'AWS',
  lambda_proxy: 'AWS_PROXY',
} as const;

/** A literal JSON body as a template: wrapped in `#[[ ]]#` when VTL would read `$` or `#` in it. */
export function literalBodyTemplate(body: unknown): string {
  const json = JSON.stringify(body);
  return /[$#]/.test(json) ? `#[[${json}]]#` : json;
}

/** The route's templates of the setting written at `path`, content type → text. */
function templates(
  routeTemplates: readonly ResolvedTemplate[],
  path: string,
): Record<string, string> | undefined {
  const entries = routeTemplates.filter((entry) => entry.setting === path);
  if (entries.length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const text = entry.text;
    if (text === undefined)
      throw new RoutesCompileError(
        `serverless-apigateway-kit: ${entry.configPath}: template file ${entry.file} was not loaded`,
      );
    result[entry.contentType] = text;
  }
  return result;
}

interface Response {
  readonly statusCode: string;
  readonly config: ResponseEntryConfig;
}

/** The responses of a non-proxy integration: the user's, or defaults for the type. */
function responsesOf(route: ResolvedRoute, extraHeaders: Record<string, string>): Response[] {
  const { config } = route;
  const type = route.integration.type;
  if (config.responses) {
    return Object.keys(config.responses)
      .sort()
      .map((statusCode) => ({ statusCode, config: config.responses?.[statusCode] ?? {} }));
  }
  const { statusCode, ...main } = config.response ?? {};
  const responses: Response[] = [
    {
      statusCode: String(statusCode ?? 200),
      config: { ...main, headers: { ...extraHeaders, ...main.headers } },
    },
  ];
  // A backend's errors must not reach clients as 200s: map its 4XX and 5XX codes through.
  if (type === 'http' || type === 'aws') {
    for (const [code, pattern] of [
      ['400', '4\\d{2}'],
      ['500', '5\\d{2}'],
    ] as const) {
      if (responses.some((response) => response.statusCode === code)) continue;
      responses.push({ statusCode: code, config: { pattern } });
    }
  }
  return responses;
}

function integrationResponses(
  route: ResolvedRoute,
  routeTemplates: readonly ResolvedTemplate[],
  extraHeaders: Record<string, string>,
): { integration: CfnObject[]; method: CfnObject[] } {
  const integration: CfnObject[] = [];
  const method: CfnObject[] = [];
  const basePath = route.config.responses
    ? `${route.configPath}.responses`
    : `${route.configPath}.response`;
  for (const { statusCode, config } of responsesOf(route, extraHeaders)) {
    const path = route.config.responses ? `${basePath}['${statusCode}']` : basePath;
    const headers = config.headers ?? {};
    const names = Object.keys(headers).sort();
    const responseTemplates =
      typeof config.body === 'string'
        ? templates(routeTemplates, `${path}.body`)
        : config.body !== undefined
          ? { [DEFAULT_CONTENT_TYPE]: literalBodyTemplate(config.body) }
          : templates(routeTemplates, `${path}.template`);
    integration.push({
      StatusCode: statusCode,
      ...(config.pattern !== undefined ? { SelectionPattern: config.pattern } : {}),
      ...(names.length > 0
        ? {
            ResponseParameters: Object.fromEntries(
              names.map((name) => [
                `method.response.header.${name}`,
                parameterValue(headers[name], RESPONSE_MAPPING),
              ]),
            ),
          }
        : {}),
      ...(responseTemplates ? { ResponseTemplates: sortedRecord(responseTemplates) } : {}),
      ...(config.contentHandling !== undefined ? { ContentHandling: config.contentHandling } : {}),
    });
    method.push({
      StatusCode: statusCode,
      ...(names.length > 0
        ? {
            ResponseParameters: Object.fromEntries(
              names.map((name) => [`method.response.header.${name}`, true]),
            ),
          }
        : {}),
    });
  }
  return { integration, method };
}

interface RouteOutput {
  readonly resources: Record<string, CfnResource>;
}

function lambdaUri(functionId: string): CfnString {
  return join([
    'arn:',
    PARTITION,
    ':apigateway:',
    REGION,
    ':lambda:path/2015-03-31/functions/',
    getAtt(functionId, 'Arn'),
    '/invocations',
  ]);
}

function compileRoute(
  route: ResolvedRoute,
  resourceId: unknown,
  restApiId: unknown,
  ctx: CompileContext,
  validators: Validators,
  routeTemplates: readonly ResolvedTemplate[],
): RouteOutput {
  const { integration: settings, config: routeConfig } = route;
  const type = settings.type;
  const { naming } = ctx;
  const methodId = naming.method(route.path, route.method);
  if (ctx.template.Resources[methodId]) {
    throw new RoutesCompileError(
      `serverless-apigateway-kit: ${route.configPath}: the template already has a Method ${methodId} (${route.method} /${route.path})`,
    );
  }
  const resources: Record<string, CfnResource> = {};
  const methodParameters: Record<string, boolean> = {};
  for (const name of route.pathParameters) methodParameters[`method.request.path.${name}`] = true;
  const requestParameters: Record<string, string> = {};
  const integration: CfnObject = { Type: INTEGRATION_TYPES[type] };
  let defaultTemplate: CfnString | undefined;
  let extraHeaders: Record<string, string> = {};
  let methodResponses: CfnObject[] | undefined;

  if (type === 'http' || type === 'http_proxy') {
    integration.IntegrationHttpMethod = settings.method ?? route.method;
    integration.Uri = settings.uri;
    // A {name} in the URI that is a path parameter of the route is passed through.
    if (typeof settings.uri === 'string') {
      for (const match of settings.uri.matchAll(/(?<!\$)\{([A-Za-z0-9_.-]+)\+?\}/g)) {
        if (route.pathParameters.includes(match[1]))
          requestParameters[`integration.request.path.${match[1]}`] =
            `method.request.path.${match[1]}`;
      }
    }
    if (settings.vpcLink !== undefined) {
      integration.ConnectionType = 'VPC_LINK';
      integration.ConnectionId = settings.vpcLink;
    }
  } else if (type === 'lambda' || type === 'lambda_proxy') {
    const functionName = String(settings.function);
    const functionId = naming.lambda(functionName);
    if (!ctx.template.Resources[functionId]) {
      throw new RoutesCompileError(
        `serverless-apigateway-kit: ${route.configPath}.integration.function: the template has no Lambda function ${functionId} for "${functionName}"`,
      );
    }
    integration.IntegrationHttpMethod = 'POST';
    integration.Uri = lambdaUri(functionId);
    const permissionId = naming.lambdaApiGatewayPermission(functionName);
    if (!ctx.template.Resources[permissionId]) {
      resources[permissionId] = {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: getAtt(functionId, 'Arn'),
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: executeApiArn(restApiId, '/*/*'),
        },
      };
    }
  } else if (type === 'aws') {
    const parts = awsIntegration(route);
    integration.IntegrationHttpMethod = parts.httpMethod;
    integration.Uri = parts.uri;
    Object.assign(requestParameters, parts.requestParameters);
    Object.assign(methodParameters, parts.methodParameters);
    defaultTemplate = parts.defaultTemplate;
    extraHeaders = { ...parts.responseHeaders };
    if (settings.role !== undefined) {
      integration.Credentials = settings.role;
    } else if (parts.policy) {
      const roleId = naming.integrationRole(route.path, route.method);
      resources[roleId] = integrationRole(parts.policy);
      integration.Credentials = getAtt(roleId, 'Arn');
    }
  }
  if (settings.timeoutInMillis !== undefined)
    integration.TimeoutInMillis = settings.timeoutInMillis;

  // Request mapping (the user's parameters win over the defaults above).
  const request = routeConfig.request ?? {};
  for (const key of Object.keys(request.parameters ?? {})) {
    const value = parameterValue((request.parameters ?? {})[key], REQUEST_MAPPING);
    requestParameters[`integration.request.${key}`] = value;
    const source =
      /^method\.request\.((?:path|querystring|header|multivalueheader|multivaluequerystring)\.[^\s]+)$/.exec(
        value,
      );
    if (source && !(`method.request.${source[1]}` in methodParameters))
      methodParameters[`method.request.${source[1]}`] = false;
  }
  if (Object.keys(requestParameters).length > 0)
    integration.RequestParameters = sortedRecord(requestParameters);

  if (type !== 'http_proxy' && type !== 'lambda_proxy') {
    let requestTemplates: Record<string, unknown> | undefined = templates(
      routeTemplates,
      `${route.configPath}.request.template`,
    );
    if (!requestTemplates && type === 'mock') {
      const status = routeConfig.responses
        ? (Object.keys(routeConfig.responses)
            .sort()
            .find((code) => routeConfig.responses?.[code].pattern === undefined) ?? '200')
        : String(routeConfig.response?.statusCode ?? 200);
      requestTemplates = { [DEFAULT_CONTENT_TYPE]: `{"statusCode": ${status}}` };
    }
    if (!requestTemplates && defaultTemplate !== undefined)
      requestTemplates = { [DEFAULT_CONTENT_TYPE]: defaultTemplate };
    if (requestTemplates) integration.RequestTemplates = sortedRecord(requestTemplates);
    if (request.passthrough !== undefined) integration.PassthroughBehavior = request.passthrough;
    const responses = integrationResponses(route, routeTemplates, extraHeaders);
    integration.IntegrationResponses = responses.integration;
    methodResponses = responses.method;
  }
  if (request.contentHandling !== undefined) integration.ContentHandling = request.contentHandling;

  const validation = validators.forMethod(
    routeConfig.validate,
    methodId,
    `${route.configPath}.validate`,
  );
  Object.assign(resources, validation.resources);
  const parameters = mergeParameters(methodParameters, validation.parameters);
  resources[methodId] = {
    Type: 'AWS::ApiGateway::Method',
    Properties: sortedRecord({
      ...(methodResponses ? { MethodResponses: methodResponses } : {}),
      RestApiId: restApiId,
      ResourceId: resourceId,
      HttpMethod: route.method,
      AuthorizationType: 'NONE',
      ...(parameters ? { RequestParameters: parameters } : {}),
      ...validation.properties,
      Integration: sortedRecord(integration),
    }),
  };
  return { resources };
}

/**
 * API Gateway model names are unique per API: a named model must not share its name with a model
 * core made (from `provider.apiGateway.request.schemas` or an event's `request.schemas` with a
 * `name`). Core compiles before the plugin, so its models are in the template.
 */
function refuseModelNameClashes(
  names: readonly string[],
  ctx: CompileContext,
  restApiId: unknown,
): void {
  if (names.length === 0) return;
  for (const id of resourcesOnApi(
    ctx.template as CfnTemplate,
    'AWS::ApiGateway::Model',
    restApiId,
  )) {
    const name = ctx.template.Resources[id].Properties?.Name;
    if (typeof name === 'string' && names.includes(name)) {
      throw new RoutesCompileError(
        `custom.apiGateway.models.${name}: the API already has a model named "${name}" (${id}, from core's request.schemas); API Gateway model names are unique per API: rename one, or use only custom.apiGateway.models`,
      );
    }
  }
}

export function compileRoutes(config: ResolvedConfig, ctx: CompileContext): TemplateFragment[] {
  const routes = config.routes;
  const validation = config.requestValidation;
  const models = validation.models;
  if (routes.length === 0 && validation.events.length === 0 && Object.keys(models).length === 0)
    return [];
  const { naming } = ctx;
  const restApiId = restApiIdValue(config, naming);
  refuseModelNameClashes(Object.keys(models), ctx, restApiId);
  const validators = new Validators(
    restApiId,
    config.restApi.name ?? naming.defaultApiName(),
    naming,
    validation,
  );
  const tree = new ResourceTree(ctx.template, naming, restApiId);
  const resources: Record<string, CfnResource> = {};
  for (const route of routes) {
    const resourceId = tree.ensure(route.path);
    const output = compileRoute(
      route,
      resourceId,
      restApiId,
      ctx,
      validators,
      config.templates[route.key] ?? [],
    );
    Object.assign(resources, output.resources);
  }
  const events = compileEventValidation(config, ctx, restApiId, validators);
  const all = { ...tree.created, ...resources, ...events.resources, ...validators.resources() };
  const fragment: TemplateFragment = { Resources: sortedRecord(all) };
  if (events.patches.length > 0) fragment.patches = events.patches;
  return [fragment];
}
