/**
 * `serverless package` on services using every kind of access control: named authorizers of each
 * type, a default authorizer, public and core-authorized endpoints, usage plans with keys, and a
 * resource policy. Every template is checked against the CloudFormation schemas with references
 * resolving; API key values never reach the output.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnResource, CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
} from '../helpers/serverless';

const SECRET = 'partner-a-secret-value-0123456789';
const env = { PARTNER_A_KEY: SECRET };

function ofType(template: CfnTemplate, type: string): string[] {
  return Object.keys(template.Resources)
    .filter((id) => template.Resources[id].Type === type)
    .sort();
}

function props(template: CfnTemplate, id: string): Record<string, unknown> {
  const resource: CfnResource | undefined = template.Resources[id];
  assert.ok(resource, `${id} is in the template`);
  return resource.Properties ?? {};
}

describe('serverless package: access control', () => {
  const dir = path.join(FIXTURES, 'access-control');
  let prod: PackageResult;
  let dev: PackageResult;

  before(() => {
    prod = packageService(dir, { stage: 'prod', env, args: ['--verbose'] });
    dev = packageService(dir, { stage: 'dev', env });
  });

  it('emits templates valid against the CloudFormation schemas, references resolving', () => {
    assertValidTemplate(prod.template);
    assertValidTemplate(dev.template);
  });

  it('emits one Authorizer per named authorizer and a permission per Lambda authorizer', () => {
    const { template } = prod;
    assert.deepEqual(ofType(template, 'AWS::ApiGateway::Authorizer'), [
      'ApiGatewayAuthorizerContext',
      'ApiGatewayAuthorizerExternal',
      'ApiGatewayAuthorizerPartner',
      'ApiGatewayAuthorizerPools',
      'ApiGatewayAuthorizerUsers',
    ]);
    assert.equal(props(template, 'ApiGatewayAuthorizerPartner').Type, 'TOKEN');
    assert.equal(props(template, 'ApiGatewayAuthorizerContext').Type, 'REQUEST');
    assert.equal(props(template, 'ApiGatewayAuthorizerUsers').Type, 'COGNITO_USER_POOLS');
    assert.deepEqual(props(template, 'ApiGatewayAuthorizerPartnerPermission').FunctionName, {
      'Fn::GetAtt': ['AuthorizeLambdaFunction', 'Arn'],
    });
    assert.equal(
      props(template, 'ApiGatewayAuthorizerExternalPermission').FunctionName,
      'arn:aws:lambda:eu-west-1:123456789012:function:shared-authorizer',
    );
  });

  it("sets each Method's authorization; CORS preflights and core's own authorizer untouched", () => {
    const { template } = prod;
    const method = (id: string) => props(template, id);
    assert.equal(method('ApiGatewayMethodUsersIdVarGet').AuthorizationType, 'COGNITO_USER_POOLS');
    assert.deepEqual(method('ApiGatewayMethodUsersIdVarGet').AuthorizationScopes, ['users/admin']);
    assert.deepEqual(method('ApiGatewayMethodReportsPoolsGet').AuthorizerId, {
      Ref: 'ApiGatewayAuthorizerPools',
    });
    assert.equal(method('ApiGatewayMethodReportsPoolsGet').AuthorizationScopes, undefined);
    assert.equal(method('ApiGatewayMethodUsersPost').AuthorizationType, 'CUSTOM');
    assert.equal(method('ApiGatewayMethodUsersPost').ApiKeyRequired, true);
    assert.equal(method('ApiGatewayMethodInternalGet').AuthorizationType, 'AWS_IAM');
    assert.equal(method('ApiGatewayMethodHealthGet').AuthorizationType, 'NONE');
    assert.equal(method('ApiGatewayMethodLegacyGet').AuthorizationType, 'AWS_IAM');
    assert.equal(method('ApiGatewayMethodLegacyGet').ApiKeyRequired, true);
    assert.equal(method('ApiGatewayMethodUsersIdVarOptions').AuthorizationType, 'NONE');
  });

  it('creates the usage plans of each stage after its Stage, every key attached', () => {
    assert.deepEqual(ofType(prod.template, 'AWS::ApiGateway::UsagePlan'), [
      'ApiGatewayKitUsagePlanFree',
      'ApiGatewayKitUsagePlanPro',
    ]);
    assert.deepEqual(ofType(dev.template, 'AWS::ApiGateway::UsagePlan'), [
      'ApiGatewayKitUsagePlanFree',
    ]);
    for (const { template } of [prod, dev]) {
      for (const plan of ofType(template, 'AWS::ApiGateway::UsagePlan')) {
        assert.deepEqual(template.Resources[plan].DependsOn, ['ApiGatewayStage']);
      }
      const keys = ofType(template, 'AWS::ApiGateway::ApiKey');
      const attached = ofType(template, 'AWS::ApiGateway::UsagePlanKey').map(
        (id) => (props(template, id).KeyId as { Ref: string }).Ref,
      );
      assert.deepEqual(attached.sort(), keys);
    }
    const free = props(prod.template, 'ApiGatewayKitUsagePlanFree');
    assert.deepEqual(free.ApiStages, [
      {
        ApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'prod',
        Throttle: { '/users/POST': { BurstLimit: 2, RateLimit: 1 } },
      },
    ]);
  });

  it('sets the resource policy on the RestApi', () => {
    const policy = props(prod.template, 'ApiGatewayRestApi').Policy as {
      Statement: Array<{ Effect: string }>;
    };
    assert.deepEqual(
      policy.Statement.map((statement) => statement.Effect),
      ['Allow', 'Deny'],
    );
  });

  it('never prints an API key value', () => {
    for (const result of [prod, dev]) {
      assert.ok(!`${result.stdout}${result.stderr}`.includes(SECRET));
    }
  });

  it('reports every error of a broken service at once, key value not shown', () => {
    const failure = packageServiceExpectingFailure(path.join(FIXTURES, 'access-control-invalid'), {
      env: { PARTNER_A_KEY: 'secretvalue123' },
    });
    const output = plain(`${failure.stdout}\n${failure.stderr}`);
    assert.match(output, /serverless-apigateway-kit found 4 problems in the configuration:/);
    assert.ok(
      output.includes(
        '  - functions.getUser.events[0].http.apiGateway.authorizer: "user" is not an authorizer of custom.apiGateway.authorizers (did you mean "users"?); use one of users, partner, or none for a public endpoint',
      ),
    );
    assert.ok(
      output.includes(
        '  - custom.apiGateway.authorizers.partner.functionName: "authorise" is not a function of this service (did you mean "authorize"?); use one of authorize, getUser, or functionArn for a function outside the service',
      ),
    );
    assert.ok(
      output.includes(
        '  - custom.apiGateway.usagePlans.free.apiKeys[0].value: the value of API key "partner-a" has 14 characters (not shown)',
      ),
    );
    assert.ok(
      output.includes(
        '  - custom.apiGateway.restApi.endpointType: a PRIVATE API needs a resource policy that lets callers in, or every call gets 403',
      ),
    );
    assert.ok(!output.includes('secretvalue123'));
  });
});
