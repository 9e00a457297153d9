/** `openapi.definition`: the REST API defined by one document, with the real framework. */
import assert from 'node:assert/strict';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
} from '../helpers/serverless';

describe('serverless package: OpenAPI import (openapi.definition)', () => {
  const dir = path.join(FIXTURES, 'openapi-import');
  let result: PackageResult;

  before(() => {
    result = packageService(dir, { stage: 'dev' });
  });

  it('creates the RestApi from the bundled document, with no per-endpoint resources', () => {
    assertValidTemplate(result.template);
    const api = result.template.Resources.ApiGatewayRestApi.Properties ?? {};
    const body = api.Body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    assert.deepEqual(Object.keys(body.paths).sort(), ['/health', '/orders', '/orders/{id}']);
    const types = Object.values(result.template.Resources).map((resource) => resource.Type);
    assert.ok(!types.includes('AWS::ApiGateway::Method'));
    assert.ok(!types.includes('AWS::ApiGateway::Resource'));
    assert.ok(types.includes('AWS::ApiGateway::Stage'));
  });

  it("fills each operation's integration from its function event, and keeps the document's own", () => {
    const body = result.template.Resources.ApiGatewayRestApi.Properties?.Body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const listOrders = body.paths['/orders'].get['x-amazon-apigateway-integration'] as Record<
      string,
      unknown
    >;
    assert.equal(listOrders.type, 'aws_proxy');
    assert.match(JSON.stringify(listOrders.uri), /ListOrdersLambdaFunction/);
    const health = body.paths['/health'].get['x-amazon-apigateway-integration'] as Record<
      string,
      unknown
    >;
    assert.equal(health.type, 'mock', "the document's own extension wins");
  });

  it('produces a body that is a valid OpenAPI document', async () => {
    const body = structuredClone(result.template.Resources.ApiGatewayRestApi.Properties?.Body);
    // Intrinsic functions stand where API Gateway substitutes values: fine for the validator.
    await SwaggerParser.validate(body as never);
  });

  it('fails (strict) when an http event has no operation in the document, naming both sides', () => {
    const failure = packageServiceExpectingFailure(dir, {
      stage: 'dev',
      args: ['--config', 'serverless.unmatched.yml'],
    });
    const output = plain(failure.stdout + failure.stderr);
    assert.match(output, /DELETE \/orders\/\{id\}/);
    assert.match(output, /openapi/);
  });
});
