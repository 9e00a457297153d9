/** Rules about an API as a whole and its domains: one failing and one passing config each. */
import assert from 'node:assert/strict';
import type { ApiGatewayConfig } from '../../../src/config/types.generated';
import { domainTlsRule, belowTls12 } from '../../../src/lint/rules/domain-tls';
import { privatePolicyRule } from '../../../src/lint/rules/private-policy';
import { found, lint, restTemplate } from './builders';

describe('lint APIGW-POLICY-001: a PRIVATE API open to every VPC endpoint', () => {
  const privateApi = (policy: unknown) =>
    restTemplate({ api: { EndpointConfiguration: { Types: ['PRIVATE'] }, Policy: policy } });
  const statement = (extra: Record<string, unknown> = {}) => ({
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: 'execute-api:/*',
    ...extra,
  });

  it('reports Principal * without a VPC condition at the resource policy', () => {
    const template = privateApi({ Version: '2012-10-17', Statement: [statement()] });
    assert.deepEqual(found(lint(privatePolicyRule, template)), [
      [
        'custom.apiGateway.restApi.policy',
        'the PRIVATE REST API allows Principal * with no aws:SourceVpce or aws:SourceVpc condition',
      ],
    ]);
  });

  it('names provider.apiGateway.resourcePolicy when that is where the policy is written', () => {
    const template = privateApi(
      JSON.stringify({ Statement: [statement({ Principal: { AWS: '*' } })] }),
    );
    const provider = { apiGateway: { resourcePolicy: [statement()] } };
    assert.deepEqual(
      found(lint(privatePolicyRule, template, { provider })).map(([path]) => path),
      ['provider.apiGateway.resourcePolicy'],
    );
  });

  it('passes an Allow limited to a VPC endpoint, an Allow with a Deny for other VPCs, and a public API', () => {
    const limited = privateApi({
      Statement: [
        statement({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } } }),
      ],
    });
    assert.deepEqual(found(lint(privatePolicyRule, limited)), []);
    const denied = privateApi({
      Statement: [
        statement(),
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
        },
      ],
    });
    assert.deepEqual(found(lint(privatePolicyRule, denied)), []);
    const regional = restTemplate({ api: { Policy: { Statement: [statement()] } } });
    assert.deepEqual(found(lint(privatePolicyRule, regional)), []);
  });
});

describe('lint APIGW-TLS-001: a custom domain below TLS 1.2', () => {
  const withDomain = (type: string, properties: Record<string, unknown>) =>
    restTemplate({ resources: { ApiDomain: { Type: type, Properties: properties } } });

  it('reports a REST domain on TLS_1_0 at the stage entry that declares it', () => {
    const template = withDomain('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      SecurityPolicy: 'TLS_1_0',
    });
    const config: ApiGatewayConfig = {
      stages: { prod: { domains: { 'api.example.com': { securityPolicy: 'TLS_1_0' } } } },
    };
    assert.deepEqual(found(lint(domainTlsRule, template, { config })), [
      [
        "custom.apiGateway.stages.prod.domains['api.example.com'].securityPolicy",
        'the custom domain api.example.com uses SecurityPolicy TLS_1_0, which accepts TLS below 1.2',
      ],
    ]);
  });

  it('reports a REST domain without a policy, and an HTTP API domain on TLS_1_0 declared under httpApi.stages', () => {
    const bare = withDomain('AWS::ApiGateway::DomainName', { DomainName: 'old.example.com' });
    assert.deepEqual(found(lint(domainTlsRule, bare)), [
      [
        'Resources.ApiDomain.SecurityPolicy',
        'the custom domain old.example.com sets no SecurityPolicy (cfn-nag reads that as TLS_1_0)',
      ],
    ]);
    const v2 = withDomain('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'http.example.com',
      DomainNameConfigurations: [{ CertificateArn: 'arn:acm', SecurityPolicy: 'TLS_1_0' }],
    });
    const config: ApiGatewayConfig = {
      httpApi: { stages: { '*': { domains: { 'http.example.com': {} } } } },
    };
    assert.deepEqual(
      found(lint(domainTlsRule, v2, { config })).map(([path]) => path),
      ["custom.apiGateway.httpApi.stages['*'].domains['http.example.com'].securityPolicy"],
    );
  });

  it('passes TLS 1.2 and TLS 1.3 policies, and a v2 domain with the default', () => {
    for (const policy of [
      'TLS_1_2',
      'SecurityPolicy_TLS13_1_3_2025_09',
      'SecurityPolicy_TLS12_PFS_2025_EDGE',
    ]) {
      const template = withDomain('AWS::ApiGateway::DomainName', {
        DomainName: 'a.example.com',
        SecurityPolicy: policy,
      });
      assert.deepEqual(found(lint(domainTlsRule, template)), [], policy);
    }
    const v2 = withDomain('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'b.example.com',
      DomainNameConfigurations: [{ CertificateArn: 'arn:acm' }],
    });
    assert.deepEqual(found(lint(domainTlsRule, v2)), []);
  });

  it('reads TLS 1.0 and 1.1 in any policy name', () => {
    assert.deepEqual(
      [
        'TLS_1_0',
        'TLS_1_1',
        'SecurityPolicy_TLS10_2016',
        'SecurityPolicy_TLS11_X',
        'TLS_1_2',
        'SecurityPolicy_TLS13_2025_EDGE',
      ].map(belowTls12),
      [true, true, true, true, false, false],
    );
  });
});
