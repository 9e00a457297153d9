import assert from 'node:assert/strict';
import { checkStageEntryExists } from '../../../../src/features/stage/check-entry-exists';
import { validateConfig } from '../../../../src/pipeline/validate';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

function check(config: ApiGatewayConfig, stageName: string, sharedRestApiId?: string) {
  return checkStageEntryExists(
    config,
    httpEvents(),
    coreSettings({ stageName, ...(sharedRestApiId ? { sharedRestApiId } : {}) }),
  );
}

describe('a deployed stage with no entry of its own', () => {
  const stages = { '*': { tracing: true }, dev: {}, prod: { metrics: true } };

  it('warns, listing the configured stages with a did-you-mean, when --stage prd meant prod', () => {
    assert.deepEqual(check({ stages }, 'prd'), {
      errors: [],
      warnings: [
        {
          path: 'custom.apiGateway.stages',
          message:
            'the deployed stage "prd" (from --stage or provider.stage) has no entry here, so it gets only the \'*\' defaults; the configured stages: "dev", "prod" (did you mean "prod"?). Add an entry for "prd" or deploy one of those stages; set custom.apiGateway.missingStage: error to stop the command instead, or ignore to silence this',
        },
      ],
    });
  });

  it('says nothing for a stage that has an entry, for a map of defaults only, or without stages', () => {
    const none = { errors: [], warnings: [] };
    assert.deepEqual(check({ stages }, 'prod'), none);
    assert.deepEqual(check({ stages: { '*': { tracing: true } } }, 'staging'), none);
    assert.deepEqual(check({}, 'staging'), none);
  });

  it('missingStage: error makes it an error naming the path and the stages; ignore silences it', () => {
    const result = check({ stages, missingStage: 'error' }, 'staging');
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway.stages'],
    );
    assert.match(result.errors[0].message, /the configured stages: "dev", "prod"\. /);
    assert.match(result.errors[0].message, /missingStage: warn \(or ignore\)/);
    assert.deepEqual(check({ stages, missingStage: 'ignore' }, 'staging'), {
      errors: [],
      warnings: [],
    });
  });

  it('checks the HTTP API and WebSocket stage maps too, each at its own path', () => {
    const result = check(
      {
        httpApi: { stages: { production: {} } },
        websocket: { stages: { '*': {}, live: {} } },
      },
      'prod',
    );
    assert.deepEqual(
      result.warnings.map((issue) => issue.path),
      ['custom.apiGateway.httpApi.stages', 'custom.apiGateway.websocket.stages'],
    );
    // "prod" is too far from "production" for a did-you-mean: the list alone.
    assert.match(result.warnings[0].message, /the configured stages: "production"\. Add an entry/);
    assert.match(result.warnings[1].message, /the configured stages: "live"\. /);
  });

  it("leaves a shared REST API's stages to the check that refuses them", () => {
    assert.deepEqual(check({ stages }, 'staging', 'abc123').warnings, []);
  });

  it('is reported by validation in the same round as the other issues', () => {
    const result = validateConfig(
      { stages: { prod: {} }, missingStage: 'error', restApi: { endpointType: 'regional' } },
      httpEvents(),
      coreSettings({ stageName: 'prd' }),
    );
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway.restApi.endpointType', 'custom.apiGateway.stages'],
    );
  });

  it('refuses a missingStage that is not a policy', () => {
    const result = validateConfig(
      { missingStage: 'fail' },
      httpEvents(),
      coreSettings({ stageName: 'prd' }),
    );
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway.missingStage'],
    );
    assert.match(result.errors[0].message, /warn, error, ignore/);
  });
});
