/**
 * A trimmed core template for body-mode and import unit tests: what core compiles for a list of
 * `http` events (Resources per path segment, AWS_PROXY Methods, one permission per function,
 * its timestamped Deployment), optionally a Cognito authorizer `users` on some methods.
 */
import type { CfnResource, CfnTemplate } from '../../../../src/cloudformation/template';

export interface CoreEndpoint {
  method: string;
  path: string;
  fn: string;
  authorizer?: 'users';
}

function pascal(text: string): string {
  return text
    .replace(/[{}+]/g, '')
    .split(/[^A-Za-z0-9]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function coreTemplateFor(endpoints: readonly CoreEndpoint[]): CfnTemplate {
  const resources: Record<string, CfnResource> = {
    ApiGatewayRestApi: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: { Name: 'prod-orders', EndpointConfiguration: { Types: ['EDGE'] }, Policy: '' },
    },
  };
  const methods: string[] = [];
  for (const endpoint of endpoints) {
    let parent: unknown = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
    let id = 'ApiGatewayResource';
    for (const segment of endpoint.path.split('/').filter(Boolean)) {
      id += pascal(segment) + (segment.startsWith('{') ? 'Var' : '');
      resources[id] ??= {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: parent,
          PathPart: segment,
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      };
      parent = { Ref: id };
    }
    const methodId = `ApiGatewayMethod${id.slice('ApiGatewayResource'.length)}${pascal(endpoint.method.toLowerCase())}`;
    const fn = `${pascal(endpoint.fn)}LambdaFunction`;
    const permission = `${pascal(endpoint.fn)}LambdaPermissionApiGateway`;
    resources[methodId] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: endpoint.method,
        RequestParameters: {},
        ResourceId: parent,
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        ApiKeyRequired: false,
        AuthorizationType: endpoint.authorizer ? 'COGNITO_USER_POOLS' : 'NONE',
        ...(endpoint.authorizer ? { AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' } } : {}),
        Integration: {
          IntegrationHttpMethod: 'POST',
          Type: 'AWS_PROXY',
          Uri: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':apigateway:',
                { Ref: 'AWS::Region' },
                ':lambda:path/2015-03-31/functions/',
                { 'Fn::GetAtt': [fn, 'Arn'] },
                '/invocations',
              ],
            ],
          },
        },
        MethodResponses: [],
      },
      DependsOn: [permission],
    };
    methods.push(methodId);
    resources[fn] = { Type: 'AWS::Lambda::Function', Properties: { Handler: 'handler.hello' } };
    resources[permission] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':execute-api:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':',
              { Ref: 'ApiGatewayRestApi' },
              '/*/*',
            ],
          ],
        },
      },
    };
  }
  if (endpoints.some((endpoint) => endpoint.authorizer)) {
    resources.ApiGatewayAuthorizerUsers = {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: {
        Name: 'users',
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Type: 'COGNITO_USER_POOLS',
        IdentitySource: 'method.request.header.Authorization',
        ProviderARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Example'],
      },
    };
  }
  resources.ApiGatewayDeployment1700000000000 = {
    Type: 'AWS::ApiGateway::Deployment',
    Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'prod' },
    DependsOn: methods,
  };
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources, Outputs: {} };
}
