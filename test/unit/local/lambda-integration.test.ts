/**
 * Lambda non-proxy (custom) integrations: type AWS with a Lambda invocation URI. Behaviour from
 * "Set up Lambda custom integrations in API Gateway" (SETUP below),
 * "Handle Lambda errors in API Gateway" (ERRORS), "Set up asynchronous invocation of the backend
 * Lambda function" (ASYNC) and "Data transformations for REST APIs" / passthrough (PASSTHROUGH).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject, CfnResource } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { lambdaUri, restTemplate } from './template';

// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html

const HANDLERS: Record<string, string> = {
  'echo.js': `exports.handler = async (event) => ({ got: event, id: 'r-1' });
    exports.nothing = async () => undefined;`,
  'fail.js': `
    exports.badRequest = async () => { throw new Error('[BadRequest] name is required'); };
    exports.other = async () => { throw new TypeError('something else'); };
    exports.hangs = () => new Promise(() => setInterval(() => undefined, 1000));
    exports.exits = async () => { process.exit(3); };`,
  'later.js': `const fs = require('node:fs');
    exports.handler = async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      fs.writeFileSync(event.marker, JSON.stringify(event));
      return { ignored: true };
    };`,
};

function fn(handler: string, extra: CfnObject = {}): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Handler: handler,
      Runtime: 'nodejs22.x',
      FunctionName: `fn-${handler}`,
      ...extra,
    },
  };
}

/** The integration responses a typical custom integration has: errors mapped by errorMessage. */
const RESPONSES = [
  {
    StatusCode: '200',
    ResponseParameters: { 'method.response.header.X-Result-Id': 'integration.response.body.id' },
    ResponseTemplates: { 'application/json': '{"result": $input.json(\'$\')}' },
  },
  {
    StatusCode: '400',
    SelectionPattern: '\\[BadRequest\\].*',
    ResponseTemplates: {
      'application/json':
        '{"error": $input.json(\'$.errorMessage\'), "type": "$input.path(\'$.errorType\')"}',
    },
  },
  {
    StatusCode: '504',
    SelectionPattern: '.*Task timed out.*',
    ResponseTemplates: { 'application/json': '{"timedOut": $input.json(\'$.errorMessage\')}' },
  },
  { StatusCode: '502', SelectionPattern: '.*Runtime exited.*' },
];

/** No template: the integration body is the method response's body as it is. */
const ASYNC_RESPONSES = [{ StatusCode: '202' }];

function lambda(functionId: string, extra: CfnObject = {}): CfnObject {
  return {
    Type: 'AWS',
    IntegrationHttpMethod: 'POST',
    Uri: lambdaUri(functionId),
    IntegrationResponses: RESPONSES,
    ...extra,
  };
}

const SHAPING_TEMPLATE =
  '{"id": "$input.params(\'id\')", "q": "$input.params(\'q\')", "body": $input.json(\'$\'), ' +
  '"stage": "$context.stage", "color": "$stageVariables.color"}';

