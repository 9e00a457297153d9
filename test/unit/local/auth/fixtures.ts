/** Templates and helpers shared by the authorizer tests: methods guarded by authorizers. */
import type { CfnObject, CfnResource, CfnTemplate } from '../../../../src/cloudformation/template';
import { lambdaUri, restTemplate, type MethodSpec } from '../template';

export interface GuardedMethod extends MethodSpec {
  /** CUSTOM or COGNITO_USER_POOLS, with the Authorizer resource's logical id. */
  auth?: { type: string; authorizer: string; scopes?: string[] };
}

export function guardedTemplate(
  methods: readonly GuardedMethod[],
  resources: Record<string, CfnResource>,
): CfnTemplate {
  const template = restTemplate(methods, resources);
  methods.forEach((method, index) => {
    if (!method.auth) return;
    const properties = template.Resources[`Method${index + 1}`].Properties as CfnObject;
    properties.AuthorizationType = method.auth.type;
    properties.AuthorizerId = { Ref: method.auth.authorizer };
    if (method.auth.scopes) properties.AuthorizationScopes = method.auth.scopes;
  });
  return template;
}

export function nodeFunction(handler: string, variables: Record<string, string> = {}): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Handler: handler,
      Runtime: 'nodejs22.x',
      FunctionName: handler.replace(/\W/g, '-'),
      Environment: { Variables: variables },
    },
  };
}

export function proxyTo(functionId: string): CfnObject {
  return { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri(functionId) };
}

export function lambdaAuthorizer(functionId: string, properties: CfnObject): CfnResource {
  return {
    Type: 'AWS::ApiGateway::Authorizer',
    Properties: {
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      AuthorizerUri: lambdaUri(functionId),
      ...properties,
    },
  };
}

/** A MOCK answering 200 with a template that reads `$context.authorizer`. */
export function contextMock(template: string): CfnObject {
  return {
    Type: 'MOCK',
    RequestTemplates: { 'application/json': '{"statusCode": 200}' },
    IntegrationResponses: [
      { StatusCode: '200', ResponseTemplates: { 'application/json': template } },
    ],
  };
}
