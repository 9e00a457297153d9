/** What the deploy does about the ownership found, and the message that stops it. */
import assert from 'node:assert/strict';
import { planStageMigration } from '../../../../src/deploy/stage-migration/plan';
import type { StageOwnership } from '../../../../src/deploy/stage-migration/types';
import { SNAPSHOT } from './helpers';

describe('planStageMigration', () => {
  const passThrough: StageOwnership[] = [
    { kind: 'no-stack' },
    { kind: 'external-api' },
    { kind: 'no-rest-api' },
    { kind: 'declared', restApiId: 'abc123' },
    { kind: 'absent', restApiId: 'abc123' },
  ];
  for (const ownership of passThrough) {
    for (const policy of ['fail', 'recreate'] as const) {
      it(`proceeds for ${ownership.kind} with policy ${policy}`, () => {
        assert.deepEqual(planStageMigration(ownership, policy), { action: 'proceed' });
      });
    }
  }

  const implicit: StageOwnership = { kind: 'implicit', restApiId: 'abc123', stage: SNAPSHOT };

  it('recreates an implicit stage when the policy says so', () => {
    assert.deepEqual(planStageMigration(implicit, 'recreate'), {
      action: 'recreate',
      stage: SNAPSHOT,
    });
  });

  it('stops on an implicit stage by default, explaining both ways out', () => {
    const plan = planStageMigration(implicit, 'fail');
    assert.equal(plan.action, 'stop');
    const { message } = plan as { message: string };
    assert.match(message, /stage "prod" of REST API abc123/);
    assert.match(message, /created without serverless-apigateway-kit/);
    assert.match(message, /AWS::ApiGateway::Deployment/);
    assert.match(message, /CloudFormation cannot take over a stage that already exists/);
    assert.match(message, /Nothing was changed/);
    assert.match(message, /custom\.apiGateway\.stageMigration: recreate/);
    assert.match(message, /--stage-migration recreate/);
    assert.match(message, /unavailable for the duration of the stack update/);
    assert.match(message, /base path mappings/);
    assert.match(message, /without the plugin's stage/);
  });

  it('uses the given config path and mentions a WAF association', () => {
    const plan = planStageMigration(
      { ...implicit, stage: { ...SNAPSHOT, webAclArn: 'arn:aws:wafv2:acl' } },
      'fail',
      'custom.kit.stageMigration',
    );
    assert.equal(plan.action, 'stop');
    const { message } = plan as { message: string };
    assert.match(message, /custom\.kit\.stageMigration: recreate/);
    assert.match(message, /arn:aws:wafv2:acl/);
  });
});
