/**
 * The variables API Gateway gives REST API mapping templates, as documented in "API Gateway
 * mapping template and access logging variable reference"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html,
 * source: awsdocs/amazon-api-gateway-developer-guide doc_source/api-gateway-mapping-template-reference.md).
 *
 * `$context` variables marked "for CloudWatch access logging only" in that reference
 * (integrationLatency, responseLatency, status, ...) are deliberately absent: they are empty in a
 * mapping template.
 */

/** `$util` functions (each takes exactly one argument). */
export const UTIL_FUNCTIONS = [
  'escapeJavaScript',
  'parseJson',
  'urlEncode',
  'urlDecode',
  'base64Encode',
  'base64Decode',
] as const;

/** `$input` members: `body` is a property, the others are functions with these argument counts. */
export const INPUT_MEMBERS: Readonly<
  Record<string, { kind: 'property' } | { kind: 'function'; arity: readonly number[] }>
> = {
  body: { kind: 'property' },
  json: { kind: 'function', arity: [1] },
  params: { kind: 'function', arity: [0, 1] },
  path: { kind: 'function', arity: [1] },
};

/**
 * A tree of `$context` members. `true` is a documented leaf (a value; anything after it is a
 * method or property of that value); `'any'` means every name below is allowed (authorizer
 * context keys, claims, header names…); an object lists the allowed children.
 */
export type ContextTree = { readonly [name: string]: true | 'any' | ContextTree };

const IDENTITY: ContextTree = {
  accountId: true,
  apiKey: true,
  apiKeyId: true,
  caller: true,
  clientCert: {
    clientCertPem: true,
    subjectDN: true,
    issuerDN: true,
    serialNumber: true,
    validity: { notBefore: true, notAfter: true },
  },
  cognitoAuthenticationProvider: true,
  cognitoAuthenticationType: true,
  cognitoIdentityId: true,
  cognitoIdentityPoolId: true,
  principalOrgId: true,
  sourceIp: true,
  user: true,
  userAgent: true,
  userArn: true,
  vpcId: true,
  vpceId: true,
};

/** `$context` in both request and response templates. */
export const CONTEXT_COMMON: ContextTree = {
  accountId: true,
  apiId: true,
  // `$context.authorizer.claims.<claim>`, `$context.authorizer.principalId` and any key of a
  // Lambda authorizer's `context` map.
  authorizer: 'any',
  awsEndpointRequestId: true,
  deploymentId: true,
  domainName: true,
  domainPrefix: true,
  error: { message: true, messageString: true, responseType: true, validationErrorString: true },
  extendedRequestId: true,
  httpMethod: true,
  identity: IDENTITY,
  isCanaryRequest: true,
  path: true,
  protocol: true,
  requestId: true,
  requestTime: true,
  requestTimeEpoch: true,
  resourceId: true,
  resourcePath: true,
  stage: true,
  wafResponseCode: true,
  webaclArn: true,
  xrayTraceId: true,
};

/** Request templates only: `$context.requestOverride.{header,path,querystring}.<name>`. */
export const CONTEXT_REQUEST_ONLY: ContextTree = {
  requestOverride: { header: 'any', path: 'any', querystring: 'any' },
};

/** Response templates only: `$context.responseOverride.status` and `.header.<name>`. */
export const CONTEXT_RESPONSE_ONLY: ContextTree = {
  responseOverride: { status: true, header: 'any' },
};

/** Java Map methods a template may call on a map-valued member such as `$input.params()`. */
export const MAP_METHODS = [
  'get',
  'keySet',
  'entrySet',
  'size',
  'containsKey',
  'isEmpty',
  'values',
];
