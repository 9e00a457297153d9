/**
 * Request validation: shared validators made only as needed, a Model per validated body, core's
 * Methods patched for http events, and schemas checked for JSON Schema draft-04.
 */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRoutes } from '../../../../src/features/routes/compile';
import { emptyEvents } from '../../../../src/common/events';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import { checkDraft04, DRAFT_04 } from '../../../../src/features/request-validation/models';
import { withServiceFiles } from '../../../../src/pipeline/service-files';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

const naming = standaloneNaming('orders', 'prod');
const API = { Ref: 'ApiGatewayRestApi' };
const ORDER = { type: 'object', required: ['item'], properties: { item: { type: 'string' } } };

function ofType(template: CfnTemplate, type: string): string[] {
  return Object.keys(template.Resources)
    .filter((id) => template.Resources[id].Type === type)
    .sort();
}

describe('request validation', () => {
  it('makes each kind of validator once, and a Model per validated body', () => {
    const config = resolveConfig(
      {
        routes: {
          'POST /a': { integration: 'mock', validate: { body: ORDER } },
          'POST /b': { integration: 'mock', validate: { body: ORDER } },
          'GET /c': {
            integration: 'mock',
            validate: {
              parameters: {
                querystring: { q: { required: true } },
                headers: { 'X-Trace': { required: false } },
              },
            },
          },
          'GET /d': {
            integration: 'mock',
            validate: { parameters: { headers: { 'X-Trace': { required: false } } } },
          },
        },
      },
      coreSettings(),
      emptyEvents(),
    );
    const template: CfnTemplate = { Resources: {} };
    for (const fragment of compileRoutes(config, { template, naming }))
      applyFragment(template, fragment);
    assert.deepEqual(ofType(template, 'AWS::ApiGateway::RequestValidator'), [
      'ApiGatewayRequestValidatorBody',
      'ApiGatewayRequestValidatorParameters',
    ]);
    assert.deepEqual(template.Resources.ApiGatewayRequestValidatorParameters.Properties, {
      RestApiId: API,
      Name: 'prod-orders | parameters',
      ValidateRequestBody: false,
      ValidateRequestParameters: true,
    });
    assert.deepEqual(ofType(template, 'AWS::ApiGateway::Model'), [
      'ApiGatewayMethodAPostApplicationJsonModel',
      'ApiGatewayMethodBPostApplicationJsonModel',
    ]);
    assert.deepEqual(template.Resources.ApiGatewayMethodAPostApplicationJsonModel.Properties, {
      RestApiId: API,
      ContentType: 'application/json',
      Schema: { $schema: DRAFT_04, ...ORDER },
    });
    const a = template.Resources.ApiGatewayMethodAPost.Properties ?? {};
    assert.deepEqual(a.RequestValidatorId, { Ref: 'ApiGatewayRequestValidatorBody' });
    assert.deepEqual(a.RequestModels, {
      'application/json': { Ref: 'ApiGatewayMethodAPostApplicationJsonModel' },
    });
    const c = template.Resources.ApiGatewayMethodCGet.Properties ?? {};
    assert.deepEqual(c.RequestParameters, {
      'method.request.header.X-Trace': false,
      'method.request.querystring.q': true,
    });
    // Only declared, nothing required: no validator.
    const d = template.Resources.ApiGatewayMethodDGet.Properties ?? {};
    assert.equal(d.RequestValidatorId, undefined);
    assert.deepEqual(d.RequestParameters, { 'method.request.header.X-Trace': false });
  });

  it('makes each named model once, shared by the routes and events that name it', () => {
    const events = httpEvents([
      {
        functionName: 'update',
        eventIndex: 0,
        settings: { validate: { body: 'Order' } },
        event: { method: 'put', path: 'orders' },
      },
    ]);
    const config: ApiGatewayConfig = {
      models: {
        Order: { schema: 'schemas/order.json', description: 'An order as clients send it' },
        Note: { schema: { type: 'string' }, contentType: 'text/plain' },
      },
      routes: {
        'POST /orders': { integration: 'mock', validate: { body: 'Order' } },
        'POST /notes': { integration: 'mock', validate: { body: 'Note' } },
      },
    };
    const core = withServiceFiles(coreSettings(), config, events, '/svc', () =>
      JSON.stringify(ORDER),
    );
    const template: CfnTemplate = {
      Resources: {
        ApiGatewayResourceOrders: {
          Type: 'AWS::ApiGateway::Resource',
          Properties: {
            ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
            PathPart: 'orders',
            RestApiId: API,
          },
        },
        ApiGatewayMethodOrdersPut: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'PUT',
            RestApiId: API,
            ResourceId: { Ref: 'ApiGatewayResourceOrders' },
          },
        },
      },
    };
    for (const fragment of compileRoutes(resolveConfig(config, core, events), {
      template,
      naming,
    }))
      applyFragment(template, fragment);
    assert.deepEqual(ofType(template, 'AWS::ApiGateway::Model'), [
      'ApiGatewayModelNote',
      'ApiGatewayModelOrder',
    ]);
    assert.deepEqual(template.Resources.ApiGatewayModelOrder.Properties, {
      RestApiId: API,
      Name: 'Order',
      ContentType: 'application/json',
      Description: 'An order as clients send it',
      Schema: { $schema: DRAFT_04, ...ORDER },
    });
    assert.equal(template.Resources.ApiGatewayModelNote.Properties?.ContentType, 'text/plain');
    for (const id of ['ApiGatewayMethodOrdersPost', 'ApiGatewayMethodOrdersPut']) {
      assert.deepEqual(template.Resources[id].Properties?.RequestModels, {
        'application/json': { Ref: 'ApiGatewayModelOrder' },
      });
    }
    assert.deepEqual(template.Resources.ApiGatewayMethodNotesPost.Properties?.RequestModels, {
      'text/plain': { Ref: 'ApiGatewayModelNote' },
    });
  });

  it("patches core's Method of an http event that validates, keeping its parameters", () => {
    const events = httpEvents([
      {
        functionName: 'create',
        eventIndex: 0,
        settings: {
          validate: {
            body: 'schemas/order.json',
            parameters: { querystring: { dryRun: { required: true } } },
          },
        },
        event: { method: 'post', path: 'orders/{id}' },
      },
    ]);
    const config: ApiGatewayConfig = {};
    const core = withServiceFiles(coreSettings(), config, events, '/svc', () =>
      JSON.stringify(ORDER),
    );
    const resolved = resolveConfig(config, core, events);
    const template: CfnTemplate = {
      Resources: {
        ApiGatewayResourceOrders: {
          Type: 'AWS::ApiGateway::Resource',
          Properties: {
            ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
            PathPart: 'orders',
            RestApiId: API,
          },
        },
        ApiGatewayResourceOrdersIdVar: {
          Type: 'AWS::ApiGateway::Resource',
          Properties: {
            ParentId: { Ref: 'ApiGatewayResourceOrders' },
            PathPart: '{id}',
            RestApiId: API,
          },
        },
        ApiGatewayMethodOrdersIdVarPost: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'POST',
            RestApiId: API,
            ResourceId: { Ref: 'ApiGatewayResourceOrdersIdVar' },
            RequestParameters: { 'method.request.path.id': true },
          },
        },
      },
    };
    for (const fragment of compileRoutes(resolved, { template, naming }))
      applyFragment(template, fragment);
    assert.deepEqual(template.Resources.ApiGatewayMethodOrdersIdVarPost.Properties, {
      HttpMethod: 'POST',
      RestApiId: API,
      ResourceId: { Ref: 'ApiGatewayResourceOrdersIdVar' },
      RequestParameters: {
        'method.request.path.id': true,
        'method.request.querystring.dryRun': true,
      },
      RequestValidatorId: { Ref: 'ApiGatewayRequestValidatorBodyAndParameters' },
      RequestModels: {
        'application/json': { Ref: 'ApiGatewayMethodOrdersIdVarPostApplicationJsonModel' },
      },
    });
    assert.deepEqual(
      (template.Resources.ApiGatewayMethodOrdersIdVarPostApplicationJsonModel.Properties ?? {})
        .Schema,
      { $schema: DRAFT_04, ...ORDER },
    );
  });

  describe('draft-04', () => {
    it('accepts a draft-04 schema', () => {
      assert.deepEqual(
        checkDraft04(
          {
            $schema: DRAFT_04,
            type: 'object',
            properties: { n: { type: 'number', minimum: 0, exclusiveMinimum: true } },
            definitions: { x: { type: 'string' } },
            dependencies: { a: ['b'] },
          },
          'p',
        ),
        [],
      );
    });

    it('says what to write instead of later drafts, wherever it is', () => {
      assert.deepEqual(
        checkDraft04(
          {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: {
              kind: { const: 'order' },
              qty: { type: 'number', exclusiveMinimum: 0 },
              tags: { type: 'array', items: { $ref: '#/$defs/tag' } },
              note: { type: 'string', required: true },
            },
            anyOf: [{ if: { type: 'object' } }],
          },
          'v.body',
        ),
        [
          {
            path: "v.body['$schema']",
            message:
              '"https://json-schema.org/draft/2020-12/schema": API Gateway validates with JSON Schema draft-04; set $schema to "http://json-schema.org/draft-04/schema#" or remove it, and write the schema in draft-04',
          },
          {
            path: 'v.body.properties.kind.const',
            message:
              'const is not a JSON Schema draft-04 keyword (API Gateway validates with draft-04 and would ignore it); write enum: [<the value>]',
          },
          {
            path: 'v.body.properties.note.required',
            message:
              'required: true is draft-03; in draft-04 required is a list of property names on the parent object schema',
          },
          {
            path: 'v.body.properties.qty.exclusiveMinimum',
            message:
              'in draft-04 exclusiveMinimum is a boolean next to minimum; write minimum: 0, exclusiveMinimum: true',
          },
          {
            path: "v.body.properties.tags.items['$ref']",
            message:
              '"#/$defs/tag": draft-04 keeps subschemas under definitions; write "#/definitions/tag"',
          },
          {
            path: 'v.body.anyOf[0].if',
            message:
              'if is not a JSON Schema draft-04 keyword (API Gateway validates with draft-04 and would ignore it); express the condition with oneOf/anyOf (draft-04 has no if/then/else)',
          },
        ],
      );
    });

    it('reports through validation, for routes and events, inline and from files', () => {
      const events = httpEvents([
        {
          functionName: 'create',
          eventIndex: 0,
          settings: { validate: { body: 'schemas/bad.json' } },
        },
      ]);
      const config: ApiGatewayConfig = {
        routes: {
          'POST /a/{id}': {
            integration: 'mock',
            validate: {
              body: { type: 'object', propertyNames: { pattern: '^a' } },
              parameters: { paths: { ids: { required: true } } },
            },
          },
        },
      };
      const core = withServiceFiles(coreSettings(), config, events, '/svc', () => '{"const": 1}');
      assert.deepEqual(validateConfig(config, events, core).errors, [
        {
          path: "custom.apiGateway.routes['POST /a/{id}'].validate.body.propertyNames",
          message:
            'propertyNames is not a JSON Schema draft-04 keyword (API Gateway validates with draft-04 and would ignore it); use patternProperties with additionalProperties: false',
        },
        {
          path: "custom.apiGateway.routes['POST /a/{id}'].validate.parameters.paths.ids",
          message:
            'POST /a/{id} has no path parameter {ids}; did you mean id?; its path parameters: id',
        },
        {
          path: 'functions.create.events[0].http.apiGateway.validate.body.const',
          message:
            'schemas/bad.json: const is not a JSON Schema draft-04 keyword (API Gateway validates with draft-04 and would ignore it); write enum: [<the value>]',
        },
      ]);
    });

    it('checks named models: their schemas, and the names endpoints use', () => {
      const events = httpEvents([
        { functionName: 'create', eventIndex: 0, settings: { validate: { body: 'Ordr' } } },
      ]);
      const config: ApiGatewayConfig = {
        models: {
          Order: { schema: { type: 'object', const: 1 } },
          Item: { schema: 'schemas/missing.json' },
        },
        routes: { 'POST /a': { integration: 'mock', validate: { body: 'Item' } } },
      };
      const core = withServiceFiles(coreSettings(), config, events, '/svc', () => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      });
      assert.deepEqual(validateConfig(config, events, core).errors, [
        {
          path: 'custom.apiGateway.models.Item.schema',
          message:
            'schema file schemas/missing.json does not exist; the path is relative to the service directory',
        },
        {
          path: 'custom.apiGateway.models.Order.schema.const',
          message:
            'const is not a JSON Schema draft-04 keyword (API Gateway validates with draft-04 and would ignore it); write enum: [<the value>]',
        },
        {
          path: 'functions.create.events[0].http.apiGateway.validate.body',
          message:
            '"Ordr" is not a model of custom.apiGateway.models (did you mean "Order"?); the models: Item, Order',
        },
      ]);
      assert.deepEqual(validateConfig({}, events, coreSettings()).errors, [
        {
          path: 'functions.create.events[0].http.apiGateway.validate.body',
          message:
            '"Ordr" is not a model: custom.apiGateway.models defines none; define it there (models: { Ordr: { schema: … } }), or give a .json file or an inline schema',
        },
      ]);
    });

    it("refuses validation set both here and with core's request.schemas", () => {
      const events = httpEvents([
        {
          functionName: 'create',
          eventIndex: 0,
          settings: { validate: { body: ORDER } },
          event: {
            method: 'post',
            path: 'orders',
            request: { schemas: { 'application/json': ORDER } },
          },
        },
      ]);
      assert.deepEqual(validateConfig({}, events, coreSettings()).errors, [
        {
          path: 'functions.create.events[0].http.apiGateway.validate',
          message:
            "the event also sets core's request.schemas, which makes a validator of its own; set the validation in one place: move it to apiGateway.validate.body (or remove apiGateway.validate)",
        },
      ]);
    });
  });
});
