/** CORS: preflight methods, the multi-origin template (rendered), semantic checks, and the handler helper. */
import assert from 'node:assert/strict';
import { render } from 'velocityjs';
import { compileCors, preflightTemplate } from '../../../../src/features/cors/compile';
import { type ResolvedCors } from '../../../../src/features/cors/resolve';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { addCorsHeaders, corsHeaders, withCors } from '../../../../src/runtime/cors';
import { renderTemplateDetailed } from '../../../../src/vtl/render';
import { assertValidTemplate } from '../../../helpers/cfn-check';
import { coreSettings } from '../../../helpers/config-builders';
import {
  applied,
  context,
  coreTemplate,
  resolved,
  standardEvents,
} from '../../../helpers/endpoint-settings';

interface IntegrationShape {
  Type?: string;
  RequestTemplates: Record<string, string>;
  IntegrationResponses: Array<{
    ResponseParameters: Record<string, string | undefined>;
    ResponseTemplates: Record<string, string>;
  }>;
  CacheKeyParameters?: string[];
  RequestParameters: Record<string, string>;
}
interface MethodResponseShape {
  ResponseParameters: Record<string, boolean>;
}

const THREE_ORIGINS: [string, ...string[]] = [
  'https://app.example.com',
  'https://admin.example.com',
  'https://*.preview.example.com',
];

/**
 * Renders a preflight response template the way API Gateway does for a MOCK integration, with a
 * minimal `$input.params()` (headers only) and `$context.responseOverride`.
 */
function renderPreflight(template: string, headers: Record<string, string>) {
  const javaString = (value: string) =>
    Object.assign(new String(value), {
      // Java's String.matches: the whole string must match.
      matches(pattern: string) {
        return new RegExp(`^(?:${pattern})$`).test(value);
      },
    });
  const context = { responseOverride: { header: {} as Record<string, unknown> } };
  const input = {
    params: (name: string) => (name in headers ? javaString(headers[name]) : javaString('')),
  };
  const body = render(template, { input, context });
  const override = context.responseOverride.header['Access-Control-Allow-Origin'];
  return { body, allowOrigin: override === undefined ? undefined : String(override) };
}

function preflightOf(template: ReturnType<typeof coreTemplate>, logicalId: string) {
  const method = template.Resources[logicalId];
  assert.ok(method, `${logicalId} exists`);
  const integration = method.Properties?.Integration as IntegrationShape;
  return { method, response: integration.IntegrationResponses[0] };
}

