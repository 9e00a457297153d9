/**
 * An API defined by its OpenAPI document alone (issue 15), packaged with the real framework:
 * AWS-style documents whose operations carry their own integrations, a document that is invalid
 * as AWS publishes its examples, and a multi-file one. No function has an http event.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
} from '../helpers/serverless';
import type { CfnTemplate } from '../../src/cloudformation/template';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Body is free-form JSON
type Json = any;

function resourcesOfType(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId]) => logicalId)
    .sort();
}

function body(template: CfnTemplate): Json {
  return template.Resources.ApiGatewayRestApi.Properties?.Body;
}

describe('serverless package: an API defined by its OpenAPI document alone', function () {
  this.timeout(300_000);

  describe('PetStore (http, http_proxy and mock integrations, no functions)', () => {
    let result: PackageResult;
    before(() => {
      result = packageService(path.join(FIXTURES, 'openapi-doc-only'));
    });

    it('packages the RestApi with the body, its Deployment and the declared Stage', () => {
      assertValidTemplate(result.template);
      const template = result.template;
      assert.deepEqual(Object.keys(body(template).paths).sort(), [
        '/',
        '/pets',
        '/pets/{petId}',
        '/status',
      ]);
      assert.equal(
        body(template).paths['/pets'].get['x-amazon-apigateway-integration'].type,
        'http',
      );
      const [deployment] = resourcesOfType(template, 'AWS::ApiGateway::Deployment');
      assert.match(deployment, /^ApiGatewayDeployment[0-9a-f]{12}$/);
      const stage = template.Resources.ApiGatewayStage.Properties ?? {};
      assert.deepEqual(stage.DeploymentId, { Ref: deployment });
      assert.equal(stage.StageName, 'dev');
      assert.equal(stage.TracingEnabled, true, "the plugin's stage settings apply");
      assert.deepEqual(resourcesOfType(template, 'AWS::ApiGateway::Method'), []);
      assert.doesNotMatch(plain(result.stdout + result.stderr), /no endpoint|no method yet/);
    });

    it('writes the API-level extensions as the RestApi properties, tags included', () => {
      const api = result.template.Resources.ApiGatewayRestApi.Properties ?? {};
      assert.equal(api.ApiKeySourceType, 'HEADER');
      assert.deepEqual(api.BinaryMediaTypes, ['image/png']);
      assert.equal(api.MinimumCompressionSize, 1024);
      assert.deepEqual(api.Tags, [{ Key: 'team', Value: 'pets' }]);
      assert.ok(body(result.template)['x-amazon-apigateway-gateway-responses']);
      assert.ok(body(result.template)['x-amazon-apigateway-documentation']);
    });
  });

  describe('invalid as published (Swagger 2.0 without info.version or parameter types)', () => {
    const dir = path.join(FIXTURES, 'openapi-doc-only-invalid-as-published');
    let result: PackageResult;
    before(() => {
      result = packageService(dir);
    });

    it('packages it and lists each problem with its JSON pointer', () => {
      assertValidTemplate(result.template);
      const output = plain(result.stdout + result.stderr);
      for (const pointer of [
        '#/info/version',
        '#/paths/~1pets/get/parameters/0',
        '#/paths/~1pets/get/parameters/1',
        '#/paths/~1pets/get/responses/200',
        '#/paths/~1pets~1{petId}/get/parameters/0',
      ]) {
        assert.ok(output.includes(`./api.yaml ${pointer}: `), `a warning at ${pointer}`);
      }
    });

    it("gives the service's functions their permission, and leaves another account's ARN as written", () => {
      const template = result.template;
      const permissions = resourcesOfType(template, 'AWS::Lambda::Permission');
      assert.deepEqual(permissions, [
        'AuthorizeLambdaPermissionApiGateway',
        'GetPetLambdaPermissionApiGateway',
        'ListPetsLambdaPermissionApiGateway',
      ]);
      const paths = body(template).paths;
      assert.deepEqual(paths['/pets'].get['x-amazon-apigateway-integration'].uri, {
        'Fn::Sub':
          'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ListPetsLambdaFunction.Arn}/invocations',
      });
      assert.equal(
        paths['/partner/pets'].get['x-amazon-apigateway-integration'].uri,
        'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:partner-pets/invocations',
      );
      const authorizer =
        body(template).securityDefinitions.petsAuthorizer['x-amazon-apigateway-authorizer'];
      assert.match(JSON.stringify(authorizer.authorizerUri), /AuthorizeLambdaFunction\.Arn/);
    });

    it('failOnWarnings: the same problems are errors, and nothing is packaged', () => {
      const failure = packageServiceExpectingFailure(dir, {
        args: ['--config', 'serverless.fail-on-warnings.yml'],
      });
      const output = plain(failure.stdout + failure.stderr);
      assert.match(output, /#\/info\/version: info\.version is missing/);
      assert.match(output, /openapi\.failOnWarnings is true/);
    });
  });

  describe('multi-file (external $refs, aws and VPC-link integrations, policy)', () => {
    let result: PackageResult;
    before(() => {
      result = packageService(path.join(FIXTURES, 'openapi-doc-only-multi-file'));
    });

    it('bundles the files into one body and keeps every integration as written', () => {
      assertValidTemplate(result.template);
      const paths = body(result.template).paths;
      assert.ok(!JSON.stringify(body(result.template)).includes('.yaml'), 'no file reference left');
      assert.equal(paths['/items'].get['x-amazon-apigateway-integration'].type, 'aws');
      assert.equal(
        paths['/legacy/{proxy+}']['x-amazon-apigateway-any-method'][
          'x-amazon-apigateway-integration'
        ].connectionType,
        'VPC_LINK',
      );
      const api = result.template.Resources.ApiGatewayRestApi.Properties ?? {};
      assert.equal((api.Policy as Json).Statement[0].Action, 'execute-api:Invoke');
      assert.deepEqual(api.EndpointConfiguration, { Types: ['REGIONAL'] });
      assert.equal(api.DisableExecuteApiEndpoint, false);
      assert.deepEqual(resourcesOfType(result.template, 'AWS::Lambda::Permission'), []);
    });
  });
});
