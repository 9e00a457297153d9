import assert from 'node:assert/strict';
import { AssertionError } from 'node:assert';
import * as path from 'node:path';
import {
  assertValidTemplate,
  checkTemplate,
  type CloudFormationTemplate,
} from '../../helpers/cfn-check';

type Properties = Record<string, unknown>;

/** A small valid REST API: MOCK method, deployment, stage, Lambda permission, outputs. */
function validTemplate(): CloudFormationTemplate {
  const restApiId = { Ref: 'ApiGatewayRestApi' };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'cfn-check fixture',
    Parameters: { Stage: { Type: 'String', Default: 'dev' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
    Resources: {
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: {
          Name: 'dev-orders',
          EndpointConfiguration: { Types: ['REGIONAL'] },
          MinimumCompressionSize: 1024,
        },
      },
      ApiGatewayResourceHealth: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
          PathPart: 'health',
          RestApiId: restApiId,
        },
      },
      ApiGatewayMethodHealthGet: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: restApiId,
          ResourceId: { Ref: 'ApiGatewayResourceHealth' },
          HttpMethod: 'GET',
          AuthorizationType: 'NONE',
          Integration: {
            Type: 'MOCK',
            RequestTemplates: { 'application/json': '{"statusCode": 200}' },
            IntegrationResponses: [
              { StatusCode: '200', ResponseTemplates: { 'application/json': '{"ok": true}' } },
            ],
          },
          MethodResponses: [{ StatusCode: '200' }],
        },
      },
      ApiGatewayDeployment: {
        Type: 'AWS::ApiGateway::Deployment',
        DependsOn: ['ApiGatewayMethodHealthGet'],
        Properties: { RestApiId: restApiId, Description: 'first deployment' },
      },
      ApiGatewayStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: restApiId,
          DeploymentId: { Ref: 'ApiGatewayDeployment' },
          StageName: { Ref: 'Stage' },
          TracingEnabled: true,
          MethodSettings: [
            {
              ResourcePath: '/*',
              HttpMethod: '*',
              LoggingLevel: 'ERROR',
              ThrottlingRateLimit: 50,
              ThrottlingBurstLimit: 100,
            },
          ],
          Variables: { backend: 'https://orders.internal.example.com' },
        },
      },
      HelloLambdaPermissionApiGateway: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: {
            'Fn::Join': [
              ':',
              [
                'arn',
                { Ref: 'AWS::Partition' },
                'lambda',
                { Ref: 'AWS::Region' },
                { Ref: 'AWS::AccountId' },
                'function',
                'orders-dev-hello',
              ],
            ],
          },
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: {
            'Fn::Sub':
              'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiGatewayRestApi}/*/*',
          },
        },
      },
    },
    Outputs: {
      ServiceEndpoint: {
        Description: 'URL of the service endpoint',
        Value: {
          'Fn::Join': [
            '',
            [
              'https://',
              { Ref: 'ApiGatewayRestApi' },
              '.execute-api.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { Ref: 'ApiGatewayStage' },
            ],
          ],
        },
      },
      RootResourceId: {
        Value: { 'Fn::GetAtt': 'ApiGatewayRestApi.RootResourceId' },
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-RootResourceId' } },
      },
    },
  };
}

function props(template: CloudFormationTemplate, logicalId: string): Properties {
  const resource = template.Resources[logicalId];
  resource.Properties ??= {};
  return resource.Properties;
}

function methodSetting(template: CloudFormationTemplate): Properties {
  return (props(template, 'ApiGatewayStage').MethodSettings as Properties[])[0];
}

/** `path: message` for every problem, as assertValidTemplate prints them. */
function problems(
  template: CloudFormationTemplate,
  options?: Parameters<typeof checkTemplate>[1],
): string[] {
  return checkTemplate(template, options).map((p) => `${p.path}: ${p.message}`);
}

