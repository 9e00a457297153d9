/**
 * Body mode (`restApi.compile: openapi`) with the real framework: the same fixture packaged both
 * ways serves the same API, endpoint by endpoint, as API Gateway reads each form (Method resources,
 * or the imported OpenAPI body with its x-amazon-apigateway-* extensions); fewer resources; one
 * invoke permission per function; a Deployment named by a hash of the body; a 1,000-endpoint
 * service in one stack.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { CfnObject, CfnResource, CfnTemplate } from '../../src/cloudformation/template';
import { referencedId, renderValue } from '../../src/openapi/intrinsics';
import { resourcePath } from '../../src/cloudformation/rest-paths';
import { assertValidTemplate } from '../helpers/cfn-check';
import { FIXTURES, packageService, type PackageResult } from '../helpers/serverless';
import { generateService } from '../fixtures/openapi-body-large/generate';
import {
  measureTemplate,
  S3_TEMPLATE_LIMIT,
  templateSizeWarnings,
} from '../../src/deploy/template-size';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const FIXTURE = path.join(FIXTURES, 'openapi-body');

/** Every string a deploy-time value stands for, rendered the same way in both forms. */
function rendered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rendered);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return renderValue(value);
    }
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, item]) => [key, rendered(item)]),
    );
  }
  return value;
}

/** What API Gateway serves for one method. */
interface Served {
  authorization: string;
  authorizer?: unknown;
  scopes: unknown[];
  apiKeyRequired: boolean;
  integration: unknown;
  requestParameters: Record<string, boolean>;
  validator?: { body: boolean; parameters: boolean };
  requestModels: Record<string, unknown>;
  methodResponses: Record<string, string[]>;
}

function byKey<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Integration as CloudFormation names it, values rendered. */
function integrationOf(integration: CfnObject): unknown {
  const responses = ((integration.IntegrationResponses as CfnObject[] | undefined) ?? []).map(
    (response) => ({
      statusCode: String(response.StatusCode),
      selectionPattern: (response.SelectionPattern as string | undefined) || 'default',
      responseParameters: response.ResponseParameters ?? {},
      responseTemplates: response.ResponseTemplates ?? {},
      contentHandling: response.ContentHandling,
    }),
  );
  return rendered({
    type: String(integration.Type).toUpperCase(),
    httpMethod: integration.IntegrationHttpMethod,
    uri: integration.Uri,
    passthroughBehavior:
      integration.PassthroughBehavior === undefined
        ? undefined
        : String(integration.PassthroughBehavior).toUpperCase(),
    contentHandling: integration.ContentHandling,
    requestParameters: integration.RequestParameters ?? {},
    requestTemplates: integration.RequestTemplates ?? {},
    cacheKeyParameters: [
      ...((integration.CacheKeyParameters as string[] | undefined) ?? []),
    ].sort(),
    responses: byKey(responses.map((response) => [response.selectionPattern, response])),
  });
}

function authorizerOf(properties: CfnObject): unknown {
  return rendered({
    name: properties.Name,
    type: properties.Type,
    identitySource: properties.IdentitySource ?? 'method.request.header.Authorization',
    ttl: properties.AuthorizerResultTtlInSeconds ?? 300,
    uri: properties.AuthorizerUri,
    providerArns: properties.ProviderARNs,
  });
}

