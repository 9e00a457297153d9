/** Suppressions: by rule, stage and endpoint, in custom.apiGateway.lint or on the event; with a reason. */
import assert from 'node:assert/strict';
import { emptyEvents } from '../../../src/common/events';
import { validateConfig } from '../../../src/pipeline/validate';
import { authorizationRule } from '../../../src/lint/rules/authorization';
import { tracingRule } from '../../../src/lint/rules/tracing';
import { endpointKey } from '../../../src/lint/suppressions';
import { coreSettings } from '../../helpers/config-builders';
import { events, lint, restTemplate } from './builders';

const twoEndpoints = restTemplate({
  methods: [
    { path: '/health', method: 'GET' },
    { path: '/orders', method: 'GET' },
  ],
});
const handlers = events([
  { functionName: 'health', event: { method: 'get', path: 'health' } },
  { functionName: 'listOrders', event: { method: 'get', path: 'orders' } },
]);

describe('lint suppressions', () => {
  it('custom.apiGateway.lint.suppress with an endpoint takes that endpoint only, and keeps the reason', () => {
    const config = {
      lint: {
        suppress: [
          {
            rule: 'APIGW-AUTH-001' as const,
            reason: 'public health check',
            endpoint: 'GET /health',
          },
        ],
      },
    };
    const report = lint(authorizationRule, twoEndpoints, { config, events: handlers });
    assert.deepEqual(
      report.findings.map((finding) => finding.endpoint),
      ['GET /orders'],
    );
    assert.deepEqual(
      report.suppressed.map((finding) => [finding.endpoint, finding.reason]),
      [['GET /health', 'public health check']],
    );
    assert.deepEqual(report.unusedSuppressions, []);
  });

  it('a suppression limited to a stage applies in that stage only', () => {
    const config = {
      lint: {
        suppress: [{ rule: 'APIGW-XRAY-001' as const, reason: 'dev is cheap', stage: 'dev' }],
      },
    };
    assert.equal(
      lint(tracingRule, restTemplate({ stageName: 'dev' }), { config, stageName: 'dev' }).findings
        .length,
      0,
    );
    const prod = lint(tracingRule, restTemplate(), { config });
    assert.equal(prod.findings.length, 1);
    // Written for dev: not this stage's to call unused.
    assert.deepEqual(prod.unusedSuppressions, []);
  });

  it("an event's apiGateway.lintSuppress takes that endpoint's findings", () => {
    const suppressed = events([
      {
        functionName: 'health',
        event: {
          method: 'get',
          path: 'health',
          apiGateway: { lintSuppress: [{ rule: 'APIGW-AUTH-001', reason: 'load balancer probe' }] },
        },
      },
      { functionName: 'listOrders', event: { method: 'get', path: 'orders' } },
    ]);
    const report = lint(authorizationRule, twoEndpoints, { events: suppressed });
    assert.deepEqual(
      report.findings.map((finding) => finding.path),
      ['functions.listOrders.events[0].http.apiGateway.authorizer'],
    );
    assert.deepEqual(
      report.suppressed.map((finding) => finding.reason),
      ['load balancer probe'],
    );
  });

  it('reports a suppression that matches nothing, at its own path', () => {
    const config = {
      lint: {
        suppress: [{ rule: 'APIGW-AUTH-001' as const, reason: 'typo', endpoint: 'GET /helth' }],
      },
    };
    const eventSuppression = events([
      {
        functionName: 'health',
        event: {
          method: 'get',
          path: 'health',
          apiGateway: {
            authorizer: 'x',
            lintSuppress: [{ rule: 'APIGW-AUTH-001', reason: 'was public once' }],
          },
        },
      },
    ]);
    const authorized = restTemplate({
      methods: [{ path: '/health', method: 'GET', properties: { AuthorizationType: 'AWS_IAM' } }],
    });
    const report = lint(authorizationRule, authorized, { config, events: eventSuppression });
    assert.deepEqual(report.unusedSuppressions, [
      {
        path: 'custom.apiGateway.lint.suppress[0]',
        rule: 'APIGW-AUTH-001',
        message:
          'suppresses APIGW-AUTH-001 for GET /helth in stage prod, but no such finding exists: remove it, or fix its endpoint or rule id',
      },
      {
        path: 'functions.health.events[0].http.apiGateway.lintSuppress[0]',
        rule: 'APIGW-AUTH-001',
        message:
          'suppresses APIGW-AUTH-001 for GET /health in stage prod, but no such finding exists: remove it, or fix its endpoint or rule id',
      },
    ]);
  });

  it('compares endpoints the way core normalises paths', () => {
    assert.equal(endpointKey('get /orders/'), 'GET /orders');
    assert.equal(endpointKey('GET /'), 'GET /');
    assert.equal(endpointKey('$connect'), '$connect');
  });

  describe('schema', () => {
    const validate = (config: unknown) =>
      validateConfig(config, emptyEvents(), coreSettings()).errors;

    it('refuses a suppression without a reason', () => {
      assert.deepEqual(validate({ lint: { suppress: [{ rule: 'APIGW-AUTH-001' }] } }), [
        {
          path: 'custom.apiGateway.lint.suppress[0]',
          message: 'missing required key "reason" in the lint suppression',
        },
      ]);
    });

    it('refuses an unknown rule id with a did-you-mean, and a blank reason', () => {
      const errors = validate({
        lint: { suppress: [{ rule: 'APIGW-AUTH-01', reason: ' ' }] },
      });
      assert.equal(errors.length, 2);
      assert.equal(errors[0].path, 'custom.apiGateway.lint.suppress[0].rule');
      assert.match(errors[0].message, /did you mean "APIGW-AUTH-001"\?/);
      assert.equal(errors[1].path, 'custom.apiGateway.lint.suppress[0].reason');
    });

    it('accepts the level alone, or the object form', () => {
      assert.deepEqual(validate({ lint: 'error' }), []);
      assert.deepEqual(
        validate({
          lint: {
            level: 'warn',
            productionStages: ['main'],
            suppress: [{ rule: 'APIGW-WAF-001', reason: 'CloudFront WAF in front', stage: 'prod' }],
          },
        }),
        [],
      );
    });
  });
});
