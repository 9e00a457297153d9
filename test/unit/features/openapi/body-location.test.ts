/** Where the OpenAPI body goes (openapi.bodyLocation), and its intrinsics resolved for S3. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import {
  AUTO_BODY_LOCATION_THRESHOLD,
  applyBodyLocation,
  bodyFileMatches,
  deployTimeValue,
  packagedBodies,
  planBodyLocation,
  resolveBodyIntrinsics,
} from '../../../../src/features/openapi/body-location';
import { checkOpenApiBody } from '../../../../src/features/openapi/check';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';

const URI = {
  'Fn::Sub':
    'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HelloLambdaFunction.Arn}/invocations',
};

function template(paths: number, extra: Record<string, unknown> = {}): CfnTemplate {
  const body = {
    openapi: '3.0.1',
    paths: Object.fromEntries(
      Array.from({ length: paths }, (_unused, index) => [
        `/items${index}`,
        { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: URI } } },
      ]),
    ),
    ...extra,
  };
  return {
    Resources: {
      ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket' },
      HelloLambdaFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: { FunctionName: 'svc-dev-hello' },
      },
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'dev-svc', Body: body, EndpointConfiguration: { Types: ['EDGE'] } },
      },
    },
    Outputs: { ServerlessDeploymentBucketName: { Value: { Ref: 'ServerlessDeploymentBucket' } } },
  } as CfnTemplate;
}

const input = (setting: 'inline' | 's3' | 'auto') => ({
  restApiLogicalId: 'ApiGatewayRestApi',
  setting,
  stagePrefix: 'serverless/svc/dev',
});

describe('openapi.bodyLocation', () => {
  it('inline keeps the body; auto keeps it while the template is under 500 KB', () => {
    assert.deepEqual(planBodyLocation(template(2000), input('inline')).plan, { kind: 'inline' });
    const small = template(10);
    assert.ok(JSON.stringify(small).length < AUTO_BODY_LOCATION_THRESHOLD);
    assert.deepEqual(planBodyLocation(small, input('auto')).plan, { kind: 'inline' });
  });

  it('auto moves a body over the threshold out, to a file named by its hash, under the stage prefix', () => {
    const large = template(3000);
    assert.ok(JSON.stringify(large).length > AUTO_BODY_LOCATION_THRESHOLD);
    const { plan, warnings, error } = planBodyLocation(large, input('auto'));
    assert.equal(error, undefined);
    assert.deepEqual(warnings, []);
    assert.equal(plan.kind, 's3');
    if (plan.kind !== 's3') return;
    const body = large.Resources.ApiGatewayRestApi.Properties?.Body;
    assert.equal(plan.content, JSON.stringify(body));
    const hash = createHash('sha256').update(plan.content).digest('hex').slice(0, 20);
    assert.equal(plan.fileName, `openapi-body-${hash}.json`);
    assert.deepEqual(plan.bodyS3Location, {
      Bucket: { Ref: 'ServerlessDeploymentBucket' },
      Key: `serverless/svc/dev/apigateway-kit/openapi-body-${hash}.json`,
    });
    assert.ok(bodyFileMatches(plan.fileName, plan.content));
    assert.ok(!bodyFileMatches(plan.fileName, `${plan.content} `));

    applyBodyLocation(large, 'ApiGatewayRestApi', plan);
    assert.deepEqual(Object.keys(large.Resources.ApiGatewayRestApi.Properties ?? {}), [
      'Name',
      'BodyS3Location',
      'EndpointConfiguration',
    ]);
    assert.deepEqual(
      packagedBodies(large).map((item) => [item.restApiLogicalId, item.fileName]),
      [['ApiGatewayRestApi', plan.fileName]],
    );
  });

  it("names the user's deployment bucket by name when core's output does", () => {
    const small = template(1);
    (
      small as { Outputs: Record<string, { Value: unknown }> }
    ).Outputs.ServerlessDeploymentBucketName = { Value: 'my-deployments' };
    const { plan } = planBodyLocation(small, input('s3'));
    assert.equal(plan.kind === 's3' && plan.bodyS3Location.Bucket, 'my-deployments');
  });

  it('keeps inline (auto, with a warning) or refuses (s3) a body naming what only CloudFormation resolves', () => {
    const pool = {
      'x-amazon-apigateway-authorizer': { providerARNs: [{ 'Fn::GetAtt': ['UserPool', 'Arn'] }] },
    };
    const large = template(3000, { components: { securitySchemes: { pool } } });
    const auto = planBodyLocation(large, input('auto'));
    assert.deepEqual(auto.plan, { kind: 'inline' });
    assert.equal(auto.warnings.length, 1);
    assert.match(
      auto.warnings[0],
      /\{"Fn::GetAtt":\["UserPool","Arn"\]\} at \/components\/securitySchemes\/pool\/x-amazon-apigateway-authorizer\/providerARNs\/0/,
    );
    const s3 = planBodyLocation(large, input('s3'));
    assert.deepEqual(s3.plan, { kind: 'inline' });
    assert.match(
      s3.error ?? '',
      /^openapi.bodyLocation is s3, and the REST API's OpenAPI body cannot be uploaded/,
    );
  });

  it('resolves Ref, Fn::GetAtt, Fn::Sub (with variables and ${!literal}) and Fn::Join from the deploy values', () => {
    const values = {
      partition: 'aws-cn',
      region: 'cn-north-1',
      accountId: '123456789012',
      stackName: 'svc-dev',
    };
    const t = template(1);
    const lookup = (name: string) => deployTimeValue(t, values, name);
    const { body, unresolved } = resolveBodyIntrinsics(
      {
        uri: URI,
        name: { Ref: 'HelloLambdaFunction' },
        arn: { 'Fn::GetAtt': ['HelloLambdaFunction', 'Arn'] },
        dotted: { 'Fn::GetAtt': 'HelloLambdaFunction.Arn' },
        sub: {
          'Fn::Sub': [
            '${Stack}-${!Literal}.${AWS::URLSuffix}',
            { Stack: { Ref: 'AWS::StackName' } },
          ],
        },
        join: { 'Fn::Join': [':', ['a', { Ref: 'AWS::AccountId' }]] },
        list: [{ Ref: 'AWS::Region' }, 'plain'],
        unknown: { Ref: 'Elsewhere' },
        attribute: { 'Fn::GetAtt': ['HelloLambdaFunction', 'SnapStartResponse'] },
      },
      lookup,
    );
    assert.deepEqual(body, {
      uri: 'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:svc-dev-hello/invocations',
      name: 'svc-dev-hello',
      arn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:svc-dev-hello',
      dotted: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:svc-dev-hello',
      sub: 'svc-dev-${Literal}.amazonaws.com.cn',
      join: 'a:123456789012',
      list: ['cn-north-1', 'plain'],
      unknown: { Ref: 'Elsewhere' },
      attribute: { 'Fn::GetAtt': ['HelloLambdaFunction', 'SnapStartResponse'] },
    });
    assert.deepEqual(unresolved, [
      { pointer: '/unknown', value: '{"Ref":"Elsewhere"}' },
      {
        pointer: '/attribute',
        value: '{"Fn::GetAtt":["HelloLambdaFunction","SnapStartResponse"]}',
      },
    ]);
  });

  it('is an error without body mode, or on a shared REST API', () => {
    const events = httpEvents([{ functionName: 'orders', eventIndex: 0, settings: undefined }]);
    assert.deepEqual(
      checkOpenApiBody(
        { restApi: { compile: 'openapi' }, openapi: { bodyLocation: 's3' } },
        events,
        coreSettings(),
      ).errors,
      [],
    );
    assert.deepEqual(
      checkOpenApiBody({ openapi: { bodyLocation: 'auto' } }, events, coreSettings()).errors,
      [
        {
          path: 'custom.apiGateway.openapi.bodyLocation',
          message:
            'bodyLocation says where the OpenAPI body of the REST API goes, and the REST API is not compiled to a body; set restApi.compile: openapi (or openapi.definition), or remove bodyLocation',
        },
      ],
    );
    assert.deepEqual(
      checkOpenApiBody(
        { restApi: { compile: 'openapi' }, openapi: { bodyLocation: 'inline' } },
        events,
        coreSettings({ sharedRestApiId: 'abc123' }),
      ).errors.map((error) => error.path),
      ['custom.apiGateway.openapi.bodyLocation'],
    );
  });
});
