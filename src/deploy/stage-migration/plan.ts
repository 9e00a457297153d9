// What to do about the stage ownership found: go on, recreate the stage, or stop with both ways out.
import type { MigrationPlan, MigrationPolicy, StageOwnership, StageSnapshot } from './types';

export function planStageMigration(
  ownership: StageOwnership,
  policy: MigrationPolicy,
  configPath = 'custom.apiGateway.stageMigration',
): MigrationPlan {
  if (ownership.kind !== 'implicit') return { action: 'proceed' };
  if (policy === 'recreate') return { action: 'recreate', stage: ownership.stage };
  return { action: 'stop', message: stopMessage(ownership.stage, configPath) };
}

function stopMessage(stage: StageSnapshot, configPath: string): string {
  const { stageName, restApiId } = stage;
  const lines = [
    `The API Gateway stage "${stageName}" of REST API ${restApiId} already exists, but it was ` +
      'created without serverless-apigateway-kit: the Serverless Framework made it implicitly ' +
      'through the StageName of its AWS::ApiGateway::Deployment. The plugin declares the stage as ' +
      'an AWS::ApiGateway::Stage resource, and CloudFormation cannot take over a stage that ' +
      `already exists, so this deploy would fail ("${stageName} already exists") and roll back. ` +
      'Nothing was changed.',
    '',
    'Two ways out:',
    `  1. Let the plugin recreate the stage: set \`${configPath}: recreate\` (or pass ` +
      '`--stage-migration recreate` on the command line). Just before the stack update the ' +
      'plugin saves the stage settings, prints the command that restores them, and deletes the ' +
      'old stage; CloudFormation then creates it again. The stage and its URL are unavailable ' +
      'for the duration of the stack update, typically under a minute. Custom domain ' +
      'base path mappings to the stage are affected too: check them after the deploy and recreate ' +
      'any that are gone.',
  ];
  if (stage.webAclArn) {
    lines.push(
      `     The stage is associated with the WAF web ACL ${stage.webAclArn}; associate the new ` +
        'stage with it again.',
    );
  }
  lines.push(
    "  2. Keep deploying without the plugin's stage: leave serverless-apigateway-kit out of " +
      '`plugins` for this service, and the Serverless Framework keeps managing the stage as before.',
  );
  return lines.join('\n');
}
