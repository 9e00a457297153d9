import assert from 'node:assert/strict';
import path from 'node:path';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
} from '../helpers/serverless';

const DIR = path.join(FIXTURES, 'references-invalid');
const DECLARED = ['--config', 'serverless.declared.yml'];

describe('serverless package: mistakes that would reach the deploy', function () {
  this.timeout(300_000);

  it('fails on every reference the plugin emits that names nothing, with the config path and the fix', () => {
    const failure = packageServiceExpectingFailure(DIR);
    const output = plain(`${failure.stdout}\n${failure.stderr}`);
    assert.match(output, /serverless-apigateway-kit found 3 problems in the configuration:/);
    for (const [configPath, name] of [
      ["custom.apiGateway.routes['ANY /legacy/{proxy+}'].integration.vpcLink", 'LegacyVpcLink'],
      ["custom.apiGateway.routes['POST /orders/queue'].integration.queueArn", 'OrdersQueue'],
      [
        "custom.apiGateway.httpApi.routes['ANY /inventory/{proxy+}'].integration.vpcLink",
        'InventoryVpcLink',
      ],
    ]) {
      assert.ok(
        output.includes(`${configPath}: names "${name}", which the plugin emits as `),
        `${configPath} in:\n${output}`,
      );
      assert.ok(output.includes(`declare ${name} under resources.Resources`), name);
    }
    assert.doesNotMatch(output, /\n\s+at .+\.js:\d+/, 'no stack trace for a user mistake');
  });

  it('packages once resources: declares them, and warns about a stage with no entry', () => {
    const result = packageService(DIR, { args: DECLARED, stage: 'prd' });
    const method = result.template.Resources.ApiGatewayMethodLegacyProxyVarAny;
    assert.deepEqual((method.Properties?.Integration as Record<string, unknown>).ConnectionId, {
      Ref: 'LegacyVpcLink',
    });
    assert.match(
      plain(`${result.stdout}\n${result.stderr}`),
      /custom\.apiGateway\.stages: the deployed stage "prd" \(from --stage or provider\.stage\) has no entry here, so it gets only the '\*' defaults; the configured stages: "prod" \(did you mean "prod"\?\)/,
    );
  });

  it('missingStage: error stops the command, naming the path and the configured stages', () => {
    const failure = packageServiceExpectingFailure(DIR, {
      args: DECLARED,
      stage: 'prd',
      env: { MISSING_STAGE: 'error' },
    });
    const output = plain(`${failure.stdout}\n${failure.stderr}`);
    assert.match(output, /found 1 problem in the configuration/);
    assert.match(
      output,
      /custom\.apiGateway\.stages: the deployed stage "prd" .* the configured stages: "prod" \(did you mean "prod"\?\)/,
    );
  });

  it('says nothing about the stage when it has an entry', () => {
    const result = packageService(DIR, { args: DECLARED, stage: 'prod' });
    assert.doesNotMatch(plain(`${result.stdout}\n${result.stderr}`), /has no entry here/);
  });
});
