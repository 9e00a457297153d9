/**
 * Request validation in the local gateway, as "Request validation for REST APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html)
 * and "Test basic request validation"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-validation-test.html)
 * describe it, with the messages of API Gateway's draft-04 validator in
 * `$context.error.validationErrorString`.
 */
import { strict as assert } from 'node:assert';
import type { CfnObject, CfnTemplate } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import type { GatewayRequest } from '../../../src/local/rest/request';
import { RequestValidation } from '../../../src/local/rest/validation';
import { readRestApi, readRestBody, type RestApiModel } from '../../../src/model';
import { mock, restTemplate } from './template';

const API = { Ref: 'ApiGatewayRestApi' };
const modelUrl = (name: string) => ({
  'Fn::Join': ['', ['https://apigateway.amazonaws.com/restapis/', API, `/models/${name}`]],
});

const ORDER = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['name', 'quantity'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
    quantity: { type: 'integer', minimum: 1, maximum: 10 },
    price: { type: 'number', minimum: 0, exclusiveMinimum: true },
    size: { enum: ['S', 'M', 'L'] },
    address: { $ref: modelUrl('Address') },
    lines: {
      type: 'array',
      items: {
        $ref: {
          'Fn::Sub': 'https://apigateway.amazonaws.com/restapis/${ApiGatewayRestApi}/models/Line',
        },
      },
    },
  },
};

const model = (name: string, schema: unknown, contentType = 'application/json') => ({
  Type: 'AWS::ApiGateway::Model',
  Properties: { RestApiId: API, Name: name, ContentType: contentType, Schema: schema },
});

const validator = (name: string, body: boolean, parameters: boolean) => ({
  Type: 'AWS::ApiGateway::RequestValidator',
  Properties: {
    RestApiId: API,
    Name: name,
    ValidateRequestBody: body,
    ValidateRequestParameters: parameters,
  },
});

/** A MOCK method with the validator, required parameters and models given. */
interface ValidatedMethod {
  path: string;
  httpMethod: string;
  validator?: string;
  parameters?: Record<string, boolean>;
  models?: Record<string, string>;
}

const REQUIRED_PARAMETERS = {
  'method.request.querystring.q': true,
  'method.request.querystring.a': true,
  'method.request.querystring.optional': false,
  'method.request.header.X-Client': true,
};

function template(): CfnTemplate {
  const methods: ValidatedMethod[] = [
    {
      path: '/plain',
      httpMethod: 'POST',
      parameters: REQUIRED_PARAMETERS,
      models: { 'application/json': 'Order' },
    },
    {
      path: '/params',
      httpMethod: 'POST',
      validator: 'ParamsOnly',
      parameters: REQUIRED_PARAMETERS,
      models: { 'application/json': 'Order' },
    },
    {
      path: '/body',
      httpMethod: 'POST',
      validator: 'BodyOnly',
      parameters: REQUIRED_PARAMETERS,
      models: { 'application/json': 'Order' },
    },
    {
      path: '/both/{id}',
      httpMethod: 'POST',
      validator: 'Both',
      parameters: {
        ...REQUIRED_PARAMETERS,
        'method.request.path.id': true,
        'method.request.path.missing': true,
      },
      models: { 'application/json': 'Order' },
    },
    {
      path: '/typed',
      httpMethod: 'POST',
      validator: 'BodyOnly',
      models: { 'application/json': 'Order', 'text/plain': 'Note' },
    },
    { path: '/fallback', httpMethod: 'POST', validator: 'BodyOnly', models: { $default: 'Note' } },
    { path: '/unknown', httpMethod: 'POST', validator: 'BodyOnly', models: { $default: 'Nope' } },
    {
      path: '/multi',
      httpMethod: 'GET',
      validator: 'Both',
      parameters: {
        'method.request.multivaluequerystring.tag': true,
        'method.request.multivalueheader.X-Trace': true,
      },
    },
  ];
  const built = restTemplate(
    methods.map(({ path, httpMethod }) => ({ path, httpMethod, integration: mock() })),
    {
      ParamsOnly: validator('params-only', false, true),
      BodyOnly: validator('body-only', true, false),
      Both: validator('both', true, true),
      OrderModel: model('Order', ORDER),
      AddressModel: model('Address', {
        type: 'object',
        required: ['city'],
        properties: { city: { type: 'string' } },
      }),
      // A model given as JSON text (as core writes them), referenced with Fn::Sub.
      LineModel: model(
        'Line',
        JSON.stringify({
          type: 'object',
          required: ['sku'],
          properties: { sku: { type: 'string' } },
        }),
      ),
      NoteModel: model('Note', { type: 'object', required: ['text'] }, 'text/plain'),
      BadRequestBody: {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: {
          RestApiId: API,
          ResponseType: 'BAD_REQUEST_BODY',
          ResponseTemplates: {
            'text/plain': '$context.error.validationErrorString',
            'application/json':
              '{"message": $context.error.messageString, "type": "$context.error.responseType"}',
          },
        },
      },
    },
  );
  methods.forEach((method, index) => {
    const properties = built.Resources[`Method${index + 1}`].Properties as CfnObject;
    if (method.validator) properties.RequestValidatorId = { Ref: method.validator };
    if (method.parameters) properties.RequestParameters = method.parameters;
    if (method.models)
      properties.RequestModels = Object.fromEntries(
        Object.entries(method.models).map(([type, name]) => [
          type,
          name === 'Nope' ? name : { Ref: `${name}Model` },
        ]),
      );
  });
  return built;
}

