import assert from 'node:assert/strict';
import { unresolvedReferences } from '../../../src/cloudformation/unresolved-references';
import type { CfnTemplate } from '../../../src/cloudformation/template';

function template(): CfnTemplate {
  return {
    Parameters: { Env: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': ['a', 'a'] } },
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'x' } },
      Method: {
        Type: 'AWS::ApiGateway::Method',
        DependsOn: ['Api', 'MissingWait'],
        Condition: 'IsStaging',
        Properties: {
          RestApiId: { Ref: 'Api' },
          Region: { Ref: 'AWS::Region' },
          Stage: { Ref: 'Env' },
          Integration: {
            ConnectionId: { Ref: 'LegacyVpcLink' },
            Uri: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
            Dotted: { 'Fn::GetAtt': 'Api.RootResourceId' },
            Sub: { 'Fn::Sub': '${Api}/${Gone.Arn}/${AWS::AccountId}/${!Literal}/${Env}' },
            SubWithMap: { 'Fn::Sub': ['${Own}-${Api}', { Own: 'x' }] },
            Choice: { 'Fn::If': ['IsProd', 'a', { 'Fn::If': ['Nope', 'b', 'c'] }] },
          },
        },
      },
      Core: {
        Type: 'AWS::Lambda::Function',
        Properties: { Role: { Ref: 'CoreOnlyMissing' }, Mine: { Ref: 'AlsoMissing' } },
      },
    },
    Outputs: {
      Url: { Value: { 'Fn::Sub': 'https://${Api}.${Nowhere}' } },
      CoreOutput: { Value: { Ref: 'NotOurs' } },
    },
  };
}

describe('unresolvedReferences', () => {
  it('finds every kind of reference that names nothing, in the parts asked about only', () => {
    const found = unresolvedReferences(template(), {
      resources: new Map<string, ReadonlySet<string> | 'all'>([
        ['Method', 'all'],
        ['Core', new Set(['Mine'])],
      ]),
      outputs: ['Url'],
    });
    assert.deepEqual(
      found.map(({ kind, target, location }) => [kind, target, location]),
      [
        ['Ref', 'LegacyVpcLink', 'Resources.Method.Properties.Integration.ConnectionId'],
        ['Fn::GetAtt', 'OrdersQueue', 'Resources.Method.Properties.Integration.Uri'],
        ['Fn::Sub', 'Gone', 'Resources.Method.Properties.Integration.Sub'],
        ['Condition', 'Nope', 'Resources.Method.Properties.Integration.Choice.Fn::If[2]'],
        ['DependsOn', 'MissingWait', 'Resources.Method.DependsOn'],
        ['Condition', 'IsStaging', 'Resources.Method.Condition'],
        ['Ref', 'AlsoMissing', 'Resources.Core.Properties.Mine'],
        ['Fn::Sub', 'Nowhere', 'Outputs.Url.Value'],
      ],
    );
    assert.equal(found[0].resourceId, 'Method');
    assert.equal(found[0].key, 'Integration');
  });

  it('accepts resources, parameters and every pseudo-parameter', () => {
    const pseudo = [
      'AWS::AccountId',
      'AWS::NotificationARNs',
      'AWS::NoValue',
      'AWS::Partition',
      'AWS::Region',
      'AWS::StackId',
      'AWS::StackName',
      'AWS::URLSuffix',
    ];
    const resolved: CfnTemplate = {
      Parameters: { Env: {} },
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi' },
        Other: {
          Type: 'X',
          DependsOn: 'Api',
          Properties: {
            Refs: pseudo.map((name) => ({ Ref: name })),
            Env: { Ref: 'Env' },
            Subs: { 'Fn::Sub': pseudo.map((name) => `\${${name}}`).join('') },
          },
        },
      },
    };
    assert.deepEqual(
      unresolvedReferences(resolved, { resources: new Map([['Other', 'all']]), outputs: [] }),
      [],
    );
  });

  it('does not take a parameter for a resource in Fn::GetAtt or ${X.Attr}', () => {
    const found = unresolvedReferences(
      {
        Parameters: { Env: {} },
        Resources: {
          A: {
            Type: 'X',
            Properties: { G: { 'Fn::GetAtt': ['Env', 'Arn'] }, S: { 'Fn::Sub': '${Env.Arn}' } },
          },
        },
      },
      { resources: new Map([['A', 'all']]), outputs: [] },
    );
    assert.deepEqual(
      found.map((each) => each.kind),
      ['Fn::GetAtt', 'Fn::Sub'],
    );
  });
});
