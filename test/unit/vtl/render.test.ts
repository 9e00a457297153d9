/**
 * The local renderer against API Gateway's semantics: one row per feature of $input, $util,
 * $context and $stageVariables, the places where API Gateway differs from plain Velocity, and the
 * request/response examples of the API Gateway documentation (api-gateway-mapping-template-reference
 * and api-gateway-mapping-variable-examples) with their documented inputs and outputs.
 */
import assert from 'node:assert/strict';
import {
  renderTemplate,
  renderTemplateDetailed,
  VtlRenderError,
  type RenderRequest,
} from '../../../src/vtl';

interface Row {
  name: string;
  template: string;
  request?: RenderRequest;
  expected: string;
}

const ORDER = JSON.stringify({
  name: 'Ann',
  n: 42,
  price: 249.99,
  ok: true,
  nothing: null,
  items: [
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 2 },
  ],
  obj: { a: 1, b: [1, 2] },
  'odd key': 'x',
});

const PARAMS: RenderRequest = {
  path: { id: 'from-path' },
  queryString: { id: 'from-query', q: 'shoes' },
  headers: { id: 'from-header', 'X-Trace': 'abc', 'Content-Type': 'application/json' },
};

const rows: Row[] = [
  // $input.body / $input.json / $input.path
  {
    name: '$input.body is the raw body',
    template: '$input.body',
    request: { body: ' {"a": 1} ' },
    expected: ' {"a": 1} ',
  },
  {
    name: "$input.json('$') is the body as compact JSON",
    template: "$input.json('$')",
    request: { body: '{ "a" : [1, 2] }' },
    expected: '{"a":[1,2]}',
  },
  {
    name: '$input.json quotes a string (it returns JSON text)',
    template: "$input.json('$.name')",
    request: { body: ORDER },
    expected: '"Ann"',
  },
  {
    name: '$input.json of a number',
    template: "$input.json('$.price')",
    request: { body: ORDER },
    expected: '249.99',
  },
  {
    name: '$input.json with [n]',
    template: "$input.json('$.items[1].sku')",
    request: { body: ORDER },
    expected: '"b"',
  },
  {
    name: '$input.json with a negative index',
    template: "$input.json('$.items[-1].qty')",
    request: { body: ORDER },
    expected: '2',
  },
  {
    name: "$input.json with ['key']",
    template: `$input.json("$['odd key']")`,
    request: { body: ORDER },
    expected: '"x"',
  },
  {
    name: '$input.json with [*] gives the list of matches',
    template: "$input.json('$.items[*].sku')",
    request: { body: ORDER },
    expected: '["a","b"]',
  },
  {
    name: '$input.json of a JSON null is null',
    template: "$input.json('$.nothing')",
    request: { body: ORDER },
    expected: 'null',
  },
  {
    name: '$input.json of a missing path renders nothing',
    template: "[$input.json('$.missing')]",
    request: { body: ORDER },
    expected: '[]',
  },
  {
    name: "$input.json('$') of an empty body is {}",
    template: "$input.json('$')",
    request: { body: '' },
    expected: '{}',
  },
  {
    name: '$input.path gives the value: a string without quotes',
    template: "$input.path('$.name')",
    request: { body: ORDER },
    expected: 'Ann',
  },
  {
    name: '$input.path of a list supports size()',
    template: "$input.path('$.items').size()",
    request: { body: ORDER },
    expected: '2',
  },
  {
    name: '$input.path of an object renders as a Java map',
    template: "$input.path('$.obj')",
    request: { body: ORDER },
    expected: '{a=1, b=[1, 2]}',
  },
  {
    name: '$input.path of a boolean',
    template: "#if($input.path('$.ok'))yes#end",
    request: { body: ORDER },
    expected: 'yes',
  },
  {
    name: 'a missing or null value renders as nothing, not as the reference text (plain Velocity would print it)',
    template:
      "[$input.path('$.missing')][$input.path('$.nothing')][$input.path('$.items[5]')][$undefinedVariable]",
    request: { body: ORDER },
    expected: '[][][][]',
  },
  // $input.params
  {
    name: '$input.params(name) looks in the path first',
    template: "$input.params('id')",
    request: PARAMS,
    expected: 'from-path',
  },
  {
    name: '$input.params(name) looks in the query string second',
    template: "$input.params('id')",
    request: { ...PARAMS, path: {} },
    expected: 'from-query',
  },
  {
    name: '$input.params(name) looks in the headers last',
    template: "$input.params('id')",
    request: { ...PARAMS, path: {}, queryString: {} },
    expected: 'from-header',
  },
  {
    name: '$input.params(name) finds a header whatever its case',
    template: "$input.params('x-trace')",
    request: PARAMS,
    expected: 'abc',
  },
  {
    name: '$input.params(name) of an absent parameter is empty',
    template: "[$input.params('nope')]",
    request: PARAMS,
    expected: '[]',
  },
  {
    name: '$input.params() is the map of path, querystring and header',
    template:
      "$input.params().keySet() $input.params().querystring.q $input.params().header.get('X-Trace') $input.params().get('path').id",
    request: PARAMS,
    expected: '[path, querystring, header] shoes abc from-path',
  },
  // $util
  {
    name: 'escapeJavaScript escapes quotes, backslash and slash (and single quotes, as documented)',
    template: "$util.escapeJavaScript($input.path('$.s'))",
    request: { body: JSON.stringify({ s: `it's "a\\b" </x>` }) },
    expected: `it\\'s \\"a\\\\b\\" <\\/x>`,
  },
  {
    name: 'escapeJavaScript escapes control characters',
    template: "$util.escapeJavaScript($input.path('$.s'))",
    request: { body: JSON.stringify({ s: 'a\nb\tc\rd\be\ff\u0001g\u001f' }) },
    expected: 'a\\nb\\tc\\rd\\be\\ff\\u0001g\\u001F',
  },
  {
    name: 'escapeJavaScript escapes everything above U+007F as \\uXXXX (uppercase, per UTF-16 unit)',
    template: "$util.escapeJavaScript($input.path('$.s'))",
    request: { body: JSON.stringify({ s: 'é\u2028€😀~' }) },
    expected: '\\u00E9\\u2028\\u20AC\\uD83D\\uDE00~',
  },
  {
    name: 'escapeJavaScript(…).replaceAll("\\\\\'","\'") gives valid JSON (documented idiom)',
    template: `"$util.escapeJavaScript($input.path('$.s')).replaceAll("\\\\'","'")"`,
    request: { body: JSON.stringify({ s: `it's "x"` }) },
    expected: `"it's \\"x\\""`,
  },
  {
    name: 'escapeJavaScript of a map escapes its Java text',
    template: "$util.escapeJavaScript($input.path('$.obj'))",
    request: { body: ORDER },
    expected: '{a=1, b=[1, 2]}',
  },
  {
    name: 'parseJson turns a JSON string into a value (documented example)',
    template: `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}`,
    request: { body: '{"errorMessage":"{\\"key1\\":\\"var1\\",\\"key2\\":{\\"arr\\":[1,2,3]}}"}' },
    expected: '{\n   "errorMessageObjKey2ArrVal" : 1\n}',
  },
  {
    name: 'urlEncode is application/x-www-form-urlencoded (Java URLEncoder)',
    template: "$util.urlEncode($input.path('$.s'))",
    request: { body: JSON.stringify({ s: "a b&c=d/é*~!'()._-" }) },
    expected: 'a+b%26c%3Dd%2F%C3%A9*%7E%21%27%28%29._-',
  },
  {
    name: 'urlDecode reads + as a space',
    template: "$util.urlDecode('a+b%26c%3Dd%2F%C3%A9')",
    expected: 'a b&c=d/é',
  },
  {
    name: 'base64Encode encodes UTF-8',
    template: "$util.base64Encode('héllo')",
    expected: 'aMOpbGxv',
  },
  {
    name: 'base64Decode decodes to UTF-8',
    template: "$util.base64Decode('aMOpbGxv')",
    expected: 'héllo',
  },
  // $context and $stageVariables
  {
    name: '$context defaults are those of the console Test feature',
    template: '$context.requestId $context.stage $context.identity.sourceIp [$context.httpMethod]',
    expected: 'test-invoke-request test-invoke-stage test-invoke-source-ip []',
  },
  {
    name: '$context values from the request, authorizer claims included',
    template:
      '$context.httpMethod $context.resourcePath $context.identity.sourceIp $context.authorizer.claims.email $context.authorizer.principalId $context.stage',
    request: {
      context: {
        httpMethod: 'POST',
        resourcePath: '/orders/{id}',
        identity: { sourceIp: '192.0.2.1' },
        authorizer: { claims: { email: 'ann@example.com' }, principalId: 'user-1' },
        stage: 'prod',
      },
    },
    expected: 'POST /orders/{id} 192.0.2.1 ann@example.com user-1 prod',
  },
  {
    name: "$stageVariables.x, $stageVariables['x'] and ${stageVariables['x']}",
    template:
      "$stageVariables.backend|$stageVariables['backend']|${stageVariables['backend']}/orders|[$stageVariables.other]",
    request: { stageVariables: { backend: 'https://api.example.com' } },
    expected: 'https://api.example.com|https://api.example.com|https://api.example.com/orders|[]',
  },
  // Directives
  {
    name: '#set, #if/#elseif/#else',
    template: "#set($n = $input.path('$.n'))#if($n > 100)big#elseif($n > 10)medium#{else}small#end",
    request: { body: ORDER },
    expected: 'medium',
  },
  {
    name: '#foreach with $foreach.hasNext separates items',
    template:
      '[#foreach($item in $input.path(\'$.items\'))"$item.sku"#if($foreach.hasNext),#end#end]',
    request: { body: ORDER },
    expected: '["a","b"]',
  },
  {
    name: 'Java String methods templates use',
    template:
      "#set($s = $input.path('$.name'))$s.length() $s.isEmpty() $s.contains('nn') $s.replace('n', 'N') $s.matches('A.*') $s.toLowerCase() $s.equals('Ann')",
    request: { body: ORDER },
    expected: '3 false true ANN true ann true',
  },
];

