/**
 * Body mode with the body out of the template (openapi.bodyLocation, auto by default), packaged by
 * the real framework: 2,000 endpoints, whose body inline would be over CloudFormation's 1 MB, give
 * a template under 200 KB naming the body by BodyS3Location; the body is a file of the package
 * under the content-hashed name the key ends with, and a changed body gets another key and another
 * Deployment.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject } from '../../src/cloudformation/template';
import { bodyFileMatches } from '../../src/features/openapi/body-location';
import { measureTemplate, templateSizeWarnings } from '../../src/deploy/template-size';
import { assertValidTemplate } from '../helpers/cfn-check';
import { packageService } from '../helpers/serverless';
import { generateService } from '../fixtures/openapi-body-large/generate';
import { generateDocumentService } from '../fixtures/openapi-body-large/generate-document';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body is read as plain JSON
type Json = any;

describe('body mode at scale: 2,000 endpoints, the body in S3', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-large-s3-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packages a template under 200 KB naming the body file of the package by its hashed key', () => {
    generateService(dir, 2000, { compile: 'openapi', perFunction: 50 });
    const result = packageService(dir);
    assertValidTemplate(result.template);

    const size = measureTemplate(result.template);
    assert.ok(size.bytes < 200 * 1024, `${size.bytes} bytes`);
    assert.ok(size.resources < 500, `${size.resources} resources`);
    assert.equal(size.bodyBytes, undefined);
    assert.deepEqual(templateSizeWarnings(size), []);

    const restApi = result.template.Resources.ApiGatewayRestApi.Properties as CfnObject;
    assert.equal(restApi.Body, undefined);
    const location = restApi.BodyS3Location as { Bucket: unknown; Key: string };
    assert.deepEqual(location.Bucket, { Ref: 'ServerlessDeploymentBucket' });
    assert.match(
      location.Key,
      /^serverless\/bench-2000\/dev\/apigateway-kit\/openapi-body-[0-9a-f]{20}\.json$/,
    );

    const fileName = path.basename(location.Key);
    const file = path.join(result.outDir, fileName);
    assert.ok(existsSync(file), `${fileName} in ${result.outDir}`);
    const content = readFileSync(file, 'utf8');
    assert.ok(bodyFileMatches(fileName, content));
    // Inline, this body alone would be over CloudFormation's 1 MB.
    assert.ok(Buffer.byteLength(content) > 1_048_576, `${Buffer.byteLength(content)} bytes`);
    const body = JSON.parse(content) as Json;
    const operations = Object.values<Json>(body.paths).flatMap((item) => Object.keys(item));
    assert.equal(operations.filter((key) => key !== 'options').length, 2000);
    assert.equal(operations.filter((key) => key === 'options').length, 400);

    const deploymentsOf = (template: typeof result.template) =>
      Object.entries(template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::ApiGateway::Deployment')
        .map(([id]) => id);
    const [deployment] = deploymentsOf(result.template);
    assert.match(deployment, /^ApiGatewayDeployment[0-9a-f]{12}$/);
    assert.deepEqual(result.template.Resources.ApiGatewayStage.Properties?.DeploymentId, {
      Ref: deployment,
    });

    // The same endpoints served by other functions (40 endpoints each): another body, so another
    // key in the same folder and another Deployment (its logical id hashes the body wherever the
    // body goes).
    generateService(dir, 2000, { compile: 'openapi', perFunction: 40 });
    const changed = packageService(dir);
    const changedLocation = (changed.template.Resources.ApiGatewayRestApi.Properties as CfnObject)
      .BodyS3Location as { Key: string };
    assert.notEqual(changedLocation.Key, location.Key);
    assert.equal(path.dirname(changedLocation.Key), path.dirname(location.Key));
    assert.ok(existsSync(path.join(changed.outDir, path.basename(changedLocation.Key))));
    const [changedDeployment] = deploymentsOf(changed.template);
    assert.match(changedDeployment, /^ApiGatewayDeployment[0-9a-f]{12}$/);
    assert.notEqual(changedDeployment, deployment);
  });

  it('packages the same API defined by an OpenAPI document alone: its functions called and permitted', () => {
    const documentDir = path.join(dir, 'document');
    generateDocumentService(documentDir, 2000, { perFunction: 50 });
    const result = packageService(documentDir);
    assertValidTemplate(result.template);
    const size = measureTemplate(result.template);
    assert.ok(size.bytes < 200 * 1024, `${size.bytes} bytes`);
    const restApi = result.template.Resources.ApiGatewayRestApi.Properties as CfnObject;
    const location = restApi.BodyS3Location as { Key: string };
    const body = JSON.parse(
      readFileSync(path.join(result.outDir, path.basename(location.Key)), 'utf8'),
    ) as Json;
    const operations = Object.values<Json>(body.paths).flatMap((item) => Object.values<Json>(item));
    const lambda = operations.filter(
      (operation) => operation['x-amazon-apigateway-integration'].type === 'aws_proxy',
    );
    assert.equal(lambda.length, 2000);
    // `uri: { function: fn7 }` became the invocation URI of fn7.
    assert.deepEqual(lambda[0]['x-amazon-apigateway-integration'].uri, {
      'Fn::Sub':
        'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn0LambdaFunction.Arn}/invocations',
    });
    // One invoke permission per function of the service (40), none per endpoint.
    const permissions = Object.values(result.template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Permission',
    );
    assert.equal(permissions.length, 40);
  });
});