describe('local gateway: Lambda non-proxy (custom) integrations', () => {
  let dir: string;
  let gateway: LocalGateway;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-gw-lambda-'));
    for (const [file, source] of Object.entries(HANDLERS))
      writeFileSync(path.join(dir, file), source);
    const template = restTemplate(
      [
        {
          path: '/shaped/{id}',
          httpMethod: 'POST',
          integration: lambda('Echo', {
            RequestTemplates: { 'application/json': SHAPING_TEMPLATE },
          }),
        },
        { path: '/passthrough', httpMethod: 'POST', integration: lambda('Echo') },
        {
          path: '/never',
          httpMethod: 'POST',
          integration: lambda('Echo', {
            PassthroughBehavior: 'NEVER',
            RequestTemplates: { 'application/json': '{}' },
          }),
        },
        { path: '/nothing', httpMethod: 'GET', integration: lambda('Nothing') },
        { path: '/bad-request', httpMethod: 'GET', integration: lambda('BadRequest') },
        { path: '/other-error', httpMethod: 'GET', integration: lambda('Other') },
        { path: '/hangs', httpMethod: 'GET', integration: lambda('Hangs') },
        {
          path: '/slow-api',
          httpMethod: 'GET',
          integration: lambda('HangsLong', { TimeoutInMillis: 300 }),
        },
        { path: '/exits', httpMethod: 'GET', integration: lambda('Exits') },
        {
          path: '/async',
          httpMethod: 'POST',
          integration: lambda('Later', {
            IntegrationResponses: ASYNC_RESPONSES,
            RequestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
          }),
        },
        {
          path: '/maybe-async',
          httpMethod: 'POST',
          integration: lambda('Later', {
            IntegrationResponses: ASYNC_RESPONSES,
            RequestParameters: {
              'integration.request.header.X-Amz-Invocation-Type':
                'method.request.header.InvocationType',
            },
          }),
        },
        {
          path: '/dry-run',
          httpMethod: 'POST',
          integration: lambda('Later', {
            IntegrationResponses: ASYNC_RESPONSES,
            RequestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'DryRun'" },
          }),
        },
        {
          path: '/async-by-template',
          httpMethod: 'POST',
          integration: lambda('Later', {
            IntegrationResponses: ASYNC_RESPONSES,
            RequestTemplates: {
              'application/json':
                "#set($context.requestOverride.header.X-Amz-Invocation-Type = 'Event')$input.body",
            },
          }),
        },
        {
          path: '/broken-request-template',
          httpMethod: 'POST',
          integration: lambda('Echo', {
            RequestTemplates: { 'application/json': "$util.parseJson('{not json')" },
          }),
        },
        {
          path: '/broken-response-template',
          httpMethod: 'GET',
          integration: lambda('Echo', {
            IntegrationResponses: [
              {
                StatusCode: '200',
                ResponseTemplates: { 'application/json': "$util.parseJson('{not json')" },
              },
            ],
          }),
        },
        {
          path: '/no-default',
          httpMethod: 'GET',
          integration: lambda('Other', {
            IntegrationResponses: [{ StatusCode: '400', SelectionPattern: 'nothing matches' }],
          }),
        },
        { path: '/python', httpMethod: 'GET', integration: lambda('Python') },
        {
          path: '/missing',
          httpMethod: 'GET',
          integration: lambda('Echo', {
            Uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:elsewhere/invocations',
          }),
        },
        {
          path: '/sqs',
          httpMethod: 'POST',
          integration: {
            Type: 'AWS',
            IntegrationHttpMethod: 'POST',
            Uri: 'arn:aws:apigateway:eu-west-1:sqs:path/123456789012/queue',
          },
        },
      ],
      {
        Echo: fn('echo.handler'),
        Nothing: fn('echo.nothing'),
        BadRequest: fn('fail.badRequest'),
        Other: fn('fail.other'),
        Hangs: fn('fail.hangs', { Timeout: 1 }),
        HangsLong: fn('fail.hangs', { Timeout: 30 }),
        Exits: fn('fail.exits'),
        Later: fn('later.handler'),
        Python: fn('handler.main', { Runtime: 'python3.12' }),
        ApiGatewayStage: {
          Type: 'AWS::ApiGateway::Stage',
          Properties: { StageName: 'test', Variables: { color: 'blue' } },
        },
      },
    );
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'test',
      port: 0,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
  });

  after(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (route: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });

  // SETUP: the request template maps the method request into the Lambda event.
  it('the request template shapes the event (SETUP)', async () => {
    const response = await post('/shaped/42?q=find', '{"name": "ann"}');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      result: {
        got: { id: '42', q: 'find', body: { name: 'ann' }, stage: 'test', color: 'blue' },
        id: 'r-1',
      },
    });
  });

  // SETUP: on success the default integration response maps the result (serialised as JSON).
  it('success goes through the default response: its template and header mappings (SETUP)', async () => {
    const response = await post('/passthrough', '{"a": [1, 2]}');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('x-result-id'), 'r-1', 'integration.response.body.id');
    assert.deepEqual(await response.json(), { result: { got: { a: [1, 2] }, id: 'r-1' } });
  });

  // PASSTHROUGH: no template for the content type, WHEN_NO_MATCH: the body is the event.
  it('passthrough: the JSON body is the event; an empty body is {} (PASSTHROUGH)', async () => {
    const passed = await post('/passthrough', '{"x": "y"}', { 'Content-Type': 'application/json' });
    assert.deepEqual(await passed.json(), { result: { got: { x: 'y' }, id: 'r-1' } });
    const empty = await fetch(`${base}/passthrough`, { method: 'POST' });
    assert.deepEqual(await empty.json(), { result: { got: {}, id: 'r-1' } });
  });

  // PASSTHROUGH: NEVER refuses a content type without a template.
  it('passthrough NEVER: an unmapped content type is 415 (PASSTHROUGH)', async () => {
    const response = await post('/never', 'x=1', { 'Content-Type': 'text/plain' });
    assert.equal(response.status, 415);
  });

  // Lambda's Invoke refuses an event that is not JSON (InvalidRequestContentException).
  it('a payload that is not JSON: 400 Could not parse request body into json (SETUP)', async () => {
    const response = await post('/passthrough', 'name=ann', { 'Content-Type': 'text/plain' });
    assert.equal(response.status, 400);
    const { message } = (await response.json()) as { message: string };
    assert.match(message, /^Could not parse request body into json: /);
  });

  it('a result of undefined is the JSON null through the default response (SETUP)', async () => {
    const response = await fetch(`${base}/nothing`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { result: null });
  });

  // ERRORS: selectionPattern is matched against errorMessage; the response's status and template.
  it('a function error selects the response whose pattern matches errorMessage (ERRORS)', async () => {
    lines.length = 0;
    const response = await fetch(`${base}/bad-request`);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: '[BadRequest] name is required',
      type: 'Error',
    });
    assert.match(lines.join('\n'), /fn-fail\.badRequest: Error: \[BadRequest\] name is required/);
  });

  // ERRORS: "Otherwise, Lambda errors are returned as 200 OK responses by default".
  it('an unmatched error goes through the default response, 200 (ERRORS)', async () => {
    const response = await fetch(`${base}/other-error`);
    assert.equal(response.status, 200);
    const { result } = (await response.json()) as { result: Record<string, unknown> };
    assert.equal(result.errorType, 'TypeError', 'the error document is the integration body');
    assert.equal(result.errorMessage, 'something else');
    const raw = await fetch(`${base}/no-default`);
    assert.equal(raw.status, 500, 'no match and no default response: configuration error');
  });

  it('the error document is what Lambda returns: errorType, errorMessage, trace (ERRORS)', async () => {
    const raw = await startLocalGateway({
      servicePath: dir,
      template: restTemplate(
        [
          {
            path: '/raw',
            httpMethod: 'GET',
            integration: lambda('Other', { IntegrationResponses: [{ StatusCode: '200' }] }),
          },
        ],
        { Other: fn('fail.other') },
      ),
      stage: 'raw',
      port: 0,
    });
    try {
      const response = await fetch(`${raw.urls.rest}/raw`);
      assert.equal(response.status, 200);
      const error = (await response.json()) as Record<string, unknown>;
      assert.equal(error.errorType, 'TypeError');
      assert.equal(error.errorMessage, 'something else');
      assert.ok(Array.isArray(error.trace) && String(error.trace[0]).startsWith('TypeError'));
    } finally {
      await raw.close();
    }
  });

  // ERRORS + Lambda: a timeout is a function error, "… Task timed out after N.NN seconds".
  it("the function's own Timeout is a Lambda error a pattern selects (ERRORS)", async () => {
    const started = Date.now();
    const response = await fetch(`${base}/hangs`);
    assert.equal(response.status, 504);
    const { timedOut } = (await response.json()) as { timedOut: string };
    assert.match(timedOut, /^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/);
    assert.ok(Date.now() - started < 5000);
  });

  it('the integration timeout (TimeoutInMillis) first: 504 Endpoint request timed out (SETUP)', async () => {
    const response = await fetch(`${base}/slow-api`);
    assert.equal(response.status, 504);
    assert.equal(await response.text(), '{"message": "Endpoint request timed out"}');
  });

  it('a runtime that exits is Runtime.ExitError, selectable like any error (ERRORS)', async () => {
    const response = await fetch(`${base}/exits`);
    assert.equal(response.status, 502);
    const error = (await response.json()) as { errorType: string; errorMessage: string };
    assert.equal(error.errorType, 'Runtime.ExitError');
    assert.match(error.errorMessage, /Runtime exited with error: exit status 3$/);
  });

  const waitFor = async (file: string) => {
    for (let attempt = 0; attempt < 100 && !existsSync(file); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  };

  // ASYNC: X-Amz-Invocation-Type 'Event': the function runs, the method answers at once.
  it("X-Amz-Invocation-Type 'Event': answers at once over an empty body, the function runs (ASYNC)", async () => {
    const marker = path.join(dir, 'async.json');
    const response = await post('/async', JSON.stringify({ marker }));
    assert.equal(response.status, 202);
    assert.equal(await response.text(), '', 'the default response over an empty body');
    assert.equal(existsSync(marker), false, 'answered before the function finished');
    assert.deepEqual(await waitFor(marker), { marker });
  });

  it('X-Amz-Invocation-Type from method.request.header.InvocationType (ASYNC)', async () => {
    const marker = path.join(dir, 'maybe.json');
    const sync = await post('/maybe-async', JSON.stringify({ marker }));
    assert.deepEqual(await sync.json(), { ignored: true }, 'RequestResponse: the result');
    assert.equal(existsSync(marker), true, 'the synchronous call waited for the function');
    rmSync(marker);
    const queued = await post('/maybe-async', JSON.stringify({ marker }), {
      InvocationType: 'Event',
    });
    assert.equal(queued.status, 202);
    assert.equal(await queued.text(), '');
    assert.equal(existsSync(marker), false);
    await waitFor(marker);
  });

  // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html: DryRun validates, runs nothing.
  it("X-Amz-Invocation-Type 'DryRun': the default response, the function does not run", async () => {
    const marker = path.join(dir, 'dry.json');
    const response = await post('/dry-run', JSON.stringify({ marker }));
    assert.equal(response.status, 202);
    assert.equal(await response.text(), '');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(existsSync(marker), false, 'the handler would have written it after 300 ms');
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
  it('$context.requestOverride.header.X-Amz-Invocation-Type makes the call asynchronous', async () => {
    const marker = path.join(dir, 'override.json');
    const response = await post('/async-by-template', JSON.stringify({ marker }));
    assert.equal(response.status, 202);
    assert.equal(await response.text(), '');
    assert.equal(existsSync(marker), false);
    assert.deepEqual(await waitFor(marker), { marker });
  });

  // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
  // (a template that fails is "Execution failed due to configuration error").
  it('a request or response template that fails is a configuration error, 500', async () => {
    for (const response of [
      await post('/broken-request-template', '{}'),
      await fetch(`${base}/broken-response-template`),
    ]) {
      assert.equal(response.status, 500);
      assert.equal(await response.text(), '{"message": "Internal server error"}');
    }
  });

  it('no function for the URI, or a runtime it cannot run: 500 and a log line', async () => {
    lines.length = 0;
    assert.equal((await fetch(`${base}/missing`)).status, 500);
    assert.equal((await fetch(`${base}/python`)).status, 500);
    const log = lines.join('\n');
    assert.match(log, /no AWS::Lambda::Function of the template matches/);
    assert.match(log, /runtime python3\.12 cannot run locally/);
  });

  // An AWS service integration is not a Lambda one: it goes to the local AWS endpoint
  // (./aws-integration.test.ts), and this gateway has none.
  it('an AWS service integration (not Lambda) without a local AWS endpoint is a 500', async () => {
    lines.length = 0;
    const response = await post('/sqs', '{}');
    assert.equal(response.status, 500);
    assert.match(lines.join('\n'), /sqs:path\/123456789012\/queue: no local AWS endpoint/);
  });
});