describe('renderTemplate: API Gateway semantics', () => {
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(renderTemplate(row.template, row.request), row.expected);
    });
  }

  it('gives $foreach first and last, as Velocity 1.7 does', () => {
    assert.equal(
      renderTemplate(
        "[#foreach($x in $input.path('$.items'))#if($foreach.first)<#end$x#if($foreach.last)>#else,#end#end]",
        { body: '{"items": ["a", "b", "c"]}' },
      ),
      '[<a,b,c>]',
    );
  });

  it('ends the output at #stop (also #{stop}), inside blocks too', () => {
    assert.equal(renderTemplate('{"a": 1}#stop trailing text'), '{"a": 1}');
    assert.equal(renderTemplate('#if(true)kept#{stop}#end dropped'), 'kept');
    assert.equal(
      renderTemplate('#foreach($x in [1, 2, 3])$x#if($x == 2)#stop#end#end after'),
      '12',
    );
    // $stopped is a reference, not the directive.
    assert.equal(renderTemplate('#set($stopped = 1)$stopped'), '1');
  });

  it('collects $context.requestOverride values a request template sets', () => {
    const result = renderTemplateDetailed(
      `#set($context.requestOverride.header.X-Order = $input.params('id'))#set($context.requestOverride.querystring.page = '2')#set($context.requestOverride.path.id = 'p')ok`,
      PARAMS,
    );
    assert.equal(result.output, 'ok');
    assert.deepEqual(result.overrides.requestOverride, {
      header: { 'X-Order': 'from-path' },
      path: { id: 'p' },
      querystring: { page: '2' },
    });
  });

  it('collects $context.responseOverride status and headers a response template sets', () => {
    const result = renderTemplateDetailed(
      `#if($input.path('$.error') != "")#set($context.responseOverride.status = 404)#set($context.responseOverride.header.X-Reason = 'missing')#end{"message": $input.json('$.error')}`,
      { body: '{"error": "no such order"}' },
    );
    assert.equal(result.output, '{"message": "no such order"}');
    assert.deepEqual(result.overrides.responseOverride, {
      status: 404,
      header: { 'X-Reason': 'missing' },
    });
  });

  it('does not mutate the request', () => {
    const request: RenderRequest = {
      ...PARAMS,
      body: ORDER,
      context: { identity: { sourceIp: '1.2.3.4' } },
    };
    const copy = structuredClone(request);
    renderTemplate(
      '#set($context.requestOverride.header.A = "b")$input.params().path.put("x", "y")',
      request,
    );
    assert.deepEqual(request, copy);
  });

  describe('errors', () => {
    const cases: Array<{
      name: string;
      template: string;
      request?: RenderRequest;
      message: string;
    }> = [
      {
        name: 'a JSONPath outside the supported subset',
        template: "x\n  $input.json('$..sku')",
        request: { body: ORDER },
        message:
          "JSONPath '$..sku' is not supported by the local renderer at '..sku' (supported: $, .key, ['key'], [n] and [*]) (at 2:3: $input.json('$..sku'))",
      },
      {
        name: 'a body that is not JSON read with $input.path',
        template: "$input.path('$.a')",
        request: { body: 'a=1&b=2' },
        message:
          "$input.json() and $input.path() need a JSON body, and this body is not JSON; use $input.body for the raw text (at 1:1: $input.path('$.a'))",
      },
      {
        name: '$util.parseJson of something that is not JSON',
        template: "$util.parseJson('{nope')",
        message:
          "$util.parseJson: the argument is not JSON: {nope (at 1:1: $util.parseJson('{nope'))",
      },
      {
        name: 'a syntax error',
        template: '{\n  "a": $input.json(\'$.a\'\n}',
        message: "<template>:3:1: syntax error: unexpected '}'; expected ')', ',', ']' (at: })",
      },
    ];
    for (const row of cases) {
      it(row.name, () => {
        assert.throws(
          () => renderTemplate(row.template, row.request),
          (error: unknown) => {
            assert.ok(error instanceof VtlRenderError);
            assert.equal(error.message, row.message);
            return true;
          },
        );
      });
    }
  });
});

