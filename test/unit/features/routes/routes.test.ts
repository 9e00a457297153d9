/**
 * Routes without a function: Resources shared with core's, Methods named like core's, each
 * integration kind, responses, templates from files, and every semantic error pinned.
 */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnObject, CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../../src/pipeline/compile';
import { compileRoutes, literalBodyTemplate } from '../../../../src/features/routes/compile';
import { normalizePathPart } from '../../../../src/cloudformation/naming';
import { methodLogicalId } from '../../../../src/cloudformation/naming';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import { emptyEvents, type EventsByKind } from '../../../../src/common/events';
import type { ConfigIssue } from '../../../../src/pipeline/issues';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import { parseRouteKey } from '../../../../src/features/routes/resolve';
import {
  loadServiceFiles,
  serviceFileReferences,
  withServiceFiles,
} from '../../../../src/pipeline/service-files';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

const naming = standaloneNaming('orders', 'prod');
const API = { Ref: 'ApiGatewayRestApi' };
const ROOT = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };

/** Core's template for a function `hello` with GET /orders/{id}. */
function coreTemplate(): CfnTemplate {
  return {
    Resources: {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'prod-orders' } },
      ApiGatewayResourceOrders: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { ParentId: ROOT, PathPart: 'orders', RestApiId: API },
      },
      ApiGatewayResourceOrdersIdVar: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { Ref: 'ApiGatewayResourceOrders' },
          PathPart: '{id}',
          RestApiId: API,
        },
      },
      ApiGatewayMethodOrdersIdVarGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { Ref: 'ApiGatewayResourceOrdersIdVar' },
          RestApiId: API,
          AuthorizationType: 'NONE',
          RequestParameters: { 'method.request.path.id': true },
          Integration: { Type: 'AWS_PROXY' },
        },
      },
      HelloLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
      ShapeLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
    },
  };
}

const CORE_EVENTS = httpEvents([
  {
    functionName: 'hello',
    eventIndex: 0,
    settings: undefined,
    event: { method: 'get', path: 'orders/{id}' },
  },
]);

function core(overrides: Partial<CoreSettings> = {}): CoreSettings {
  return coreSettings({ functionNames: ['hello', 'shape'], ...overrides });
}

function compile(
  config: ApiGatewayConfig,
  options: { core?: CoreSettings; events?: EventsByKind } = {},
): CfnTemplate {
  const resolved = resolveConfig(config, options.core ?? core(), options.events ?? CORE_EVENTS);
  const template = coreTemplate();
  for (const fragment of compileRoutes(resolved, { template, naming }))
    applyFragment(template, fragment);
  return template;
}

function props(template: CfnTemplate, id: string): CfnObject {
  assert.ok(template.Resources[id], `${id} is in the template`);
  return template.Resources[id].Properties ?? {};
}

function errorsOf(
  config: ApiGatewayConfig,
  options: { core?: CoreSettings; events?: EventsByKind } = {},
): ConfigIssue[] {
  return validateConfig(config, options.events ?? CORE_EVENTS, options.core ?? core()).errors;
}

describe('routes: keys and naming', () => {
  it('parses method, path, parameters and a greedy last segment', () => {
    assert.deepEqual(parseRouteKey('ANY /files/{bucket}/{proxy+}'), {
      route: {
        method: 'ANY',
        path: 'files/{bucket}/{proxy+}',
        pathParameters: ['bucket', 'proxy'],
        greedy: 'proxy',
      },
      problems: [],
    });
    assert.deepEqual(parseRouteKey('GET /').route, { method: 'GET', path: '', pathParameters: [] });
  });

  it("names Resources and Methods with core's scheme", () => {
    assert.equal(normalizePathPart('{proxy+}'), 'ProxyVar');
    assert.equal(normalizePathPart('my-items'), 'MyDashitems');
    assert.equal(methodLogicalId('orders/{id}', 'ANY'), 'ApiGatewayMethodOrdersIdVarAny');
    assert.equal(methodLogicalId('', 'GET'), 'ApiGatewayMethodGet');
  });
});

