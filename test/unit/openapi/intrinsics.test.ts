import assert from 'node:assert/strict';
import { cloudFormationValue, renderValue } from '../../../src/openapi/intrinsics';

describe('renderValue: template values as readable Fn::Sub text', () => {
  it('shows an escaped `${!literal}` of an Fn::Sub as CloudFormation writes it', () => {
    assert.equal(
      renderValue({ 'Fn::Sub': 'https://${!stageVariables.backend}/${Api}/orders' }),
      'https://${stageVariables.backend}/${Api}/orders',
    );
    assert.equal(
      renderValue({
        'Fn::Sub': ['${!stageVariables.host}/${Queue}', { Queue: { 'Fn::GetAtt': ['Q', 'Arn'] } }],
      }),
      '${stageVariables.host}/${Q.Arn}',
    );
  });

  it('renders a body value as the template value it was made from (a Join with a literal `${`)', () => {
    const join = { 'Fn::Join': ['', ['${stageVariables.backend}/', { Ref: 'Api' }]] };
    const sub = cloudFormationValue(join);
    assert.deepEqual(sub, { 'Fn::Sub': '${!stageVariables.backend}/${Api}' });
    assert.equal(renderValue(sub), renderValue(join));
  });
});
