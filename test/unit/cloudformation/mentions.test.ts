import assert from 'node:assert/strict';
import { mentionedNames, mentions } from '../../../src/cloudformation/mentions';

const FN = 'HelloLambdaFunction';

describe('cloudformation/mentions', () => {
  it('finds a Ref, the resource of a GetAtt and the ids of an Fn::Sub', () => {
    assert.equal(mentions({ Ref: 'ApiGatewayRestApi' }, 'ApiGatewayRestApi'), true);
    assert.equal(mentions({ 'Fn::GetAtt': [FN, 'Arn'] }, FN), true);
    const uri =
      'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HelloLambdaFunction.Arn}/invocations';
    assert.equal(mentions({ 'Fn::Sub': uri }, FN), true);
    assert.equal(mentions({ 'Fn::Sub': 'arn:${ApiGatewayRestApi}/*' }, 'ApiGatewayRestApi'), true);
  });

  it('does not take a longer id, an escaped ${!…} or a substring for the id', () => {
    assert.equal(mentions({ Ref: `${FN}Alias` }, FN), false);
    assert.equal(mentions({ 'Fn::Sub': '${HelloLambdaFunctionAlias.Arn}' }, FN), false);
    assert.equal(mentions({ 'Fn::Sub': '${!HelloLambdaFunction}' }, FN), false);
    assert.equal(mentions(`arn:aws:lambda:eu-west-1:1:function:${FN}`, FN), false);
    assert.equal(mentions(undefined, FN), false);
  });

  it('reads a value once for every id it is asked about', () => {
    const names = mentionedNames({
      'Fn::Join': [
        '',
        [{ Ref: 'A' }, '/', { 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::Sub': '${C}-${D.Arn}' }],
      ],
    });
    for (const id of ['A', 'B', 'C', 'D']) assert.equal(names.has(id), true, id);
    assert.equal(names.has('E'), false);
  });
});
