import assert from 'node:assert/strict';
import { readApiModels, readRestApi } from '../../../src/model/read';
import type { RestApiModel } from '../../../src/model/types';
import { lambdaUri, restTemplate } from './fixtures';

describe('model: REST API read from Resources and Methods', () => {
  const model = readRestApi(restTemplate());

  it('reads each method with its path, authorization, parameters, validator and models by name', () => {
    const [get, post] = model.methods;
    assert.deepEqual(get, {
      logicalId: 'ApiGatewayMethodOrdersIdVarGet',
      path: '/orders/{id}',
      httpMethod: 'GET',
      operationName: 'getOrder',
      authorization: { type: 'CUSTOM', authorizer: 'users', scopes: [], apiKeyRequired: true },
      requestParameters: { 'method.request.querystring.verbose': false },
      requestModels: {},
      integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri, responses: [] },
      methodResponses: [],
    });
    assert.equal(post.path, '/orders');
    assert.equal(post.requestValidator, 'body-only');
    assert.deepEqual(post.requestModels, { 'application/json': 'Order' });
    assert.deepEqual(post.methodResponses, [
      {
        statusCode: '201',
        responseParameters: { 'method.response.header.Location': true },
        responseModels: { 'application/json': 'Empty' },
      },
      { statusCode: '400', responseParameters: {}, responseModels: {} },
    ]);
  });

  it('reads integration responses, an empty selection pattern as the default one', () => {
    assert.deepEqual(model.methods[1].integration?.responses, [
      {
        statusCode: '201',
        responseParameters: { 'method.response.header.Location': "'/orders/1'" },
      },
      { statusCode: '400', selectionPattern: '.*invalid.*' },
    ]);
  });

  it('reads authorizers, validators, models (schema parsed) and gateway responses', () => {
    assert.deepEqual(model.authorizers, [
      {
        logicalId: 'UsersApiGatewayAuthorizer',
        name: 'users',
        type: 'TOKEN',
        identitySources: ['method.request.header.Authorization'],
        authorizerUri: lambdaUri,
        resultTtlInSeconds: 300,
      },
    ]);
    assert.deepEqual(model.requestValidators, [
      {
        logicalId: 'BodyValidator',
        name: 'body-only',
        validateRequestBody: true,
        validateRequestParameters: false,
      },
    ]);
    assert.deepEqual(model.models, [
      {
        logicalId: 'OrderModel',
        name: 'Order',
        contentType: 'application/json',
        schema: { type: 'object', required: ['item'] },
      },
    ]);
    assert.deepEqual(model.gatewayResponses, [
      {
        logicalId: 'GatewayResponseDefault4XX',
        responseType: 'DEFAULT_4XX',
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      },
    ]);
  });

  it('reads the RestApi settings, the stage with its method settings, usage plans and keys', () => {
    const { methods, authorizers, requestValidators, models, gatewayResponses, ...rest } = model;
    assert.ok(methods && authorizers && requestValidators && models && gatewayResponses);
    assert.deepEqual(rest, {
      kind: 'rest',
      logicalId: 'ApiGatewayRestApi',
      name: 'dev-orders',
      binaryMediaTypes: ['image/png'],
      endpointConfiguration: { types: ['REGIONAL'] },
      stages: [
        {
          logicalId: 'ApiGatewayStage',
          stageName: 'dev',
          deploymentId: { Ref: 'ApiGatewayDeployment1' },
          variables: { backend: 'https://example.com' },
          methodSettings: [{ resourcePath: '/*', httpMethod: '*', throttlingRateLimit: 50 }],
        },
      ],
      usagePlans: [
        {
          logicalId: 'FreeUsagePlan',
          name: 'free',
          apiStages: [{ apiId: { Ref: 'ApiGatewayRestApi' }, stage: 'dev' }],
          quota: { limit: 1000, period: 'DAY' },
          throttle: { rateLimit: 5, burstLimit: 10 },
          apiKeys: ['PartnerApiKey'],
        },
      ],
      apiKeys: [{ logicalId: 'PartnerApiKey', name: 'partner', enabled: true }],
    } satisfies Omit<
      RestApiModel,
      'methods' | 'authorizers' | 'requestValidators' | 'models' | 'gatewayResponses'
    >);
  });

  it("reads the stage's client certificate (the security lint's HTTP backend rule needs it)", () => {
    const template = restTemplate();
    (template.Resources.ApiGatewayStage.Properties ?? {}).ClientCertificateId = {
      Ref: 'ApiGatewayClientCertificate',
    };
    assert.deepEqual(readRestApi(template).stages[0].clientCertificateId, {
      Ref: 'ApiGatewayClientCertificate',
    });
    assert.equal(readRestApi(restTemplate()).stages[0].clientCertificateId, undefined);
  });

  it('names a model that is not in the template by its reference, and keeps a non-JSON schema as text', () => {
    const template = restTemplate();
    const post = template.Resources.ApiGatewayMethodOrdersPost.Properties ?? {};
    post.RequestModels = { 'application/json': 'Missing', 'text/plain': { Ref: 'Elsewhere' } };
    (template.Resources.OrderModel.Properties ?? {}).Schema = '{not json';
    const read = readRestApi(template);
    assert.deepEqual(read.methods[1].requestModels, {
      'application/json': 'Missing',
      'text/plain': 'Elsewhere',
    });
    assert.equal(read.models[0].schema, '{not json');
  });

  it('readApiModels returns the REST API only when the template has one', () => {
    assert.deepEqual(
      readApiModels(restTemplate()).map((api) => api.kind),
      ['rest'],
    );
    assert.deepEqual(readApiModels({ Resources: {} }), []);
  });
});