describe('compileCors', () => {
  it('adds one OPTIONS MOCK method per path, however many methods the path has', () => {
    const config = resolved({ cors: true }, standardEvents());
    const template = coreTemplate();
    const before = structuredClone(template);
    const fragments = compileCors(config, context(template));
    assert.deepEqual(template, before, 'the input template is not mutated');
    const after = applied(template, fragments);
    const options = Object.entries(after.Resources)
      .filter(([, r]) => r.Properties?.HttpMethod === 'OPTIONS')
      .map(([id]) => id)
      .sort();
    assert.deepEqual(options, [
      'ApiGatewayMethodOrdersIdVarOptions',
      'ApiGatewayMethodOrdersOptions',
      'ApiGatewayMethodSearchOptions',
    ]);
    const { method, response } = preflightOf(after, 'ApiGatewayMethodOrdersOptions');
    assert.deepEqual(method.Properties?.ResourceId, { Ref: 'ApiGatewayResourceOrders' });
    assert.equal(method.Properties?.AuthorizationType, 'NONE');
    assert.equal((method.Properties?.Integration as Record<string, unknown>).Type, 'MOCK');
    assert.deepEqual(response.ResponseParameters, {
      'method.response.header.Access-Control-Allow-Headers':
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS,POST'",
      'method.response.header.Access-Control-Allow-Origin': "'*'",
    });
    assert.equal(response.ResponseTemplates['application/json'], '');
    const search = preflightOf(after, 'ApiGatewayMethodSearchOptions').response;
    assert.equal(
      search.ResponseParameters['method.response.header.Access-Control-Allow-Methods'],
      "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'",
      'ANY stands for every verb',
    );
    assertValidTemplate(after);
  });

  it('leaves out endpoints with cors: false, and paths with no CORS at all', () => {
    const config = resolved(
      { cors: true },
      standardEvents({ 'POST orders': { cors: false }, 'ANY search': { cors: false } }),
    );
    const after = applied(coreTemplate(), compileCors(config, context(coreTemplate())));
    assert.equal(after.Resources.ApiGatewayMethodSearchOptions, undefined);
    const { response } = preflightOf(after, 'ApiGatewayMethodOrdersOptions');
    assert.equal(
      response.ResponseParameters['method.response.header.Access-Control-Allow-Methods'],
      "'GET,OPTIONS'",
    );
  });

  it('emits nothing without any CORS setting', () => {
    assert.deepEqual(compileCors(resolved({}, standardEvents()), context(coreTemplate())), []);
  });

  it('uses per-endpoint CORS without a service default', () => {
    const cors = { origins: ['https://app.example.com'], allowCredentials: true, maxAge: 600 };
    const config = resolved({}, standardEvents({ 'GET orders/{id}': { cors } }));
    const after = applied(coreTemplate(), compileCors(config, context(coreTemplate())));
    assert.equal(after.Resources.ApiGatewayMethodOrdersOptions, undefined);
    const { method, response } = preflightOf(after, 'ApiGatewayMethodOrdersIdVarOptions');
    assert.deepEqual(response.ResponseParameters, {
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
      'method.response.header.Access-Control-Allow-Headers':
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'",
      'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      'method.response.header.Access-Control-Max-Age': "'600'",
      'method.response.header.Vary': "'Origin'",
    });
    const declared = (method.Properties?.MethodResponses as MethodResponseShape[])[0];
    assert.deepEqual(
      Object.keys(declared.ResponseParameters),
      Object.keys(response.ResponseParameters),
    );
  });

  it('chooses the origin per request for several origins, and declares the header it sets', () => {
    const config = resolved(
      { cors: { origins: THREE_ORIGINS, headers: ['Content-Type', 'Authorization'] } },
      standardEvents(),
    );
    const after = applied(coreTemplate(), compileCors(config, context(coreTemplate())));
    const { method, response } = preflightOf(after, 'ApiGatewayMethodOrdersOptions');
    assert.equal(
      response.ResponseParameters['method.response.header.Access-Control-Allow-Origin'],
      undefined,
    );
    assert.equal(response.ResponseParameters['method.response.header.Vary'], "'Origin'");
    const declared = (method.Properties?.MethodResponses as MethodResponseShape[])[0];
    assert.equal(
      declared.ResponseParameters['method.response.header.Access-Control-Allow-Origin'],
      true,
    );
    assert.equal(
      response.ResponseTemplates['application/json'],
      preflightTemplate(config.cors.service as ResolvedCors),
    );
    assertValidTemplate(after);
  });

  it('keeps the OPTIONS method core made for its own cors, and adds none next to it', () => {
    const template = coreTemplate({
      ApiGatewayMethodOrdersOptions: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'OPTIONS',
          ResourceId: { Ref: 'ApiGatewayResourceOrders' },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'NONE',
          Integration: { Type: 'MOCK' },
        },
      },
    });
    const config = resolved({ cors: true }, standardEvents({}, { 'GET orders': { cors: true } }));
    const after = applied(template, compileCors(config, context(template)));
    assert.deepEqual(
      after.Resources.ApiGatewayMethodOrdersOptions,
      template.Resources.ApiGatewayMethodOrdersOptions,
    );
    assert.ok(after.Resources.ApiGatewayMethodOrdersIdVarOptions);
  });

  it('gives methods no function event made (routes) the service default', () => {
    const template = coreTemplate({
      ApiGatewayResourceHealth: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          PathPart: 'health',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      ApiGatewayMethodHealthGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { Ref: 'ApiGatewayResourceHealth' },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'NONE',
          Integration: { Type: 'MOCK' },
        },
      },
    });
    const after = applied(
      template,
      compileCors(resolved({ cors: true }, standardEvents()), context(template)),
    );
    assert.ok(after.Resources.ApiGatewayMethodHealthOptions);
  });
});

