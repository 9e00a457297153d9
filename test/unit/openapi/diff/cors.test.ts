import assert from 'node:assert/strict';
import type { GatewayResponse } from '../../../../src/model';
import { diffCors } from '../../../../src/openapi/diff/cors';
import { api, lines, method } from './models';

function preflight(origins: string | string[]) {
  const parameters =
    typeof origins === 'string'
      ? { 'method.response.header.Access-Control-Allow-Origin': `'${origins}'` }
      : {};
  const template =
    typeof origins === 'string'
      ? ''
      : [
          '#set($origin = $input.params("Origin"))',
          `#if(${origins.map((o) => (o.includes('*') ? `$origin.matches("${o.replace(/\./g, '\\.').replace('*', '.+')}")` : `$origin == "${o}"`)).join(' || ')})`,
          '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
          '#end',
        ].join('\n');
  return method('OPTIONS', '/orders', {
    integration: {
      type: 'MOCK',
      responses: [
        {
          statusCode: '200',
          responseParameters: parameters,
          responseTemplates: { 'application/json': template },
        },
      ],
    },
  });
}

function gatewayResponse(origin: string): GatewayResponse {
  return {
    responseType: 'DEFAULT_4XX',
    responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': `'${origin}'` },
  };
}

describe('apigateway diff: CORS origins', () => {
  it('an origin removed from the preflight template is breaking; one added is not', () => {
    const before = api([preflight(['https://app.example.com', 'https://admin.example.com'])]);
    const after = api([preflight(['https://app.example.com', 'https://*.preview.example.com'])]);
    assert.deepEqual(lines(diffCors(before, after)), [
      'breaking cors-origin-removed OPTIONS /orders: CORS origin https://admin.example.com removed from the preflight',
      'non-breaking cors-origin-added OPTIONS /orders: CORS origin pattern https://.+\\.preview\\.example\\.com added from the preflight',
    ]);
  });

  it('a static origin replaced is breaking; `*` allows every origin', () => {
    assert.deepEqual(
      lines(
        diffCors(
          api([preflight('https://a.example.com')]),
          api([preflight('https://b.example.com')]),
        ),
      ),
      [
        'breaking cors-origin-removed OPTIONS /orders: CORS origin https://a.example.com removed from the preflight',
        'non-breaking cors-origin-added OPTIONS /orders: CORS origin https://b.example.com added from the preflight',
      ],
    );
    assert.deepEqual(
      lines(diffCors(api([preflight(['https://a.example.com'])]), api([preflight('*')]))),
      ['non-breaking cors-origin-added OPTIONS /orders: CORS origin * added from the preflight'],
    );
    assert.deepEqual(
      lines(diffCors(api([preflight('*')]), api([preflight(['https://a.example.com'])]))),
      ['breaking cors-origin-removed OPTIONS /orders: CORS origin * removed from the preflight'],
    );
  });

  it("a gateway response's origin removed is breaking", () => {
    const before = api([], { gatewayResponses: [gatewayResponse('https://app.example.com')] });
    const after = api([], {
      gatewayResponses: [{ responseType: 'DEFAULT_4XX', responseParameters: {} }],
    });
    assert.deepEqual(lines(diffCors(before, after)), [
      'breaking cors-origin-removed * *: CORS origin https://app.example.com removed from gateway response DEFAULT_4XX',
    ]);
    assert.deepEqual(lines(diffCors(after, before)), [
      'non-breaking cors-origin-added * *: CORS origin https://app.example.com added from gateway response DEFAULT_4XX',
    ]);
  });
});
