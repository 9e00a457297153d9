/** The AWS CLI commands printed to put a stage back by hand. */
import assert from 'node:assert/strict';
import { restoreCommand } from '../../../../src/deploy/stage-migration/restore-command';
import { REGION, SNAPSHOT } from './helpers';

describe('restoreCommand', () => {
  it('builds an aws apigateway create-stage command with every snapshot field, shell-quoted', () => {
    assert.equal(
      restoreCommand(SNAPSHOT, REGION),
      'aws apigateway create-stage --region us-east-1 --rest-api-id abc123 --stage-name prod ' +
        "--deployment-id dep456 --description 'Bob'\\''s stage' --cache-cluster-enabled " +
        '--cache-cluster-size 0.5 --tracing-enabled ' +
        `--variables '{"TABLE":"orders","MODE":"a b"}'`,
    );
  });

  it('appends update-stage for settings CreateStage cannot take', () => {
    const command = restoreCommand(
      {
        restApiId: 'a',
        stageName: 'p',
        deploymentId: 'd',
        tracingEnabled: false,
        clientCertificateId: 'c',
      },
      'eu-west-1',
    );
    assert.equal(
      command,
      'aws apigateway create-stage --region eu-west-1 --rest-api-id a --stage-name p ' +
        '--deployment-id d --no-tracing-enabled && ' +
        'aws apigateway update-stage --region eu-west-1 --rest-api-id a --stage-name p ' +
        `--patch-operations '[{"op":"replace","path":"/clientCertificateId","value":"c"}]'`,
    );
  });
});
