/**
 * An HTTP API read from an OpenAPI 3.0 document, as API Gateway imports one and as its ExportApi
 * (and our writer, ../openapi/http.ts) writes one: a route per operation (`/$default` with
 * `x-amazon-apigateway-any-method` is the `$default` route), its authorization from the
 * operation's security (a scheme with `x-amazon-apigateway-authorizer` of type `jwt` or
 * `request`, or the `awsSigv4` auth type), the authorizers, and `x-amazon-apigateway-cors`.
 * Integrations are not read: nothing that compares routes needs them yet.
 */
import { isRecord } from '../order';
import type { HttpApiModel, HttpCors, V2Authorizer, V2Route } from '../types';
import { OPERATION_METHODS, records, type Json } from './document';

function authorizerOf(name: string, scheme: Json): V2Authorizer | undefined {
  const extension = scheme['x-amazon-apigateway-authorizer'];
  if (!isRecord(extension)) return undefined;
  const type = String(extension.type ?? '').toUpperCase();
  const sources =
    typeof extension.identitySource === 'string'
      ? extension.identitySource.split(',').map((source) => source.trim())
      : Array.isArray(extension.identitySource)
        ? extension.identitySource.map(String)
        : [];
  const jwt = isRecord(extension.jwtConfiguration) ? extension.jwtConfiguration : undefined;
  return {
    logicalId: name,
    name,
    authorizerType: type === 'JWT' ? 'JWT' : 'REQUEST',
    identitySources: sources,
    ...(jwt
      ? {
          jwt: {
            audience: Array.isArray(jwt.audience) ? [...(jwt.audience as unknown[])] : [],
            ...(jwt.issuer !== undefined ? { issuer: jwt.issuer } : {}),
          },
        }
      : {}),
    ...(extension.authorizerUri !== undefined ? { authorizerUri: extension.authorizerUri } : {}),
  };
}

function routeAuthorization(
  security: unknown,
  schemes: Record<string, Json>,
  authorizers: ReadonlyMap<string, V2Authorizer>,
): Pick<V2Route, 'authorizationType' | 'authorizer' | 'scopes'> {
  const requirement = Array.isArray(security) && isRecord(security[0]) ? security[0] : {};
  const [name, scopes] = Object.entries(requirement)[0] ?? [];
  if (name === undefined) return { authorizationType: 'NONE', scopes: [] };
  if (schemes[name]?.['x-amazon-apigateway-authtype'] === 'awsSigv4') {
    return { authorizationType: 'AWS_IAM', scopes: [] };
  }
  const authorizer = authorizers.get(name);
  return {
    authorizationType: authorizer?.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM',
    ...(authorizer ? { authorizer: name } : {}),
    scopes: Array.isArray(scopes) ? [...(scopes as unknown[])] : [],
  };
}

export function readHttpBody(document: Json): HttpApiModel {
  const components = isRecord(document.components) ? document.components : {};
  const schemes = records(components.securitySchemes);
  const authorizers = new Map<string, V2Authorizer>();
  for (const [name, scheme] of Object.entries(schemes)) {
    const authorizer = authorizerOf(name, scheme);
    if (authorizer) authorizers.set(name, authorizer);
  }
  const routes: V2Route[] = [];
  for (const [path, item] of Object.entries(records(document.paths))) {
    for (const [key, operation] of Object.entries(item)) {
      const method = OPERATION_METHODS[key];
      if (!method || !isRecord(operation)) continue;
      const routeKey = path === '/$default' && method === 'ANY' ? '$default' : `${method} ${path}`;
      routes.push({
        logicalId: routeKey,
        routeKey,
        ...(typeof operation.operationId === 'string'
          ? { operationName: operation.operationId }
          : {}),
        ...routeAuthorization(operation.security ?? document.security, schemes, authorizers),
        routeResponses: [],
      });
    }
  }
  const cors = document['x-amazon-apigateway-cors'];
  const info = isRecord(document.info) ? document.info : {};
  return {
    kind: 'http',
    logicalId: 'HttpApi',
    ...(typeof info.title === 'string' ? { name: info.title } : {}),
    authorizers: [...authorizers.values()],
    stages: [],
    routes,
    ...(isRecord(cors) ? { cors: { ...cors } as HttpCors } : {}),
  };
}