/** From the Method resources (resources mode). */
function servedByResources(template: CfnTemplate): Record<string, Served> {
  const resources = template.Resources;
  const served: Array<[string, Served]> = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::Method') continue;
    const method = resource.Properties as CfnObject;
    const key = `${String(method.HttpMethod)} ${resourcePath(template, method.ResourceId)}`;
    const authorizerId = referencedId(method.AuthorizerId);
    const validatorId = referencedId(method.RequestValidatorId);
    const validator = validatorId ? resources[validatorId].Properties : undefined;
    const requestModels = (method.RequestModels as Record<string, unknown> | undefined) ?? {};
    served.push([
      key,
      {
        authorization: String(method.AuthorizationType ?? 'NONE'),
        ...(authorizerId
          ? { authorizer: authorizerOf(resources[authorizerId].Properties as CfnObject) }
          : {}),
        scopes: (method.AuthorizationScopes as unknown[] | undefined) ?? [],
        apiKeyRequired: method.ApiKeyRequired === true,
        integration: integrationOf(method.Integration as CfnObject),
        requestParameters: byKey(
          Object.entries((method.RequestParameters as Record<string, boolean>) ?? {}).filter(
            ([name]) => !name.startsWith('method.request.path.'),
          ),
        ),
        ...(validator
          ? {
              validator: {
                body: validator.ValidateRequestBody === true,
                parameters: validator.ValidateRequestParameters === true,
              },
            }
          : {}),
        requestModels: byKey(
          Object.entries(requestModels).map(([contentType, model]) => {
            const properties = resources[referencedId(model) as string].Properties as CfnObject;
            return [contentType, { name: properties.Name, schema: properties.Schema }];
          }),
        ),
        methodResponses: byKey(
          ((method.MethodResponses as CfnObject[] | undefined) ?? []).map((response) => [
            String(response.StatusCode),
            Object.keys((response.ResponseParameters as CfnObject | undefined) ?? {}).sort(),
          ]),
        ),
      },
    ]);
  }
  return byKey(served);
}

const TYPES: Record<string, string> = {
  cognito_user_pools: 'COGNITO_USER_POOLS',
  custom: 'CUSTOM',
};

/** From the RestApi Body, read the way API Gateway imports it. */
function servedByBody(body: Json): Record<string, Served> {
  const schemes: Json = body.components?.securitySchemes ?? {};
  const validators: Json = body['x-amazon-apigateway-request-validators'] ?? {};
  const served: Array<[string, Served]> = [];
  for (const [route, item] of Object.entries<Json>(body.paths)) {
    for (const [key, operation] of Object.entries<Json>(item)) {
      const method = key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase();
      const requirement: Json = operation.security?.[0] ?? {};
      let authorization = 'NONE';
      let authorizer: unknown;
      let scopes: unknown[] = [];
      for (const [name, list] of Object.entries<Json>(requirement)) {
        const scheme = schemes[name];
        if (name === 'api_key') continue;
        if (scheme['x-amazon-apigateway-authtype'] === 'awsSigv4') {
          authorization = 'AWS_IAM';
          continue;
        }
        const extension = scheme['x-amazon-apigateway-authorizer'];
        authorization = TYPES[scheme['x-amazon-apigateway-authtype']];
        scopes = list;
        authorizer = rendered({
          name,
          type:
            extension.type === 'cognito_user_pools'
              ? 'COGNITO_USER_POOLS'
              : extension.type.toUpperCase(),
          identitySource:
            extension.identitySource ??
            `method.request.${scheme.in === 'header' ? 'header' : 'querystring'}.${scheme.name}`,
          ttl: extension.authorizerResultTtlInSeconds ?? 300,
          uri: extension.authorizerUri,
          providerArns: extension.providerARNs,
        });
      }
      const integration: Json = operation['x-amazon-apigateway-integration'];
      const validatorName = operation['x-amazon-apigateway-request-validator'];
      const content: Json = operation.requestBody?.content ?? {};
      served.push([
        `${method} ${route}`,
        {
          authorization,
          ...(authorizer ? { authorizer } : {}),
          scopes,
          apiKeyRequired: 'api_key' in requirement,
          integration: integrationOf({
            Type: integration.type,
            IntegrationHttpMethod: integration.httpMethod,
            Uri: integration.uri,
            PassthroughBehavior: integration.passthroughBehavior,
            ContentHandling: integration.contentHandling,
            RequestParameters: integration.requestParameters,
            RequestTemplates: integration.requestTemplates,
            CacheKeyParameters: integration.cacheKeyParameters,
            IntegrationResponses: Object.entries<Json>(integration.responses ?? {}).map(
              ([pattern, response]) => ({
                StatusCode: response.statusCode,
                SelectionPattern: pattern === 'default' ? '' : pattern,
                ResponseParameters: response.responseParameters,
                ResponseTemplates: response.responseTemplates,
                ContentHandling: response.contentHandling,
              }),
            ),
          }),
          requestParameters: byKey(
            ((operation.parameters as Json[] | undefined) ?? [])
              .filter((parameter) => parameter.in !== 'path')
              .map((parameter) => [
                `method.request.${parameter.in === 'query' ? 'querystring' : parameter.in}.${parameter.name}`,
                parameter.required === true,
              ]),
          ),
          ...(validatorName
            ? {
                validator: {
                  body: validators[validatorName].validateRequestBody,
                  parameters: validators[validatorName].validateRequestParameters,
                },
              }
            : {}),
          requestModels: byKey(
            Object.entries<Json>(content).map(([contentType, media]) => {
              const name = String(media.schema.$ref).split('/').pop() as string;
              return [contentType, { name, schema: body.components.schemas[name] }];
            }),
          ),
          // A `default` response stands for "no method response declared" (proxy integrations).
          methodResponses: byKey(
            Object.entries<Json>(operation.responses)
              .filter(([status]) => status !== 'default')
              .map(([status, response]) => [
                status,
                Object.keys(response.headers ?? {})
                  .map((name) => `method.response.header.${name}`)
                  .sort(),
              ]),
          ),
        },
      ]);
    }
  }
  return byKey(served);
}

