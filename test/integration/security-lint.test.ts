/**
 * The security lint and stages.<stage>.waf with the real framework, on the security-lint fixture:
 * `sls apigateway lint --json` reports each finding at its config path, `--fail-on` fails after
 * printing, `sls package` says one summary line at the default level and stops listing every
 * finding with `lint: error`; the WAF association is in the prod template (cfn-lint checks it).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
  runServerless,
} from '../helpers/serverless';

const SERVICE = path.join(FIXTURES, 'security-lint');

describe('security lint and WAF (integration)', () => {
  it('sls apigateway lint --json: the findings at their config paths, the suppressed and unused ones', () => {
    const result = runServerless(SERVICE, ['apigateway', 'lint', '--json', '--stage', 'prod']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(plain(result.stdout)) as {
      stage: string;
      summary: Record<string, number>;
      findings: Array<{ rule: string; severity: string; path: string }>;
      suppressed: Array<{ rule: string; path: string; reason: string }>;
      unusedSuppressions: Array<{ path: string }>;
    };
    assert.equal(report.stage, 'prod');
    assert.deepEqual(report.summary, { high: 2, medium: 0, low: 1, suppressed: 2 });
    assert.deepEqual(
      report.findings.map(({ rule, severity, path: where }) => [rule, severity, where]),
      [
        ['APIGW-AUTH-001', 'high', 'functions.createOrder.events[0].http.apiGateway.authorizer'],
        ['APIGW-LOG-002', 'high', 'custom.apiGateway.stages.prod.logging.dataTrace'],
        ['APIGW-VALID-001', 'low', 'functions.createOrder.events[0].http.apiGateway.validate'],
      ],
    );
    assert.deepEqual(
      report.suppressed.map(({ rule, reason }) => [rule, reason]),
      [
        ['APIGW-AUTH-001', 'load balancer probe, returns no data'],
        ['APIGW-USAGE-001', 'internal partners only; throttled by the stage limits'],
      ],
    );
    assert.deepEqual(
      report.unusedSuppressions.map(({ path: where }) => where),
      ['custom.apiGateway.lint.suppress[2]'],
    );
  });

  it('--fail-on high exits non-zero after printing the list, without a stack trace', () => {
    const result = runServerless(SERVICE, [
      'apigateway',
      'lint',
      '--stage',
      'prod',
      '--fail-on',
      'high',
    ]);
    assert.notEqual(result.status, 0);
    const output = plain(`${result.stdout}\n${result.stderr}`);
    assert.match(output, /security lint \(stage prod\): 3 findings \(2 high, 1 low\)/);
    assert.match(output, /security lint: 2 finding\(s\) at or above high severity \(--fail-on\)/);
    assert.doesNotMatch(output, /at runLintCommand|\.ts:\d+:\d+/);
  });

  it('sls package (lint: warn): one summary line; the stage keeps its web ACL unless it says false', () => {
    const prod = packageService(SERVICE, { stage: 'prod' });
    const output = plain(`${prod.stdout}\n${prod.stderr}`);
    assert.match(
      output,
      /serverless-apigateway-kit: security lint \(stage prod\): 3 findings \(2 high, 1 low\), 2 suppressed, 1 unused suppression \(the list: sls apigateway lint, or sls package --verbose\)/,
    );
    assert.doesNotMatch(output, /APIGW-AUTH-001 functions/, 'the list only with --verbose');
    const association = prod.template.Resources.ApiGatewayWebAclAssociation;
    assert.equal(association?.Type, 'AWS::WAFv2::WebACLAssociation');
    assert.deepEqual(association?.DependsOn, ['ApiGatewayStage']);
    const dev = packageService(SERVICE, { stage: 'dev' });
    assert.equal(dev.template.Resources.ApiGatewayWebAclAssociation, undefined);
  });

  it('sls package with lint: error stops, listing every finding with its fix', () => {
    const result = packageServiceExpectingFailure(SERVICE, {
      stage: 'prod',
      env: { LINT_LEVEL: 'error' },
    });
    const output = plain(`${result.stdout}\n${result.stderr}`);
    assert.match(output, /custom\.apiGateway\.lint is 'error', so the package stops/);
    for (const where of [
      'high APIGW-AUTH-001 functions.createOrder.events[0].http.apiGateway.authorizer',
      'high APIGW-LOG-002 custom.apiGateway.stages.prod.logging.dataTrace',
      'low APIGW-VALID-001 functions.createOrder.events[0].http.apiGateway.validate',
    ]) {
      assert.ok(output.includes(where), where);
    }
    assert.match(output, /fix: Set logging\.dataTrace: false/);
    assert.doesNotMatch(output, /at lintAtPackage|\.ts:\d+:\d+/);
  });
});
