import assert from 'node:assert/strict';
import { diffRequestBodies } from '../../../../src/openapi/diff/bodies';
import { compareSchemas } from '../../../../src/openapi/diff/schema';
import { api, lines, method } from './models';

const none = () => undefined;
const resolvers = { before: none, after: none };

function findings(before: unknown, after: unknown): string[] {
  return compareSchemas(before, after, resolvers).map(
    (f) => `${f.narrowed ? 'narrowed' : 'relaxed'} ${f.location}: ${f.message}`,
  );
}

describe('apigateway diff: JSON Schemas of request bodies', () => {
  it('a type changed is narrowed; integer → number and a type dropped are relaxed', () => {
    assert.deepEqual(findings({ type: 'string' }, { type: 'integer' }), [
      'narrowed body: type narrowed: string → integer',
    ]);
    assert.deepEqual(findings({ type: 'integer' }, { type: 'number' }), [
      'relaxed body: type widened: integer → number',
    ]);
    assert.deepEqual(findings({ type: 'number' }, { type: 'integer' }), [
      'narrowed body: type narrowed: number → integer',
    ]);
    assert.deepEqual(findings({ type: 'string' }, {}), [
      'relaxed body: type widened: string → any',
    ]);
  });

  it('enum values removed are narrowed, added relaxed; a new enum narrows', () => {
    assert.deepEqual(findings({ enum: ['a', 'b'] }, { enum: ['a', 'c'] }), [
      'narrowed body: enum values removed: "b"',
      'relaxed body: enum values added: "c"',
    ]);
    assert.deepEqual(findings({}, { enum: [1, 2] }), [
      'narrowed body: values now limited to enum [1, 2]',
    ]);
    assert.deepEqual(findings({ enum: [1] }, {}), [
      'relaxed body: enum removed: any value of the type accepted',
    ]);
  });

  it('bounds tightened are narrowed, loosened relaxed', () => {
    assert.deepEqual(
      findings(
        { maxLength: 100, maximum: 10, minLength: 1, minimum: 0 },
        { maxLength: 50, maximum: 20, minLength: 3, maxItems: 5 },
      ),
      [
        'narrowed body: maxLength 100 → 50',
        'relaxed body: maximum 10 → 20',
        'narrowed body: maxItems set to 5',
        'narrowed body: minLength 1 → 3',
        'relaxed body: minimum 0 → none',
      ],
    );
  });

  it('new required properties, additionalProperties false and removed properties narrow; nested too', () => {
    const before = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        note: { type: 'string' },
        lines: {
          type: 'array',
          items: { type: 'object', properties: { sku: { type: 'string', pattern: '^[A-Z]+$' } } },
        },
      },
    };
    const after = {
      type: 'object',
      required: ['id', 'customer'],
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        customer: { type: 'string' },
        lines: {
          type: 'array',
          items: { type: 'object', properties: { sku: { type: 'string', pattern: '^[A-Z]{3}$' } } },
        },
        coupon: { type: 'string' },
      },
    };
    assert.deepEqual(findings(before, after), [
      'narrowed body: property "customer" is now required',
      'narrowed body: additionalProperties turned false: properties not listed are refused',
      'narrowed body.lines[].sku: pattern ^[A-Z]+$ → ^[A-Z]{3}$',
      'narrowed body: property "note" removed: sending it is refused now',
      'relaxed body: optional property "coupon" added',
    ]);
    assert.deepEqual(findings(after, before), [
      'relaxed body: property "customer" is no longer required',
      'relaxed body: additionalProperties no longer false',
      'relaxed body: property "coupon" removed from the schema (still accepted)',
      'relaxed body: property "customer" removed from the schema (still accepted)',
      'narrowed body.lines[].sku: pattern ^[A-Z]{3}$ → ^[A-Z]+$',
      'relaxed body: optional property "note" added',
    ]);
  });

  it('follows $refs to other models of each side, and stops at a cycle', () => {
    const node = (type: string) => ({
      type: 'object',
      properties: {
        value: { type },
        children: { type: 'array', items: { $ref: '#/definitions/Node' } },
      },
    });
    const found = compareSchemas(
      { $ref: 'Node' },
      { $ref: 'Node' },
      { before: () => node('string'), after: () => node('boolean') },
    );
    assert.deepEqual(
      found.map((f) => `${f.location}: ${f.message}`),
      ['body.value: type narrowed: string → boolean'],
    );
  });

  it('a template $ref (Fn::Join to …/models/Name) resolves by model name', () => {
    const ref = {
      'Fn::Join': [
        '',
        ['https://apigateway.amazonaws.com/restapis/', { Ref: 'Api' }, '/models/Line'],
      ],
    };
    const found = compareSchemas(
      { type: 'object', properties: { line: { $ref: ref } } },
      { type: 'object', properties: { line: { $ref: ref } } },
      {
        before: (name) => (name === 'Line' ? { maxLength: 9 } : undefined),
        after: (name) => (name === 'Line' ? { maxLength: 3 } : undefined),
      },
    );
    assert.deepEqual(
      found.map((f) => f.message),
      ['maxLength 9 → 3'],
    );
  });
});

describe('apigateway diff: request bodies of methods', () => {
  const order = (required: string[]) => ({ name: 'Order', schema: { type: 'object', required } });
  const bodyValidator = {
    name: 'body',
    validateRequestBody: true,
    validateRequestParameters: false,
  };
  const post = (validator?: string) =>
    method('POST', '/orders', {
      requestModels: { 'application/json': 'Order' },
      ...(validator ? { requestValidator: validator } : {}),
    });

  it('a narrowed body model is breaking where a validator checks the body, documented only elsewhere', () => {
    const before = api([post('body')], { models: [order([])], requestValidators: [bodyValidator] });
    const after = api([post('body')], {
      models: [order(['sku'])],
      requestValidators: [bodyValidator],
    });
    assert.deepEqual(lines(diffRequestBodies(before, after)), [
      'breaking schema-narrowed POST /orders: request body (application/json) body: property "sku" is now required',
    ]);
    const unchecked = diffRequestBodies(
      api([post()], { models: [order([])] }),
      api([post()], { models: [order(['sku'])] }),
    );
    assert.deepEqual(lines(unchecked), [
      'non-breaking schema-narrowed POST /orders: request body (application/json) body: property "sku" is now required (documented only: no request validator checks the body)',
    ]);
    assert.deepEqual(lines(diffRequestBodies(after, before)), [
      'non-breaking schema-relaxed POST /orders: request body (application/json) body: property "sku" is no longer required',
    ]);
  });

  it('a model or body validation added where none was is breaking; removed is not', () => {
    const bare = api([method('POST', '/orders')], { requestValidators: [bodyValidator] });
    const modelled = api([post('body')], {
      models: [order([])],
      requestValidators: [bodyValidator],
    });
    assert.deepEqual(lines(diffRequestBodies(bare, modelled)), [
      'breaking body-model-added POST /orders: request body (application/json) now validated against model Order',
    ]);
    assert.deepEqual(lines(diffRequestBodies(modelled, bare)), [
      'non-breaking body-model-removed POST /orders: request body (application/json): model Order removed',
    ]);
    const unchecked = api([post()], { models: [order([])] });
    assert.deepEqual(lines(diffRequestBodies(unchecked, modelled)), [
      'breaking validation-added POST /orders: request body (application/json) is now validated against model Order',
    ]);
  });
});
