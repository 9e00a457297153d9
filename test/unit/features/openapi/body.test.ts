import assert from 'node:assert/strict';
import { applyFragment } from '../../../../src/cloudformation/merge';
import { standaloneNaming } from '../../../../src/cloudformation/naming';
import type { CfnTemplate } from '../../../../src/cloudformation/template';
import { compileRestApiStack } from '../../../../src/pipeline/compile';
import { compileOpenApiBody } from '../../../../src/features/openapi/compile';
import { compileMode } from '../../../../src/features/openapi/mode';
import { readCoreSettings } from '../../../../src/pipeline/core-settings';
import { resolveConfig, type ResolvedConfig } from '../../../../src/pipeline/resolve';
import { checkOpenApiBody } from '../../../../src/features/openapi/check';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import {
  formatTemplateSize,
  measureTemplate,
  templateSizeWarnings,
} from '../../../../src/deploy/template-size';
import { cloudFormationValue } from '../../../../src/openapi/intrinsics';
import { coreSettings, httpEvents } from '../../../helpers/config-builders';
import { coreTemplateFor, type CoreEndpoint } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const naming = standaloneNaming('orders', 'prod');
const ENDPOINTS: CoreEndpoint[] = [
  { method: 'GET', path: 'orders', fn: 'orders', authorizer: 'users' },
  { method: 'POST', path: 'orders', fn: 'orders' },
  { method: 'GET', path: 'orders/{id}', fn: 'orders' },
  { method: 'GET', path: 'users', fn: 'users' },
];

function resolved(
  config: ApiGatewayConfig,
  provider: Record<string, unknown> = {},
): ResolvedConfig {
  return resolveConfig(
    config,
    readCoreSettings({ service: 'orders', stageName: 'prod', region: 'eu-west-1', provider }),
  );
}

function compile(template: CfnTemplate, config: ResolvedConfig): CfnTemplate {
  const result = compileRestApiStack(config, template, naming);
  for (const fragment of result.fragments) applyFragment(template, fragment);
  return template;
}

function types(template: CfnTemplate): string[] {
  return Object.entries(template.Resources)
    .map(([id, resource]) => `${resource.Type} ${id}`)
    .sort();
}

