/**
 * The package-time template check: each row is a template and the EXACT problems it must give
 * (1-based line and column of the offending text, the text, and the message).
 */
import assert from 'node:assert/strict';
import { formatProblems, lintTemplate, type LintOptions, type VtlProblem } from '../../../src/vtl';

interface Row {
  name: string;
  template: string;
  options?: Partial<LintOptions>;
  expected: Array<Omit<VtlProblem, 'file'>>;
}

const UTIL_HAS =
  "API Gateway's $util has: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode";
const INPUT_HAS =
  "API Gateway's $input has: $input.body, $input.json(path), $input.path(path), $input.params() and $input.params(name)";
const IDENTITY_HAS =
  '$context.identity has: accountId, apiKey, apiKeyId, caller, clientCert, cognitoAuthenticationProvider, cognitoAuthenticationType, cognitoIdentityId, cognitoIdentityPoolId, principalOrgId, sourceIp, user, userAgent, userArn, vpcId, vpceId';
const CONTEXT_HAS = (override: string): string =>
  `$context has: accountId, apiId, authorizer, awsEndpointRequestId, deploymentId, domainName, domainPrefix, error, extendedRequestId, httpMethod, identity, isCanaryRequest, path, protocol, requestId, ${override === 'requestOverride' ? 'requestOverride, requestTime, requestTimeEpoch, resourceId, resourcePath, stage' : 'requestTime, requestTimeEpoch, resourceId, resourcePath, responseOverride, stage'}, wafResponseCode, webaclArn, xrayTraceId`;
const DEFINE_STAGE_VARIABLE = 'define it under custom.apiGateway.stages.<stage>.variables';