const VALID_ORDER = { name: 'tea', quantity: 2 };

describe('local gateway: request validation', () => {
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    gateway = await startLocalGateway({
      servicePath: __dirname,
      template: template(),
      stage: 'dev',
      port: 0,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
  });
  after(() => gateway.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** `$context.error.validationErrorString` for a body, through the customised response. */
  const errorsOf = async (body: unknown, path = '/body'): Promise<string> => {
    const response = await post(path, body, { Accept: 'text/plain' });
    assert.equal(response.status, 400, `${JSON.stringify(body)} should not be valid`);
    return response.text();
  };

  // "To turn on validation, you specify validation rules in a request validator, add the validator
  // to the API's map of request validators, and assign the validator to individual API methods."
  it('a method without a request validator is not validated', async () => {
    const response = await post('/plain', '{"not": "an order"');
    assert.equal(response.status, 200);
  });

  it('a parameters-only validator checks the parameters and lets a bad body through', async () => {
    const ok = await post('/params?q=1&a=2', { wrong: true }, { 'X-Client': 'c' });
    assert.equal(ok.status, 200);
    const missing = await post('/params?q=1', VALID_ORDER, { 'X-Client': 'c' });
    assert.equal(missing.status, 400);
  });

  it('a body-only validator checks the body and ignores missing parameters', async () => {
    const ok = await post('/body', VALID_ORDER);
    assert.equal(ok.status, 200);
    const bad = await post('/body?q=1&a=2', { name: 'tea' }, { 'X-Client': 'c' });
    assert.equal(bad.status, 400);
  });

  // "Test basic request validation": GET /validation without q1 gets
  // 400 { "message": "Missing required request parameters: [q1]" }.
  it('missing required query string, header and path parameters: 400 BAD_REQUEST_PARAMETERS listing them', async () => {
    const response = await post('/both/42', VALID_ORDER);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'BadRequestException');
    assert.equal(
      await response.text(),
      '{"message": "Missing required request parameters: [X-Client, missing, a, q]"}',
    );
    assert.match(lines.at(-1) ?? '', / 400 .* -$/);
  });

  // "The required request parameters … are included and not blank."
  it('a blank parameter counts as missing; header names compare without case', async () => {
    const response = await post('/both/42?q=&a=%20', VALID_ORDER, { 'x-client': 'c' });
    assert.deepEqual(await response.json(), {
      message: 'Missing required request parameters: [missing, a, q]',
    });
  });

  it('multi-value query strings and headers are required parameters too', async () => {
    const missing = await fetch(`${base}/multi`);
    assert.deepEqual(await missing.json(), {
      message: 'Missing required request parameters: [X-Trace, tag]',
    });
    const present = await fetch(`${base}/multi?tag=a&tag=b`, { headers: { 'X-Trace': 't' } });
    assert.equal(present.status, 200);
  });

  it('parameters are checked before the body', async () => {
    const response = await post('/both/42', 'not json');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Missing required request parameters/);
  });

  it('a body that does not match the model: 400 {"message": "Invalid request body"}', async () => {
    const response = await fetch(`${base}/typed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": "tea"}',
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'BadRequestException');
    // The customised BAD_REQUEST_BODY answers application/json with its template.
    assert.deepEqual(await response.json(), {
      message: 'Invalid request body',
      type: 'BAD_REQUEST_BODY',
    });
  });

  it('$context.error.validationErrorString: required, type, enum, minimum/maximum', async () => {
    assert.equal(
      await errorsOf({ name: 'tea' }),
      '[object has missing required properties (["quantity"])]',
    );
    assert.equal(
      await errorsOf({}),
      '[object has missing required properties (["name","quantity"])]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: '2' }),
      '[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 2, price: 'free' }),
      '[instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 2, size: 'XL' }),
      '[instance value ("XL") not found in enum (possible values: ["S","M","L"])]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 0 }),
      '[numeric instance is lower than the required minimum (minimum: 1, found: 0)]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 11 }),
      '[numeric instance is greater than the required maximum (maximum: 10, found: 11)]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 2, price: 0 }),
      '[numeric instance is not strictly greater than the required minimum 0]',
    );
  });

  it('$context.error.validationErrorString: minLength/maxLength, pattern, additionalProperties', async () => {
    assert.equal(
      await errorsOf({ name: 'a', quantity: 2 }),
      '[string "a" is too short (length: 1, required minimum: 2)]',
    );
    assert.equal(
      await errorsOf({ name: 'abcdef', quantity: 2 }),
      '[string "abcdef" is too long (length: 6, maximum allowed: 5)]',
    );
    assert.equal(
      await errorsOf({ name: 'Tea', quantity: 2 }),
      '[ECMA 262 regex "^[a-z]+$" does not match input string "Tea"]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 2, zeta: 1, extra: true }),
      '[object instance has properties which are not allowed by the schema: ["extra","zeta"]]',
    );
  });

  // The validator stops going down into members once it has reported an error; members are
  // visited in name order, each reporting its own keywords.
  it('orders messages as the validator reports them and stops descending after an error', async () => {
    assert.equal(
      await errorsOf({ quantity: 'x', name: 1 }),
      '[instance type (integer) does not match any allowed primitive type (allowed: ["string"]), instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
      'the object passes: name, then quantity, each with its own keywords',
    );
    assert.equal(
      await errorsOf({ name: 'tea', address: { city: 1 } }),
      '[object has missing required properties (["quantity"])]',
      'the object fails: its members are not validated',
    );
  });

  it('models reference other models by their API Gateway URL (Fn::Join, Fn::Sub, JSON text)', async () => {
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 2, address: {} }),
      '[object has missing required properties (["city"])]',
    );
    assert.equal(
      await errorsOf({ name: 'tea', quantity: 2, lines: [{ sku: 'a' }, { sku: 3 }] }),
      '[instance type (integer) does not match any allowed primitive type (allowed: ["string"])]',
    );
    const ok = await post('/body', {
      ...VALID_ORDER,
      address: { city: 'Oslo' },
      lines: [{ sku: 'a' }],
    });
    assert.equal(ok.status, 200);
  });

  it('a body that is not JSON is an invalid body, with a message of its own', async () => {
    const response = await post('/body', '{"name": ', { Accept: 'text/plain' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /^\[Unable to parse the request body as JSON: .+\]$/);
  });

  it('the uncustomised BAD_REQUEST_BODY body is {"message": "Invalid request body"}', async () => {
    const api = readRestApi(template());
    const validation = new RequestValidation(api);
    const method = api.methods.find((candidate) => candidate.path === '/body');
    assert.ok(method);
    const error = validation.check(
      method,
      {
        httpMethod: 'POST',
        path: '/body',
        fullPath: '/dev/body',
        stage: 'dev',
        headers: { 'Content-Type': 'application/json' },
        multiValueHeaders: {},
        queryString: {},
        multiValueQueryString: {},
        body: Buffer.from('{}'),
        sourceIp: '127.0.0.1',
        requestId: 'id',
        requestTime: '',
        requestTimeEpoch: 0,
      },
      {},
    );
    assert.equal(error?.responseType, 'BAD_REQUEST_BODY');
    assert.equal(error?.defaultBody, '{"message": "Invalid request body"}');
    assert.equal(
      error?.validationErrorString,
      '[object has missing required properties (["name","quantity"])]',
    );
  });

  // "If no matching content type is found, request validation is not performed. To use the same
  // model regardless of the content type, set the content type for your data model to $default."
  it('the Content-Type selects the model; none matching: not validated', async () => {
    const note = await post('/typed', '{"text": "hi"}', { 'Content-Type': 'text/plain' });
    assert.equal(note.status, 200);
    const badNote = await post('/typed', '{}', { 'Content-Type': 'text/plain; charset=utf-8' });
    assert.equal(badNote.status, 400);
    const other = await post('/typed', 'a,b', { 'Content-Type': 'text/csv' });
    assert.equal(other.status, 200);
  });

  it('$default is the model for every content type without one of its own', async () => {
    assert.equal((await post('/fallback', '{}', { 'Content-Type': 'text/csv' })).status, 400);
    assert.equal((await post('/fallback', { text: 'x' })).status, 200);
  });

  it('a model the API does not have: 500 API configuration error, with the reason logged', async () => {
    const response = await post('/unknown', {});
    assert.equal(response.status, 500);
    assert.match(lines.at(-1) ?? '', /model Nope is not a model of the API/);
  });
});

/** The validation of an API read from an OpenAPI document (body mode or an import). */
function documentValidation(api: ReturnType<typeof readRestBody>): RequestValidation {
  return new RequestValidation({
    kind: 'rest',
    ...api,
    stages: [],
    usagePlans: [],
    apiKeys: [],
  } as RestApiModel);
}

/** A JSON request to the path, as the gateway hands it to validation. */
function jsonRequest(httpMethod: string, path: string, body: unknown): GatewayRequest {
  return {
    httpMethod,
    path,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryString: {},
    multiValueQueryString: {},
    body: Buffer.from(JSON.stringify(body)),
  } as Partial<GatewayRequest> as GatewayRequest;
}

describe('local gateway: request validation of an imported document', () => {
  // API Gateway imports each schema of the document as a model of that name, and a schema's
  // `$ref` to another as a reference to that model.
  const document = (oas3: boolean) => {
    const ref = (name: string) => (oas3 ? `#/components/schemas/${name}` : `#/definitions/${name}`);
    const schemas = {
      Pet: {
        type: 'object',
        required: ['name', 'tag'],
        properties: { name: { type: 'string' }, tag: { $ref: ref('Tag') } },
      },
      Tag: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
    };
    const body = oas3
      ? { requestBody: { content: { 'application/json': { schema: { $ref: ref('Pet') } } } } }
      : { parameters: [{ in: 'body', name: 'pet', schema: { $ref: ref('Pet') } }] };
    return {
      ...(oas3
        ? { openapi: '3.0.1', components: { schemas } }
        : { swagger: '2.0', definitions: schemas }),
      info: { title: 'pets', version: '1' },
      'x-amazon-apigateway-request-validators': {
        all: { validateRequestBody: true, validateRequestParameters: true },
      },
      'x-amazon-apigateway-request-validator': 'all',
      paths: {
        '/pets': {
          post: { ...body, responses: { 200: { description: 'ok' } } },
        },
      },
    };
  };

  for (const oas3 of [true, false]) {
    it(`follows a schema's $ref to another schema of the document (${oas3 ? 'OpenAPI 3.0' : 'Swagger 2.0'})`, () => {
      const api = readRestBody(document(oas3));
      const validation = documentValidation(api);
      const method = api.methods[0];
      const request = (body: unknown) => jsonRequest('POST', '/pets', body);
      assert.equal(
        validation.check(method, request({ name: 'rex', tag: { id: 1 } }), {}),
        undefined,
      );
      const refused = validation.check(method, request({ name: 'rex', tag: { id: 'one' } }), {});
      assert.equal(refused?.responseType, 'BAD_REQUEST_BODY');
    });
  }
});

describe('local gateway: an imported request body schema written inline', () => {
  it('validates the body against it, as API Gateway does with the model it makes of it', () => {
    const api = readRestBody({
      openapi: '3.0.1',
      info: { title: 'pets', version: '1' },
      components: {
        schemas: {
          Tag: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
        },
      },
      'x-amazon-apigateway-request-validators': {
        body: { validateRequestBody: true, validateRequestParameters: false },
      },
      'x-amazon-apigateway-request-validator': 'body',
      paths: {
        '/pets/{id}': {
          put: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      name: { type: 'string' },
                      tag: { $ref: '#/components/schemas/Tag' },
                    },
                  },
                },
              },
            },
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    });
    const method = api.methods[0];
    assert.deepEqual(method.requestModels, {
      'application/json': 'PUT /pets/{id} application/json',
    });
    const validation = documentValidation(api);
    const request = (body: unknown) => jsonRequest('PUT', '/pets/1', body);
    assert.equal(
      validation.check(method, request({ name: 'rex', tag: { id: 2 } }), { id: '1' }),
      undefined,
    );
    assert.equal(
      validation.check(method, request({ tag: { id: 2 } }), { id: '1' })?.responseType,
      'BAD_REQUEST_BODY',
    );
    assert.equal(
      validation.check(method, request({ name: 'rex', tag: { id: 'x' } }), { id: '1' })
        ?.responseType,
      'BAD_REQUEST_BODY',
    );
  });
});