describe('compileCors: the actual response of non-proxy integrations', () => {
  /** A mock route at /health with one 200 response, the way the routes compiler writes it. */
  function withHealthRoute(integration: Record<string, unknown>, methodResponses?: unknown) {
    return coreTemplate({
      ApiGatewayResourceHealth: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          PathPart: 'health',
          RestApiId: { Ref: 'ApiGatewayRestApi' },
        },
      },
      ApiGatewayMethodHealthGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { Ref: 'ApiGatewayResourceHealth' },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'NONE',
          Integration: integration,
          MethodResponses: methodResponses ?? [{ StatusCode: '200' }, { StatusCode: '500' }],
        },
      },
    });
  }
  const MOCK = {
    Type: 'MOCK',
    RequestTemplates: { 'application/json': '{"statusCode": 200}' },
    IntegrationResponses: [
      { StatusCode: '200', ResponseTemplates: { 'application/json': '{"ok": true}' } },
      { StatusCode: '500', SelectionPattern: '5\\d{2}' },
    ],
  };
  function compiled(cors: ApiGatewayConfig['cors'], integration: Record<string, unknown> = MOCK) {
    const template = withHealthRoute(integration);
    const after = applied(
      template,
      compileCors(resolved({ cors }, standardEvents()), context(template)),
    );
    assertValidTemplate(after);
    const properties = after.Resources.ApiGatewayMethodHealthGet.Properties as {
      Integration: IntegrationShape;
      MethodResponses: Array<MethodResponseShape & { StatusCode: string }>;
    };
    return properties;
  }

  it('maps Allow-Origin (and Vary, credentials, exposed headers) on every integration response', () => {
    const { Integration, MethodResponses } = compiled({
      origins: ['https://app.example.com'],
      allowCredentials: true,
      exposeHeaders: ['X-Request-Id'],
    });
    const expected = {
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
      'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      'method.response.header.Access-Control-Expose-Headers': "'X-Request-Id'",
      'method.response.header.Vary': "'Origin'",
    };
    for (const response of Integration.IntegrationResponses) {
      assert.deepEqual(response.ResponseParameters, expected);
    }
    assert.deepEqual(Integration.IntegrationResponses[0].ResponseTemplates, {
      'application/json': '{"ok": true}',
    });
    for (const response of MethodResponses) {
      assert.deepEqual(
        Object.keys(response.ResponseParameters),
        Object.keys(expected),
        `status ${response.StatusCode} declares the headers`,
      );
    }
  });

  it("answers '*' with cors: true, and keeps a header the user maps", () => {
    const { Integration } = compiled(true, {
      ...MOCK,
      IntegrationResponses: [
        {
          StatusCode: '200',
          ResponseParameters: {
            'method.response.header.Access-Control-Allow-Origin': "'https://mine.example.com'",
          },
        },
      ],
    });
    assert.deepEqual(Integration.IntegrationResponses[0].ResponseParameters, {
      'method.response.header.Access-Control-Allow-Origin': "'https://mine.example.com'",
    });
    const star = compiled(true).Integration.IntegrationResponses[0].ResponseParameters;
    assert.equal(star['method.response.header.Access-Control-Allow-Origin'], "'*'");
  });

  it('chooses the origin per request with several origins, in the response templates', () => {
    const { Integration } = compiled({ origins: THREE_ORIGINS });
    const [ok, failed] = Integration.IntegrationResponses;
    assert.equal(
      ok.ResponseParameters['method.response.header.Access-Control-Allow-Origin'],
      undefined,
    );
    const allowed = renderTemplateDetailed(ok.ResponseTemplates['application/json'], {
      headers: { Origin: 'https://pr-12.preview.example.com' },
    });
    assert.equal(allowed.output, '{"ok": true}', 'the body is unchanged');
    assert.equal(
      allowed.overrides.responseOverride.header['Access-Control-Allow-Origin'],
      'https://pr-12.preview.example.com',
    );
    const refused = renderTemplateDetailed(ok.ResponseTemplates['application/json'], {
      headers: { Origin: 'https://evil.example.org' },
    });
    assert.equal(
      refused.overrides.responseOverride.header['Access-Control-Allow-Origin'],
      undefined,
    );
    // A response without templates passed the body through: it still does, for JSON.
    const passthrough = renderTemplateDetailed(failed.ResponseTemplates['application/json'], {
      body: '{"error": "backend"}',
      headers: { Origin: 'https://admin.example.com' },
    });
    assert.equal(passthrough.output, '{"error": "backend"}');
    assert.equal(
      passthrough.overrides.responseOverride.header['Access-Control-Allow-Origin'],
      'https://admin.example.com',
    );
  });

  it('leaves proxy integrations alone: the backend sets the headers (withCors)', () => {
    const proxy = {
      Type: 'HTTP_PROXY',
      Uri: 'https://backend.example.com',
      IntegrationHttpMethod: 'GET',
    };
    const { Integration, MethodResponses } = compiled(true, proxy);
    assert.deepEqual(Integration, proxy);
    assert.deepEqual(MethodResponses, [{ StatusCode: '200' }, { StatusCode: '500' }]);
  });
});

