/**
 * Every `x-amazon-apigateway-*` extension API Gateway defines (its developer guide, "OpenAPI
 * extensions for API Gateway"), and what an imported REST definition does with each: kept in the
 * RestApi's Body (API Gateway applies it on import), also written as the RestApi's own property
 * (CloudFormation applies a RestApi's properties over its Body, and the plugin always writes some
 * of them), or refused by name because it belongs to HTTP APIs. The README's table is this one.
 */
import type { OpenApiDocument } from '../types';
import { methodOfKey } from './definition';
import { type DocumentProblem, pointerSegment } from './leniency';

type Json = Record<string, unknown>;

export const EXTENSION_PREFIX = 'x-amazon-apigateway-';

export type ExtensionHandling = 'body' | 'restApi' | 'refused';

export interface ExtensionRule {
  readonly name: string;
  /** Where a document writes it. */
  readonly where: string;
  readonly handling: ExtensionHandling;
  /** What happens to it (for `refused`: why). */
  readonly what: string;
}

export const REST_EXTENSIONS: readonly ExtensionRule[] = [
  {
    name: 'x-amazon-apigateway-any-method',
    where: 'path item',
    handling: 'body',
    what: 'the ANY method of the resource; matched to an `http` event with `method: any`',
  },
  {
    name: 'x-amazon-apigateway-api-key-source',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body and written as the RestApi `ApiKeySourceType`',
  },
  {
    name: 'x-amazon-apigateway-auth',
    where: 'operation',
    handling: 'body',
    what: "the method's authorization type (`NONE`, `AWS_IAM`)",
  },
  {
    name: 'x-amazon-apigateway-authorizer',
    where: 'security scheme',
    handling: 'body',
    what: 'a Lambda (TOKEN/REQUEST) or Cognito authorizer; a Lambda of the service named in `authorizerUri` gets its invoke permission',
  },
  {
    name: 'x-amazon-apigateway-authtype',
    where: 'security scheme',
    handling: 'body',
    what: 'the authorizer type label (`custom`, `cognito_user_pools`, `awsSigv4`)',
  },
  {
    name: 'x-amazon-apigateway-binary-media-types',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body and written as the RestApi `BinaryMediaTypes`',
  },
  {
    name: 'x-amazon-apigateway-cors',
    where: 'root',
    handling: 'refused',
    what: 'HTTP APIs only: a REST API answers CORS with OPTIONS methods; use `custom.apiGateway.cors` or write the OPTIONS operations',
  },
  {
    name: 'x-amazon-apigateway-documentation',
    where: 'root',
    handling: 'body',
    what: 'documentation parts, imported with the body',
  },
  {
    name: 'x-amazon-apigateway-endpoint-access-mode',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body and written as the RestApi `EndpointAccessMode`',
  },
  {
    name: 'x-amazon-apigateway-endpoint-configuration',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body; `vpcEndpointIds`, `ipAddressType` and `disableExecuteApiEndpoint` written as the RestApi `EndpointConfiguration` and `DisableExecuteApiEndpoint` (the endpoint type stays `restApi.endpointType`)',
  },
  {
    name: 'x-amazon-apigateway-gateway-responses',
    where: 'root',
    handling: 'body',
    what: "the API's gateway responses; merged with `custom.apiGateway.gatewayResponses` (the document's win)",
  },
  {
    name: 'x-amazon-apigateway-importexport-version',
    where: 'root',
    handling: 'refused',
    what: "HTTP APIs only: the version of API Gateway's HTTP API import and export; the document is an HTTP API's",
  },
  {
    name: 'x-amazon-apigateway-integration',
    where: 'operation',
    handling: 'body',
    what: 'the integration: `http`, `http_proxy`, `mock`, `aws`, `aws_proxy`, VPC links; a Lambda of the service gets its invoke permission',
  },
  {
    name: 'x-amazon-apigateway-integrations',
    where: 'components',
    handling: 'refused',
    what: 'HTTP APIs only (reusable integrations of `components`): write the integration in each operation',
  },
  {
    name: 'x-amazon-apigateway-minimum-compression-size',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body and written as the RestApi `MinimumCompressionSize`',
  },
  {
    name: 'x-amazon-apigateway-policy',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body and written as the RestApi `Policy`',
  },
  {
    name: 'x-amazon-apigateway-request-validator',
    where: 'root, operation',
    handling: 'body',
    what: 'the validator of every method (root) or of one',
  },
  {
    name: 'x-amazon-apigateway-request-validators',
    where: 'root',
    handling: 'body',
    what: "the API's request validators",
  },
  {
    name: 'x-amazon-apigateway-security-policy',
    where: 'root',
    handling: 'restApi',
    what: 'kept in the body and written as the RestApi `SecurityPolicy`',
  },
  {
    name: 'x-amazon-apigateway-tag-value',
    where: 'tag (root `tags`)',
    handling: 'restApi',
    what: "the tag's value: the tag is written into the RestApi `Tags`, with `restApi.tags`",
  },
];

const RULES = new Map(REST_EXTENSIONS.map((rule) => [rule.name, rule]));

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Every `x-amazon-apigateway-*` key of the places API Gateway reads them, with its pointer. */
export function extensionKeys(document: OpenApiDocument): Array<{ name: string; pointer: string }> {
  const found: Array<{ name: string; pointer: string }> = [];
  const collect = (node: unknown, at: string) => {
    if (!isObject(node)) return;
    for (const key of Object.keys(node)) {
      if (key.startsWith(EXTENSION_PREFIX))
        found.push({ name: key, pointer: `${at}/${pointerSegment(key)}` });
    }
  };
  const doc = document as Json;
  collect(doc, '');
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    const at = `/paths/${pointerSegment(path)}`;
    collect(item, at);
    if (!isObject(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      if (methodOfKey(key) && key !== 'x-amazon-apigateway-any-method') {
        collect(operation, `${at}/${key}`);
      }
    }
    const any = item['x-amazon-apigateway-any-method'];
    collect(any, `${at}/x-amazon-apigateway-any-method`);
  }
  const components = isObject(doc.components) ? doc.components : undefined;
  collect(components, '/components');
  const schemes = isObject(components?.securitySchemes)
    ? { base: '/components/securitySchemes', entries: components.securitySchemes }
    : isObject(doc.securityDefinitions)
      ? { base: '/securityDefinitions', entries: doc.securityDefinitions }
      : undefined;
  for (const [name, scheme] of Object.entries(schemes?.entries ?? {})) {
    collect(scheme, `${schemes?.base ?? ''}/${pointerSegment(name)}`);
  }
  const tags = Array.isArray(doc.tags) ? doc.tags : [];
  tags.forEach((tag, index) => collect(tag, `/tags/${index}`));
  return found;
}

export interface ExtensionCheck {
  /** The refused extensions: the command stops. */
  readonly refused: DocumentProblem[];
  /** Extensions API Gateway does not define: it ignores them with a warning, and so does the plugin. */
  readonly unknown: DocumentProblem[];
}

export function checkExtensions(document: OpenApiDocument): ExtensionCheck {
  const refused: DocumentProblem[] = [];
  const unknown: DocumentProblem[] = [];
  for (const { name, pointer } of extensionKeys(document)) {
    const rule = RULES.get(name);
    if (!rule) {
      unknown.push({
        pointer,
        message: `${name} is not an extension API Gateway defines for REST APIs; it is ignored`,
      });
    } else if (rule.handling === 'refused') {
      refused.push({
        pointer,
        message: `${name} cannot be imported into a REST API: ${rule.what}`,
      });
    }
  }
  return { refused, unknown };
}
