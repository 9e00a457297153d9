/** `stages.<stage>.waf`: an AWS WAF web ACL associated with the REST stage, REST APIs only. */
import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../../src/pipeline/compile';
import { readCoreSettings } from '../../../../src/pipeline/core-settings';
import { resolveConfig } from '../../../../src/pipeline/resolve';
import { validateConfig } from '../../../../src/pipeline/validate';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { emptyEvents } from '../../../../src/common/events';
import { coreSettings } from '../../../helpers/config-builders';
import { assertValidTemplate } from '../../../helpers/cfn-check';

const SHORT_ACL = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b';
const naming = standaloneNaming('orders', 'prod');
const WEB_ACL =
  'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/orders/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

function coreTemplate(): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'prod-orders', EndpointConfiguration: { Types: ['REGIONAL'] } },
      },
      ApiGatewayMethodGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          HttpMethod: 'GET',
          ResourceId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          AuthorizationType: 'NONE',
          Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{}' } },
        },
      },
      ApiGatewayDeployment1700000000000: {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'prod' },
        DependsOn: ['ApiGatewayMethodGet'],
      },
    },
    Outputs: {},
  };
}

function packaged(config: ApiGatewayConfig, stage = 'prod'): CfnTemplate {
  const core = readCoreSettings({
    service: 'orders',
    stageName: stage,
    region: 'eu-west-1',
    provider: {},
  });
  const template = coreTemplate();
  const result = compileRestApiStack(resolveConfig(config, core), template, naming);
  for (const fragment of result.fragments) applyFragment(template, fragment);
  return template;
}

describe('stages.<stage>.waf', () => {
  it('associates the web ACL with the REST stage, after the Stage exists', () => {
    const template = packaged({ stages: { prod: { waf: WEB_ACL } } });
    assert.deepEqual(template.Resources.ApiGatewayWebAclAssociation, {
      Type: 'AWS::WAFv2::WebACLAssociation',
      Properties: {
        ResourceArn: {
          'Fn::Sub': [
            'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApiId}/stages/${StageName}',
            { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'prod' },
          ],
        },
        WebACLArn: WEB_ACL,
      },
      DependsOn: ['ApiGatewayStage'],
    });
    assertValidTemplate(template);
  });

  it('takes an intrinsic (a web ACL of the same stack)', () => {
    const template = packaged({
      stages: { '*': { waf: { 'Fn::GetAtt': ['OrdersWebAcl', 'Arn'] } } },
    });
    assert.deepEqual(template.Resources.ApiGatewayWebAclAssociation?.Properties?.WebACLArn, {
      'Fn::GetAtt': ['OrdersWebAcl', 'Arn'],
    });
  });

  it("is inherited from '*', and false in the stage's entry turns it off", () => {
    const config: ApiGatewayConfig = { stages: { '*': { waf: WEB_ACL }, dev: { waf: false } } };
    assert.ok(packaged(config, 'prod').Resources.ApiGatewayWebAclAssociation);
    assert.equal(packaged(config, 'dev').Resources.ApiGatewayWebAclAssociation, undefined);
  });

  it('emits nothing without waf', () => {
    assert.equal(
      packaged({ stages: { prod: {} } }).Resources.ApiGatewayWebAclAssociation,
      undefined,
    );
  });

  it('accepts an ARN, an intrinsic or false; refuses another value with what it expects', () => {
    for (const waf of [WEB_ACL, { Ref: 'WebAclArn' }, false]) {
      const result = validateConfig({ stages: { prod: { waf } } }, emptyEvents(), coreSettings());
      assert.deepEqual(result.errors, [], JSON.stringify(waf));
    }
    const wrong = validateConfig(
      { stages: { prod: { waf: 'arn:aws:wafv2:eu-west-1:123456789012:global/webacl/x/y' } } },
      emptyEvents(),
      coreSettings(),
    );
    assert.equal(wrong.errors.length, 1);
    assert.equal(wrong.errors[0].path, 'custom.apiGateway.stages.prod.waf');
    assert.match(
      wrong.errors[0].message,
      /is not a valid AWS WAF web ACL: .*scope REGIONAL .*CLOUDFRONT-scope ACL/,
    );
  });

  for (const [key, api] of [
    ['httpApi', 'HTTP APIs'],
    ['websocket', 'WebSocket APIs'],
  ] as const) {
    it(`under ${key}.stages: an error that says AWS WAF does not support ${api}, and what to do`, () => {
      const result = validateConfig(
        { [key]: { stages: { prod: { waf: SHORT_ACL } } } },
        emptyEvents(),
        coreSettings(),
      );
      assert.deepEqual(result.errors, [
        {
          path: `custom.apiGateway.${key}.stages.prod.waf`,
          message: `"${SHORT_ACL}" is not an AWS WAF setting (REST API stages only): AWS WAF does not support ${api} (a web ACL can be associated only with a REST API stage). Remove waf from custom.apiGateway.${key}.stages; to filter this API's requests with AWS WAF, put a CloudFront distribution with a web ACL in front of it, or serve the endpoints from the REST API (http events) and set custom.apiGateway.stages.<stage>.waf.`,
        },
      ]);
    });
  }
});
