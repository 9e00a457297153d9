import assert from 'node:assert/strict';
import { domainIds, domainNamePart } from '../../../../src/cloudformation/naming';
import { CERT_EU, CERT_US, compiled, restDomains, stagesTemplate } from './helpers';

describe('custom domains: compile', () => {
  it('names ids after the domain, label by label', () => {
    assert.equal(domainNamePart('api.example.com'), 'ApiExampleCom');
    assert.equal(domainNamePart('*.my-site.io'), 'WildcardMyDashsiteIo');
    assert.equal(
      domainIds.apiMapping('api.example.com', 'Rest'),
      'ApiGatewayApiMappingRestApiExampleCom',
    );
  });

  it('creates a regional REST domain with its records, outputs and a root mapping on our stage', () => {
    const { resources, fragments } = compiled(
      restDomains({ 'api.example.com': { certificate: CERT_EU } }),
    );
    assert.deepEqual(resources.ApiGatewayDomainApiExampleCom, {
      Type: 'AWS::ApiGateway::DomainName',
      Properties: {
        DomainName: 'api.example.com',
        EndpointConfiguration: { Types: ['REGIONAL'] },
        RegionalCertificateArn: CERT_EU,
        SecurityPolicy: 'TLS_1_2',
      },
    });
    assert.deepEqual(resources.ApiGatewayBasePathMappingApiExampleCom, {
      Type: 'AWS::ApiGateway::BasePathMapping',
      Properties: {
        DomainName: { Ref: 'ApiGatewayDomainApiExampleCom' },
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'prod',
      },
      DependsOn: ['ApiGatewayStage'],
    });
    const target = { 'Fn::GetAtt': ['ApiGatewayDomainApiExampleCom', 'RegionalDomainName'] };
    const zone = { 'Fn::GetAtt': ['ApiGatewayDomainApiExampleCom', 'RegionalHostedZoneId'] };
    for (const type of ['A', 'AAAA']) {
      assert.deepEqual(resources[`ApiGatewayDomainRecord${type}ApiExampleCom`], {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          HostedZoneName: 'example.com.',
          Name: 'api.example.com',
          Type: type,
          AliasTarget: { DNSName: target, HostedZoneId: zone, EvaluateTargetHealth: false },
        },
      });
    }
    const outputs = fragments[0].Outputs ?? {};
    assert.deepEqual(outputs.ApiGatewayDomainTargetApiExampleCom.Value, target);
    assert.deepEqual(outputs.ApiGatewayDomainHostedZoneIdApiExampleCom.Value, zone);
  });

  it('creates an edge domain with a DNS-validated certificate (stack in us-east-1)', () => {
    const { resources, fragments } = compiled(
      restDomains({
        'api.example.com': { endpointType: 'EDGE', certificate: { hostedZoneId: 'Z123' } },
      }),
      { region: 'us-east-1' },
    );
    assert.deepEqual(resources.ApiGatewayDomainCertificateApiExampleCom, {
      Type: 'AWS::CertificateManager::Certificate',
      Properties: {
        DomainName: 'api.example.com',
        ValidationMethod: 'DNS',
        DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z123' }],
      },
    });
    const domain = resources.ApiGatewayDomainApiExampleCom.Properties ?? {};
    assert.deepEqual(domain.CertificateArn, { Ref: 'ApiGatewayDomainCertificateApiExampleCom' });
    assert.deepEqual(domain.EndpointConfiguration, { Types: ['EDGE'] });
    assert.equal(domain.RegionalCertificateArn, undefined);
    const outputs = fragments[0].Outputs ?? {};
    assert.deepEqual(outputs.ApiGatewayDomainTargetApiExampleCom.Value, {
      'Fn::GetAtt': ['ApiGatewayDomainApiExampleCom', 'DistributionDomainName'],
    });
    assert.deepEqual(resources.ApiGatewayDomainRecordAApiExampleCom.Properties?.AliasTarget, {
      DNSName: { 'Fn::GetAtt': ['ApiGatewayDomainApiExampleCom', 'DistributionDomainName'] },
      HostedZoneId: {
        'Fn::GetAtt': ['ApiGatewayDomainApiExampleCom', 'DistributionHostedZoneId'],
      },
      EvaluateTargetHealth: false,
    });
  });

  it('maps a single-segment path with a BasePathMapping and a multi-level one with an ApiMapping', () => {
    const single = compiled(
      restDomains({ 'api.example.com': { certificate: CERT_EU, basePath: 'orders' } }),
    ).resources;
    assert.equal(single.ApiGatewayBasePathMappingApiExampleCom.Properties?.BasePath, 'orders');
    const multi = compiled(
      restDomains({ 'api.example.com': { certificate: CERT_EU, basePath: 'orders/v2' } }),
    ).resources;
    assert.equal(multi.ApiGatewayBasePathMappingApiExampleCom, undefined);
    assert.deepEqual(multi.ApiGatewayApiMappingRestApiExampleCom, {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Properties: {
        DomainName: { Ref: 'ApiGatewayDomainApiExampleCom' },
        ApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'prod',
        ApiMappingKey: 'orders/v2',
      },
      DependsOn: ['ApiGatewayStage'],
    });
  });

  it("merges the '*' entry under the stage's and drops an entry the stage sets to false", () => {
    const { resources } = compiled({
      stages: {
        '*': {
          domains: {
            'api.example.com': { certificate: CERT_EU, basePath: 'orders' },
            'old.example.com': { certificate: CERT_EU },
          },
        },
        prod: { domains: { 'api.example.com': { basePath: 'v2' }, 'old.example.com': false } },
      },
    });
    assert.equal(resources.ApiGatewayBasePathMappingApiExampleCom.Properties?.BasePath, 'v2');
    assert.equal(
      resources.ApiGatewayDomainApiExampleCom.Properties?.RegionalCertificateArn,
      CERT_EU,
    );
    assert.equal(resources.ApiGatewayDomainOldExampleCom, undefined);
  });

  it('emits only the mapping for a domain created elsewhere (create: false)', () => {
    const { resources, fragments } = compiled(
      restDomains({ 'api.example.com': { create: false, basePath: 'billing' } }),
    );
    assert.deepEqual(Object.keys(resources), ['ApiGatewayBasePathMappingApiExampleCom']);
    assert.deepEqual(resources.ApiGatewayBasePathMappingApiExampleCom.Properties, {
      DomainName: 'api.example.com',
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      Stage: 'prod',
      BasePath: 'billing',
    });
    assert.equal(fragments[0].Outputs, undefined);
  });

  it('maps another API of the stack onto a domain the stack creates, by Ref', () => {
    const { resources } = compiled({
      stages: {
        prod: { domains: { 'api.example.com': { certificate: CERT_EU, basePath: 'rest' } } },
      },
      httpApi: {
        stages: { prod: { domains: { 'api.example.com': { create: false, basePath: 'http' } } } },
      },
    });
    assert.deepEqual(resources.ApiGatewayApiMappingHttpApiApiExampleCom, {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Properties: {
        DomainName: { Ref: 'ApiGatewayDomainApiExampleCom' },
        ApiId: { Ref: 'HttpApi' },
        Stage: '$default',
        ApiMappingKey: 'http',
      },
      DependsOn: ['HttpApiStage'],
    });
  });

  it('creates HTTP API and WebSocket domains as AWS::ApiGatewayV2::DomainName', () => {
    const { resources } = compiled({
      httpApi: {
        stages: {
          '*': {
            domains: {
              'http.example.com': {
                certificate: CERT_EU,
                mutualTls: { truststoreUri: 's3://trust/ca.pem', truststoreVersion: '3' },
              },
            },
          },
        },
      },
      websocket: { stages: { prod: { domains: { 'ws.example.com': { certificate: CERT_EU } } } } },
    });
    assert.deepEqual(resources.ApiGatewayV2DomainHttpExampleCom, {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: {
        DomainName: 'http.example.com',
        DomainNameConfigurations: [
          { CertificateArn: CERT_EU, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
        ],
        MutualTlsAuthentication: { TruststoreUri: 's3://trust/ca.pem', TruststoreVersion: '3' },
      },
    });
    assert.deepEqual(resources.ApiGatewayApiMappingWebsocketWsExampleCom, {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Properties: {
        DomainName: { Ref: 'ApiGatewayV2DomainWsExampleCom' },
        ApiId: { Ref: 'WebsocketsApi' },
        Stage: 'prod',
      },
      DependsOn: ['WebsocketsDeploymentStage'],
    });
  });

  it('creates a private domain with its policy, access association and a BasePathMappingV2', () => {
    const { resources, fragments } = compiled({
      restApi: {
        endpointType: 'PRIVATE',
        vpcEndpointIds: ['vpce-0123456789abcdef0'],
        policy: { allowVpcEndpoints: ['vpce-0123456789abcdef0'] },
      },
      stages: {
        prod: {
          domains: {
            'api.internal.example.com': {
              certificate: CERT_EU,
              vpcEndpointId: 'vpce-0123456789abcdef0',
              basePath: 'orders',
            },
          },
        },
      },
    });
    const domainId = 'ApiGatewayPrivateDomainApiInternalExampleCom';
    const domain = resources[domainId];
    assert.equal(domain.Type, 'AWS::ApiGateway::DomainNameV2');
    assert.deepEqual(domain.Properties?.EndpointConfiguration, { Types: ['PRIVATE'] });
    assert.deepEqual(domain.Properties?.Policy, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: ['execute-api:/*'],
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: ['execute-api:/*'],
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
        },
      ],
    });
    assert.deepEqual(resources.ApiGatewayDomainAccessAssociationApiInternalExampleCom, {
      Type: 'AWS::ApiGateway::DomainNameAccessAssociation',
      Properties: {
        DomainNameArn: { 'Fn::GetAtt': [domainId, 'DomainNameArn'] },
        AccessAssociationSource: 'vpce-0123456789abcdef0',
        AccessAssociationSourceType: 'VPCE',
      },
    });
    assert.deepEqual(resources.ApiGatewayPrivateBasePathMappingApiInternalExampleCom, {
      Type: 'AWS::ApiGateway::BasePathMappingV2',
      Properties: {
        DomainNameArn: { 'Fn::GetAtt': [domainId, 'DomainNameArn'] },
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Stage: 'prod',
        BasePath: 'orders',
      },
      DependsOn: ['ApiGatewayStage'],
    });
    assert.equal(
      Object.values(resources).some((resource) => resource.Type === 'AWS::Route53::RecordSet'),
      false,
    );
    // No target to point DNS at; the ARN other stacks map their private APIs by.
    assert.deepEqual(fragments[0].Outputs, {
      ApiGatewayDomainArnApiInternalExampleCom: {
        Description:
          "The ARN of the private domain api.internal.example.com (domainNameArn of other stacks' mappings onto it)",
        Value: { 'Fn::GetAtt': [domainId, 'DomainNameArn'] },
      },
    });
  });

  it('maps a private API onto a private domain another stack created, by its ARN', () => {
    const arn =
      'arn:aws:apigateway:eu-west-1:123456789012:/domainnames/api.internal.example.com+abc123';
    const { resources, fragments } = compiled({
      restApi: {
        endpointType: 'PRIVATE',
        vpcEndpointIds: ['vpce-0123456789abcdef0'],
        policy: { allowVpcEndpoints: ['vpce-0123456789abcdef0'] },
      },
      stages: {
        prod: {
          domains: {
            'api.internal.example.com': { create: false, domainNameArn: arn, basePath: 'billing' },
          },
        },
      },
    });
    assert.deepEqual(resources, {
      ApiGatewayPrivateBasePathMappingApiInternalExampleCom: {
        Type: 'AWS::ApiGateway::BasePathMappingV2',
        Properties: {
          DomainNameArn: arn,
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          Stage: 'prod',
          BasePath: 'billing',
        },
        DependsOn: ['ApiGatewayStage'],
      },
    });
    assert.equal(fragments[0].Outputs, undefined);
  });

  it('writes records in the zone given by id, without AAAA when ipv6 is off, and none with route53: false', () => {
    const byId = compiled(
      restDomains({
        'api.example.com': { certificate: CERT_EU, route53: { hostedZoneId: 'Z9', ipv6: false } },
      }),
    ).resources;
    assert.equal(byId.ApiGatewayDomainRecordAApiExampleCom.Properties?.HostedZoneId, 'Z9');
    assert.equal(byId.ApiGatewayDomainRecordAApiExampleCom.Properties?.HostedZoneName, undefined);
    assert.equal(byId.ApiGatewayDomainRecordAAAAApiExampleCom, undefined);
    const byName = compiled(
      restDomains({
        'a.b.example.com': { certificate: CERT_EU, route53: { hostedZoneName: 'example.com' } },
      }),
    ).resources;
    assert.equal(
      byName.ApiGatewayDomainRecordAABExampleCom.Properties?.HostedZoneName,
      'example.com.',
    );
    const none = compiled(
      restDomains({ 'api.example.com': { certificate: CERT_EU, route53: false } }),
    );
    assert.deepEqual(Object.keys(none.resources), [
      'ApiGatewayDomainApiExampleCom',
      'ApiGatewayBasePathMappingApiExampleCom',
    ]);
    assert.ok(none.fragments[0].Outputs?.ApiGatewayDomainTargetApiExampleCom);
  });

  it('sets the endpoint access mode with an enhanced policy (STRICT unless told), and mutual TLS', () => {
    const strict = compiled(
      restDomains({
        'api.example.com': {
          certificate: CERT_EU,
          securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
        },
      }),
    ).resources.ApiGatewayDomainApiExampleCom.Properties;
    assert.equal(strict?.SecurityPolicy, 'SecurityPolicy_TLS13_1_3_2025_09');
    assert.equal(strict?.EndpointAccessMode, 'STRICT');
    const basic = compiled(
      restDomains({
        'api.example.com': {
          endpointType: 'EDGE',
          certificate: CERT_US,
          securityPolicy: 'SecurityPolicy_TLS13_2025_EDGE',
          endpointAccessMode: 'BASIC',
        },
      }),
    ).resources.ApiGatewayDomainApiExampleCom.Properties;
    assert.equal(basic?.EndpointAccessMode, 'BASIC');
    const legacy = compiled(restDomains({ 'api.example.com': { certificate: CERT_EU } })).resources
      .ApiGatewayDomainApiExampleCom.Properties;
    assert.equal(legacy?.EndpointAccessMode, undefined);
    const mtls = compiled(
      restDomains({
        'api.example.com': { certificate: CERT_EU, mutualTls: { truststoreUri: 's3://b/ca.pem' } },
      }),
    ).resources.ApiGatewayDomainApiExampleCom.Properties;
    assert.deepEqual(mtls?.MutualTlsAuthentication, { TruststoreUri: 's3://b/ca.pem' });
  });

  it('sets the IP address type where each domain type takes it', () => {
    const rest = compiled(
      restDomains({ 'api.example.com': { certificate: CERT_EU, ipAddressType: 'dualstack' } }),
    ).resources.ApiGatewayDomainApiExampleCom.Properties;
    assert.deepEqual(rest?.EndpointConfiguration, {
      Types: ['REGIONAL'],
      IpAddressType: 'dualstack',
    });
    const http = compiled({
      httpApi: {
        stages: {
          prod: {
            domains: { 'api.example.com': { certificate: CERT_EU, ipAddressType: 'dualstack' } },
          },
        },
      },
    }).resources.ApiGatewayV2DomainApiExampleCom.Properties;
    assert.deepEqual(http?.DomainNameConfigurations, [
      {
        CertificateArn: CERT_EU,
        EndpointType: 'REGIONAL',
        SecurityPolicy: 'TLS_1_2',
        IpAddressType: 'dualstack',
      },
    ]);
  });

  it('warns and compiles nothing for an API whose stage the stack does not have', () => {
    const template = stagesTemplate();
    delete template.Resources.HttpApiStage;
    const result = compiled(
      {
        httpApi: { stages: { prod: { domains: { 'api.example.com': { certificate: CERT_EU } } } } },
      },
      {},
      template,
    );
    assert.deepEqual(result.fragments, []);
    assert.deepEqual(result.warnings, [
      {
        path: "custom.apiGateway.httpApi.stages.prod.domains['api.example.com']",
        message:
          'this stack has no HTTP API stage to map (no function event or route creates one), so the domain is not compiled',
      },
    ]);
  });

  it('is deterministic: the same config compiles to the same fragment', () => {
    const config = restDomains({
      'b.example.com': { certificate: CERT_EU },
      'a.example.com': { certificate: CERT_EU, basePath: 'x/y' },
    });
    assert.deepEqual(
      JSON.stringify(compiled(config).fragments),
      JSON.stringify(compiled(structuredClone(config)).fragments),
    );
    assert.deepEqual(Object.keys(compiled(config).resources).slice(0, 1), [
      'ApiGatewayDomainAExampleCom',
    ]);
  });
});
