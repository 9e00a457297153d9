/** Where the REST stage is in the final template, for the steps that run after packaging. */
import assert from 'node:assert/strict';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { stageLogicalIdIn } from '../../../../src/features/stage/ownership';

const OURS = { restApiLogicalId: 'ApiGatewayRestApi', stageName: 'prod' };

function stage(restApi: string, stageName: string) {
  return {
    Type: 'AWS::ApiGateway::Stage',
    Properties: { RestApiId: { Ref: restApi }, StageName: stageName, DeploymentId: { Ref: 'D' } },
  };
}

describe('stageLogicalIdIn', () => {
  it("finds the plugin's Stage under the user's logical id it adopted", () => {
    const template: CfnTemplate = {
      Resources: {
        OtherApiStage: stage('OtherRestApi', 'prod'),
        DevStage: stage('ApiGatewayRestApi', 'dev'),
        LegacyProdStage: stage('ApiGatewayRestApi', 'prod'),
      },
    };
    assert.equal(stageLogicalIdIn(template, OURS, 'ApiGatewayStage'), 'LegacyProdStage');
  });

  it("is the plugin's own id when nothing was adopted", () => {
    const template: CfnTemplate = {
      Resources: { ApiGatewayStage: stage('ApiGatewayRestApi', 'prod') },
    };
    assert.equal(stageLogicalIdIn(template, OURS, 'ApiGatewayStage'), 'ApiGatewayStage');
  });

  it('falls back when the template holds no Stage of this API and stage (deploy --package)', () => {
    const template: CfnTemplate = { Resources: { DevStage: stage('ApiGatewayRestApi', 'dev') } };
    assert.equal(stageLogicalIdIn(template, OURS, 'ApiGatewayStage'), 'ApiGatewayStage');
    assert.equal(stageLogicalIdIn({ Resources: {} }, OURS, 'ApiGatewayStage'), 'ApiGatewayStage');
  });
});
