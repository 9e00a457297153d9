/**
 * What an OpenAPI document written from the model is for: its OpenAPI version, which
 * `x-amazon-apigateway-*` extensions it carries, and whether it is a document for people and tools
 * (`export`) or the `Body` of a RestApi (`body`).
 */
import type { ExportExtensions, ExportType } from '../../openapi/types';

export interface WriteOptions {
  type: ExportType;
  extensions?: ExportExtensions;
  stageName: string;
  region: string;
  /** info.title when the API's name is not a plain string (e.g. a shared API). */
  fallbackTitle: string;
  /**
   * `export` (default): a document for people and tools, deploy-time values written in Fn::Sub
   * notation. `body`: the RestApi `Body` of body mode (REST only): values CloudFormation resolves
   * stay intrinsic functions, and what the RestApi's own properties already say (servers, binary
   * media types, policy…) or what API Gateway answers itself (gateway responses) is left out, so
   * importing the document gives the API the Method/Resource resources would.
   */
  target?: 'export' | 'body';
}

export interface WrittenDocument {
  document: { [key: string]: unknown };
  /** Things the document cannot say exactly; the command logs them. */
  warnings: string[];
}

/** info.version of an offline document; set custom.apiGateway.openapi.info.version. */
export const OFFLINE_VERSION = '1.0.0';

/** Operation order within a path item, as API Gateway's export writes it. */
export const METHOD_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'ANY'];
export const ANY_METHOD = 'x-amazon-apigateway-any-method';