describe('the multi-origin preflight template', () => {
  const template = preflightTemplate({
    origins: THREE_ORIGINS,
    headers: [],
    exposeHeaders: [],
    allowCredentials: true,
  });

  it('is the VTL API Gateway runs', () => {
    assert.equal(
      template,
      [
        '#set($origin = $input.params("Origin"))',
        '#if($origin == "")#set($origin = $input.params("origin"))#end',
        '#if($origin == "https://app.example.com" || $origin == "https://admin.example.com" || $origin.matches("https://[A-Za-z0-9.-]+[.]preview[.]example[.]com"))',
        '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
        '#end',
      ].join('\n'),
    );
  });

  it('echoes an allowed origin', () => {
    assert.equal(
      renderPreflight(template, { Origin: 'https://admin.example.com' }).allowOrigin,
      'https://admin.example.com',
    );
    assert.equal(
      renderPreflight(template, { origin: 'https://app.example.com' }).allowOrigin,
      'https://app.example.com',
    );
    assert.equal(
      renderPreflight(template, { Origin: 'https://pr-42.preview.example.com' }).allowOrigin,
      'https://pr-42.preview.example.com',
    );
  });

  it('sets no Allow-Origin for a disallowed origin, so the browser blocks the call', () => {
    for (const origin of [
      'https://evil.example.org',
      'https://app.example.com.evil.org',
      'https://preview.example.com',
      'http://app.example.com',
    ]) {
      assert.equal(renderPreflight(template, { Origin: origin }).allowOrigin, undefined, origin);
    }
    assert.equal(renderPreflight(template, {}).allowOrigin, undefined);
    assert.equal(renderPreflight(template, { Origin: 'https://evil.org' }).body.trim(), '');
  });
});