const rows: Row[] = [
  // Syntax
  {
    name: 'a #set without a value',
    template: '#set($x = )',
    expected: [
      {
        line: 1,
        column: 11,
        text: ')',
        message:
          "syntax error: unexpected ')'; expected '(', a $reference, '{', '-', '!', true, false or null, '[', a number, a string",
      },
    ],
  },
  {
    name: 'an unclosed call, reported where the next token is',
    template: '{\n  "a": $input.json(\'$.a\'\n}',
    expected: [
      {
        line: 3,
        column: 1,
        text: '}',
        message: "syntax error: unexpected '}'; expected ')', ',', ']'",
      },
    ],
  },
  {
    name: 'an incomplete comparison on a later line',
    template: 'line1\n#if($a == ) x #end',
    expected: [
      {
        line: 2,
        column: 11,
        text: ')',
        message:
          "syntax error: unexpected ')'; expected '(', a $reference, '-', '!', true, false or null, a number, a string",
      },
    ],
  },
  {
    name: 'an unclosed ${ at the end of the template',
    template: '{"a": 1}\nx ${a',
    expected: [
      {
        line: 2,
        column: 6,
        text: 'x ${a',
        message: "syntax error: unexpected end of the template; expected '(', '}', '.', '['",
      },
    ],
  },
  {
    name: 'an unterminated string',
    template: '#set($a = "unterminated)\nmore',
    expected: [
      {
        line: 1,
        column: 1,
        text: '#set($a = "unterminated)',
        message: 'syntax error: a string, a ( or a #directive opened on this line is not closed',
      },
    ],
  },
  // Blocks (velocityjs accepts these; Apache Velocity does not)
  {
    name: 'an #if without #end',
    template: '{\n#if($x)\n  "a": 1\n}',
    expected: [
      { line: 2, column: 1, text: '#if', message: '#if is never closed: add #end after its body' },
    ],
  },
  {
    name: 'a nested block without #end reports the outer opener left open',
    template: '#foreach($a in $b)\n  #if($c)x\n#end',
    expected: [
      {
        line: 1,
        column: 1,
        text: '#foreach',
        message: '#foreach is never closed: add #end after its body',
      },
    ],
  },
  {
    name: 'an #end that closes nothing',
    template: '#if($a)x#end\n  y #end z',
    expected: [
      {
        line: 2,
        column: 5,
        text: '#end',
        message:
          '#end closes nothing: there is no open #if, #foreach, #macro or #define here; remove it or add the missing opening directive',
      },
    ],
  },
  {
    name: 'a second #else',
    template: '#if($a) #else #else #end',
    expected: [
      {
        line: 1,
        column: 15,
        text: '#else',
        message: '#else after #else in the #if opened at 1:1; #else must be the last branch',
      },
    ],
  },
  {
    name: '#elseif outside #if',
    template: '#foreach($a in $b)\n#elseif($a) x\n#end',
    expected: [
      {
        line: 2,
        column: 1,
        text: '#elseif',
        message: '#elseif is only allowed inside an #if … #end block',
      },
    ],
  },
  {
    name: 'directives in comments, escaped and in strings are not blocks',
    template: '## #if($a)\n#* #end *#\n\\#end\n#set($s = "#end")#[[ #if ]]#',
    expected: [],
  },
  // $util
  {
    name: 'an unknown $util function, with a suggestion',
    template: '{\n  "a": "$util.escapeJS($input.path(\'$.a\'))"\n}',
    expected: [
      {
        line: 2,
        column: 9,
        text: '$util.escapeJS(…)',
        message: `$util.escapeJS is not an API Gateway $util function; did you mean escapeJavaScript? ${UTIL_HAS}`,
      },
    ],
  },
  {
    name: 'a $util function not called',
    template: '$util.parseJson',
    expected: [
      {
        line: 1,
        column: 1,
        text: '$util.parseJson',
        message:
          '$util.parseJson is a function: call it with one argument, e.g. $util.parseJson($value)',
      },
    ],
  },
  {
    name: 'a $util function with two arguments',
    template: "x $util.urlEncode('a', 'b')",
    expected: [
      {
        line: 1,
        column: 3,
        text: '$util.urlEncode(…)',
        message: '$util.urlEncode takes exactly 1 argument, got 2',
      },
    ],
  },
  {
    name: 'an unknown $util function inside a #macro body',
    template: '#macro(m $x)$util.bad($x)#end',
    expected: [
      {
        line: 1,
        column: 13,
        text: '$util.bad(…)',
        message: `$util.bad is not an API Gateway $util function; ${UTIL_HAS}`,
      },
    ],
  },
  // $input
  {
    name: 'an unknown $input member',
    template: '{\n  "q": "$input.query(\'q\')"\n}',
    expected: [
      {
        line: 2,
        column: 9,
        text: '$input.query(…)',
        message: `$input.query is not an API Gateway $input member; ${INPUT_HAS}`,
      },
    ],
  },
  {
    name: 'a misspelt $input member in a #foreach, with a suggestion',
    template: "#foreach($i in $input.pth('$.a'))\n  $i\n#end",
    expected: [
      {
        line: 1,
        column: 16,
        text: '$input.pth(…)',
        message: `$input.pth is not an API Gateway $input member; did you mean path? ${INPUT_HAS}`,
      },
    ],
  },
  {
    name: '$input.json without a call',
    template: '$input.json',
    expected: [
      {
        line: 1,
        column: 1,
        text: '$input.json',
        message: "$input.json is a function: call it with a JSONPath, e.g. $input.json('$.name')",
      },
    ],
  },
  {
    name: '$input.body called as a function',
    template: '$input.body()',
    expected: [
      {
        line: 1,
        column: 1,
        text: '$input.body(…)',
        message: '$input.body is a property, not a function: write $input.body',
      },
    ],
  },
  {
    name: '$input.json without an argument',
    template: '$input.json()',
    expected: [
      {
        line: 1,
        column: 1,
        text: '$input.json(…)',
        message: "$input.json takes 1 argument (a JSONPath such as '$.name'), got 0",
      },
    ],
  },
  {
    name: 'a JSONPath that does not start at $',
    template: "$input.json('name')",
    expected: [
      {
        line: 1,
        column: 1,
        text: '$input.json(…)',
        message: "$input.json('name') needs a JSONPath that starts at the root $, e.g. '$.name'",
      },
    ],
  },
  {
    name: '$input.params with two arguments',
    template: "$input.params('a', 'b')",
    expected: [
      {
        line: 1,
        column: 1,
        text: '$input.params(…)',
        message: '$input.params takes 0 arguments (all parameters) or 1 (a parameter name), got 2',
      },
    ],
  },
  {
    name: 'an unknown parameter map of $input.params()',
    template: "$input.params().headers.get('x')",
    expected: [
      {
        line: 1,
        column: 1,
        text: '$input.params(…).headers',
        message:
          "$input.params() has no 'headers' parameter map; did you mean header? $input.params() has: path, querystring, header",
      },
    ],
  },
  // $context
  {
    name: 'a misspelt $context.identity variable in an #if condition',
    template: "#if($context.identity.sourceIP == '1')x#end",
    expected: [
      {
        line: 1,
        column: 5,
        text: '$context.identity.sourceIP',
        message: `$context.identity.sourceIP is not an API Gateway $context variable; did you mean sourceIp? ${IDENTITY_HAS}`,
      },
    ],
  },
  {
    name: 'the second of two $context references in one condition',
    template: "#if($a == 1 && $context.stage == 'x' && $context.stag == 'y')#end",
    expected: [
      {
        line: 1,
        column: 41,
        text: '$context.stag',
        message: `$context.stag is not an API Gateway $context variable; did you mean stage? ${CONTEXT_HAS('requestOverride')}`,
      },
    ],
  },
  {
    name: '$context.responseOverride in a request template',
    template: '#set($context.responseOverride.status = 400)',
    expected: [
      {
        line: 1,
        column: 6,
        text: '$context.responseOverride',
        message:
          '$context.responseOverride is only available in response templates (this is a request template); here use $context.requestOverride.header/path/querystring.<name>',
      },
    ],
  },
  {
    name: '$context.requestOverride in a response template',
    template: "{}\n#set($context.requestOverride.header.X = 'a')",
    options: { kind: 'response' },
    expected: [
      {
        line: 2,
        column: 6,
        text: '$context.requestOverride',
        message:
          '$context.requestOverride is only available in request templates (this is a response template); here use $context.responseOverride.status or $context.responseOverride.header.<name>',
      },
    ],
  },
  {
    name: 'an unknown $context variable in a response template',
    template: '$context.error.messageString $context.errors',
    options: { kind: 'response' },
    expected: [
      {
        line: 1,
        column: 30,
        text: '$context.errors',
        message: `$context.errors is not an API Gateway $context variable; did you mean error? ${CONTEXT_HAS('responseOverride')}`,
      },
    ],
  },
  {
    name: 'a $context variable read with get()',
    template: "$context.identity.get('sourceIP')",
    expected: [
      {
        line: 1,
        column: 1,
        text: '$context.identity.get(…)',
        message: `$context.identity.sourceIP is not an API Gateway $context variable; did you mean sourceIp? ${IDENTITY_HAS}`,
      },
    ],
  },
  {
    name: 'authorizer keys and claims, client certificates, methods on values are all fine',
    template:
      "$context.authorizer.claims.email $context.authorizer.tenant $context.identity.clientCert.validity.notAfter $context.requestId.length() $context.identity.get('sourceIp') #set($context.requestOverride.header.X-Id = 'a')",
    expected: [],
  },
  // $stageVariables
  {
    name: 'a stage variable no stage defines, inside a string, with a suggestion',
    template: '#set($s = "v=$stageVariables.backnd/x")',
    options: { stageVariables: ['region', 'backend'] },
    expected: [
      {
        line: 1,
        column: 14,
        text: '$stageVariables.backnd',
        message: `stage variable 'backnd' is not defined by any stage; did you mean backend? defined: backend, region; or ${DEFINE_STAGE_VARIABLE}`,
      },
    ],
  },
  {
    name: "stage variables written ['x'] and ${x}, when no stage defines any",
    template: "$stageVariables['x'] ${stageVariables.backend}",
    options: { stageVariables: [] },
    expected: [
      {
        line: 1,
        column: 1,
        text: "$stageVariables['x']",
        message: `stage variable 'x' is not defined by any stage (no stage defines variables); ${DEFINE_STAGE_VARIABLE}`,
      },
      {
        line: 1,
        column: 22,
        text: '$stageVariables.backend',
        message: `stage variable 'backend' is not defined by any stage (no stage defines variables); ${DEFINE_STAGE_VARIABLE}`,
      },
    ],
  },
  {
    name: 'stage variables are not checked when the list is not given',
    template: '$stageVariables.anything',
    expected: [],
  },
  {
    name: 'references in comments are ignored; the real one is found after them',
    template: '## $util.nope in a comment\n#* $util.nope *#\n$util.nope',
    expected: [
      {
        line: 3,
        column: 1,
        text: '$util.nope',
        message: `$util.nope is not an API Gateway $util function; ${UTIL_HAS}`,
      },
    ],
  },
];

