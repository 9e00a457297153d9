/** Small hand-written templates the model's unit tests read. */
import type { CfnTemplate } from '../../../src/cloudformation/template';

const lambdaUri = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:',
      { Ref: 'AWS::Region' },
      ':lambda:path/2015-03-31/functions/',
      { 'Fn::GetAtt': ['OrderLambdaFunction', 'Arn'] },
      '/invocations',
    ],
  ],
};

/** A REST API in resources mode: one path with two methods and everything around them. */
export function restTemplate(): CfnTemplate {
  return {
    Resources: {
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: {
          Name: 'dev-orders',
          BinaryMediaTypes: ['image/png'],
          EndpointConfiguration: { Types: ['REGIONAL'] },
        },
      },
      ApiGatewayResourceOrders: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          PathPart: 'orders',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      ApiGatewayResourceOrdersIdVar: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { Ref: 'ApiGatewayResourceOrders' },
          PathPart: '{id}',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      ApiGatewayMethodOrdersIdVarGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { Ref: 'ApiGatewayResourceOrdersIdVar' },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: 'UsersApiGatewayAuthorizer' },
          ApiKeyRequired: true,
          OperationName: 'getOrder',
          RequestParameters: { 'method.request.querystring.verbose': false },
          Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri },
          MethodResponses: [],
        },
      },
      ApiGatewayMethodOrdersPost: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'POST',
          ResourceId: { Ref: 'ApiGatewayResourceOrders' },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'NONE',
          RequestValidatorId: { Ref: 'BodyValidator' },
          RequestModels: { 'application/json': { Ref: 'OrderModel' } },
          Integration: {
            Type: 'MOCK',
            RequestTemplates: { 'application/json': '{"statusCode": 201}' },
            IntegrationResponses: [
              {
                StatusCode: '201',
                SelectionPattern: '',
                ResponseParameters: { 'method.response.header.Location': "'/orders/1'" },
              },
              { StatusCode: '400', SelectionPattern: '.*invalid.*' },
            ],
          },
          MethodResponses: [
            {
              StatusCode: '201',
              ResponseParameters: { 'method.response.header.Location': true },
              ResponseModels: { 'application/json': 'Empty' },
            },
            { StatusCode: '400' },
          ],
        },
      },
      UsersApiGatewayAuthorizer: {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          Name: 'users',
          Type: 'TOKEN',
          IdentitySource: 'method.request.header.Authorization',
          AuthorizerResultTtlInSeconds: 300,
          AuthorizerUri: lambdaUri,
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      BodyValidator: {
        Type: 'AWS::ApiGateway::RequestValidator',
        Properties: {
          Name: 'body-only',
          ValidateRequestBody: true,
          ValidateRequestParameters: false,
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      OrderModel: {
        Type: 'AWS::ApiGateway::Model',
        Properties: {
          Name: 'Order',
          ContentType: 'application/json',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          Schema: JSON.stringify({ type: 'object', required: ['item'] }),
        },
      },
      GatewayResponseDefault4XX: {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: {
          ResponseType: 'DEFAULT_4XX',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        },
      },
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          StageName: 'dev',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          DeploymentId: { Ref: 'ApiGatewayDeployment1' },
          Variables: { backend: 'https://example.com' },
          MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 50 }],
        },
      },
      FreeUsagePlan: {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: {
          UsagePlanName: 'free',
          ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'dev' }],
          Quota: { Limit: 1000, Period: 'DAY' },
          Throttle: { RateLimit: 5, BurstLimit: 10 },
        },
      },
      PartnerApiKey: {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: { Name: 'partner', Enabled: true },
      },
      FreeUsagePlanKeyPartner: {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        Properties: {
          KeyId: { Ref: 'PartnerApiKey' },
          KeyType: 'API_KEY',
          UsagePlanId: { Ref: 'FreeUsagePlan' },
        },
      },
    },
  };
}

export { lambdaUri };
