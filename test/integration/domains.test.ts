/**
 * Runs the real `serverless package` on the custom-domain fixtures (one per shape: REST edge with
 * a created certificate, regional with an existing certificate and a multi-level base path, HTTP
 * API and WebSocket, a domain shared by two services, private): every template passes the
 * CloudFormation schema check (and cfn-lint, in the root hook), and each shape emits what API
 * Gateway needs for it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CfnResource, CfnTemplate } from '../../src/cloudformation/template';
import { assertValidTemplate } from '../helpers/cfn-check';
import {
  FIXTURES,
  packageServiceAsync,
  type PackageResult,
  type RunOptions,
} from '../helpers/serverless';

function ofType(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId]) => logicalId)
    .sort();
}

function resource(template: CfnTemplate, logicalId: string): CfnResource {
  const found = template.Resources[logicalId];
  assert.ok(found, `no resource ${logicalId}`);
  return found;
}

const DOMAIN_TYPES = [
  'AWS::ApiGateway::DomainName',
  'AWS::ApiGateway::DomainNameV2',
  'AWS::ApiGatewayV2::DomainName',
  'AWS::CertificateManager::Certificate',
  'AWS::Route53::RecordSet',
];

describe('serverless package: custom domains', () => {
  let edge: PackageResult;
  let regional: PackageResult;
  let v2: PackageResult;
  let owner: PackageResult;
  let billing: PackageResult;
  let privateDomain: PackageResult;
  let privateMapping: PackageResult;

  before(async () => {
    // Two packages of one service directory would share its .serverless folder: those run in turn.
    const inTurn = async (name: string, ...runs: RunOptions[]): Promise<PackageResult[]> => {
      const results: PackageResult[] = [];
      for (const options of runs) {
        results.push(await packageServiceAsync(path.join(FIXTURES, name), options));
      }
      return results;
    };
    [[edge, regional], [v2], [owner, billing], [privateDomain, privateMapping]] = await Promise.all(
      [
        inTurn('domains-rest', { stage: 'prod' }, { stage: 'dev' }),
        inTurn('domains-v2', {}),
        inTurn('domains-shared', {}, { args: ['--config', 'serverless.billing.yml'] }),
        inTurn('domains-private', {}, { args: ['--config', 'serverless.mapping.yml'] }),
      ],
    );
  });

  it('emits templates valid against the CloudFormation schemas', () => {
    for (const { template } of [
      edge,
      regional,
      v2,
      owner,
      billing,
      privateDomain,
      privateMapping,
    ]) {
      assertValidTemplate(template);
    }
  });

  it('REST edge: a certificate validated by DNS, the domain behind CloudFront, A and AAAA aliases', () => {
    const { template } = edge;
    assert.deepEqual(resource(template, 'ApiGatewayDomainCertificateApiExampleCom').Properties, {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'api.example.com', HostedZoneId: 'Z0123456789EXAMPLE' },
      ],
    });
    assert.deepEqual(resource(template, 'ApiGatewayDomainApiExampleCom').Properties, {
      DomainName: 'api.example.com',
      EndpointConfiguration: { Types: ['EDGE'] },
      CertificateArn: { Ref: 'ApiGatewayDomainCertificateApiExampleCom' },
      SecurityPolicy: 'SecurityPolicy_TLS13_2025_EDGE',
      EndpointAccessMode: 'STRICT',
    });
    assert.deepEqual(ofType(template, 'AWS::Route53::RecordSet'), [
      'ApiGatewayDomainRecordAAAAApiExampleCom',
      'ApiGatewayDomainRecordAApiExampleCom',
    ]);
    const mapping = resource(template, 'ApiGatewayBasePathMappingApiExampleCom');
    assert.deepEqual(mapping.DependsOn, ['ApiGatewayStage']);
    assert.equal(mapping.Properties?.Stage, 'prod');
    assert.deepEqual(template.Outputs?.ApiGatewayDomainTargetApiExampleCom.Value, {
      'Fn::GetAtt': ['ApiGatewayDomainApiExampleCom', 'DistributionDomainName'],
    });
  });

  it('REST regional: the existing certificate, a multi-level path through an ApiMapping, records in the named zone', () => {
    const { template } = regional;
    assert.deepEqual(ofType(template, 'AWS::CertificateManager::Certificate'), []);
    const domain = resource(template, 'ApiGatewayDomainDevApiExampleCom').Properties ?? {};
    assert.match(String(domain.RegionalCertificateArn), /^arn:aws:acm:us-east-1:/);
    assert.equal(domain.EndpointAccessMode, 'BASIC');
    assert.deepEqual(resource(template, 'ApiGatewayApiMappingRestDevApiExampleCom'), {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Properties: {
        DomainName: { Ref: 'ApiGatewayDomainDevApiExampleCom' },
        ApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'dev',
        ApiMappingKey: 'orders/v2',
      },
      DependsOn: ['ApiGatewayStage'],
    });
    assert.deepEqual(ofType(template, 'AWS::Route53::RecordSet'), [
      'ApiGatewayDomainRecordADevApiExampleCom',
    ]);
    assert.equal(
      resource(template, 'ApiGatewayDomainRecordADevApiExampleCom').Properties?.HostedZoneName,
      'example.com.',
    );
  });

  it('HTTP API and WebSocket: regional v2 domains mapped onto their stages', () => {
    const { template } = v2;
    assert.deepEqual(ofType(template, 'AWS::ApiGatewayV2::DomainName'), [
      'ApiGatewayV2DomainApiExampleCom',
      'ApiGatewayV2DomainWsExampleCom',
    ]);
    assert.deepEqual(
      resource(template, 'ApiGatewayV2DomainApiExampleCom').Properties?.MutualTlsAuthentication,
      { TruststoreUri: 's3://example-truststore/ca.pem', TruststoreVersion: '3' },
    );
    const http = resource(template, 'ApiGatewayApiMappingHttpApiApiExampleCom');
    assert.deepEqual(http.Properties?.ApiId, { Ref: 'HttpApi' });
    assert.equal(http.Properties?.Stage, '$default');
    assert.deepEqual(http.DependsOn, ['HttpApiStage']);
    const ws = resource(template, 'ApiGatewayApiMappingWebsocketWsExampleCom');
    assert.deepEqual(ws.Properties?.ApiId, { Ref: 'WebsocketsApi' });
    assert.equal(ws.Properties?.Stage, 'dev');
    assert.equal(ws.Properties?.ApiMappingKey, 'chat');
    assert.deepEqual(ws.DependsOn, ['WebsocketsDeploymentStage']);
    assert.equal(
      resource(template, 'ApiGatewayDomainRecordAWsExampleCom').Properties?.HostedZoneId,
      'Z0123456789EXAMPLE',
    );
  });

  it('a shared domain: the owner creates it and its records, the other service only maps its path', () => {
    assert.deepEqual(ofType(owner.template, 'AWS::ApiGateway::DomainName'), [
      'ApiGatewayDomainApiExampleCom',
    ]);
    assert.equal(
      resource(owner.template, 'ApiGatewayBasePathMappingApiExampleCom').Properties?.BasePath,
      'orders',
    );
    for (const type of DOMAIN_TYPES) assert.deepEqual(ofType(billing.template, type), [], type);
    assert.deepEqual(resource(billing.template, 'ApiGatewayBasePathMappingApiExampleCom'), {
      Type: 'AWS::ApiGateway::BasePathMapping',
      Properties: {
        DomainName: 'api.example.com',
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'dev',
        BasePath: 'billing',
      },
      DependsOn: ['ApiGatewayStage'],
    });
  });

  it('private: DomainNameV2 with its policy, the access association and a BasePathMappingV2', () => {
    const { template } = privateDomain;
    const domainId = 'ApiGatewayPrivateDomainApiInternalExampleCom';
    assert.equal(resource(template, domainId).Type, 'AWS::ApiGateway::DomainNameV2');
    assert.deepEqual(
      resource(template, 'ApiGatewayDomainAccessAssociationApiInternalExampleCom').Properties,
      {
        DomainNameArn: { 'Fn::GetAtt': [domainId, 'DomainNameArn'] },
        AccessAssociationSource: 'vpce-0123456789abcdef0',
        AccessAssociationSourceType: 'VPCE',
      },
    );
    const mapping = resource(template, 'ApiGatewayPrivateBasePathMappingApiInternalExampleCom');
    assert.equal(mapping.Type, 'AWS::ApiGateway::BasePathMappingV2');
    assert.deepEqual(mapping.DependsOn, ['ApiGatewayStage']);
    assert.deepEqual(ofType(template, 'AWS::Route53::RecordSet'), []);
    assert.deepEqual(template.Outputs?.ApiGatewayDomainArnApiInternalExampleCom?.Value, {
      'Fn::GetAtt': [domainId, 'DomainNameArn'],
    });
  });

  it('private, mapping only: another private API mapped by the domain ARN, nothing recreated', () => {
    const { template } = privateMapping;
    for (const type of DOMAIN_TYPES) assert.deepEqual(ofType(template, type), [], type);
    assert.deepEqual(resource(template, 'ApiGatewayPrivateBasePathMappingApiInternalExampleCom'), {
      Type: 'AWS::ApiGateway::BasePathMappingV2',
      Properties: {
        DomainNameArn:
          'arn:aws:apigateway:eu-west-1:123456789012:/domainnames/api.internal.example.com+a1b2c3',
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'dev',
        BasePath: 'billing',
      },
      DependsOn: ['ApiGatewayStage'],
    });
  });
});