describe('lintTemplate', () => {
  for (const row of rows) {
    it(row.name, () => {
      const problems = lintTemplate(row.template, { kind: 'request', ...row.options });
      assert.deepEqual(problems, row.expected);
    });
  }

  it('reports every problem at once, in source order, with the file', () => {
    const template = '{\n  "a": "$util.nope($x)",\n  "b": $input.jsn(\'$.b\')\n#if($x)\n}';
    const problems = lintTemplate(template, { kind: 'request', file: 'templates/a.vtl' });
    assert.deepEqual(
      problems.map((problem) => [problem.file, problem.line, problem.column, problem.text]),
      [
        ['templates/a.vtl', 2, 9, '$util.nope(…)'],
        ['templates/a.vtl', 3, 8, '$input.jsn(…)'],
        ['templates/a.vtl', 4, 1, '#if'],
      ],
    );
    assert.equal(
      formatProblems(problems.slice(2)),
      'templates/a.vtl:4:1: #if is never closed: add #end after its body (at: #if)',
    );
  });

  it('accepts the documented API Gateway examples', () => {
    const documented = [
      `#set($allParams = $input.params())
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
}`,
      `{
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
}`,
      `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}`,
      `{
    "name" : "$input.params('name')",
    "body" : $util.escapeJavaScript($input.json('$.mykey')).replaceAll("\\\\'","'")
}`,
    ];
    for (const template of documented)
      assert.deepEqual(lintTemplate(template, { kind: 'request', stageVariables: [] }), []);
  });
});