describe('body mode (restApi.compile: openapi)', () => {
  const body = resolved({ restApi: { compile: 'openapi' } });

  it('is off by default and with compile: resources; on with compile: openapi or a definition', () => {
    assert.equal(compileMode({}), 'resources');
    assert.equal(compileMode({ restApi: { compile: 'resources' } }), 'resources');
    assert.equal(compileMode({ restApi: { compile: 'openapi' } }), 'openapi');
    assert.equal(compileMode({ openapi: { definition: './api.yaml' } }), 'openapi');
    const template = coreTemplateFor(ENDPOINTS);
    assert.deepEqual(compileOpenApiBody(resolved({}), { template, naming }), []);
  });

  it('replaces the Resources, Methods, Authorizer and core Deployment by a Body and a hashed Deployment', () => {
    const template = compile(coreTemplateFor(ENDPOINTS), body);
    const deployment = Object.keys(template.Resources).find((id) =>
      id.startsWith('ApiGatewayDeployment'),
    ) as string;
    assert.match(deployment, /^ApiGatewayDeployment[0-9a-f]{12}$/);
    assert.deepEqual(types(template), [
      `AWS::ApiGateway::Deployment ${deployment}`,
      'AWS::ApiGateway::RestApi ApiGatewayRestApi',
      'AWS::ApiGateway::Stage ApiGatewayStage',
      'AWS::Lambda::Function OrdersLambdaFunction',
      'AWS::Lambda::Function UsersLambdaFunction',
      'AWS::Lambda::Permission OrdersLambdaPermissionApiGateway',
      'AWS::Lambda::Permission UsersLambdaPermissionApiGateway',
    ]);
    const document = template.Resources.ApiGatewayRestApi.Properties?.Body as Json;
    assert.deepEqual(Object.keys(document.paths), ['/orders', '/orders/{id}', '/users']);
    assert.deepEqual(document.paths['/orders'].get.security, [{ users: [] }]);
    assert.deepEqual(document.paths['/orders'].get['x-amazon-apigateway-integration'], {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: {
        'Fn::Sub':
          'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrdersLambdaFunction.Arn}/invocations',
      },
    });
    assert.deepEqual(document.components.securitySchemes.users['x-amazon-apigateway-authorizer'], {
      type: 'cognito_user_pools',
      providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Example'],
    });
    assert.equal(document.servers, undefined);
    assert.deepEqual(template.Resources.ApiGatewayStage.Properties?.DeploymentId, {
      Ref: deployment,
    });
    // Methods depended on the permissions; nothing depends on a removed resource any more.
    for (const resource of Object.values(template.Resources)) {
      for (const id of [resource.DependsOn ?? []].flat()) assert.ok(template.Resources[id], id);
    }
  });

  it('redeploys when the body changes and not otherwise; compiles deterministically without mutating its input', () => {
    const deploymentOf = (template: CfnTemplate) =>
      Object.keys(template.Resources).find((id) => id.startsWith('ApiGatewayDeployment'));
    const input = coreTemplateFor(ENDPOINTS);
    const frozen = structuredClone(input);
    const first = compileOpenApiBody(body, { template: input, naming });
    assert.deepEqual(input, frozen);
    assert.deepEqual(compileOpenApiBody(body, { template: input, naming }), first);
    const a = deploymentOf(compile(coreTemplateFor(ENDPOINTS), body));
    const b = deploymentOf(compile(coreTemplateFor(ENDPOINTS), body));
    const c = deploymentOf(compile(coreTemplateFor(ENDPOINTS.slice(1)), body));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('keeps one invoke permission per function with an API-wide SourceArn, and points authorizer permissions at every authorizer', () => {
    const template = coreTemplateFor(ENDPOINTS);
    const permission = template.Resources.OrdersLambdaPermissionApiGateway;
    // A second, per-endpoint permission of the same function (as some plugins write them).
    template.Resources.OrdersLambdaPermissionGetOrders = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        ...permission.Properties,
        SourceArn: {
          'Fn::Sub': 'arn:aws:execute-api:eu-west-1:1:${ApiGatewayRestApi}/*/GET/orders',
        },
      },
    };
    template.Resources.ApiGatewayAuthorizerUsersPermission = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: 'authorizer',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Join': [
            '',
            [
              'arn:aws:execute-api:eu-west-1:1:',
              { Ref: 'ApiGatewayRestApi' },
              '/authorizers/',
              { Ref: 'ApiGatewayAuthorizerUsers' },
            ],
          ],
        },
      },
    };
    compile(template, body);
    assert.equal(template.Resources.OrdersLambdaPermissionGetOrders, undefined);
    assert.ok(template.Resources.OrdersLambdaPermissionApiGateway);
    assert.deepEqual(
      (template.Resources.ApiGatewayAuthorizerUsersPermission.Properties?.SourceArn as Json)[
        'Fn::Join'
      ][1].slice(-2),
      [{ Ref: 'ApiGatewayRestApi' }, '/authorizers/*'],
    );
  });

  it('leaves a shared REST API alone', () => {
    const template = coreTemplateFor(ENDPOINTS);
    const shared = resolveConfig(
      { restApi: { compile: 'openapi' } },
      coreSettings({ sharedRestApiId: 'abc123' }),
    );
    assert.deepEqual(compileOpenApiBody(shared, { template, naming }), []);
  });
});