describe('renderTemplate: documented API Gateway examples', () => {
  it('passes all request parameters through (api-gateway-mapping-template-reference, "Parameter Mapping Template Example")', () => {
    const template = `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}`;
    const output = renderTemplate(template, {
      path: { path_name: 'path_value' },
      queryString: { querystring_name: 'querystring_value' },
      headers: { header_name: 'header_value' },
    });
    assert.deepEqual(JSON.parse(output), {
      params: {
        path: { path_name: 'path_value' },
        querystring: { querystring_name: 'querystring_value' },
        header: { header_name: 'header_value' },
      },
    });
  });

  it('reads a path parameter, counts and copies part of the body ("Example Request and Response Using $input")', () => {
    // Documented: POST /things/abc {"things": {"1": {}, "2": {}, "3": {}}} gives id "abc", count "3".
    const template = `{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $input.json('$.things')
}`;
    const output = renderTemplate(template, {
      path: { id: 'abc' },
      body: '{\n    "things" : {\n        "1" : {},\n        "2" : {},\n        "3" : {}\n    }\n}',
    });
    assert.deepEqual(JSON.parse(output), {
      id: 'abc',
      count: '3',
      things: { '1': {}, '2': {}, '3': {} },
    });
  });

  it('maps $context variables (api-gateway-mapping-variable-examples, "Example 1")', () => {
    const template = `{
    "stage" : "$context.stage",
    "request_id" : "$context.requestId",
    "api_id" : "$context.apiId",
    "resource_path" : "$context.resourcePath",
    "resource_id" : "$context.resourceId",
    "http_method" : "$context.httpMethod",
    "source_ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "account_id" : "$context.identity.accountId",
    "api_key" : "$context.identity.apiKey",
    "caller" : "$context.identity.caller",
    "user" : "$context.identity.user",
    "user_arn" : "$context.identity.userArn"
}`;
    const documented = {
      stage: 'prod',
      request_id: 'abcdefg-000-000-0000-abcdefg',
      api_id: 'abcd1234',
      resource_path: '/',
      resource_id: 'efg567',
      http_method: 'GET',
      source_ip: '192.0.2.1',
      'user-agent': 'curl/7.84.0',
      account_id: '111122223333',
      api_key: 'MyTestKey',
      caller: 'ABCD-0000-12345',
      user: 'ABCD-0000-12345',
      user_arn: 'arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar',
    };
    const output = renderTemplate(template, {
      context: {
        stage: 'prod',
        requestId: 'abcdefg-000-000-0000-abcdefg',
        apiId: 'abcd1234',
        resourcePath: '/',
        resourceId: 'efg567',
        httpMethod: 'GET',
        identity: {
          sourceIp: '192.0.2.1',
          userAgent: 'curl/7.84.0',
          accountId: '111122223333',
          apiKey: 'MyTestKey',
          caller: 'ABCD-0000-12345',
          user: 'ABCD-0000-12345',
          userArn: 'arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar',
        },
      },
    });
    assert.deepEqual(JSON.parse(output), documented);
  });

  it('reads a query string parameter and the whole body ("Example JSON Mapping Template Using $input")', () => {
    const output = renderTemplate(
      '{\n    "name" : "$input.params(\'name\')",\n    "body" : $input.json(\'$\') \n}',
      {
        queryString: { name: 'me' },
        body: '{"mykey": {"a": [1, "two"]}}',
      },
    );
    assert.deepEqual(JSON.parse(output), { name: 'me', body: { mykey: { a: [1, 'two'] } } });
  });
});
