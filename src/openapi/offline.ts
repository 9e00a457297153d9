/**
 * `sls export-openapi --offline`: the OpenAPI document of the service's REST or HTTP API built
 * from the packaged CloudFormation template, without AWS. The template is read into the API model
 * (src/model) and the model written as OpenAPI; this module only chooses which API to describe and
 * refuses what OpenAPI or an offline export cannot say.
 */
import type { CfnTemplate } from '../cloudformation/template';
import { readHttpApi, readRestApi, v2Apis } from '../model/read';
import { writeHttpApiDocument, writeRestApiDocument, type WriteOptions } from '../model/openapi';
import { OpenApiExportError } from './errors';
import type { ApiKind, OpenApiDocument } from './types';

export { OFFLINE_VERSION } from '../model/openapi';

export interface OfflineOptions extends WriteOptions {
  /** Which API of the template; undefined: the only one there is. */
  api?: ApiKind | 'websocket';
}

export interface OfflineResult {
  kind: ApiKind;
  document: OpenApiDocument;
  /** Things the document cannot say exactly; the command logs them. */
  warnings: string[];
}

export function buildOfflineDocument(
  template: CfnTemplate,
  options: OfflineOptions,
): OfflineResult {
  if (options.extensions === 'postman') {
    throw new OpenApiExportError(
      "Postman extensions are written by API Gateway's export only: drop --offline to export the " +
        'deployed stage with them, or use --extensions integrations, apigateway or authorizers offline.',
      'unsupported',
    );
  }
  const rest = readRestApi(template);
  const http = readHttpApi(template);
  const kind = chooseApi(template, options.api, rest.methods.length > 0, http !== undefined);
  if (kind === 'http' && http) {
    if (options.type !== 'oas30') {
      throw new OpenApiExportError(
        'HTTP APIs are described in OpenAPI 3.0 only (as API Gateway exports them): use --type oas30.',
        'unsupported',
      );
    }
    return { kind, ...writeHttpApiDocument(http, options) };
  }
  return { kind, ...writeRestApiDocument(rest, options) };
}

/** The REST API's document (the template read into the model and written); kept for callers. */
export function buildRestApiDocument(
  template: CfnTemplate,
  options: OfflineOptions,
): { document: OpenApiDocument; warnings: string[] } {
  return writeRestApiDocument(readRestApi(template), options);
}

function chooseApi(
  template: CfnTemplate,
  api: OfflineOptions['api'],
  hasRest: boolean,
  hasHttp: boolean,
): ApiKind {
  const websocketRefusal = () =>
    new OpenApiExportError(
      'WebSocket APIs cannot be described in OpenAPI: API Gateway exports REST APIs (OpenAPI 3.0 ' +
        'and Swagger 2.0) and HTTP APIs (OpenAPI 3.0) only.',
      'unsupported',
    );
  if (api === 'websocket') throw websocketRefusal();
  if (api === 'rest' || api === 'http') {
    if (api === 'rest' ? hasRest : hasHttp) return api;
    throw new OpenApiExportError(
      `The packaged template has no ${api === 'rest' ? 'REST API methods (http events)' : 'HTTP API (httpApi events)'}` +
        `${hasRest || hasHttp ? `; it has ${hasRest ? 'a REST API: use --api rest' : 'an HTTP API: use --api http'}` : ''}.`,
      'no-api',
    );
  }
  if (hasRest && hasHttp) {
    throw new OpenApiExportError(
      'The service has both a REST API (http events) and an HTTP API (httpApi events): choose one ' +
        'with --api rest or --api http.',
      'usage',
    );
  }
  if (hasRest) return 'rest';
  if (hasHttp) return 'http';
  if (v2Apis(template, 'WEBSOCKET').length > 0) throw websocketRefusal();
  throw new OpenApiExportError(
    'The packaged template has no REST or HTTP API to describe: add http or httpApi events to a function.',
    'no-api',
  );
}