describe('checkOpenApiBody', () => {
  const events = httpEvents([{ functionName: 'orders', eventIndex: 0, settings: undefined }]);

  it('accepts body mode and a definition', () => {
    assert.deepEqual(
      checkOpenApiBody({ restApi: { compile: 'openapi' } }, events, coreSettings()),
      {
        errors: [],
        warnings: [],
      },
    );
    assert.deepEqual(
      checkOpenApiBody(
        { openapi: { definition: './api.yaml', mode: 'lenient' } },
        events,
        coreSettings(),
      ),
      { errors: [], warnings: [] },
    );
  });

  it('pins every error and warning', () => {
    assert.deepEqual(
      checkOpenApiBody(
        { openapi: { definition: './api.yaml' }, restApi: { compile: 'resources' } },
        events,
        coreSettings({ sharedRestApiId: 'abc123' }),
      ).errors,
      [
        {
          path: 'custom.apiGateway.openapi.definition',
          message:
            'this service attaches to a shared REST API (provider.apiGateway.restApiId), which another stack created and defines; an OpenAPI definition would replace all of it. Import the definition in the service that owns the API, or remove openapi.definition',
        },
        {
          path: 'custom.apiGateway.restApi.compile',
          message:
            '"resources" cannot go with openapi.definition: an imported definition is the RestApi\'s Body (compile mode "openapi"); remove restApi.compile or set it to openapi',
        },
      ],
    );
    assert.deepEqual(
      checkOpenApiBody({ openapi: { mode: 'strict' } }, events, coreSettings()).errors,
      [
        {
          path: 'custom.apiGateway.openapi.mode',
          message:
            'mode says how strictly an OpenAPI definition must match the http events and routes, and there is no openapi.definition; add definition: ./api.yaml or remove mode',
        },
      ],
    );
    assert.deepEqual(
      checkOpenApiBody({ restApi: { compile: 'openapi' } }, httpEvents([]), coreSettings())
        .warnings,
      [
        {
          path: 'custom.apiGateway.restApi.compile',
          message:
            'the REST API has no endpoint (no http event and no route), so there is no OpenAPI body to compile; add an http event to a function',
        },
      ],
    );
  });

  it('is wired into validation, after the schema', () => {
    const result = validateConfig({ restApi: { compile: 'bodies' } }, events, coreSettings());
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].path, 'custom.apiGateway.restApi.compile');
    assert.deepEqual(
      validateConfig({ openapi: { mode: 'lenient' } }, events, coreSettings()).errors.map(
        (issue) => issue.path,
      ),
      ['custom.apiGateway.openapi.mode'],
    );
    assert.equal(
      validateConfig({ openapi: { definition: './api.txt' } }, events, coreSettings()).errors[0]
        .path,
      'custom.apiGateway.openapi.definition',
    );
  });
});

describe('template size', () => {
  it('measures the compact template and the body, and warns with the figures over the limits', () => {
    const template = compile(
      coreTemplateFor(ENDPOINTS),
      resolved({ restApi: { compile: 'openapi' } }),
    );
    const size = measureTemplate(template);
    assert.equal(size.bytes, Buffer.byteLength(JSON.stringify(template)));
    assert.equal(size.resources, 7);
    assert.equal(
      size.bodyBytes,
      Buffer.byteLength(JSON.stringify(template.Resources.ApiGatewayRestApi.Properties?.Body)),
    );
    assert.deepEqual(templateSizeWarnings(size), []);
    assert.match(
      formatTemplateSize(size),
      /^template [\d,]+ bytes \([\d.]+ KB, 0 % of CloudFormation's 1 MB limit\), of which the OpenAPI body [\d,]+ bytes; 7 resources \(1 % of 500\)$/,
    );
    assert.deepEqual(templateSizeWarnings({ bytes: 1_200_000, resources: 620 }), [
      "the template is 1,200,000 bytes, over CloudFormation's limit of 1,048,576 bytes (1 MB) for a template uploaded to S3, so the deploy would fail; split the service into several stacks, or set restApi.compile: openapi to describe the REST API in one OpenAPI body",
      "the template has 620 resources, over CloudFormation's limit of 500 per stack, so the deploy would fail; set custom.apiGateway.restApi.compile: openapi to replace the per-endpoint Resource and Method resources with one OpenAPI body",
    ]);
    assert.deepEqual(
      templateSizeWarnings({ bytes: 1_100_000, resources: 100, bodyBytes: 900_000 }),
      [
        "the template is 1,100,000 bytes, over CloudFormation's limit of 1,048,576 bytes (1 MB) for a template uploaded to S3, so the deploy would fail; the OpenAPI body of the REST API is 900,000 bytes of it: move some endpoints to another service (stack)",
      ],
    );
  });
});

describe('cloudFormationValue', () => {
  it('writes a Join of literals, Refs and GetAtts as the shorter Fn::Sub, escaping literal ${', () => {
    assert.deepEqual(
      cloudFormationValue({
        'Fn::Join': ['', ['a${b}', { Ref: 'X' }, ':', { 'Fn::GetAtt': ['Y', 'Arn'] }]],
      }),
      { 'Fn::Sub': 'a${!b}${X}:${Y.Arn}' },
    );
    assert.equal(cloudFormationValue({ 'Fn::Join': ['/', ['a', 'b']] }), 'a/b');
    const other = { 'Fn::Join': ['', ['a', { 'Fn::ImportValue': 'x' }]] };
    assert.deepEqual(cloudFormationValue(other), other);
    assert.equal(cloudFormationValue('plain'), 'plain');
  });
});