describe('routes: compile', () => {
  it("shares core's Resources and creates only the missing segments", () => {
    const template = compile({
      routes: {
        'GET /orders/{id}/history': { integration: 'mock' },
        'POST /orders': { integration: 'mock' },
      },
    });
    assert.deepEqual(props(template, 'ApiGatewayResourceOrdersIdVarHistory'), {
      ParentId: { Ref: 'ApiGatewayResourceOrdersIdVar' },
      PathPart: 'history',
      RestApiId: API,
    });
    assert.deepEqual(props(template, 'ApiGatewayMethodOrdersPost').ResourceId, {
      Ref: 'ApiGatewayResourceOrders',
    });
    const resources = Object.keys(template.Resources).filter(
      (id) => template.Resources[id].Type === 'AWS::ApiGateway::Resource',
    );
    assert.deepEqual(resources.sort(), [
      'ApiGatewayResourceOrders',
      'ApiGatewayResourceOrdersIdVar',
      'ApiGatewayResourceOrdersIdVarHistory',
    ]);
  });

  it('puts a root route on the root resource', () => {
    const template = compile({ routes: { 'GET /': { integration: 'mock' } } });
    assert.deepEqual(props(template, 'ApiGatewayMethodGet').ResourceId, ROOT);
  });

  it('compiles a mock with status, headers and a literal JSON body', () => {
    const template = compile({
      routes: {
        'GET /health': {
          integration: 'mock',
          response: {
            statusCode: 202,
            headers: { 'Cache-Control': 'no-store' },
            body: { ok: true },
          },
        },
      },
    });
    assert.deepEqual(props(template, 'ApiGatewayMethodHealthGet'), {
      AuthorizationType: 'NONE',
      HttpMethod: 'GET',
      Integration: {
        IntegrationResponses: [
          {
            StatusCode: '202',
            ResponseParameters: { 'method.response.header.Cache-Control': "'no-store'" },
            ResponseTemplates: { 'application/json': '{"ok":true}' },
          },
        ],
        RequestTemplates: { 'application/json': '{"statusCode": 202}' },
        Type: 'MOCK',
      },
      MethodResponses: [
        { StatusCode: '202', ResponseParameters: { 'method.response.header.Cache-Control': true } },
      ],
      ResourceId: { Ref: 'ApiGatewayResourceHealth' },
      RestApiId: API,
    });
  });

  it('keeps $ and # of a literal body out of VTL', () => {
    assert.equal(literalBodyTemplate({ price: '$5' }), '#[[{"price":"$5"}]]#');
    assert.equal(literalBodyTemplate([1, 2]), '[1,2]');
  });

  it('compiles an http integration: stage-variable uri, path parameters passed, parameters mapped, responses by pattern', () => {
    const template = compile({
      stages: { '*': { variables: { backend: 'https://b.example.com' } } },
      routes: {
        'GET /orders/{id}/history': {
          integration: {
            type: 'http',
            uri: '${stageVariables.backend}/orders/{id}',
            timeoutInMillis: 5000,
            vpcLink: { Ref: 'Link' },
          },
          request: {
            parameters: {
              'querystring.limit': 'method.request.querystring.limit',
              'header.X-Source': 'kit',
            },
            passthrough: 'NEVER',
          },
          responses: {
            '200': { headers: { 'X-Backend': 'integration.response.header.Server' } },
            '404': { pattern: '404', body: { message: 'not found' } },
          },
        },
      },
    });
    const method = props(template, 'ApiGatewayMethodOrdersIdVarHistoryGet');
    assert.deepEqual(method.RequestParameters, {
      'method.request.path.id': true,
      'method.request.querystring.limit': false,
    });
    assert.deepEqual(method.Integration, {
      ConnectionId: { Ref: 'Link' },
      ConnectionType: 'VPC_LINK',
      IntegrationHttpMethod: 'GET',
      IntegrationResponses: [
        {
          StatusCode: '200',
          ResponseParameters: {
            'method.response.header.X-Backend': 'integration.response.header.Server',
          },
        },
        {
          StatusCode: '404',
          SelectionPattern: '404',
          ResponseTemplates: { 'application/json': '{"message":"not found"}' },
        },
      ],
      PassthroughBehavior: 'NEVER',
      RequestParameters: {
        'integration.request.header.X-Source': "'kit'",
        'integration.request.path.id': 'method.request.path.id',
        'integration.request.querystring.limit': 'method.request.querystring.limit',
      },
      TimeoutInMillis: 5000,
      Type: 'HTTP',
      Uri: '${stageVariables.backend}/orders/{id}',
    });
  });

  it("maps a backend's 4XX and 5XX through by default (http and aws)", () => {
    const template = compile({
      routes: { 'GET /ping': { integration: { type: 'http', uri: 'https://b.example.com/ping' } } },
    });
    const integration = props(template, 'ApiGatewayMethodPingGet').Integration as CfnObject;
    assert.deepEqual(integration.IntegrationResponses, [
      { StatusCode: '200' },
      { StatusCode: '400', SelectionPattern: '4\\d{2}' },
      { StatusCode: '500', SelectionPattern: '5\\d{2}' },
    ]);
  });

  it('forwards {proxy+} to an http_proxy backend, with no responses of its own', () => {
    const template = compile({
      routes: {
        'ANY /legacy/{proxy+}': {
          integration: { type: 'http_proxy', uri: 'https://l.example.com/{proxy}' },
        },
      },
    });
    assert.deepEqual(props(template, 'ApiGatewayMethodLegacyProxyVarAny'), {
      AuthorizationType: 'NONE',
      HttpMethod: 'ANY',
      Integration: {
        IntegrationHttpMethod: 'ANY',
        RequestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        Type: 'HTTP_PROXY',
        Uri: 'https://l.example.com/{proxy}',
      },
      RequestParameters: { 'method.request.path.proxy': true },
      ResourceId: { Ref: 'ApiGatewayResourceLegacyProxyVar' },
      RestApiId: API,
    });
    assert.equal(props(template, 'ApiGatewayResourceLegacyProxyVar').PathPart, '{proxy+}');
  });

  it('points lambda and lambda_proxy at the function and adds one permission per function', () => {
    const template = compile({
      routes: {
        'GET /a': { integration: { type: 'lambda_proxy', function: 'shape' } },
        'GET /b': {
          integration: { type: 'lambda', function: 'shape', timeoutInMillis: 3000 },
          request: { template: '{"q": "$input.params(\'q\')"}' },
        },
      },
    });
    const uri = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':apigateway:',
          { Ref: 'AWS::Region' },
          ':lambda:path/2015-03-31/functions/',
          { 'Fn::GetAtt': ['ShapeLambdaFunction', 'Arn'] },
          '/invocations',
        ],
      ],
    };
    assert.deepEqual(props(template, 'ApiGatewayMethodAGet').Integration, {
      IntegrationHttpMethod: 'POST',
      Type: 'AWS_PROXY',
      Uri: uri,
    });
    assert.deepEqual(props(template, 'ApiGatewayMethodBGet').Integration, {
      IntegrationHttpMethod: 'POST',
      IntegrationResponses: [{ StatusCode: '200' }],
      RequestTemplates: { 'application/json': '{"q": "$input.params(\'q\')"}' },
      TimeoutInMillis: 3000,
      Type: 'AWS',
      Uri: uri,
    });
    const permissions = Object.keys(template.Resources).filter(
      (id) => template.Resources[id].Type === 'AWS::Lambda::Permission',
    );
    assert.deepEqual(permissions, ['ShapeLambdaPermissionApiGateway']);
    assert.deepEqual(props(template, 'ShapeLambdaPermissionApiGateway'), {
      FunctionName: { 'Fn::GetAtt': ['ShapeLambdaFunction', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':execute-api:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':',
            API,
            '/*/*',
          ],
        ],
      },
    });
  });

  it('reuses the permission core made for a function with http events', () => {
    const resolved = resolveConfig(
      { routes: { 'GET /a': { integration: { type: 'lambda_proxy', function: 'hello' } } } },
      core(),
      CORE_EVENTS,
    );
    const template = coreTemplate();
    template.Resources.HelloLambdaPermissionApiGateway = {
      Type: 'AWS::Lambda::Permission',
      Properties: { core: true },
    };
    const [fragment] = compileRoutes(resolved, { template, naming });
    assert.equal(fragment.Resources?.HelloLambdaPermissionApiGateway, undefined);
  });

  it('takes templates per content type, from files loaded at the edge', () => {
    const config: ApiGatewayConfig = {
      routes: {
        'POST /x': {
          integration: 'mock',
          request: {
            template: {
              'application/json': 'templates/x.vtl',
              'text/plain': '{"statusCode": 200}',
            },
          },
        },
      },
    };
    const loaded = withServiceFiles(core(), config, emptyEvents(), '/svc', (file) => {
      assert.equal(file, '/svc/templates/x.vtl');
      return '{"statusCode": 201}';
    });
    const template = compile(config, { core: loaded });
    assert.deepEqual(
      (props(template, 'ApiGatewayMethodXPost').Integration as CfnObject).RequestTemplates,
      {
        'application/json': '{"statusCode": 201}',
        'text/plain': '{"statusCode": 200}',
      },
    );
  });

  it('is deterministic and does not mutate its inputs; the whole stack deploys the routes', () => {
    const config: ApiGatewayConfig = { routes: { 'GET /health': { integration: 'mock' } } };
    const frozen = JSON.stringify(config);
    assert.deepEqual(compile(config), compile(config));
    assert.equal(JSON.stringify(config), frozen);
    const resolved = resolveConfig(config, core(), emptyEvents());
    const template: CfnTemplate = { Resources: {} };
    const result = compileRestApiStack(resolved, template, naming);
    for (const fragment of result.fragments) applyFragment(template, fragment);
    const deployment = Object.keys(template.Resources).find((id) =>
      id.startsWith('ApiGatewayDeployment'),
    );
    assert.ok(deployment);
    assert.deepEqual(template.Resources[deployment].DependsOn, ['ApiGatewayMethodHealthGet']);
    assert.ok(template.Resources.ApiGatewayStage);
  });
});

