/**
 * API Gateway's own rules for `$context`, from "Variables for data transformations for API
 * Gateway" (api-gateway-mapping-template-reference, "Context variables for data transformations").
 */
import assert from 'node:assert/strict';
import { renderTemplate, renderTemplateDetailed, type RenderRequest } from '../../../src/vtl';

const AUTHORIZED: RenderRequest = {
  context: {
    authorizer: {
      key: 'value',
      numKey: 1,
      boolKey: true,
      claims: { email: 'ann@example.com' },
    },
    requestTimeEpoch: 1700000000123,
  },
};

describe('$context as API Gateway documents it', () => {
  it('$context.authorizer.<key> is "the stringified value" of the authorizer context entry (numKey 1 gives "1", boolKey true gives "true")', () => {
    assert.equal(
      renderTemplate(
        '$context.authorizer.key $context.authorizer.numKey.equals("1") $context.authorizer.boolKey.equals("true") $context.authorizer.numKey.length()',
        AUTHORIZED,
      ),
      'value true true 1',
    );
  });

  it('"Calling $context.authorizer.claims returns null"; $context.authorizer.claims.<claim> is the claim', () => {
    assert.equal(
      renderTemplate(
        '[$context.authorizer.claims][$context.authorizer.claims.email]#if($context.authorizer.claims) not null#end',
        AUTHORIZED,
      ),
      '[][ann@example.com]',
    );
  });

  it('$context.requestTimeEpoch is a number (milliseconds): integer arithmetic applies', () => {
    assert.equal(
      renderTemplate('#set($s = $context.requestTimeEpoch / 1000)$s', AUTHORIZED),
      '1700000000',
    );
  });

  it('a $context variable the request does not give is null: it renders as nothing and is false in #if (the reference does not document it)', () => {
    assert.equal(
      renderTemplate(
        '[$context.domainName][$context.identity.userArn]#if($context.domainName) set#end',
      ),
      '[][]',
    );
  });

  it('requestOverride values a template sets come back as plain data', () => {
    const { overrides } = renderTemplateDetailed(
      '#set($context.requestOverride.header.X-Count = 2)#set($context.requestOverride.querystring.tags = ["a", "b"])',
    );
    assert.deepEqual(overrides.requestOverride, {
      header: { 'X-Count': 2 },
      path: {},
      querystring: { tags: ['a', 'b'] },
    });
  });
});
