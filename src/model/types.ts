/**
 * The API Gateway model: one typed, plain-data description of the APIs a packaged template
 * deploys (REST, HTTP and WebSocket), whatever form the template gives them in (Method/Resource
 * resources, a RestApi `Body`, ApiGatewayV2 resources). Readers (`./read`) build it, the OpenAPI
 * writer (`./openapi`) turns it into a document, and later the local gateway serves it, so all of
 * them see the same API.
 *
 * Values CloudFormation resolves at deploy time (ARNs, ids, `${AWS::Region}`) stay as the template
 * has them, intrinsic functions included (`CfnValue`): a writer renders them as Fn::Sub text for a
 * document people read, or keeps them intrinsic for a `Body` CloudFormation resolves. References
 * between parts of one API (a method's authorizer, validator or models) are by name.
 */

/** A literal or an intrinsic function (`{ Ref }`, `{ 'Fn::GetAtt' }`, `{ 'Fn::Sub' }`…). */
export type CfnValue = unknown;

export type ApiModel = RestApiModel | HttpApiModel | WebSocketApiModel;

// ---------------------------------------------------------------------------------------------
// REST APIs

export interface RestApiModel {
  kind: 'rest';
  /** The RestApi resource; undefined when the API is defined outside the template (shared). */
  logicalId?: string;
  name?: CfnValue;
  description?: CfnValue;
  apiKeySourceType?: CfnValue;
  binaryMediaTypes?: CfnValue;
  minimumCompressionSize?: CfnValue;
  policy?: CfnValue;
  endpointConfiguration?: { types?: CfnValue; vpcEndpointIds?: CfnValue };
  disableExecuteApiEndpoint?: CfnValue;
  /** Every method, in the order it was read (a template may hold two for one path; see writer). */
  methods: RestMethod[];
  authorizers: RestAuthorizer[];
  requestValidators: RequestValidator[];
  models: RestModel[];
  gatewayResponses: GatewayResponse[];
  stages: RestStage[];
  usagePlans: UsagePlan[];
  apiKeys: ApiKey[];
}

export interface RestMethod {
  /** The Method resource it was read from (messages name it); undefined when read from a Body. */
  logicalId?: string;
  /** `/orders/{id}`; `/` for the root. */
  path: string;
  /** Upper case: GET, POST…, ANY. */
  httpMethod: string;
  operationName?: string;
  authorization: MethodAuthorization;
  /** `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.<name>` → required. */
  requestParameters: Record<string, CfnValue>;
  /** Content type → model name. */
  requestModels: Record<string, string>;
  /** Name of one of the API's request validators. */
  requestValidator?: string;
  integration?: RestIntegration;
  methodResponses: MethodResponse[];
}

export interface MethodAuthorization {
  /** NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS (upper case). */
  type: string;
  /** Name of one of the API's authorizers (CUSTOM, COGNITO_USER_POOLS); undefined if not found. */
  authorizer?: string;
  scopes: CfnValue[];
  apiKeyRequired: boolean;
}

export interface RestIntegration {
  /** AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK, as the template writes it. */
  type?: CfnValue;
  httpMethod?: CfnValue;
  uri?: CfnValue;
  connectionType?: CfnValue;
  /** The VPC link of a VPC_LINK connection. */
  connectionId?: CfnValue;
  credentials?: CfnValue;
  passthroughBehavior?: CfnValue;
  contentHandling?: CfnValue;
  timeoutInMillis?: CfnValue;
  cacheNamespace?: CfnValue;
  cacheKeyParameters?: CfnValue[];
  requestParameters?: Record<string, CfnValue>;
  requestTemplates?: Record<string, CfnValue>;
  responses: IntegrationResponse[];
}

export interface IntegrationResponse {
  statusCode: CfnValue;
  /** undefined: the default response. */
  selectionPattern?: CfnValue;
  responseParameters?: Record<string, CfnValue>;
  responseTemplates?: Record<string, CfnValue>;
  contentHandling?: CfnValue;
}

export interface MethodResponse {
  statusCode: CfnValue;
  /** `method.response.header.<name>` → required. */
  responseParameters: Record<string, CfnValue>;
  /** Content type → model name. */
  responseModels: Record<string, string>;
}

export interface RestAuthorizer {
  logicalId?: string;
  name: string;
  /** TOKEN, REQUEST or COGNITO_USER_POOLS. */
  type: string;
  /** `method.request.header.Authorization`…, rendered, in order. */
  identitySources: string[];
  identityValidationExpression?: CfnValue;
  authorizerUri?: CfnValue;
  authorizerCredentials?: CfnValue;
  providerArns?: CfnValue[];
  resultTtlInSeconds?: CfnValue;
}

