/** Hand-built REST templates for the local gateway's unit tests (resources mode, as core emits). */
import type { CfnObject, CfnResource, CfnTemplate } from '../../../src/cloudformation/template';

export interface MethodSpec {
  path: string;
  httpMethod: string;
  integration: CfnObject;
}

export function lambdaUri(functionLogicalId: string): CfnObject {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':apigateway:',
        { Ref: 'AWS::Region' },
        ':lambda:path/2015-03-31/functions/',
        { 'Fn::GetAtt': [functionLogicalId, 'Arn'] },
        '/invocations',
      ],
    ],
  };
}

/** A RestApi with the methods' resources and methods, plus any other resources given. */
export function restTemplate(
  methods: readonly MethodSpec[],
  resources: Record<string, CfnResource> = {},
): CfnTemplate {
  const template: CfnTemplate = {
    Resources: {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'test' } },
    },
  };
  const resourceIds = new Map<string, string>();
  const resourceOf = (path: string): unknown => {
    const segments = path.split('/').filter(Boolean);
    let parent: unknown = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
    segments.forEach((segment, index) => {
      const sub = segments.slice(0, index + 1).join('/');
      let id = resourceIds.get(sub);
      if (!id) {
        id = `Resource${resourceIds.size + 1}`;
        resourceIds.set(sub, id);
        template.Resources[id] = {
          Type: 'AWS::ApiGateway::Resource',
          Properties: {
            ParentId: parent,
            PathPart: segment,
            RestApiId: { Ref: 'ApiGatewayRestApi' },
          },
        };
      }
      parent = { Ref: id };
    });
    return parent;
  };
  methods.forEach((method, index) => {
    template.Resources[`Method${index + 1}`] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: method.httpMethod,
        ResourceId: resourceOf(method.path),
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        AuthorizationType: 'NONE',
        Integration: method.integration,
      },
    };
  });
  Object.assign(template.Resources, resources);
  return template;
}

export function mock(statusCode = 200, body = '{"ok": true}'): CfnObject {
  return {
    Type: 'MOCK',
    RequestTemplates: { 'application/json': `{"statusCode": ${statusCode}}` },
    IntegrationResponses: [
      { StatusCode: String(statusCode), ResponseTemplates: { 'application/json': body } },
    ],
  };
}
