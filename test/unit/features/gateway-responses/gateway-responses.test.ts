/** Gateway responses: resolution (cors, json preset), the compiled resources, and validation. */
import assert from 'node:assert/strict';
import { compileGatewayResponses } from '../../../../src/features/gateway-responses/compile';
import { gatewayResponseLogicalId } from '../../../../src/cloudformation/naming';
import {
  JSON_PRESET_BODY,
  resolveGatewayResponses,
} from '../../../../src/features/gateway-responses/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { assertValidTemplate } from '../../../helpers/cfn-check';
import { coreSettings } from '../../../helpers/config-builders';
import {
  applied,
  context,
  coreTemplate,
  events,
  resolved,
  standardEvents,
} from '../../../helpers/endpoint-settings';

const ANY_ORIGIN_HEADERS = {
  'Access-Control-Allow-Headers':
    "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id'",
  'Access-Control-Allow-Origin': "'*'",
};

describe('resolveGatewayResponses', () => {
  it('is empty without gatewayResponses', () => {
    assert.deepEqual(resolveGatewayResponses({}), []);
  });

  it('cors: true puts the CORS headers on DEFAULT_4XX, DEFAULT_5XX and every configured type', () => {
    const responses = resolveGatewayResponses({
      gatewayResponses: { cors: true, THROTTLED: { body: { message: 'Slow down' } } },
    });
    assert.deepEqual(responses, [
      { type: 'DEFAULT_4XX', headers: ANY_ORIGIN_HEADERS },
      { type: 'DEFAULT_5XX', headers: ANY_ORIGIN_HEADERS },
      { type: 'THROTTLED', headers: ANY_ORIGIN_HEADERS, body: '{"message":"Slow down"}' },
    ]);
  });

  const SEVERAL_ORIGINS = {
    origins: ['https://a.example.com', 'https://*.b.example.com'],
    headers: ['Authorization'],
    allowCredentials: true,
    exposeHeaders: ['X-Request-Id'],
  };

  it('sends the one allowed origin as a static value', () => {
    const [first] = resolveGatewayResponses({
      cors: { ...SEVERAL_ORIGINS, origins: ['https://a.example.com'] },
      gatewayResponses: { cors: true },
    });
    assert.deepEqual(first.headers, {
      'Access-Control-Allow-Credentials': "'true'",
      'Access-Control-Allow-Headers': "'Authorization'",
      'Access-Control-Allow-Origin': "'https://a.example.com'",
      'Access-Control-Expose-Headers': "'X-Request-Id'",
      Vary: "'Origin'",
    });
  });

  it('never echoes the request Origin: with several origins cors: true sends no CORS headers', () => {
    assert.deepEqual(
      resolveGatewayResponses({ cors: SEVERAL_ORIGINS, gatewayResponses: { cors: true } }),
      [],
    );
    const responses = resolveGatewayResponses({
      cors: SEVERAL_ORIGINS,
      gatewayResponses: {
        cors: true,
        preset: 'json',
        THROTTLED: { headers: { 'Retry-After': '1' } },
      },
    });
    for (const response of responses) {
      assert.ok(
        Object.values(response.headers).every((value) => !value.startsWith('method.request.')),
      );
      assert.equal(response.headers['Access-Control-Allow-Origin'], undefined, response.type);
    }
    assert.deepEqual(responses.find((r) => r.type === 'THROTTLED')?.headers, {
      'Retry-After': "'1'",
    });
  });

  it('sends the origin cors: { origin } names, listed or matched by a pattern', () => {
    for (const origin of ['https://a.example.com', 'https://x.b.example.com']) {
      const [first] = resolveGatewayResponses({
        cors: SEVERAL_ORIGINS,
        gatewayResponses: { cors: { origin } },
      });
      assert.equal(first.type, 'DEFAULT_4XX');
      assert.equal(first.headers['Access-Control-Allow-Origin'], `'${origin}'`);
      assert.equal(first.headers['Access-Control-Allow-Credentials'], "'true'");
    }
    assert.deepEqual(
      resolveGatewayResponses({
        cors: SEVERAL_ORIGINS,
        gatewayResponses: { cors: { origin: 'https://evil.example.net' } },
      }),
      [],
    );
  });

  it('the json preset gives every error one body and the expected status codes', () => {
    const responses = resolveGatewayResponses({ gatewayResponses: { preset: 'json' } });
    assert.deepEqual(
      responses.map((r) => [r.type, r.statusCode]),
      [
        ['ACCESS_DENIED', '403'],
        ['BAD_REQUEST_BODY', '400'],
        ['BAD_REQUEST_PARAMETERS', '400'],
        ['DEFAULT_4XX', undefined],
        ['DEFAULT_5XX', undefined],
        ['INTEGRATION_FAILURE', '502'],
        ['INTEGRATION_TIMEOUT', '504'],
        ['QUOTA_EXCEEDED', '429'],
        ['THROTTLED', '429'],
      ],
    );
    for (const response of responses) assert.equal(response.body, JSON_PRESET_BODY);
    assert.equal(
      JSON_PRESET_BODY,
      '{"message":$context.error.messageString,"type":"$context.error.responseType","requestId":"$context.requestId"}',
    );
  });

  it('merges configured types over the preset, headers quoted unless they are mappings', () => {
    const responses = resolveGatewayResponses({
      gatewayResponses: {
        preset: 'json',
        THROTTLED: {
          statusCode: 503,
          headers: { 'Retry-After': '1', 'X-Id': 'context.requestId', 'X-Q': "'q'" },
        },
        UNAUTHORIZED: { body: '{"error": $context.error.messageString}' },
      },
    });
    const throttled = responses.find((r) => r.type === 'THROTTLED');
    assert.deepEqual(throttled, {
      type: 'THROTTLED',
      statusCode: '503',
      headers: { 'Retry-After': "'1'", 'X-Id': 'context.requestId', 'X-Q': "'q'" },
      body: JSON_PRESET_BODY,
    });
    assert.deepEqual(
      responses.find((r) => r.type === 'UNAUTHORIZED'),
      {
        type: 'UNAUTHORIZED',
        headers: {},
        body: '{"error": $context.error.messageString}',
      },
    );
  });
});