describe('routes: files', () => {
  it('lists the template and schema files a config names', () => {
    const config: ApiGatewayConfig = {
      routes: {
        'POST /a': {
          integration: 'mock',
          request: { template: 'templates/a.vtl' },
          response: { template: 'inline $context.requestId' },
          validate: { body: 'schemas/a.json' },
        },
      },
    };
    const events = httpEvents([
      { functionName: 'f', eventIndex: 0, settings: { validate: { body: 'schemas/b.json' } } },
    ]);
    assert.deepEqual(serviceFileReferences(config, events), [
      'schemas/a.json',
      'schemas/b.json',
      'templates/a.vtl',
    ]);
  });

  it('reports files that are missing or outside the service directory', () => {
    const config: ApiGatewayConfig = {
      routes: {
        'POST /a': {
          integration: 'mock',
          request: { template: { 'application/json': '../x.vtl', 'text/plain': 'missing.vtl' } },
        },
      },
    };
    const files = loadServiceFiles(config, emptyEvents(), '/svc', () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    });
    assert.deepEqual(files, {
      '../x.vtl': { error: 'is outside the service directory' },
      'missing.vtl': { error: 'does not exist' },
    });
  });
});

describe('routes: semantic errors', () => {
  const at = (key: string) => `custom.apiGateway.routes['${key}']`;

  it('rejects a route that is also a function event, and bad paths', () => {
    assert.deepEqual(
      errorsOf({
        routes: {
          'GET /orders/{id}': { integration: 'mock' },
          'GET /files/{proxy+}/x': { integration: 'mock' },
          'GET /orders/{orderId}/items': { integration: 'mock' },
        },
      }),
      [
        {
          path: at('GET /files/{proxy+}/x'),
          message:
            '{proxy+} is greedy and must be the last segment of the path (API Gateway rule), e.g. /files/{proxy+}',
        },
        {
          path: at('GET /orders/{id}'),
          message:
            'GET /orders/{id} is also the http event functions.hello.events[0].http; API Gateway has one method per method and path: remove the route or the event (or change one of their paths)',
        },
        {
          path: at('GET /orders/{orderId}/items'),
          message:
            '{orderId} sits beside {id} (from the http event functions.hello.events[0].http) under /orders; API Gateway allows one parameter name per position: rename it {id}',
        },
      ],
    );
  });

  it('rejects a lower-case method in the key (schema)', () => {
    const [issue] = errorsOf({ routes: { 'get /x': { integration: 'mock' } } });
    assert.equal(issue.path, "custom.apiGateway.routes['get /x']");
  });

  it('checks http integrations: uri, its parameters and stage variables', () => {
    assert.deepEqual(
      errorsOf({
        stages: { prod: { variables: { backend: 'https://b.example.com' } } },
        routes: {
          'GET /a/{id}': { integration: { type: 'http', uri: '${stageVariables.backnd}/a/{ids}' } },
          'GET /b': { integration: { type: 'http' } },
          'GET /c': { integration: { type: 'http', uri: 'ftp://x', function: 'hello' } },
        },
      }),
      [
        {
          path: `${at('GET /a/{id}')}.integration.uri`,
          message:
            "stage variable 'backnd' is not defined by any stage; did you mean backend? defined: backend; or define it under custom.apiGateway.stages.<stage>.variables",
        },
        {
          path: `${at('GET /a/{id}')}.integration.uri`,
          message:
            "{ids} in the uri is not a path parameter of GET /a/{id}; did you mean id?; use one of the route's parameters (id) or map it under request.parameters['path.ids']",
        },
        {
          path: `${at('GET /b')}.integration`,
          message:
            'http integrations need uri: the backend URL, e.g. https://backend.example.com/orders or ${stageVariables.backend}/orders/{id}',
        },
        {
          path: `${at('GET /c')}.integration.function`,
          message:
            'function does not apply to http integrations (it is for lambda, lambda_proxy); http takes: uri, method, timeoutInMillis, vpcLink',
        },
        {
          path: `${at('GET /c')}.integration.uri`,
          message:
            '"ftp://x" is not an HTTP backend URL; API Gateway needs an absolute http:// or https:// URL, which may start with a stage variable: ${stageVariables.backend}/orders',
        },
      ],
    );
  });

  it('checks lambda functions by name and proxy integrations for mapping keys', () => {
    assert.deepEqual(
      errorsOf({
        routes: {
          'GET /a': {
            integration: { type: 'lambda_proxy', function: 'helo' },
            request: { template: 'x' },
            response: { body: 1 as never },
          },
        },
      }),
      [
        {
          path: `${at('GET /a')}.integration.function`,
          message:
            '"helo" is not a function of this service; did you mean hello?; use one of hello, shape',
        },
        {
          path: `${at('GET /a')}.response`,
          message:
            "lambda_proxy passes the backend's response through unchanged, so response does not apply; use integration type lambda to map responses",
        },
        {
          path: `${at('GET /a')}.request.template`,
          message:
            'lambda_proxy passes the request through unchanged, so mapping templates do not apply; use integration type lambda to map the request',
        },
      ],
    );
  });

  it('needs exactly one default response, and one of body or template', () => {
    assert.deepEqual(
      errorsOf({
        routes: {
          'GET /a': { integration: 'mock', responses: { '200': {}, '404': {} } },
          'GET /b': {
            integration: 'mock',
            response: { body: { a: 1 }, template: 'x' },
            responses: { '200': {} },
          },
          'GET /c': { integration: 'mock', responses: { '200': { pattern: '(' } } },
        },
      }).map((issue) => issue.message),
      [
        "'200', '404' have no pattern; exactly one response is the default (no pattern): give the others a pattern that selects them (the backend's status code for http and aws, e.g. '4\\d{2}'; the error message for lambda)",
        'give either response (the one default response) or responses (several, by status code), not both',
        '"(" is not a regular expression: Invalid regular expression: /(/: Unterminated group',
        'every response has a pattern, so none is the default API Gateway falls back to; remove the pattern of one (usually the 200)',
      ],
    );
  });

  it('lints every template at package time: inline by line and column, files by file:line:column', () => {
    const config: ApiGatewayConfig = {
      routes: {
        'POST /a': {
          integration: 'mock',
          request: { template: '{\n  "id": "$util.escapeJS($input.body)"\n}' },
          response: { template: 'templates/broken.vtl' },
        },
        'POST /b': { integration: 'mock', request: { template: 'templates/missing.vtl' } },
      },
    };
    const loaded = withServiceFiles(core(), config, emptyEvents(), '/svc', (file) => {
      if (file.endsWith('missing.vtl')) throw Object.assign(new Error('x'), { code: 'ENOENT' });
      return '#if($input.body)\n$stageVariables.nope';
    });
    assert.deepEqual(errorsOf(config, { core: loaded }), [
      {
        path: `${at('POST /a')}.request.template`,
        message:
          "line 2, column 10: $util.escapeJS is not an API Gateway $util function; did you mean escapeJavaScript? API Gateway's $util has: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode (at: $util.escapeJS(…))",
      },
      {
        path: `${at('POST /a')}.response.template`,
        message: 'templates/broken.vtl:1:1: #if is never closed: add #end after its body (at: #if)',
      },
      {
        path: `${at('POST /a')}.response.template`,
        message:
          "templates/broken.vtl:2:1: stage variable 'nope' is not defined by any stage (no stage defines variables); define it under custom.apiGateway.stages.<stage>.variables (at: $stageVariables.nope)",
      },
      {
        path: `${at('POST /b')}.request.template`,
        message:
          'template file templates/missing.vtl does not exist; the path is relative to the service directory (a value ending in .vtl names a file; write the template inline otherwise)',
      },
    ]);
  });

  it("lints core's own templates on http events with non-proxy integrations", () => {
    const events = httpEvents([
      {
        functionName: 'hello',
        eventIndex: 0,
        settings: undefined,
        event: {
          method: 'post',
          path: 'x',
          integration: 'lambda',
          request: { template: { 'application/json': '$input.bodyy' } },
        },
      },
      {
        functionName: 'hello',
        eventIndex: 1,
        settings: undefined,
        event: {
          method: 'post',
          path: 'y',
          request: { template: { 'application/json': '$input.bodyy' } },
        },
      },
    ]);
    const errors = errorsOf({}, { events });
    assert.equal(errors.length, 1);
    assert.equal(
      errors[0].path,
      "functions.hello.events[0].http.request.template['application/json']",
    );
    assert.match(errors[0].message, /^line 1, column 1: \$input\.bodyy is not/);
  });

  it('refuses routes on a shared REST API', () => {
    assert.deepEqual(
      errorsOf(
        { routes: { 'GET /a': { integration: 'mock' } } },
        { core: core({ sharedRestApiId: 'abc' }) },
      ),
      [
        {
          path: 'custom.apiGateway.routes',
          message:
            'this service attaches to a shared REST API (provider.apiGateway.restApiId); routes are compiled into the API this service owns only: declare them in the service that owns the API',
        },
      ],
    );
  });
});
