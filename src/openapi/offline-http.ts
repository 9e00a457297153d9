/**
 * The OpenAPI 3.0 document of an HTTP API built from the packaged template: paths from the
 * Route keys, path parameters, security from the route authorizers (JWT as OpenID Connect, Lambda
 * authorizers as an API key header) and, with extensions, the integrations, authorizers and CORS
 * as API Gateway's ExportApi writes them.
 */
import type { CfnObject, CfnResource, CfnTemplate } from '../cloudformation/template';
import { referencedId, renderValue } from './intrinsics';
import type { OfflineOptions } from './offline';
import type { OpenApiDocument } from './types';

const METHOD_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'ANY'];

export function buildHttpApiDocument(
  template: CfnTemplate,
  options: OfflineOptions,
): { document: OpenApiDocument; warnings: string[] } {
  const warnings: string[] = [];
  const extensions = options.extensions === 'integrations' || options.extensions === 'apigateway';
  const authorizerExtensions = extensions || options.extensions === 'authorizers';
  const entries = Object.entries(template.Resources).sort(([a], [b]) => compare(a, b));
  const apiEntry = entries.find(
    ([, resource]) =>
      resource.Type === 'AWS::ApiGatewayV2::Api' && resource.Properties?.ProtocolType === 'HTTP',
  );
  const api = apiEntry?.[1].Properties ?? {};
  const routes = entries
    .filter(([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Route')
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties ?? {} }))
    .map((route) => {
      const routeKey = renderValue(route.properties.RouteKey);
      // API Gateway's own export writes the catch-all route as the path /$default with an
      // x-amazon-apigateway-any-method marked isDefaultRoute (and reads it back that way).
      if (routeKey === '$default') {
        return { ...route, method: 'ANY', path: '/$default', isDefault: true };
      }
      const match = /^([A-Z]+) (\/.*)$/.exec(routeKey);
      return { ...route, method: match?.[1], path: match?.[2], isDefault: false };
    });
  const securitySchemes: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = routes
    .filter((route) => {
      if (route.method && route.path) return true;
      warnings.push(
        `route ${renderValue(route.properties.RouteKey)} (${route.logicalId}) has no path and method; OpenAPI cannot describe it, so it was left out`,
      );
      return false;
    })
    .sort(
      (a, b) =>
        compare(a.path as string, b.path as string) ||
        METHOD_ORDER.indexOf(a.method as string) - METHOD_ORDER.indexOf(b.method as string),
    );
  for (const route of sorted) {
    const path = route.path as string;
    const key =
      route.method === 'ANY'
        ? 'x-amazon-apigateway-any-method'
        : (route.method as string).toLowerCase();
    const operation: Record<string, unknown> = route.isDefault ? { isDefaultRoute: true } : {};
    if (typeof route.properties.OperationName === 'string') {
      operation.operationId = route.properties.OperationName;
    }
    const parameters = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => ({
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
    const security = routeSecurity(
      template,
      route.properties,
      securitySchemes,
      authorizerExtensions,
      warnings,
    );
    if (security) operation.security = [security];
    if (extensions) {
      const integration = integrationFor(template, route.properties.Target);
      if (integration) operation['x-amazon-apigateway-integration'] = integration;
    }
    (paths[path] ??= {})[key] = operation;
  }

  const document: OpenApiDocument = {
    openapi: '3.0.1',
    info: {
      title: typeof api.Name === 'string' && api.Name !== '' ? api.Name : options.fallbackTitle,
      ...(typeof api.Description === 'string' ? { description: api.Description } : {}),
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
    const cors = api.CorsConfiguration as CfnObject | undefined;
    if (cors) {
      const value: Record<string, unknown> = {};
      for (const [property, key] of [
        ['AllowCredentials', 'allowCredentials'],
        ['AllowHeaders', 'allowHeaders'],
        ['AllowMethods', 'allowMethods'],
        ['AllowOrigins', 'allowOrigins'],
        ['ExposeHeaders', 'exposeHeaders'],
        ['MaxAge', 'maxAge'],
      ] as const) {
        if (cors[property] !== undefined) value[key] = cors[property];
      }
      document['x-amazon-apigateway-cors'] = value;
    }
    if (api.DisableExecuteApiEndpoint !== undefined) {
      document['x-amazon-apigateway-disable-default-endpoint'] =
        api.DisableExecuteApiEndpoint === true;
    }
    document['x-amazon-apigateway-importexport-version'] = '1.0';
  }
  return { document, warnings };
}

function routeSecurity(
  template: CfnTemplate,
  route: CfnObject,
  schemes: Record<string, unknown>,
  authorizerExtensions: boolean,
  warnings: string[],
): Record<string, string[]> | undefined {
  const type = String(route.AuthorizationType ?? 'NONE').toUpperCase();
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
  const id = referencedId(route.AuthorizerId);
  const authorizer: CfnResource | undefined = id ? template.Resources[id] : undefined;
  if (!id || authorizer?.Type !== 'AWS::ApiGatewayV2::Authorizer') {
    warnings.push(
      `a ${type} route has an authorizer that is not in the template; its security is left out`,
    );
    return undefined;
  }
  const properties = authorizer.Properties ?? {};
  const name = typeof properties.Name === 'string' ? properties.Name : id;
  const sources = ((properties.IdentitySource as unknown[] | undefined) ?? []).map(renderValue);
  const extension: Record<string, unknown> = {
    type: String(properties.AuthorizerType ?? '').toLowerCase(),
    ...(sources.length > 0 ? { identitySource: sources.join(', ') } : {}),
  };
  if (type === 'JWT') {
    const jwt = (properties.JwtConfiguration as CfnObject | undefined) ?? {};
    const issuer = renderValue(jwt.Issuer ?? '').replace(/\/+$/, '');
    extension.jwtConfiguration = {
      audience: ((jwt.Audience as unknown[] | undefined) ?? []).map(renderValue),
      issuer,
    };
    schemes[name] = {
      type: 'openIdConnect',
      openIdConnectUrl: `${issuer}/.well-known/openid-configuration`,
      ...(authorizerExtensions ? { 'x-amazon-apigateway-authorizer': extension } : {}),
    };
    return {
      [name]: ((route.AuthorizationScopes as unknown[] | undefined) ?? []).map(renderValue),
    };
  }
  const header = /^\$request\.header\.(.+)$/.exec(sources[0] ?? '')?.[1];
  if (properties.AuthorizerUri !== undefined)
    extension.authorizerUri = renderValue(properties.AuthorizerUri);
  for (const [property, key] of [
    ['AuthorizerPayloadFormatVersion', 'authorizerPayloadFormatVersion'],
    ['AuthorizerResultTtlInSeconds', 'authorizerResultTtlInSeconds'],
    ['EnableSimpleResponses', 'enableSimpleResponses'],
  ] as const) {
    if (properties[property] !== undefined) extension[key] = properties[property];
  }
  schemes[name] = {
    type: 'apiKey',
    name: sources.length === 1 && header ? header : 'Unused',
    in: 'header',
    ...(authorizerExtensions ? { 'x-amazon-apigateway-authorizer': extension } : {}),
  };
  return { [name]: [] };
}

function integrationFor(
  template: CfnTemplate,
  target: unknown,
): Record<string, unknown> | undefined {
  // Target: integrations/<IntegrationId>, written by core as Fn::Join ['/', ['integrations', Ref]].
  const rendered = renderValue(target);
  const id = /^integrations\/\$\{([^}.]+)\}$/.exec(rendered)?.[1];
  const integration = id ? template.Resources[id] : undefined;
  if (integration?.Type !== 'AWS::ApiGatewayV2::Integration') return undefined;
  const properties = integration.Properties ?? {};
  const result: Record<string, unknown> = {
    type: String(properties.IntegrationType ?? '').toLowerCase(),
  };
  const method = properties.IntegrationMethod ?? (result.type === 'aws_proxy' ? 'POST' : undefined);
  if (method !== undefined) result.httpMethod = renderValue(method);
  if (properties.IntegrationUri !== undefined) result.uri = renderValue(properties.IntegrationUri);
  if (properties.PayloadFormatVersion !== undefined) {
    result.payloadFormatVersion = renderValue(properties.PayloadFormatVersion);
  }
  result.connectionType = renderValue(properties.ConnectionType ?? 'INTERNET');
  if (properties.TimeoutInMillis !== undefined) result.timeoutInMillis = properties.TimeoutInMillis;
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