describe('compileGatewayResponses', () => {
  it('emits one GatewayResponse per type, and the Deployment waits for them', () => {
    const config = resolved(
      { gatewayResponses: { cors: true, preset: 'json', UNAUTHORIZED: { statusCode: '401' } } },
      standardEvents(),
    );
    const template = coreTemplate();
    const before = structuredClone(template);
    const fragments = compileGatewayResponses(config, context(template));
    assert.deepEqual(template, before);
    const after = applied(template, fragments);
    assert.deepEqual(after.Resources.ApiGatewayResponseDefault4XX, {
      Type: 'AWS::ApiGateway::GatewayResponse',
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        ResponseType: 'DEFAULT_4XX',
        ResponseParameters: {
          'gatewayresponse.header.Access-Control-Allow-Headers':
            ANY_ORIGIN_HEADERS['Access-Control-Allow-Headers'],
          'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
        },
        ResponseTemplates: { 'application/json': JSON_PRESET_BODY },
      },
    });
    assert.equal(after.Resources.ApiGatewayResponseUnauthorized.Properties?.StatusCode, '401');
    assert.equal(
      after.Resources.ApiGatewayResponseIntegrationFailure.Properties?.StatusCode,
      '502',
    );
    assert.deepEqual(
      after.Resources.ApiGatewayDeployment1700000000000.DependsOn,
      Object.keys(after.Resources)
        .filter((id) => id.startsWith('ApiGatewayResponse'))
        .sort(),
    );
    assertValidTemplate(after);
  });

  it('names resources after the type', () => {
    assert.equal(gatewayResponseLogicalId('DEFAULT_5XX'), 'ApiGatewayResponseDefault5XX');
    assert.equal(
      gatewayResponseLogicalId('MISSING_AUTHENTICATION_TOKEN'),
      'ApiGatewayResponseMissingAuthenticationToken',
    );
  });

  it('emits nothing without gatewayResponses', () => {
    assert.deepEqual(
      compileGatewayResponses(resolved({}, standardEvents()), context(coreTemplate())),
      [],
    );
  });
});