function bodyOf(template: CfnTemplate): Json {
  return template.Resources.ApiGatewayRestApi.Properties?.Body as Json;
}

function countByType(template: CfnTemplate): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.Resources)) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

function ofType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

describe('body mode (restApi.compile: openapi), packaged by the real framework', function () {
  this.timeout(300_000);
  let resources: PackageResult;
  let body: PackageResult;

  before(() => {
    resources = packageService(FIXTURE);
    body = packageService(FIXTURE, { env: { KIT_COMPILE: 'openapi' } });
  });

  it('emits valid templates in both modes, and a valid OpenAPI 3.0 body', async () => {
    assertValidTemplate(resources.template);
    assertValidTemplate(body.template);
    const document = body.template.Resources.ApiGatewayRestApi.Properties?.Body as Json;
    assert.equal(document.openapi, '3.0.1');
    await SwaggerParser.validate(rendered(document) as never);
  });

  it('serves the same API endpoint by endpoint: method, path, auth, integration, templates, parameters, cache keys, validators, models', () => {
    const fromResources = servedByResources(resources.template);
    const fromBody = servedByBody(body.template.Resources.ApiGatewayRestApi.Properties?.Body);
    assert.deepEqual(Object.keys(fromBody), Object.keys(fromResources));
    assert.equal(Object.keys(fromBody).length, 13); // 8 endpoints + 5 CORS preflights
    for (const key of Object.keys(fromResources)) {
      assert.deepEqual(fromBody[key], fromResources[key], key);
    }
    // The comparison is not vacuous: the features are there.
    assert.equal(fromBody['POST /orders'].authorization, 'CUSTOM');
    assert.equal(fromBody['POST /orders'].apiKeyRequired, true);
    assert.equal(fromBody['GET /orders'].authorization, 'COGNITO_USER_POOLS');
    assert.deepEqual(fromBody['GET /orders'].scopes, ['orders/read']);
    assert.deepEqual((fromBody['GET /orders/{id}'].integration as Json).cacheKeyParameters, [
      'method.request.path.id',
      'method.request.querystring.lang',
    ]);
    assert.deepEqual(fromBody['POST /orders'].validator, { body: true, parameters: true });
    assert.equal((fromBody['GET /legacy'].integration as Json).type, 'AWS');
    assert.equal((fromBody['OPTIONS /orders'].integration as Json).type, 'MOCK');
  });

  it('keeps gateway responses, API settings, stage method settings and usage plans', () => {
    const restApi = body.template.Resources.ApiGatewayRestApi.Properties as Json;
    const responses = restApi.Body['x-amazon-apigateway-gateway-responses'];
    const fromResources = Object.fromEntries(
      ofType(resources.template, 'AWS::ApiGateway::GatewayResponse').map(([, resource]) => {
        const properties = resource.Properties as Json;
        return [
          properties.ResponseType,
          rendered({
            statusCode: properties.StatusCode,
            responseParameters: properties.ResponseParameters,
            responseTemplates: properties.ResponseTemplates,
          }),
        ];
      }),
    );
    assert.deepEqual(rendered(responses), rendered(fromResources));
    assert.equal(Object.keys(responses).length, 9);
    assert.deepEqual(restApi.BinaryMediaTypes, ['image/png']);
    assert.deepEqual(restApi.EndpointConfiguration, { Types: ['REGIONAL'] });
    assert.deepEqual(
      body.template.Resources.ApiGatewayStage.Properties?.MethodSettings,
      resources.template.Resources.ApiGatewayStage.Properties?.MethodSettings,
    );
    assert.deepEqual(
      body.template.Resources.ApiGatewayKitUsagePlanFree,
      resources.template.Resources.ApiGatewayKitUsagePlanFree,
    );
  });

  it('drops the per-endpoint resources (measured)', () => {
    const before = countByType(resources.template);
    const after = countByType(body.template);
    const dropped = [
      'AWS::ApiGateway::Resource',
      'AWS::ApiGateway::Method',
      'AWS::ApiGateway::Authorizer',
      'AWS::ApiGateway::Model',
      'AWS::ApiGateway::RequestValidator',
      'AWS::ApiGateway::GatewayResponse',
    ];
    assert.deepEqual(
      dropped.map((type) => before[type] ?? 0),
      [7, 13, 2, 1, 1, 9],
    );
    assert.deepEqual(
      dropped.map((type) => after[type] ?? 0),
      [0, 0, 0, 0, 0, 0],
    );
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((sum, count) => sum + count, 0);
    assert.equal(total(before), 57);
    assert.equal(total(after), 24);
  });

  it('has one invoke permission per function covering the whole API, and authorizer permissions for every authorizer of the API', () => {
    const permissions = ofType(body.template, 'AWS::Lambda::Permission').map(([id, resource]) => [
      id,
      renderValue(resource.Properties?.FunctionName),
      renderValue(resource.Properties?.SourceArn),
    ]);
    assert.deepEqual(permissions.sort(), [
      [
        'ApiGatewayAuthorizerPartnerPermission',
        '${AuthorizeLambdaFunction.Arn}',
        'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiGatewayRestApi}/authorizers/*',
      ],
      [
        'ItemsLambdaPermissionApiGateway',
        '${ItemsLambdaFunction.Arn}',
        'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiGatewayRestApi}/*/*',
      ],
      [
        'OrdersLambdaPermissionApiGateway',
        '${OrdersLambdaFunction.Arn}',
        'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiGatewayRestApi}/*/*',
      ],
    ]);
  });

  it("replaces core's timestamped Deployment by one named by a hash of the body, stable across packages", () => {
    const deployments = ofType(body.template, 'AWS::ApiGateway::Deployment');
    assert.equal(deployments.length, 1);
    const [id, deployment] = deployments[0];
    assert.match(id, /^ApiGatewayDeployment[0-9a-f]{12}$/);
    assert.equal(deployment.DependsOn, undefined);
    assert.deepEqual(deployment.Properties, { RestApiId: { Ref: 'ApiGatewayRestApi' } });
    assert.deepEqual(body.template.Resources.ApiGatewayStage.Properties?.DeploymentId, { Ref: id });
    const again = packageService(FIXTURE, { env: { KIT_COMPILE: 'openapi' } });
    assert.deepEqual(
      ofType(again.template, 'AWS::ApiGateway::Deployment').map(([logicalId]) => logicalId),
      [id],
    );
  });
});

describe('body mode at scale: 1,000 endpoints', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-large-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packages in one stack under 500 resources and under the 1 MB template limit', async () => {
    generateService(dir, 1000, { compile: 'openapi', bodyLocation: 'inline' });
    const result = packageService(dir);
    assertValidTemplate(result.template);
    const count = Object.keys(result.template.Resources).length;
    assert.ok(count < 500, `${count} resources`);
    const document = bodyOf(result.template);
    const operations = Object.values<Json>(document.paths).flatMap((item) => Object.keys(item));
    // 1,000 endpoints and one CORS preflight per path.
    assert.equal(operations.filter((key) => key !== 'options').length, 1000);
    assert.equal(operations.filter((key) => key === 'options').length, 200);
    // Serverless uploads the template to S3 as compact JSON (JSON.stringify without indentation).
    const size = measureTemplate(result.template);
    assert.ok(size.bytes < S3_TEMPLATE_LIMIT, `${size.bytes} bytes`);
    assert.deepEqual(templateSizeWarnings(size), []);
    await SwaggerParser.validate(rendered(document) as never);
  });
});