export interface RequestValidator {
  logicalId?: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface RestModel {
  logicalId?: string;
  name: string;
  contentType?: CfnValue;
  description?: CfnValue;
  /** The JSON Schema (draft 4) object; as the template has it when it is not one (see writer). */
  schema: unknown;
  /**
   * A request body's schema written inline in an imported document (not under `components` /
   * `definitions`): API Gateway validates with it as with any model, and the writer puts it back
   * inline. Its name is the model's own (`POST /pets application/json`), never in a document.
   */
  inline?: true;
}

export interface GatewayResponse {
  logicalId?: string;
  /** DEFAULT_4XX, UNAUTHORIZED… */
  responseType: string;
  /** Rendered; undefined: API Gateway's default status of the type. */
  statusCode?: string;
  /** `gatewayresponse.header.<name>` → value. */
  responseParameters: Record<string, CfnValue>;
  responseTemplates?: Record<string, CfnValue>;
}

export interface RestStage {
  logicalId: string;
  stageName?: CfnValue;
  deploymentId?: CfnValue;
  description?: CfnValue;
  variables?: Record<string, CfnValue>;
  methodSettings: MethodSetting[];
  cacheClusterEnabled?: CfnValue;
  cacheClusterSize?: CfnValue;
  tracingEnabled?: CfnValue;
  accessLogSetting?: { destinationArn?: CfnValue; format?: CfnValue };
  canarySetting?: Record<string, CfnValue>;
  /** The client certificate API Gateway presents to HTTP backends. */
  clientCertificateId?: CfnValue;
  tags?: CfnValue;
}

/** One entry of a stage's MethodSettings: `resourcePath` `/*` and `httpMethod` `*` for all. */
export interface MethodSetting {
  resourcePath?: CfnValue;
  httpMethod?: CfnValue;
  loggingLevel?: CfnValue;
  dataTraceEnabled?: CfnValue;
  metricsEnabled?: CfnValue;
  throttlingRateLimit?: CfnValue;
  throttlingBurstLimit?: CfnValue;
  cachingEnabled?: CfnValue;
  cacheTtlInSeconds?: CfnValue;
  cacheDataEncrypted?: CfnValue;
}

export interface Throttle {
  rateLimit?: CfnValue;
  burstLimit?: CfnValue;
}

export interface UsagePlan {
  logicalId: string;
  name?: CfnValue;
  description?: CfnValue;
  apiStages: Array<{ apiId?: CfnValue; stage?: CfnValue; throttle?: Record<string, Throttle> }>;
  quota?: { limit?: CfnValue; offset?: CfnValue; period?: CfnValue };
  throttle?: Throttle;
  /** Logical ids of the API keys attached to it (UsagePlanKey resources). */
  apiKeys: string[];
}

export interface ApiKey {
  logicalId: string;
  name?: CfnValue;
  description?: CfnValue;
  enabled?: CfnValue;
  value?: CfnValue;
}

// ---------------------------------------------------------------------------------------------
// HTTP and WebSocket APIs (ApiGatewayV2)

interface V2ApiBase {
  logicalId: string;
  name?: CfnValue;
  description?: CfnValue;
  disableExecuteApiEndpoint?: CfnValue;
  authorizers: V2Authorizer[];
  stages: V2Stage[];
}

export interface HttpApiModel extends V2ApiBase {
  kind: 'http';
  routes: V2Route[];
  cors?: HttpCors;
}

export interface WebSocketApiModel extends V2ApiBase {
  kind: 'websocket';
  routeSelectionExpression?: CfnValue;
  apiKeySelectionExpression?: CfnValue;
  routes: V2Route[];
}

export interface HttpCors {
  allowCredentials?: CfnValue;
  allowHeaders?: CfnValue;
  allowMethods?: CfnValue;
  allowOrigins?: CfnValue;
  exposeHeaders?: CfnValue;
  maxAge?: CfnValue;
}

export interface V2Route {
  logicalId: string;
  /** Rendered: `GET /orders/{id}`, `$default`, `$connect`… */
  routeKey: string;
  operationName?: string;
  /** NONE, AWS_IAM, JWT or CUSTOM (upper case). */
  authorizationType: string;
  /** Name of one of the API's authorizers; undefined when not found in the template. */
  authorizer?: string;
  scopes: CfnValue[];
  apiKeyRequired?: CfnValue;
  /** The integration its Target names; undefined when it has none in the template. */
  integration?: V2Integration;
  routeResponseSelectionExpression?: CfnValue;
  /** WebSocket: the route's responses (RouteResponse resources). */
  routeResponses: Array<{
    routeResponseKey?: CfnValue;
    modelSelectionExpression?: CfnValue;
    responseModels?: CfnValue;
  }>;
}

export interface V2Integration {
  logicalId: string;
  /** AWS_PROXY, HTTP_PROXY, AWS, HTTP or MOCK. */
  type: string;
  method?: CfnValue;
  uri?: CfnValue;
  payloadFormatVersion?: CfnValue;
  connectionType?: CfnValue;
  connectionId?: CfnValue;
  credentialsArn?: CfnValue;
  timeoutInMillis?: CfnValue;
  subtype?: CfnValue;
  requestParameters?: CfnValue;
  requestTemplates?: CfnValue;
  responseParameters?: CfnValue;
  templateSelectionExpression?: CfnValue;
  contentHandlingStrategy?: CfnValue;
  passthroughBehavior?: CfnValue;
  /** WebSocket: IntegrationResponse resources. */
  responses: Array<{
    integrationResponseKey?: CfnValue;
    responseTemplates?: CfnValue;
    templateSelectionExpression?: CfnValue;
    contentHandlingStrategy?: CfnValue;
  }>;
}

export interface V2Authorizer {
  logicalId: string;
  name: string;
  /** JWT or REQUEST, as the template writes it. */
  authorizerType: string;
  /** Rendered. */
  identitySources: string[];
  jwt?: { audience: CfnValue[]; issuer?: CfnValue };
  authorizerUri?: CfnValue;
  authorizerCredentialsArn?: CfnValue;
  payloadFormatVersion?: CfnValue;
  resultTtlInSeconds?: CfnValue;
  enableSimpleResponses?: CfnValue;
}

export interface V2Stage {
  logicalId: string;
  stageName?: CfnValue;
  autoDeploy?: CfnValue;
  variables?: CfnValue;
  defaultRouteSettings?: CfnValue;
  routeSettings?: CfnValue;
  accessLogSettings?: CfnValue;
}