describe('gateway responses validation', () => {
  const check = (gatewayResponses: unknown) =>
    validateConfig({ gatewayResponses } as ApiGatewayConfig, events([]), coreSettings()).errors;

  it('suggests the response type a typo meant', () => {
    assert.deepEqual(check({ THROTLED: {} }), [
      {
        path: 'custom.apiGateway.gatewayResponses.THROTLED',
        message:
          'unknown key "THROTLED"; did you mean "THROTTLED"? Allowed keys: cors, preset, DEFAULT_4XX, DEFAULT_5XX, ACCESS_DENIED, API_CONFIGURATION_ERROR, AUTHORIZER_CONFIGURATION_ERROR, AUTHORIZER_FAILURE, BAD_REQUEST_BODY, BAD_REQUEST_PARAMETERS, EXPIRED_TOKEN, INTEGRATION_FAILURE, INTEGRATION_TIMEOUT, INVALID_API_KEY, INVALID_SIGNATURE, MISSING_AUTHENTICATION_TOKEN, QUOTA_EXCEEDED, REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, THROTTLED, UNAUTHORIZED, UNSUPPORTED_MEDIA_TYPE, WAF_FILTERED.',
      },
    ]);
  });

  it('wants 4XX/5XX-shaped status codes', () => {
    const errors = check({ THROTTLED: { statusCode: 200 }, UNAUTHORIZED: { statusCode: '4011' } });
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'custom.apiGateway.gatewayResponses.THROTTLED.statusCode',
        'custom.apiGateway.gatewayResponses.UNAUTHORIZED.statusCode',
      ],
    );
    assert.equal(
      errors[0].message,
      "200 is below the minimum 400: a 4XX or 5XX HTTP status code (400-599), as a number or a string; default: the type's own code (THROTTLED 429, UNAUTHORIZED 401 ...)",
    );
  });

  it('keeps DEFAULT_4XX 4XX and DEFAULT_5XX 5XX', () => {
    assert.deepEqual(
      check({ DEFAULT_4XX: { statusCode: 500 }, DEFAULT_5XX: { statusCode: '404' } }),
      [
        {
          path: 'custom.apiGateway.gatewayResponses.DEFAULT_4XX.statusCode',
          message:
            '500 is not a 4XX status code, but DEFAULT_4XX answers client errors; use 400-499',
        },
        {
          path: 'custom.apiGateway.gatewayResponses.DEFAULT_5XX.statusCode',
          message:
            '404 is not a 5XX status code, but DEFAULT_5XX answers server errors; use 500-599',
        },
      ],
    );
  });

  it('refuses VTL directives in a gateway response template', () => {
    assert.deepEqual(check({ UNAUTHORIZED: { body: '#if($context.error.message)x#end' } }), [
      {
        path: 'custom.apiGateway.gatewayResponses.UNAUTHORIZED.body',
        message:
          '#if is not supported in a gateway response template: API Gateway only substitutes variables there ($context.error.messageString, $context.requestId, $stageVariables.x …); remove the directive',
      },
    ]);
  });

  const semantic = (config: ApiGatewayConfig) => validateConfig(config, events([]), coreSettings());

  it('warns that several origins get no CORS headers on gateway responses, with the way out', () => {
    assert.deepEqual(
      semantic({
        cors: {
          origins: ['https://a.example.com', 'https://b.example.com'],
          allowCredentials: true,
        },
        gatewayResponses: { cors: true },
      }),
      {
        errors: [],
        warnings: [
          {
            path: 'custom.apiGateway.gatewayResponses.cors',
            message:
              "custom.apiGateway.cors allows several origins (https://a.example.com, https://b.example.com), but a gateway response can send only one fixed Access-Control-Allow-Origin (API Gateway maps static values and request parameters there, with no condition), and echoing the request's Origin would let any site read these errors with the user's credentials; so gateway responses get no CORS headers and browsers cannot read API Gateway's own errors. To let one origin read them, write gatewayResponses.cors: { origin: https://a.example.com }",
          },
        ],
      },
    );
    assert.deepEqual(
      semantic({
        cors: { origins: ['https://a.example.com'] },
        gatewayResponses: { cors: true },
      }),
      { errors: [], warnings: [] },
    );
  });

  it('refuses a gateway response origin the CORS policy does not allow', () => {
    assert.deepEqual(
      semantic({
        cors: { origins: ['https://a.example.com', 'https://*.b.example.com'] },
        gatewayResponses: { cors: { origin: 'https://evil.example.net' } },
      }).errors,
      [
        {
          path: 'custom.apiGateway.gatewayResponses.cors.origin',
          message:
            "https://evil.example.net is not an origin custom.apiGateway.cors allows (https://a.example.com, https://*.b.example.com), so it may not read the API's errors either; name one of those origins",
        },
      ],
    );
    assert.deepEqual(
      semantic({
        cors: { origins: ['https://a.example.com', 'https://*.b.example.com'] },
        gatewayResponses: { cors: { origin: 'https://app.b.example.com' } },
      }),
      { errors: [], warnings: [] },
    );
  });

  it('warns when a response maps Access-Control-Allow-Origin from the request', () => {
    const { warnings } = semantic({
      cors: { origins: ['https://a.example.com'], allowCredentials: true },
      gatewayResponses: {
        UNAUTHORIZED: {
          headers: { 'Access-Control-Allow-Origin': 'method.request.header.Origin' },
        },
      },
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].path, /gatewayResponses\.UNAUTHORIZED\.headers/);
    assert.equal(
      warnings[0].message,
      "method.request.header.Origin sends back whatever the caller puts in the request, so any website can read UNAUTHORIZED responses with the user's credentials (custom.apiGateway.cors has allowCredentials); gateway responses cannot check it against the allowed origins. Send one fixed origin instead ('https://app.example.com', or gatewayResponses.cors: { origin })",
    );
  });

  it('accepts the documented shapes', () => {
    assert.deepEqual(
      check({
        cors: true,
        preset: 'json',
        DEFAULT_4XX: { headers: { 'X-Request-Id': 'context.requestId' } },
        THROTTLED: { statusCode: 429, body: { message: 'Slow down' } },
        WAF_FILTERED: { statusCode: '403', body: '{"message": "blocked"}' },
      }),
      [],
    );
  });
});
