/**
 * An HTTP API of the model as an OpenAPI 3.0 document: paths from the route keys, path
 * parameters, security from the route authorizers (JWT as OpenID Connect, Lambda authorizers as an
 * API key header) and, with extensions, the integrations, authorizers and CORS as API Gateway's
 * ExportApi writes them.
 */
import { renderValue } from '../../openapi/intrinsics';
import { compare } from '../order';
import type { HttpApiModel, V2Integration, V2Route } from '../types';
import { ANY_METHOD, METHOD_ORDER, type WriteOptions, type WrittenDocument } from './options';

export function writeHttpApiDocument(model: HttpApiModel, options: WriteOptions): WrittenDocument {
  const warnings: string[] = [];
  const extensions = options.extensions === 'integrations' || options.extensions === 'apigateway';
  const authorizerExtensions = extensions || options.extensions === 'authorizers';
  const routes = model.routes.map((route) => {
    // API Gateway's own export writes the catch-all route as the path /$default with an
    // x-amazon-apigateway-any-method marked isDefaultRoute (and reads it back that way).
    if (route.routeKey === '$default') {
      return { route, method: 'ANY', path: '/$default', isDefault: true };
    }
    const match = /^([A-Z]+) (\/.*)$/.exec(route.routeKey);
    return { route, method: match?.[1], path: match?.[2], isDefault: false };
  });
  const securitySchemes: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = routes
    .filter((entry) => {
      if (entry.method && entry.path) return true;
      warnings.push(
        `route ${entry.route.routeKey} (${entry.route.logicalId}) has no path and method; OpenAPI cannot describe it, so it was left out`,
      );
      return false;
    })
    .sort(
      (a, b) =>
        compare(a.path as string, b.path as string) ||
        METHOD_ORDER.indexOf(a.method as string) - METHOD_ORDER.indexOf(b.method as string),
    );
  for (const { route, method, path, isDefault } of sorted) {
    const key = method === 'ANY' ? ANY_METHOD : (method as string).toLowerCase();
    const operation: Record<string, unknown> = isDefault ? { isDefaultRoute: true } : {};
    if (route.operationName !== undefined) operation.operationId = route.operationName;
    const parameters = [...(path as string).matchAll(/\{([^}+]+)\+?\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (parameters.length > 0) operation.parameters = parameters;
    operation.responses = {
      default: {
        description:
          'The response of the integration (HTTP APIs pass the status code, headers and body through)',
      },
    };
    const security = routeSecurity(model, route, securitySchemes, authorizerExtensions, warnings);
    if (security) operation.security = [security];
    if (extensions && route.integration) {
      operation['x-amazon-apigateway-integration'] = integrationExtension(route.integration);
    }
    (paths[path as string] ??= {})[key] = operation;
  }

  const document: WrittenDocument['document'] = {
    openapi: '3.0.1',
    info: {
      title:
        typeof model.name === 'string' && model.name !== '' ? model.name : options.fallbackTitle,
      ...(typeof model.description === 'string' ? { description: model.description } : {}),
      version: '1.0.0',
    },
    servers: [
      {
        url: `https://{httpApiId}.execute-api.${options.region}.amazonaws.com`,
        variables: {
          httpApiId: {
            default: 'httpApiId',
            description: 'Id of the HTTP API: the stack output HttpApiId after deploy',
          },
        },
      },
    ],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => compare(a, b))),
  };
  const schemeNames = Object.keys(securitySchemes).sort(compare);
  if (schemeNames.length > 0) {
    document.components = {
      securitySchemes: Object.fromEntries(schemeNames.map((name) => [name, securitySchemes[name]])),
    };
  }
  if (extensions) {
    if (model.cors) {
      const value: Record<string, unknown> = {};
      for (const key of [
        'allowCredentials',
        'allowHeaders',
        'allowMethods',
        'allowOrigins',
        'exposeHeaders',
        'maxAge',
      ] as const) {
        if (model.cors[key] !== undefined) value[key] = model.cors[key];
      }
      document['x-amazon-apigateway-cors'] = value;
    }
    if (model.disableExecuteApiEndpoint !== undefined) {
      document['x-amazon-apigateway-disable-default-endpoint'] =
        model.disableExecuteApiEndpoint === true;
    }
    document['x-amazon-apigateway-importexport-version'] = '1.0';
  }
  return { document, warnings };
}

function routeSecurity(
  model: HttpApiModel,
  route: V2Route,
  schemes: Record<string, unknown>,
  authorizerExtensions: boolean,
  warnings: string[],
): Record<string, unknown[]> | undefined {
  const type = route.authorizationType;
  if (type === 'NONE') return undefined;
  if (type === 'AWS_IAM') {
    schemes.sigv4 = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      ...(authorizerExtensions ? { 'x-amazon-apigateway-authtype': 'awsSigv4' } : {}),
    };
    return { sigv4: [] };
  }
  const authorizer = model.authorizers.find((candidate) => candidate.name === route.authorizer);
  if (route.authorizer === undefined || !authorizer) {
    warnings.push(
      `a ${type} route has an authorizer that is not in the template; its security is left out`,
    );
    return undefined;
  }
  const { name, identitySources: sources } = authorizer;
  const extension: Record<string, unknown> = {
    type: authorizer.authorizerType.toLowerCase(),
    ...(sources.length > 0 ? { identitySource: sources.join(', ') } : {}),
  };
  if (type === 'JWT') {
    const jwt = authorizer.jwt ?? { audience: [] };
    const issuer = renderValue(jwt.issuer ?? '').replace(/\/+$/, '');
    extension.jwtConfiguration = { audience: jwt.audience.map(renderValue), issuer };
    schemes[name] = {
      type: 'openIdConnect',
      openIdConnectUrl: `${issuer}/.well-known/openid-configuration`,
      ...(authorizerExtensions ? { 'x-amazon-apigateway-authorizer': extension } : {}),
    };
    return { [name]: route.scopes.map(renderValue) };
  }
  const header = /^\$request\.header\.(.+)$/.exec(sources[0] ?? '')?.[1];
  if (authorizer.authorizerUri !== undefined)
    extension.authorizerUri = renderValue(authorizer.authorizerUri);
  for (const [property, key] of [
    ['payloadFormatVersion', 'authorizerPayloadFormatVersion'],
    ['resultTtlInSeconds', 'authorizerResultTtlInSeconds'],
    ['enableSimpleResponses', 'enableSimpleResponses'],
  ] as const) {
    if (authorizer[property] !== undefined) extension[key] = authorizer[property];
  }
  schemes[name] = {
    type: 'apiKey',
    name: sources.length === 1 && header ? header : 'Unused',
    in: 'header',
    ...(authorizerExtensions ? { 'x-amazon-apigateway-authorizer': extension } : {}),
  };
  return { [name]: [] };
}

function integrationExtension(integration: V2Integration): Record<string, unknown> {
  const result: Record<string, unknown> = { type: integration.type.toLowerCase() };
  const method = integration.method ?? (result.type === 'aws_proxy' ? 'POST' : undefined);
  if (method !== undefined) result.httpMethod = renderValue(method);
  if (integration.uri !== undefined) result.uri = renderValue(integration.uri);
  if (integration.payloadFormatVersion !== undefined) {
    result.payloadFormatVersion = renderValue(integration.payloadFormatVersion);
  }
  result.connectionType = renderValue(integration.connectionType ?? 'INTERNET');
  if (integration.timeoutInMillis !== undefined)
    result.timeoutInMillis = integration.timeoutInMillis;
  return result;
}
