/**
 * `serverless package` on a service with routes of every integration kind (mock, http,
 * http_proxy with a VPC link, aws actions, lambda, lambda_proxy) beside core's http events, and
 * request validation on both: templates valid against the CloudFormation schemas, references
 * resolving; and a service whose routes are wrong fails with every problem listed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject, CfnTemplate } from '../../src/cloudformation/template';
import { buildOfflineDocument } from '../../src/openapi/offline';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageService,
  packageServiceExpectingFailure,
  plain,
  type PackageResult,
  runServerless,
} from '../helpers/serverless';

function ofType(template: CfnTemplate, type: string): string[] {
  return Object.keys(template.Resources)
    .filter((id) => template.Resources[id].Type === type)
    .sort();
}

function props(template: CfnTemplate, id: string): CfnObject {
  assert.ok(template.Resources[id], `${id} is in the template`);
  return template.Resources[id].Properties ?? {};
}

describe('serverless package: routes and integrations', () => {
  let prod: PackageResult;

  before(() => {
    prod = packageService(path.join(FIXTURES, 'routes'), { stage: 'prod' });
  });

  it('emits a template valid against the CloudFormation schemas, references resolving', () => {
    assertValidTemplate(prod.template);
  });

  it("compiles every route as a Method beside core's, sharing its Resources", () => {
    const { template } = prod;
    assert.deepEqual(ofType(template, 'AWS::ApiGateway::Method'), [
      'ApiGatewayMethodEventsPost',
      'ApiGatewayMethodFilesKeyVarGet',
      'ApiGatewayMethodFlowsPost',
      'ApiGatewayMethodHealthGet',
      'ApiGatewayMethodLegacyProxyVarAny',
      'ApiGatewayMethodNotifyPost',
      'ApiGatewayMethodOrdersIdVarGet',
      'ApiGatewayMethodOrdersIdVarHistoryGet',
      'ApiGatewayMethodOrdersIdVarPatch',
      'ApiGatewayMethodOrdersIdVarPut',
      'ApiGatewayMethodOrdersIdVarRawGet',
      'ApiGatewayMethodOrdersPost',
      'ApiGatewayMethodOrdersQueuePost',
      'ApiGatewayMethodShapedIdVarGet',
      'ApiGatewayMethodStatusGet',
      'ApiGatewayMethodStreamPost',
    ]);
    // /orders/{id}/history hangs under core's /orders/{id}.
    assert.deepEqual(props(template, 'ApiGatewayResourceOrdersIdVarHistory').ParentId, {
      Ref: 'ApiGatewayResourceOrdersIdVar',
    });
    const types = (id: string) => (props(template, id).Integration as CfnObject).Type;
    assert.equal(types('ApiGatewayMethodHealthGet'), 'MOCK');
    assert.equal(types('ApiGatewayMethodOrdersIdVarHistoryGet'), 'HTTP');
    assert.equal(types('ApiGatewayMethodLegacyProxyVarAny'), 'HTTP_PROXY');
    assert.equal(types('ApiGatewayMethodOrdersQueuePost'), 'AWS');
    assert.equal(types('ApiGatewayMethodShapedIdVarGet'), 'AWS');
    assert.equal(types('ApiGatewayMethodOrdersIdVarRawGet'), 'AWS_PROXY');
  });

  it('deploys the routes: the Deployment depends on every Method', () => {
    const { template } = prod;
    const [deployment] = ofType(template, 'AWS::ApiGateway::Deployment');
    const dependsOn = template.Resources[deployment].DependsOn as string[];
    for (const method of ofType(template, 'AWS::ApiGateway::Method'))
      assert.ok(dependsOn.includes(method), `${deployment} depends on ${method}`);
  });

  it('creates one least-privilege role per aws route and one Lambda permission per function', () => {
    const { template } = prod;
    assert.deepEqual(
      ofType(template, 'AWS::IAM::Role').filter((id) => id.startsWith('ApiGatewayIntegrationRole')),
      [
        'ApiGatewayIntegrationRoleEventsPost',
        'ApiGatewayIntegrationRoleFilesKeyVarGet',
        'ApiGatewayIntegrationRoleFlowsPost',
        'ApiGatewayIntegrationRoleNotifyPost',
        'ApiGatewayIntegrationRoleOrdersIdVarPut',
        'ApiGatewayIntegrationRoleOrdersQueuePost',
        'ApiGatewayIntegrationRoleStreamPost',
      ],
    );
    assert.deepEqual(ofType(template, 'AWS::Lambda::Permission'), [
      'HelloLambdaPermissionApiGateway',
      'ShapeLambdaPermissionApiGateway',
    ]);
  });

  it('reads a mapping template from a file of the service and puts it on the integration', () => {
    const integration = props(prod.template, 'ApiGatewayMethodOrdersQueuePost').Integration as {
      RequestTemplates?: Record<string, string>;
    };
    const templates = integration.RequestTemplates;
    assert.match(String(templates?.['application/json']), /MessageAttribute\.2\.Name=item/);
  });

  it('validates route and event requests with shared validators and draft-04 models', () => {
    const { template } = prod;
    assert.deepEqual(ofType(template, 'AWS::ApiGateway::RequestValidator'), [
      'ApiGatewayRequestValidatorBody',
      'ApiGatewayRequestValidatorBodyAndParameters',
    ]);
    assert.deepEqual(props(template, 'ApiGatewayMethodOrdersPost').RequestValidatorId, {
      Ref: 'ApiGatewayRequestValidatorBody',
    });
    assert.equal(
      (props(template, 'ApiGatewayMethodOrdersQueuePostApplicationJsonModel').Schema as CfnObject)
        .$schema,
      'http://json-schema.org/draft-04/schema#',
    );
    // The named model, from a file, once for the two events that name it.
    assert.deepEqual(props(template, 'ApiGatewayModelOrder'), {
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      Name: 'Order',
      ContentType: 'application/json',
      Description: 'An order as clients send it',
      Schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        title: 'Order',
        type: 'object',
        required: ['item'],
        properties: { item: { type: 'string', minLength: 1 } },
      },
    });
    for (const id of ['ApiGatewayMethodOrdersPost', 'ApiGatewayMethodOrdersIdVarPatch']) {
      assert.deepEqual(props(template, id).RequestModels, {
        'application/json': { Ref: 'ApiGatewayModelOrder' },
      });
    }
    // The offline OpenAPI document names it as a schema, as API Gateway's export does.
    const { document } = buildOfflineDocument(template, {
      type: 'oas30',
      stageName: 'prod',
      region: 'eu-west-1',
      fallbackTitle: 'routes',
    });
    const components = document.components as { schemas: Record<string, unknown> };
    assert.ok(components.schemas.Order, 'components.schemas.Order');
  });

  it('fails with every route problem listed, templates with line and column', () => {
    const failure = packageServiceExpectingFailure(path.join(FIXTURES, 'routes-invalid'));
    const output = plain(failure.stdout + failure.stderr);
    assert.match(output, /found 3 problems in the configuration/);
    assert.match(
      output,
      /custom\.apiGateway\.routes\['GET \/orders'\]: GET \/orders is also the http event functions\.hello\.events\[0\]\.http/,
    );
    assert.match(
      output,
      /custom\.apiGateway\.routes\['POST \/broken'\]\.request\.template: line \d+, column \d+: /,
    );
    assert.match(
      output,
      /custom\.apiGateway\.routes\['GET \/shaped'\]\.integration\.function: "shap" is not a function of this service; did you mean shape\?/,
    );
  });
});

describe('sls render-template --route (the real command)', () => {
  it("renders a route's file template for a request, with the stage's variables", () => {
    const requestFile = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-render-')),
      'request.json',
    );
    writeFileSync(requestFile, JSON.stringify({ body: '{"item":"book","quantity":2}' }));
    const result = runServerless(path.join(FIXTURES, 'routes'), [
      'render-template',
      '--route',
      'POST /orders/queue',
      '--request',
      requestFile,
      '--stage',
      'prod',
    ]);
    assert.equal(result.status, 0, plain(result.stdout + result.stderr));
    assert.match(result.stdout, /Action=SendMessage&MessageBody=%7B%22item%22%3A%22book%22/);
    assert.match(result.stdout, /MessageAttribute\.2\.Value\.StringValue=book/);
  });

  it('is also `sls apigateway render`', () => {
    const result = runServerless(path.join(FIXTURES, 'routes'), [
      'apigateway',
      'render',
      '--route',
      'POST /orders/queue',
      '--stage',
      'prod',
    ]);
    assert.equal(result.status, 0, plain(result.stdout + result.stderr));
  });

  it("renders a mock route's compiled templates, --status picking the response (issue 20)", () => {
    const request = runServerless(path.join(FIXTURES, 'routes'), [
      'apigateway',
      'render',
      '--route',
      'GET /health',
    ]);
    assert.equal(request.status, 0, plain(request.stdout + request.stderr));
    assert.match(request.stdout, /\{"statusCode": 200\}/);
    const down = runServerless(path.join(FIXTURES, 'routes'), [
      'apigateway',
      'render',
      '--route',
      'GET /status',
      '--kind',
      'response',
      '--status',
      '503',
    ]);
    assert.equal(down.status, 0, plain(down.stdout + down.stderr));
    assert.match(down.stdout, /\{"status": "down", "request": "test-invoke-request"\}/);
  });

  it('names the routes there are when the route is unknown, without a stack trace', () => {
    const result = runServerless(path.join(FIXTURES, 'routes'), [
      'render-template',
      '--route',
      'POST /nope',
    ]);
    const output = plain(result.stdout + result.stderr);
    assert.notEqual(result.status, 0);
    assert.match(
      output,
      /--route: no route "POST \/nope" in custom\.apiGateway\.routes; routes: .*POST \/orders\/queue/,
    );
    assert.doesNotMatch(output, /\n\s+at .+\.js:\d+/);
  });
});
