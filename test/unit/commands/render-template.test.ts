/**
 * `sls render-template`: reads the template and the request file, checks the template, renders it
 * and prints the result (fake io, temporary files).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandIo } from '../../../src/commands/export-openapi';
import { RENDER_TEMPLATE_OPTIONS, runRenderTemplate } from '../../../src/commands/render-template';

interface FakeIo extends CommandIo {
  written: string[];
  notices: string[];
}

function fakeIo(): FakeIo {
  const written: string[] = [];
  const notices: string[] = [];
  return {
    written,
    notices,
    log: {
      notice: (message) => notices.push(message),
      warning: () => undefined,
      info: () => undefined,
    },
    writeText: (text) => written.push(text),
  };
}

const ENQUEUE = `Action=SendMessage&MessageBody=$util.urlEncode($input.json('$'))&MessageAttribute.1.Name=orderId&MessageAttribute.1.Value.StringValue=$util.urlEncode($input.params('id'))&MessageAttribute.1.Value.DataType=String&Stage=$stageVariables.env`;

describe('render-template command', () => {
  let dir: string;
  const file = (name: string, content: string): string => {
    writeFileSync(path.join(dir, name), content);
    return name;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'render-template-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares --template or --route (with --content-type), --request, --kind and --status', () => {
    assert.deepEqual(Object.keys(RENDER_TEMPLATE_OPTIONS), [
      'template',
      'route',
      'content-type',
      'request',
      'kind',
      'status',
    ]);
    for (const option of Object.values(RENDER_TEMPLATE_OPTIONS))
      assert.equal(option.type, 'string');
  });

  it('renders a request template for the request in the file, paths relative to the service', async () => {
    file('enqueue.vtl', ENQUEUE);
    file(
      'request.json',
      JSON.stringify({
        body: { item: 'book', qty: 2 },
        path: { id: 'o-1' },
        stageVariables: { env: 'prod' },
      }),
    );
    const io = fakeIo();
    await runRenderTemplate({ template: 'enqueue.vtl', request: 'request.json' }, io, dir);
    assert.deepEqual(io.written, [
      'Action=SendMessage&MessageBody=%7B%22item%22%3A%22book%22%2C%22qty%22%3A2%7D&MessageAttribute.1.Name=orderId&MessageAttribute.1.Value.StringValue=o-1&MessageAttribute.1.Value.DataType=String&Stage=prod',
    ]);
    assert.deepEqual(io.notices, []);
  });

  it('renders without a request file, with the default context', async () => {
    file('t.vtl', '{"stage": "$context.stage", "body": $input.json(\'$\')}');
    const io = fakeIo();
    await runRenderTemplate({ template: path.join(dir, 't.vtl') }, io);
    assert.deepEqual(io.written, ['{"stage": "test-invoke-stage", "body": {}}']);
  });

  it('renders a response template and reports the overrides it sets', async () => {
    file(
      'error.vtl',
      `#set($body = $input.path('$'))#if($body.status == 'missing')#set($context.responseOverride.status = 404)#set($context.responseOverride.header.X-Reason = 'not found')#end{"message": "$body.message"}`,
    );
    file('response.json', JSON.stringify({ body: '{"status": "missing", "message": "no order"}' }));
    const io = fakeIo();
    await runRenderTemplate(
      { template: 'error.vtl', request: 'response.json', kind: 'response' },
      io,
      dir,
    );
    assert.deepEqual(io.written, ['{"message": "no order"}']);
    assert.deepEqual(io.notices, [
      'The template sets:\n  $context.responseOverride.status = 404\n  $context.responseOverride.header.X-Reason = not found',
    ]);
  });

  it('fails with every problem, as file:line:column, before rendering', async () => {
    file('bad.vtl', '{\n  "a": "$util.escapeJS($input.body)",\n  "b": $input.jsn(\'$.b\')\n}');
    const io = fakeIo();
    await assert.rejects(runRenderTemplate({ template: 'bad.vtl' }, io, dir), {
      message: [
        'bad.vtl has 2 problems API Gateway would reject:',
        "bad.vtl:2:9: $util.escapeJS is not an API Gateway $util function; did you mean escapeJavaScript? API Gateway's $util has: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode (at: $util.escapeJS(…))",
        "bad.vtl:3:8: $input.jsn is not an API Gateway $input member; did you mean json? API Gateway's $input has: $input.body, $input.json(path), $input.path(path), $input.params() and $input.params(name) (at: $input.jsn(…))",
      ].join('\n'),
    });
    assert.deepEqual(io.written, []);
  });

  it('checks the override variables against --kind', async () => {
    file('t.vtl', '#set($context.responseOverride.status = 400)');
    await assert.rejects(runRenderTemplate({ template: 't.vtl' }, fakeIo(), dir), {
      message:
        't.vtl has a problem API Gateway would reject:\nt.vtl:1:6: $context.responseOverride is only available in response templates (this is a request template); here use $context.requestOverride.header/path/querystring.<name> (at: $context.responseOverride)',
    });
  });

  const failures: Array<{
    name: string;
    options: Record<string, unknown>;
    files?: Record<string, string>;
    message: string | RegExp;
  }> = [
    {
      name: 'no --template',
      options: {},
      message:
        "render-template needs either --template <file> (a VTL mapping template) or --route '<METHOD /path>' (a route of custom.apiGateway.routes)",
    },
    {
      name: 'an unknown --kind',
      options: { template: 't.vtl', kind: 'integration' },
      message: '--kind must be "request" or "response", not "integration"',
    },
    {
      name: 'a missing template file',
      options: { template: 'nope.vtl' },
      message: /^Cannot read the template .*nope\.vtl: no such file$/,
    },
    {
      name: 'a request file that is not JSON',
      options: { template: 't.vtl', request: 'r.json' },
      files: { 't.vtl': 'x', 'r.json': '{body:' },
      message: /^The request file .*r\.json is not JSON: /,
    },
    {
      name: 'a request file with wrong keys and values, all reported',
      options: { template: 't.vtl', request: 'r.json' },
      files: {
        't.vtl': 'x',
        'r.json': JSON.stringify({
          method: 'GET',
          headers: { a: { b: 1 } },
          path: 'x',
          context: 1,
        }),
      },
      message:
        /is not valid:\n {2}'method' is not a request key; allowed: body, headers, queryString, path, stageVariables, context\n {2}'headers\.a' must be a string, not \{"b":1\}\n {2}'path' must be an object of names to string values\n {2}'context' must be an object of \$context values, e\.g\. \{ "httpMethod": "POST" \}$/,
    },
  ];
  for (const row of failures) {
    it(`fails on ${row.name}`, async () => {
      file('t.vtl', 'x');
      for (const [name, content] of Object.entries(row.files ?? {})) file(name, content);
      await assert.rejects(runRenderTemplate(row.options, fakeIo(), dir), (error: Error) => {
        if (typeof row.message === 'string') assert.equal(error.message, row.message);
        else assert.match(error.message, row.message);
        return true;
      });
    });
  }

  it("renders a route's template with the stage's variables, which the request file can override", async () => {
    const io = fakeIo();
    const lookup = (route: string, kind: string, contentType: string) => {
      assert.deepEqual(
        [route, kind, contentType],
        ['POST /orders/queue', 'request', 'application/json'],
      );
      return {
        source: "Action=SendMessage&Url=$stageVariables.queue&Item=$input.path('$.item')",
        name: "custom.apiGateway.routes['POST /orders/queue'].request.template",
        stageVariables: { queue: 'https://sqs.example/q' },
      };
    };
    await runRenderTemplate({ route: 'POST /orders/queue' }, io, dir, lookup);
    assert.deepEqual(io.written, ['Action=SendMessage&Url=https://sqs.example/q&Item=']);
  });

  it('refuses both --template and --route', async () => {
    await assert.rejects(
      runRenderTemplate({ template: 'a.vtl', route: 'GET /a' }, fakeIo(), dir),
      /either --template <file>.*or --route/,
    );
  });
});
