/** The example service packages for dev and prod with the real framework, and the stages differ. */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnTemplate } from '../../src/cloudformation/template';
import { summarizeTemplate } from '../../src/report/summary';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  packageService,
  plain,
  REPO_ROOT,
  runServerless,
  type PackageResult,
} from '../helpers/serverless';

const serviceDir = path.join(REPO_ROOT, 'example-service');

function stage(template: CfnTemplate): Record<string, unknown> {
  return template.Resources.ApiGatewayStage.Properties ?? {};
}

describe('example-service (serverless.ts)', () => {
  let dev: PackageResult;
  let prod: PackageResult;

  before(() => {
    dev = packageService(serviceDir, { stage: 'dev' });
    prod = packageService(serviceDir, { stage: 'prod' });
  });

  it('passes the security lint in both stages, what it accepts suppressed with a reason', () => {
    for (const name of ['dev', 'prod']) {
      const result = runServerless(serviceDir, ['apigateway', 'lint', '--json', '--stage', name], {
        env: { TS_NODE_TRANSPILE_ONLY: 'true' },
      });
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(plain(result.stdout)) as {
        findings: unknown[];
        suppressed: Array<{ rule: string; reason: string }>;
        unusedSuppressions: unknown[];
      };
      assert.deepEqual(report.findings, [], name);
      assert.deepEqual(report.unusedSuppressions, [], name);
      assert.ok(report.suppressed.every((item) => item.reason.length > 0));
    }
  });

  it('packages both stages into templates valid against the CloudFormation schemas', () => {
    assertValidTemplate(dev.template);
    assertValidTemplate(prod.template);
  });

  it('declares two stages that differ visibly', () => {
    const devSummary = summarizeTemplate(dev.template);
    const prodSummary = summarizeTemplate(prod.template);
    assert.deepEqual(devSummary.endpoints, [
      'GET /health',
      'GET /orders',
      'GET /orders/{id}',
      'GET /partners/feed',
      'GET /reports/{id}',
      'GET /status',
      'OPTIONS /health',
      'OPTIONS /orders',
      'OPTIONS /orders/queue',
      'OPTIONS /orders/{id}',
      'OPTIONS /partners/feed',
      'OPTIONS /reports/{id}',
      'OPTIONS /status',
      'POST /orders',
      'POST /orders/queue',
    ]);
    assert.deepEqual(prodSummary.endpoints, devSummary.endpoints);
    assert.ok(devSummary.stageFeatures.includes('execution logs INFO with data trace'));
    assert.ok(prodSummary.stageFeatures.includes('execution logs ERROR'));
    assert.ok(prodSummary.stageFeatures.includes('cache 0.5 GB'));
    assert.ok(!devSummary.stageFeatures.some((feature) => feature.startsWith('cache')));
    assert.deepEqual(stage(prod.template).CanarySetting, {
      DeploymentId: stage(prod.template).DeploymentId,
      PercentTraffic: 10,
      StageVariableOverrides: { flavour: 'canary' },
    });
    assert.equal(stage(dev.template).CanarySetting, undefined);
    assert.ok(prod.template.Resources.ApiGatewayClientCertificate);
    assert.equal(dev.template.Resources.ApiGatewayClientCertificate, undefined);
    assert.deepEqual((stage(dev.template).Variables as Record<string, string>).flavour, 'dev');
    // Caching in prod only (the cluster exists there), through ${param:cacheOrders}.
    assert.deepEqual(prodSummary.cachedEndpoints, ['GET /orders/{id}', 'GET /reports/{id}']);
    assert.deepEqual(devSummary.cachedEndpoints, []);
    // The pro plan applies to prod only.
    assert.equal(prodSummary.usagePlans.length, 2);
    assert.equal(devSummary.usagePlans.length, 1);
  });

  it('uses the access control, CORS, routes, HTTP API and WebSocket features', () => {
    const summary = summarizeTemplate(prod.template);
    assert.deepEqual(summary.authorizers, ['partner (TOKEN)', 'users (COGNITO_USER_POOLS)']);
    assert.ok(summary.endpoints.includes('OPTIONS /orders'), 'CORS preflight');
    assert.deepEqual(summary.httpApiRoutes, [
      'ANY /v2/legacy/{proxy+}',
      'GET /v2/health',
      'GET /v2/orders',
      'POST /v2/orders',
      'POST /v2/orders/async',
      'POST /v2/orders/next',
    ]);
    assert.deepEqual(summary.websocketRoutes, ['$connect', '$disconnect', 'sendMessage']);
    const responses = Object.values(prod.template.Resources).filter(
      (resource) => resource.Type === 'AWS::ApiGateway::GatewayResponse',
    );
    assert.ok(responses.length >= 2, 'json gateway responses with CORS');
    // The SQS route: its template comes from templates/enqueue.vtl, linted at package time.
    const queue = Object.values(prod.template.Resources).find(
      (resource) =>
        resource.Type === 'AWS::ApiGateway::Method' &&
        JSON.stringify(resource.Properties?.Integration ?? {}).includes(
          'MessageAttribute.2.Name=item',
        ),
    );
    assert.ok(queue, 'POST /orders/queue integrates with SQS through the file template');
    // The shared Order model (from schemas/order.json) validates the queue route and POST /orders.
    assert.equal(prod.template.Resources.ApiGatewayModelOrder?.Properties?.Name, 'Order');
    assert.deepEqual(queue?.Properties?.RequestModels, {
      'application/json': { Ref: 'ApiGatewayModelOrder' },
    });
  });
});