describe('cfn-check', () => {
  it('accepts a valid API Gateway template', () => {
    const template = validTemplate();
    assert.deepEqual(problems(template), []);
    assert.doesNotThrow(() => assertValidTemplate(template));
  });

  it('does not modify the template', () => {
    const template = validTemplate();
    const conditional = props(template, 'ApiGatewayStage');
    conditional.CacheClusterEnabled = { 'Fn::If': ['IsProd', true, { Ref: 'AWS::NoValue' }] };
    const before = structuredClone(template);
    checkTemplate(template);
    assert.deepEqual(template, before);
  });

  describe('resource properties (provider schemas)', () => {
    it('reports an unknown property, with a suggestion', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayRestApi').Nmae = 'typo';
      assert.deepEqual(problems(template), [
        'ApiGatewayRestApi.Properties.Nmae: unknown property; did you mean Name?',
      ]);
    });

    it('lists the valid properties when nothing is close', () => {
      const template = validTemplate();
      methodSetting(template).Verbosity = 'high';
      assert.deepEqual(problems(template), [
        'ApiGatewayStage.Properties.MethodSettings[0].Verbosity: unknown property; valid properties are ' +
          'CacheDataEncrypted, CacheTtlInSeconds, CachingEnabled, DataTraceEnabled, HttpMethod, LoggingLevel, ' +
          'MetricsEnabled, ResourcePath, ThrottlingBurstLimit, ThrottlingRateLimit',
      ]);
    });

    it('reports a wrong type', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayStage').TracingEnabled = 'yes';
      methodSetting(template).ThrottlingBurstLimit = 1.5;
      assert.deepEqual(problems(template), [
        'ApiGatewayStage.Properties.MethodSettings[0].ThrottlingBurstLimit: must be an integer (got 1.5)',
        'ApiGatewayStage.Properties.TracingEnabled: must be a boolean (got "yes")',
      ]);
    });

    it('reports a value outside an enum, the schema’s and the supplementary API Gateway ones', () => {
      const template = validTemplate();
      methodSetting(template).LoggingLevel = 'DEBUG';
      (props(template, 'ApiGatewayMethodHealthGet').Integration as Properties).Type = 'MOCKED';
      assert.deepEqual(problems(template), [
        'ApiGatewayMethodHealthGet.Properties.Integration.Type: must be one of "AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK" (got "MOCKED")',
        'ApiGatewayStage.Properties.MethodSettings[0].LoggingLevel: must be one of "OFF", "ERROR", "INFO" (got "DEBUG")',
      ]);
    });

    it('reports a missing required property', () => {
      const template = validTemplate();
      delete props(template, 'ApiGatewayMethodHealthGet').HttpMethod;
      delete (props(template, 'ApiGatewayMethodHealthGet').MethodResponses as Properties[])[0]
        .StatusCode;
      assert.deepEqual(problems(template), [
        'ApiGatewayMethodHealthGet.Properties.HttpMethod: is required',
        'ApiGatewayMethodHealthGet.Properties.MethodResponses[0].StatusCode: is required',
      ]);
    });

    it('reports required properties of a resource without Properties', () => {
      const template = validTemplate();
      delete template.Resources.ApiGatewayResourceHealth.Properties;
      props(template, 'ApiGatewayMethodHealthGet').ResourceId = {
        'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'],
      };
      template.Resources.Extra = { Type: 'AWS::ApiGateway::Resource' };
      assert.deepEqual(problems(template), [
        'ApiGatewayResourceHealth.Properties.ParentId: is required',
        'ApiGatewayResourceHealth.Properties.PathPart: is required',
        'ApiGatewayResourceHealth.Properties.RestApiId: is required',
        'Extra.Properties.ParentId: is required',
        'Extra.Properties.PathPart: is required',
        'Extra.Properties.RestApiId: is required',
      ]);
    });

    it('reports a read-only property that is set', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayRestApi').RootResourceId = 'abc123';
      assert.deepEqual(problems(template), [
        'ApiGatewayRestApi.Properties.RootResourceId: is read-only (CloudFormation returns it as an attribute; read it with Fn::GetAtt) and must not be set',
      ]);
    });

    it('accepts intrinsic functions in number, boolean, enum and pattern slots', () => {
      const template = validTemplate();
      Object.assign(methodSetting(template), {
        ThrottlingRateLimit: { Ref: 'RateLimit' },
        ThrottlingBurstLimit: { 'Fn::FindInMap': ['Limits', { Ref: 'Stage' }, 'burst'] },
        LoggingLevel: { 'Fn::If': ['IsProd', 'ERROR', 'INFO'] },
        MetricsEnabled: { 'Fn::If': ['IsProd', true, { Ref: 'AWS::NoValue' }] },
      });
      (props(template, 'ApiGatewayMethodHealthGet').Integration as Properties).Type = {
        'Fn::Select': [0, ['MOCK']],
      };
      props(template, 'ApiGatewayRestApi').MinimumCompressionSize = { 'Fn::Length': [1, 2] };
      props(template, 'HelloLambdaPermissionApiGateway').Principal = {
        'Fn::ImportValue': 'principal',
      };
      template.Parameters = { ...template.Parameters, RateLimit: { Type: 'Number' } };
      template.Mappings = { Limits: { dev: { burst: 10 } } };
      assert.deepEqual(problems(template), []);
    });

    it('checks both branches of Fn::If, including one that wraps a whole object', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayStage').AccessLogSetting = {
        'Fn::If': [
          'IsProd',
          {
            DestinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:x',
            Format: '$context.requestId',
          },
          { Ref: 'AWS::NoValue' },
        ],
      };
      props(template, 'ApiGatewayStage').MethodSettings = [
        {
          'Fn::If': [
            'IsProd',
            { ResourcePath: '/*', HttpMethod: '*', CachingEnabled: 'yes' },
            { Ref: 'AWS::NoValue' },
          ],
        },
        {
          ResourcePath: '/*',
          HttpMethod: '*',
          CacheTtlInSeconds: { 'Fn::If': ['IsProd', 7200, 60] },
        },
      ];
      assert.deepEqual(problems(template), [
        'ApiGatewayStage.Properties.MethodSettings[0]["Fn::If"][1].CachingEnabled: must be a boolean (got "yes")',
        'ApiGatewayStage.Properties.MethodSettings[1].CacheTtlInSeconds["Fn::If"][1]: must be <= 3600 (got 7200)',
      ]);
    });

    it('translates Python patterns (\\Z, escaped punctuation)', () => {
      const template = validTemplate();
      props(template, 'HelloLambdaPermissionApiGateway').FunctionName = 'not a function name!';
      template.Resources.AccessLogs = {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/api-gateway/orders dev' },
      };
      template.Resources.Alarm = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 1,
          Metrics: [{ Id: 'Errors', Expression: 'SUM(METRICS())' }],
        },
      };
      assert.deepEqual(problems(template), [
        'HelloLambdaPermissionApiGateway.Properties.FunctionName: must match ' +
          '/^(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$/ ' +
          '(got "not a function name!")',
        'AccessLogs.Properties.LogGroupName: must match /^[.\\-_/#A-Za-z0-9]{1,512}$/ (got "/aws/api-gateway/orders dev")',
        'Alarm.Properties.Metrics[0].Id: must match /^([a-z])([A-Za-z0-9_]*)$/ (got "Errors")',
      ]);
    });

    it('reports an unknown AWS type unless allowed, and a custom resource without ServiceToken', () => {
      const template = validTemplate();
      template.Resources.Cert = {
        Type: 'AWS::ACM::Certificate',
        Properties: { DomainName: 'example.com' },
      };
      template.Resources.Setup = { Type: 'Custom::ApiSetup', Properties: { Stage: 'dev' } };
      template.Resources.Setup2 = { Type: 'AWS::CloudFormation::CustomResource', Properties: {} };
      template.Resources.Setup3 = {
        Type: 'Custom::Fine',
        Version: '1.0',
        Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:x' },
      };
      assert.deepEqual(problems(template), [
        'Cert.Type: no schema for type AWS::ACM::Certificate: misspelt, or not vendored yet (add it with `npm run refresh-cfn-schemas -- <schema-dir> AWS::ACM::Certificate`, or list it in allowUnknownTypes)',
        'Setup.Properties.ServiceToken: is required: a custom resource needs a ServiceToken (the Lambda or SNS topic ARN that handles it)',
        'Setup2.Properties.ServiceToken: is required',
      ]);
      assert.equal(problems(template, { allowUnknownTypes: ['AWS::ACM::*'] }).length, 2);
    });
  });

  describe('references', () => {
    it('reports a Ref to nothing', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayResourceHealth').RestApiId = { Ref: 'ApiGatewayRestAPI' };
      assert.deepEqual(problems(template), [
        'ApiGatewayResourceHealth.Properties.RestApiId.Ref: Ref "ApiGatewayRestAPI" is not a resource, parameter or pseudo parameter (did you mean ApiGatewayRestApi?)',
      ]);
    });

    it('reports a Fn::GetAtt of a missing resource, in both forms', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayResourceHealth').ParentId = {
        'Fn::GetAtt': ['MissingApi', 'RootResourceId'],
      };
      (template.Outputs as Record<string, Properties>).RootResourceId.Value = {
        'Fn::GetAtt': 'MissingApi.RootResourceId',
      };
      assert.deepEqual(problems(template), [
        'ApiGatewayResourceHealth.Properties.ParentId["Fn::GetAtt"]: Fn::GetAtt "MissingApi.RootResourceId" refers to "MissingApi", which is not a resource in the template',
        'Outputs.RootResourceId.Value["Fn::GetAtt"]: Fn::GetAtt "MissingApi.RootResourceId" refers to "MissingApi", which is not a resource in the template',
      ]);
    });

    it('reports a Fn::GetAtt attribute the type does not have', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayResourceHealth').ParentId = {
        'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceID'],
      };
      assert.deepEqual(problems(template), [
        'ApiGatewayResourceHealth.Properties.ParentId["Fn::GetAtt"]: Fn::GetAtt "ApiGatewayRestApi.RootResourceID": ' +
          'AWS::ApiGateway::RestApi has no attribute "RootResourceID" (attributes: RestApiId, RootResourceId)',
      ]);
    });

    it('reports a Fn::Sub variable that names nothing, skipping ${!literals} and local variables', () => {
      const template = validTemplate();
      props(template, 'HelloLambdaPermissionApiGateway').SourceArn = {
        'Fn::Sub': [
          'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApi}/${!Stage}/${Method}/${Missing}/${Gone.Arn}',
          { Method: 'GET' },
        ],
      };
      assert.deepEqual(problems(template), [
        'HelloLambdaPermissionApiGateway.Properties.SourceArn["Fn::Sub"]: Fn::Sub variable ${RestApi} is not a resource, parameter or pseudo parameter',
        'HelloLambdaPermissionApiGateway.Properties.SourceArn["Fn::Sub"]: Fn::Sub variable ${Missing} is not a resource, parameter or pseudo parameter',
        'HelloLambdaPermissionApiGateway.Properties.SourceArn["Fn::Sub"]: Fn::Sub variable ${Gone.Arn} refers to "Gone", which is not a resource in the template',
      ]);
    });

    it('reports a DependsOn entry that names nothing', () => {
      const template = validTemplate();
      template.Resources.ApiGatewayDeployment.DependsOn = [
        'ApiGatewayMethodHealthGet',
        'ApiGatewayMethodHealthPost',
      ];
      assert.deepEqual(problems(template), [
        'ApiGatewayDeployment.DependsOn[1]: DependsOn "ApiGatewayMethodHealthPost" is not a resource in the template',
      ]);
    });

    it('reports an undefined condition', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayStage').TracingEnabled = {
        'Fn::If': ['IsProduction', true, false],
      };
      template.Resources.ApiGatewayStage.Condition = 'IsStaging';
      assert.deepEqual(problems(template), [
        'ApiGatewayStage.Condition: condition "IsStaging" is not defined in Conditions',
        'ApiGatewayStage.Properties.TracingEnabled["Fn::If"][0]: condition "IsProduction" is not defined in Conditions',
      ]);
    });

    it('reports a resource that depends on itself', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayDeployment').Description = {
        'Fn::Sub': 'deployment ${ApiGatewayDeployment}',
      };
      assert.deepEqual(problems(template), [
        'ApiGatewayDeployment.Properties.Description["Fn::Sub"]: Fn::Sub variable ${ApiGatewayDeployment} refers to the resource itself: a resource cannot depend on itself',
      ]);
    });

    it('reports a dependency cycle through DependsOn, Ref and Fn::GetAtt', () => {
      const template = validTemplate();
      template.Resources.ApiGatewayRestApi.DependsOn = 'ApiGatewayStage';
      const found = checkTemplate(template);
      assert.deepEqual(
        found.map((p) => `${p.path}: ${p.message}`),
        [
          'ApiGatewayDeployment.Properties.RestApiId.Ref: circular dependency: ApiGatewayDeployment -> ApiGatewayRestApi -> ' +
            'ApiGatewayStage -> ApiGatewayDeployment (through DependsOn, Ref, Fn::GetAtt or Fn::Sub)',
        ],
      );
      assert.equal(found[0].logicalId, 'ApiGatewayDeployment');
    });
  });

  describe('template rules', () => {
    it('reports an invalid logical id', () => {
      const template = validTemplate();
      template.Resources['Api-Gateway_Stage'] = template.Resources.ApiGatewayStage;
      delete template.Resources.ApiGatewayStage;
      template.Resources['L'.repeat(256)] = { Type: 'AWS::SNS::Topic' };
      (template.Outputs as Record<string, unknown>).ServiceEndpoint = {
        Value: 'https://example.com',
      };
      assert.deepEqual(problems(template), [
        'Api-Gateway_Stage: invalid resource logical id: contains characters other than A-Z, a-z and 0-9 (logical ids are alphanumeric, at most 255 characters)',
        `${'L'.repeat(256)}: invalid resource logical id: is 256 characters long (logical ids are alphanumeric, at most 255 characters)`,
      ]);
    });

    it('reports a resource without Type and unknown resource attributes', () => {
      const template = validTemplate();
      template.Resources.Broken = {
        Properties: {},
        Dependson: 'ApiGatewayStage',
      } as unknown as CloudFormationTemplate['Resources'][string];
      assert.deepEqual(problems(template), [
        'Broken.Dependson: unknown resource attribute',
        'Broken.Type: is required (a resource type such as AWS::ApiGateway::RestApi)',
      ]);
    });

    it('reports outputs without Value and too many outputs', () => {
      const template = validTemplate();
      const outputs: Record<string, unknown> = { NoValue: { Description: 'nothing' } };
      for (let i = 0; i < 200; i++) outputs[`Output${i}`] = { Value: 'x' };
      template.Outputs = outputs;
      assert.deepEqual(problems(template), [
        'Outputs: has 201 outputs; CloudFormation allows at most 200',
        'Outputs.NoValue.Value: is required',
      ]);
    });
  });

  describe('API Gateway rules', () => {
    it('reports a stage created twice: by a Deployment’s StageName and by a Stage', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayStage').StageName = 'dev';
      props(template, 'ApiGatewayDeployment').StageName = 'dev';
      assert.deepEqual(problems(template), [
        'ApiGatewayStage.Properties.StageName: stage "dev" of REST API ApiGatewayRestApi is created twice: ' +
          'by Deployment ApiGatewayDeployment (its StageName) and by Stage ApiGatewayStage',
      ]);
    });

    it('reports two Stages with the same name on one REST API, however the API is referenced', () => {
      const template = validTemplate();
      template.Resources.ApiGatewayStage2 = {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RestApiId'] },
          DeploymentId: { Ref: 'ApiGatewayDeployment' },
          StageName: { Ref: 'Stage' },
        },
      };
      assert.deepEqual(problems(template), [
        'ApiGatewayStage2.Properties.StageName: stage {"Ref":"Stage"} of REST API ApiGatewayRestApi is created twice: ' +
          'by Stage ApiGatewayStage and by Stage ApiGatewayStage2',
      ]);
    });

    it('applies cfn-lint’s extra rules: authorizer TTL, method authorizer, stage deployment', () => {
      const template = validTemplate();
      template.Resources.OtherApi = {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'other' },
      };
      template.Resources.OtherDeployment = {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: { Ref: 'OtherApi' } },
      };
      template.Resources.UsersAuthorizer = {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: { Ref: 'OtherApi' },
          Name: 'users',
          Type: 'COGNITO_USER_POOLS',
          ProviderARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'],
        },
      };
      template.Resources.TokenAuthorizer = {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          Name: 'token',
          Type: 'TOKEN',
          AuthorizerResultTtlInSeconds: 7200,
        },
      };
      Object.assign(props(template, 'ApiGatewayMethodHealthGet'), {
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: 'UsersAuthorizer' },
      });
      props(template, 'ApiGatewayStage').DeploymentId = { Ref: 'OtherDeployment' };
      delete props(template, 'ApiGatewayRestApi').Name;
      props(template, 'ApiGatewayRestApi').Body = {
        openapi: '3.0.1',
        info: { title: 'x', version: '1' },
        paths: {},
      };
      assert.deepEqual(problems(template), [
        'TokenAuthorizer.Properties.AuthorizerResultTtlInSeconds: must be <= 3600 (got 7200)',
        "ApiGatewayStage.Properties.DeploymentId: Deployment OtherDeployment belongs to REST API OtherApi, not to this stage's ApiGatewayRestApi",
        "ApiGatewayMethodHealthGet.Properties.AuthorizerId: Authorizer UsersAuthorizer belongs to REST API OtherApi, not to this method's ApiGatewayRestApi",
        'ApiGatewayMethodHealthGet.Properties.AuthorizerId: AuthorizationType CUSTOM needs a TOKEN or REQUEST authorizer, but UsersAuthorizer has Type COGNITO_USER_POOLS',
      ]);
    });

    it('requires a RestApi Name unless it is imported from OpenAPI', () => {
      const template = validTemplate();
      delete props(template, 'ApiGatewayRestApi').Name;
      assert.deepEqual(problems(template), ['ApiGatewayRestApi.Properties.Name: is required']);
    });
  });

  describe('assertValidTemplate and options', () => {
    it('throws an AssertionError listing every problem', () => {
      const template = validTemplate();
      props(template, 'ApiGatewayStage').TracingEnabled = 'yes';
      template.Resources.ApiGatewayDeployment.DependsOn = 'Nothing';
      assert.throws(
        () => assertValidTemplate(template),
        (error: unknown) => {
          assert.ok(error instanceof AssertionError);
          assert.equal(
            error.message,
            'CloudFormation template has 2 problems:\n' +
              '  - ApiGatewayDeployment.DependsOn: DependsOn "Nothing" is not a resource in the template\n' +
              '  - ApiGatewayStage.Properties.TracingEnabled: must be a boolean (got "yes")',
          );
          return true;
        },
      );
    });

    it('says where it looked when the schema directory is missing', () => {
      const missing = path.join(__dirname, 'no-such-schemas');
      assert.throws(() => checkTemplate(validTemplate(), { schemaDir: missing }), {
        message: new RegExp(
          `CloudFormation resource schemas not found: looked for ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/index\\.json`,
        ),
      });
    });

    it('is fast once the schemas are compiled', () => {
      const template = validTemplate();
      checkTemplate(template);
      const started = process.hrtime.bigint();
      for (let i = 0; i < 20; i++) checkTemplate(template);
      const perCallMs = Number(process.hrtime.bigint() - started) / 1e6 / 20;
      assert.ok(perCallMs < 50, `checkTemplate took ${perCallMs.toFixed(1)} ms per call`);
    });
  });
});