describe('checkEndpointSettings: CORS', () => {
  function check(
    config: ApiGatewayConfig,
    settings: Record<string, unknown> = {},
    core: Record<string, Record<string, unknown>> = {},
  ) {
    return validateConfig(config, standardEvents(settings, core), coreSettings());
  }

  it('refuses allowCredentials with origin * at the service default, naming the path', () => {
    assert.deepEqual(check({ cors: { allowCredentials: true } }).errors, [
      {
        path: 'custom.apiGateway.cors.allowCredentials',
        message:
          "allowCredentials with origins '*' (the default) applies to every endpoint, and browsers reject credentials from a wildcard origin; list the allowed origins (origins: [https://app.example.com]) or remove allowCredentials",
      },
    ]);
  });

  it('refuses allowCredentials with origin * on an endpoint, naming the endpoint', () => {
    assert.deepEqual(
      check(
        { cors: true },
        {
          'GET orders': { cors: { allowCredentials: true } },
          'POST orders': { cors: { allowCredentials: true } },
        },
      ).errors.map((e) => [e.path, e.message]),
      [
        [
          'functions.listOrders.events[0].http.apiGateway.cors.allowCredentials',
          "allowCredentials with origins '*' on GET /orders: browsers reject credentials from a wildcard origin; list the allowed origins or remove allowCredentials",
        ],
        [
          'functions.createOrder.events[0].http.apiGateway.cors.allowCredentials',
          "allowCredentials with origins '*' on POST /orders: browsers reject credentials from a wildcard origin; list the allowed origins or remove allowCredentials",
        ],
      ],
    );
  });

  it('refuses two methods of one path with different CORS', () => {
    assert.deepEqual(
      check(
        { cors: { origins: ['https://a.example.com'] } },
        {
          'POST orders': { cors: { origins: ['https://b.example.com'], maxAge: 60 } },
        },
      ).errors,
      [
        {
          path: 'functions.createOrder.events[0].http.apiGateway.cors',
          message:
            'POST /orders and GET /orders (functions.listOrders.events[0].http.apiGateway) share one OPTIONS preflight but their CORS settings differ (origins, maxAge); make them the same on every method of /orders',
        },
      ],
    );
  });

  it("refuses this plugin's cors next to core's cors on the same path", () => {
    assert.deepEqual(
      check({}, { 'POST orders': { cors: true } }, { 'GET orders': { cors: true } }).errors,
      [
        {
          path: 'functions.createOrder.events[0].http.apiGateway.cors',
          message:
            "/orders already gets its OPTIONS preflight from core's cors on functions.listOrders.events[0].http.cors, and a path has one preflight; set CORS in one place: remove that http.cors (this plugin's cors covers every method of the path) or this apiGateway.cors",
        },
      ],
    );
  });

  it("warns that core's cors keeps its path when a service default exists", () => {
    const { errors, warnings } = check({ cors: true }, {}, { 'GET orders': { cors: true } });
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, [
      {
        path: 'custom.apiGateway.cors',
        message:
          "/orders keeps the OPTIONS preflight core makes for functions.listOrders.events[0].http.cors, so the service default does not apply to that path's preflight; remove http.cors there to use custom.apiGateway.cors",
      },
    ]);
  });

  it('rejects malformed origins and methods in the schema', () => {
    const { errors } = check({
      cors: { origins: ['https://a.example.com/'], methods: ['FETCH' as never] },
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['custom.apiGateway.cors.origins[0]', 'custom.apiGateway.cors.methods[0]'],
    );
  });
});

describe('withCors (runtime helper for proxy handlers)', () => {
  const options = {
    origins: THREE_ORIGINS,
    allowCredentials: true,
    exposeHeaders: ['X-Request-Id'],
  };

  it('echoes an allowed origin with Vary and credentials', () => {
    assert.deepEqual(corsHeaders({ headers: { origin: 'https://app.example.com' } }, options), {
      Vary: 'Origin',
      'Access-Control-Allow-Origin': 'https://app.example.com',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'X-Request-Id',
    });
  });

  it('sends no Allow-Origin for a disallowed origin', () => {
    assert.deepEqual(corsHeaders({ headers: { Origin: 'https://evil.org' } }, options), {
      Vary: 'Origin',
      'Access-Control-Expose-Headers': 'X-Request-Id',
    });
  });

  it("answers '*' by default", () => {
    assert.deepEqual(corsHeaders({ headers: null }), { 'Access-Control-Allow-Origin': '*' });
  });

  it('refuses credentials with any origin', () => {
    assert.throws(
      () => withCors(async () => ({ statusCode: 200 }), { allowCredentials: true }),
      /allowCredentials needs a list of origins/,
    );
  });

  it('wraps a handler, keeping its own headers and extending its Vary', async () => {
    const handler = withCors(
      async () => ({
        statusCode: 200,
        body: 'ok',
        headers: { vary: 'Accept', 'Content-Type': 'text/plain' },
      }),
      options,
    );
    const response = await handler({ headers: { Origin: 'https://pr-7.preview.example.com' } });
    assert.deepEqual(response, {
      statusCode: 200,
      body: 'ok',
      headers: {
        'Access-Control-Allow-Origin': 'https://pr-7.preview.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'X-Request-Id',
        vary: 'Accept, Origin',
        'Content-Type': 'text/plain',
      },
    });
    assert.deepEqual(addCorsHeaders({ statusCode: 204 }, undefined), {
      statusCode: 204,
      headers: { 'Access-Control-Allow-Origin': '*' },
    });
  });
});
