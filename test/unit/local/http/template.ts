/** Hand-built HTTP API templates (ApiGatewayV2 resources, as core emits them) for the unit tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject, CfnResource, CfnTemplate } from '../../../../src/cloudformation/template';

export interface RouteSpec {
  key: string;
  integration?: CfnObject;
  route?: CfnObject;
}

/** An HTTP API with the routes, their integrations, a stage, and any other resources given. */
export function httpTemplate(
  routes: readonly RouteSpec[],
  resources: Record<string, CfnResource> = {},
  api: CfnObject = {},
  stage: CfnObject = { StageName: '$default', AutoDeploy: true },
): CfnTemplate {
  const template: CfnTemplate = {
    Resources: {
      HttpApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: { Name: 'test', ProtocolType: 'HTTP', ...api },
      },
      HttpApiStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: { ApiId: { Ref: 'HttpApi' }, ...stage },
      },
    },
  };
  routes.forEach((spec, index) => {
    const integrationId = `Integration${index + 1}`;
    if (spec.integration)
      template.Resources[integrationId] = {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: { ApiId: { Ref: 'HttpApi' }, ...spec.integration },
      };
    template.Resources[`Route${index + 1}`] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        RouteKey: spec.key,
        ...(spec.integration
          ? { Target: { 'Fn::Join': ['/', ['integrations', { Ref: integrationId }]] } }
          : {}),
        ...spec.route,
      },
    };
  });
  Object.assign(template.Resources, resources);
  return template;
}

/** A Lambda proxy integration as core writes it. */
export function lambda(functionId: string, version = '2.0', extra: CfnObject = {}): CfnObject {
  return {
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
    PayloadFormatVersion: version,
    ...extra,
  };
}

export function fn(handler: string, extra: CfnObject = {}): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Handler: handler,
      Runtime: 'nodejs22.x',
      FunctionName: `fn-${handler}`,
      ...extra,
    },
  };
}

/** A temp service directory holding the given handler files. */
export function serviceDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-http-'));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}
