import assert from 'node:assert/strict';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { writesOf, yieldToUser } from '../../../src/cloudformation/ownership';
import { renameResource, transitiveDependencies } from '../../../src/cloudformation/references';
import { reconcileStageCreators } from '../../../src/features/stage/ownership';
import { orderStageDependents } from '../../../src/features/stage/dependents';
import { TemplateConflictError } from '../../../src/pipeline/errors';

const STAGE = { stageLogicalId: 'ApiGatewayStage', restApiLogicalId: 'Api', stageName: 'dev' };

function template(): CfnTemplate {
  return {
    Resources: {
      Api: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'api', BinaryMediaTypes: ['a'] },
      },
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { RestApiId: { Ref: 'Api' }, StageName: 'dev', TracingEnabled: true },
        DependsOn: ['Role'],
      },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Alarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Stage: { Ref: 'ApiGatewayStage' },
          Url: { 'Fn::Sub': 'https://${Api}/${ApiGatewayStage}/${ApiGatewayStage.Arn}' },
          Arn: { 'Fn::GetAtt': 'ApiGatewayStage.Arn' },
        },
        DependsOn: 'ApiGatewayStage',
      },
    },
    Outputs: { StageUrl: { Value: { 'Fn::GetAtt': ['ApiGatewayStage', 'Arn'] } } },
  };
}

describe('cloudformation/references', () => {
  it('renames a resource and every Ref, GetAtt, Sub variable and DependsOn on it', () => {
    const t = template();
    renameResource(t, 'ApiGatewayStage', 'ApiStage');
    assert.equal(t.Resources.ApiGatewayStage, undefined);
    assert.equal(t.Resources.ApiStage.Type, 'AWS::ApiGateway::Stage');
    assert.deepEqual(t.Resources.Alarm, {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Stage: { Ref: 'ApiStage' },
        Url: { 'Fn::Sub': 'https://${Api}/${ApiStage}/${ApiStage.Arn}' },
        Arn: { 'Fn::GetAtt': 'ApiStage.Arn' },
      },
      DependsOn: 'ApiStage',
    });
    assert.deepEqual(t.Outputs?.StageUrl.Value, { 'Fn::GetAtt': ['ApiStage', 'Arn'] });
  });

  it('finds what a resource waits for, through references and DependsOn', () => {
    assert.deepEqual([...transitiveDependencies(template(), 'Alarm')].sort(), [
      'Api',
      'ApiGatewayStage',
      'Role',
    ]);
  });
});

describe('cloudformation/ownership: the user wins', () => {
  const writes = writesOf([
    { patches: [{ logicalId: 'Api', setProperties: { BinaryMediaTypes: ['a'] } }] },
    {
      Resources: { ApiGatewayStage: template().Resources.ApiGatewayStage },
      Outputs: { StageUrl: { Value: 'x' } },
    },
  ]);

  it("drops the plugin's Output the user declares, and its value of each property the user sets", () => {
    const t = template();
    const yielded = yieldToUser(
      t,
      {
        Outputs: { StageUrl: { Value: 'theirs' }, Other: { Value: 'y' } },
        Resources: { Api: { Properties: { BinaryMediaTypes: ['b'], Name: 'theirs' } } },
      },
      writes,
    );
    assert.equal(t.Outputs?.StageUrl, undefined);
    // Only what the plugin wrote is taken back; core's Name merges as core merges it.
    assert.deepEqual(t.Resources.Api.Properties, { Name: 'api' });
    assert.deepEqual(
      yielded.map((each) => each.path),
      ['resources.Outputs.StageUrl', 'resources.Resources.Api.Properties'],
    );
  });

  it('says nothing when the user wrote what the plugin did', () => {
    const t = template();
    assert.deepEqual(
      yieldToUser(t, { Resources: { Api: { Properties: { BinaryMediaTypes: ['a'] } } } }, writes),
      [],
    );
  });
});

describe('stage ownership and dependents', () => {
  const userStage = {
    Type: 'AWS::ApiGateway::Stage',
    Properties: { RestApiId: { Ref: 'Api' }, StageName: 'dev', Description: 'left behind' },
  };

  it("adopts the user's Stage of our stage: the plugin's moves to its id", () => {
    const t = template();
    const adoption = reconcileStageCreators(t, { Resources: { Left: userStage } }, STAGE);
    assert.equal(adoption?.adoptedId, 'Left');
    assert.equal(t.Resources.Left.Type, 'AWS::ApiGateway::Stage');
    assert.deepEqual(t.Resources.Alarm.Properties?.Stage, { Ref: 'Left' });
  });

  it('leaves a Stage of another stage name or another API alone', () => {
    const other = { ...userStage, Properties: { ...userStage.Properties, StageName: 'v2' } };
    assert.equal(
      reconcileStageCreators(template(), { Resources: { Other: other } }, STAGE),
      undefined,
    );
  });

  it('refuses a Deployment with our stage name, and two adoptable Stages', () => {
    const deployment = {
      Type: 'AWS::ApiGateway::Deployment',
      Properties: { RestApiId: { Ref: 'Api' }, StageName: 'dev' },
    };
    assert.throws(
      () => reconcileStageCreators(template(), { Resources: { Forced: deployment } }, STAGE),
      (error: unknown) =>
        error instanceof TemplateConflictError &&
        /resources\.Resources\.Forced: .*Remove StageName/.test(error.message),
    );
    assert.throws(
      () =>
        reconcileStageCreators(template(), { Resources: { A: userStage, B: userStage } }, STAGE),
      /A and B each create the stage "dev"/,
    );
  });

  it('orders resources that name the stage with our API; never into a cycle', () => {
    const t = template();
    t.Resources.Mapping = {
      Type: 'AWS::ApiGateway::BasePathMapping',
      Properties: { RestApiId: { Ref: 'Api' }, Stage: 'dev', DomainName: 'api.example.com' },
    };
    t.Resources.Waf = {
      Type: 'AWS::WAFv2::WebACLAssociation',
      Properties: {
        ResourceArn: { 'Fn::Sub': 'arn:aws:apigateway:eu-west-1::/restapis/${Api}/stages/dev' },
      },
    };
    t.Resources.Elsewhere = {
      Type: 'AWS::ApiGateway::BasePathMapping',
      Properties: { RestApiId: 'abc123', Stage: 'dev', DomainName: 'api.example.com' },
    };
    t.Resources.Devices = {
      Type: 'AWS::CloudFormation::CustomResource',
      Properties: { ServiceToken: 'arn', Path: { 'Fn::Sub': '${Api}/stages/development' } },
    };
    // The Stage waits for Role: Role cannot wait for the Stage.
    t.Resources.Role.Properties = { Tags: [{ Key: 'stage', Value: 'dev' }], Api: { Ref: 'Api' } };
    const ordered = orderStageDependents(
      t,
      ['Mapping', 'Waf', 'Elsewhere', 'Devices', 'Role', 'Alarm'],
      STAGE,
    );
    assert.deepEqual(ordered, [
      { logicalId: 'Mapping' },
      { logicalId: 'Role', cycle: true },
      { logicalId: 'Waf' },
    ]);
    assert.deepEqual(t.Resources.Mapping.DependsOn, ['ApiGatewayStage']);
    assert.equal(t.Resources.Elsewhere.DependsOn, undefined);
    assert.equal(t.Resources.Devices.DependsOn, undefined);
    assert.deepEqual(t.Resources.Role.DependsOn, undefined);
  });
});
