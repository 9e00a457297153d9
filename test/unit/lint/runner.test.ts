/** The runner's order and rule text, the formats, the package-time levels and the command's --fail-on. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { emptyEvents } from '../../../src/common/events';
import { failingFindings, parseFailOn, runLintCommand } from '../../../src/commands/lint';
import { formatReport, reportDocument, summaryLine } from '../../../src/lint/format';
import { lintAtPackage, reportLintAtPackage } from '../../../src/lint/package-lint';
import { RULES } from '../../../src/lint/rules';
import { isProductionStage, lintSettings, runLint } from '../../../src/lint/runner';
import { KitError } from '../../../src/pipeline/errors';
import { restTemplate } from './builders';

const inputs = (config = {}) => ({
  template: restTemplate(),
  stageName: 'prod',
  config,
  events: emptyEvents(),
});

describe('lint runner', () => {
  it('every rule has a unique APIGW id, a why that cites its source, and a fix', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.equal(new Set(ids).size, 12);
    for (const rule of RULES) {
      assert.match(rule.id, /^APIGW-[A-Z]+-\d{3}$/);
      assert.ok(rule.why.length > 20 && rule.source.length > 5 && rule.fix.length > 10, rule.id);
    }
  });

  it("the README's rules table has every rule with its severity, title and source", () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    for (const rule of RULES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${rule.id}\``));
      assert.ok(row, rule.id);
      const cells = row.split('|').map((cell) => cell.trim());
      assert.deepEqual(cells.slice(2, 4), [rule.severity, rule.title], rule.id);
      assert.equal(cells[5], rule.source, rule.id);
    }
  });

  it('lists findings by severity, then rule, with the rule text and the stage', () => {
    const report = runLint(inputs());
    assert.deepEqual(
      report.findings.map((finding) => [finding.severity, finding.rule]),
      [
        ['high', 'APIGW-AUTH-001'],
        ['medium', 'APIGW-LOG-001'],
        ['medium', 'APIGW-WAF-001'],
        ['low', 'APIGW-XRAY-001'],
        ['low', 'APIGW-USAGE-001'],
      ],
    );
    const auth = report.findings[0];
    assert.equal(auth.stage, 'prod');
    assert.equal(auth.endpoint, 'GET /orders');
    assert.equal(auth.resource, 'ApiGatewayMethodOrdersGet');
    assert.match(auth.source, /CKV_AWS_59/);
  });

  it('the level defaults to warn; productionStages replaces the name heuristic', () => {
    assert.equal(lintSettings({}).level, 'warn');
    assert.equal(lintSettings({ lint: 'off' }).level, 'off');
    assert.equal(lintSettings({ lint: { suppress: [] } }).level, 'warn');
    assert.ok(isProductionStage('production', lintSettings({})));
    assert.ok(isProductionStage('live-eu', lintSettings({})));
    assert.ok(!isProductionStage('dev', lintSettings({})));
    assert.ok(!isProductionStage('prod', lintSettings({ lint: { productionStages: ['main'] } })));
  });
});

describe('lint formats', () => {
  const report = runLint(inputs());

  it('one summary line with the counts by severity', () => {
    assert.equal(
      summaryLine(report),
      'security lint (stage prod): 5 findings (1 high, 2 medium, 2 low)',
    );
    assert.equal(
      summaryLine({ stage: 'dev', findings: [], suppressed: [], unusedSuppressions: [] }),
      'security lint (stage dev): no findings',
    );
  });

  it('the text report: each finding at its path, with why and fix', () => {
    const text = formatReport(report).split('\n');
    assert.equal(
      text[2],
      'high APIGW-AUTH-001 Resources.ApiGatewayMethodOrdersGet.Properties.AuthorizationType: GET /orders has no authorization and no API key: anyone who knows the URL can call it',
    );
    assert.match(text[3], /^ {4}why: .*\(Security Hub APIGateway\.8/);
    assert.match(text[4], /^ {4}fix: Set apiGateway\.authorizer/);
  });

  it('--json: one document with the counts', () => {
    const document = reportDocument(report);
    assert.deepEqual(document.summary, { high: 1, medium: 2, low: 2, suppressed: 0 });
    assert.equal((document.findings as unknown[]).length, 5);
  });
});

describe('lint at package (custom.apiGateway.lint)', () => {
  const log = () => ({
    error: sinon.spy(),
    warning: sinon.spy(),
    notice: sinon.spy(),
    info: sinon.spy(),
    verbose: sinon.spy(),
  });

  it('warn: one notice line, the findings at --verbose', () => {
    const logger = log();
    reportLintAtPackage(logger, lintAtPackage(inputs()));
    assert.deepEqual(
      logger.notice.getCalls().map((call) => call.args[0]),
      [
        'serverless-apigateway-kit: security lint (stage prod): 5 findings (1 high, 2 medium, 2 low) (the list: sls apigateway lint, or sls package --verbose)',
      ],
    );
    assert.equal(logger.warning.callCount, 0);
    assert.equal(logger.verbose.callCount, 5);
  });

  it('error: stops the package with every finding and its fix', () => {
    assert.throws(
      () => lintAtPackage(inputs({ lint: 'error' })),
      (error: unknown) => {
        assert.ok(error instanceof KitError);
        assert.equal(error.code, 'APIGATEWAY_KIT_SECURITY_LINT');
        assert.equal(error.message.match(/^(high|medium|low) APIGW-/gm)?.length, 5);
        assert.match(error.message, /fix: Set waf: <web ACL ARN> on the stage/);
        return true;
      },
    );
  });

  it('error with nothing found passes; off runs nothing', () => {
    const clean = {
      ...inputs({ lint: 'error' }),
      rules: RULES.filter((rule) => rule.id === 'APIGW-TLS-001'),
    };
    assert.equal(lintAtPackage(clean)?.findings.length, 0);
    assert.equal(lintAtPackage(inputs({ lint: 'off' })), undefined);
  });
});

describe('sls apigateway lint', () => {
  const io = () => ({
    log: { notice: sinon.spy(), warning: sinon.spy(), info: sinon.spy() },
    writeText: sinon.spy(),
  });

  it('packages, prints the report, and fails on --fail-on after printing', async () => {
    const out = io();
    const packageService = sinon.spy(async () => undefined);
    await assert.rejects(
      runLintCommand({ 'fail-on': 'medium' }, out, { packageService, inputs: () => inputs() }),
      /security lint: 3 finding\(s\) at or above medium severity \(--fail-on\)/,
    );
    assert.equal(packageService.callCount, 1);
    assert.match(
      String(out.writeText.firstCall.args[0]),
      /^security lint \(stage prod\): 5 findings/,
    );
  });

  it("--json prints one document; without --fail-on it fails only when lint is 'error'", async () => {
    const out = io();
    await runLintCommand({ json: true }, out, {
      packageService: async () => undefined,
      inputs: () => inputs(),
    });
    assert.equal(
      (JSON.parse(String(out.writeText.firstCall.args[0])) as { stage: string }).stage,
      'prod',
    );
    await assert.rejects(
      runLintCommand({}, io(), {
        packageService: async () => undefined,
        inputs: () => inputs({ lint: 'error' }),
      }),
      /custom\.apiGateway\.lint is 'error'/,
    );
  });

  it('--fail-on takes high, medium, low or none', () => {
    assert.equal(parseFailOn('low'), 'low');
    assert.equal(parseFailOn(undefined), undefined);
    assert.throws(() => parseFailOn('critical'), /--fail-on takes high, medium, low .* or none/);
    assert.equal(failingFindings(runLint(inputs()), 'none'), 0);
    assert.equal(failingFindings(runLint(inputs()), 'high'), 1);
  });
});
