/** The parts of a CloudFormation template the compilers read and write. */
export type CfnObject = { [key: string]: unknown };

export interface CfnResource {
  Type: string;
  Properties?: CfnObject;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: unknown;
}

export interface CfnOutput {
  Description?: string;
  Value: unknown;
  Export?: { Name: unknown };
  Condition?: string;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
  [key: string]: unknown;
}

/** A change to a resource another compiler (usually core) already emitted. */
export interface ResourcePatch {
  logicalId: string;
  /** Properties to set; a value of `undefined` removes the property. */
  setProperties?: Record<string, unknown>;
  addDependsOn?: readonly string[];
  remove?: boolean;
}

/** What a compiler returns: new resources and outputs, and patches to existing resources. */
export interface TemplateFragment {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
  patches?: ResourcePatch[];
}

/**
 * The resources that make up what a REST API serves: what a Deployment snapshots (a change to any
 * redeploys) and what an OpenAPI body defines in their place.
 */
export const REST_API_DEFINITION_TYPES = [
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::Model',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::GatewayResponse',
] as const;

export function ref(logicalId: string): { Ref: string } {
  return { Ref: logicalId };
}

/** The Ref'd logical id of a `{ Ref: id }` value, if it is one. */
export function refId(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'Ref' in value
    ? String((value as { Ref: unknown }).Ref)
    : undefined;
}

export function getAtt(logicalId: string, attribute: string): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [logicalId, attribute] };
}

export function dependsOnList(resource: CfnResource): string[] {
  if (resource.DependsOn === undefined) return [];
  return Array.isArray(resource.DependsOn) ? [...resource.DependsOn] : [resource.DependsOn];
}

/** Logical ids of resources of `type` whose `RestApiId` is `restApiId` (compared structurally). */
export function resourcesOnApi(template: CfnTemplate, type: string, restApiId: unknown): string[] {
  const wanted = JSON.stringify(restApiId);
  // Core and this plugin write `{ Ref: <RestApi> }`: compared without serialising each one.
  const wantedRef =
    restApiId !== null && typeof restApiId === 'object' && Object.keys(restApiId).length === 1
      ? (restApiId as { Ref?: unknown }).Ref
      : undefined;
  const onApi = (value: unknown): boolean => {
    const valueRef = (value as { Ref?: unknown } | null | undefined)?.Ref;
    if (typeof wantedRef === 'string' && typeof valueRef === 'string') {
      return valueRef === wantedRef && Object.keys(value as object).length === 1;
    }
    return JSON.stringify(value) === wanted;
  };
  const ids: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type === type && onApi(resource.Properties?.RestApiId)) ids.push(logicalId);
  }
  return ids;
}

/**
 * `arn:<partition>:execute-api:<region>:<account>:<api id><path…>`: the SourceArn of the Lambda
 * permissions API Gateway needs (`/*\/*`, `/authorizers/<id>`…). `apiId` is a value (a `Ref`, or a
 * shared API's id), each path part a string or a value.
 */
export function executeApiArn(apiId: unknown, ...path: unknown[]): CfnObject {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        ref('AWS::Partition'),
        ':execute-api:',
        ref('AWS::Region'),
        ':',
        ref('AWS::AccountId'),
        ':',
        apiId,
        ...path,
      ],
    ],
  };
}

/**
 * `https://<api id>.execute-api.<region>.<url suffix><path>`: the default endpoint of an API (REST
 * stage URL, HTTP API URL, WebSocket @connections URL). `apiId` is a value (a `Ref`, or an id).
 */
export function executeApiUrl(apiId: unknown, path = ''): CfnObject {
  return {
    'Fn::Join': [
      '',
      [
        'https://',
        apiId,
        '.execute-api.',
        ref('AWS::Region'),
        '.',
        ref('AWS::URLSuffix'),
        ...(path === '' ? [] : [path]),
      ],
    ],
  };
}

/** `arn:…:apigateway:…:lambda:path/2015-03-31/functions/<arn>/invocations`. */
export function lambdaInvocationUri(functionArn: unknown): CfnObject {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        ref('AWS::Partition'),
        ':apigateway:',
        ref('AWS::Region'),
        ':lambda:path/2015-03-31/functions/',
        functionArn,
        '/invocations',
      ],
    ],
  };
}
