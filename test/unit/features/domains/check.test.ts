import assert from 'node:assert/strict';
import type { ApiGatewayConfig, DomainConfig } from '../../../../src/config/types.generated';
import type { CoreSettings } from '../../../../src/pipeline/core-settings';
import { CERT_EU, CERT_US, issuesOf, restDomains } from './helpers';

const REST = "custom.apiGateway.stages.prod.domains['api.example.com']";
const HTTP = "custom.apiGateway.httpApi.stages.prod.domains['api.example.com']";
const WS = "custom.apiGateway.websocket.stages.prod.domains['api.example.com']";

const PRIVATE_API: ApiGatewayConfig = {
  restApi: {
    endpointType: 'PRIVATE',
    vpcEndpointIds: ['vpce-0123456789abcdef0'],
    policy: { allowVpcEndpoints: ['vpce-0123456789abcdef0'] },
  },
};

function errors(config: ApiGatewayConfig, core: Partial<CoreSettings> = {}) {
  return issuesOf(config, core).errors;
}

function rest(domain: DomainConfig, core: Partial<CoreSettings> = {}) {
  return errors(restDomains({ 'api.example.com': domain }), core);
}

/** The one error, its path and (part of) its message. */
function assertOne(
  found: ReadonlyArray<{ path: string; message: string }>,
  path: string,
  text: RegExp,
) {
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].path, path);
  assert.match(found[0].message, text);
}

describe('custom domains: checks', () => {
  it('accepts every valid shape', () => {
    assert.deepEqual(rest({ certificate: CERT_EU }), []);
    assert.deepEqual(rest({ endpointType: 'EDGE', certificate: CERT_US, basePath: 'orders' }), []);
    assert.deepEqual(
      rest({ endpointType: 'EDGE', certificate: { hostedZoneId: 'Z1' } }, { region: 'us-east-1' }),
      [],
    );
    assert.deepEqual(rest({ create: false, basePath: 'orders/v2' }), []);
    assert.deepEqual(
      errors({
        ...PRIVATE_API,
        ...restDomains({
          'api.example.com': { certificate: CERT_EU, vpcEndpointId: 'vpce-0123456789abcdef0' },
        }),
      }),
      [],
    );
  });

  it('refuses schema-invalid base paths and domain names', () => {
    assert.ok(
      rest({ certificate: CERT_EU, basePath: '/orders' }).some(
        (e) => e.path === `${REST}.basePath`,
      ),
    );
    const upper = errors(restDomains({ 'API.example.com': { certificate: CERT_EU } }));
    assert.ok(upper.length > 0);
  });

  it('keeps HTTP API and WebSocket domains regional', () => {
    assertOne(
      errors({
        httpApi: {
          stages: {
            prod: {
              domains: { 'api.example.com': { endpointType: 'EDGE', certificate: CERT_EU } },
            },
          },
        },
      }),
      `${HTTP}.endpointType`,
      /^HTTP API custom domains are REGIONAL only \(API Gateway rule\), but this one is EDGE/,
    );
  });

  it('allows only the security policies API Gateway accepts for the API and endpoint type', () => {
    assertOne(
      rest({
        endpointType: 'EDGE',
        certificate: CERT_US,
        securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      }),
      `${REST}.securityPolicy`,
      /^EDGE REST API domains do not accept the security policy SecurityPolicy_TLS13_1_3_2025_09 .*allowed: TLS_1_0, TLS_1_2, SecurityPolicy_TLS13_2025_EDGE/,
    );
    assertOne(
      rest({ certificate: CERT_EU, securityPolicy: 'SecurityPolicy_TLS13_2025_EDGE' }),
      `${REST}.securityPolicy`,
      /^REGIONAL REST API domains do not accept/,
    );
    assertOne(
      errors({
        ...PRIVATE_API,
        ...restDomains({
          'api.example.com': {
            certificate: CERT_EU,
            vpcEndpointId: 'vpce-0123456789abcdef0',
            securityPolicy: 'TLS_1_0',
          },
        }),
      }),
      `${REST}.securityPolicy`,
      /^PRIVATE REST API domains do not accept the security policy TLS_1_0/,
    );
    assertOne(
      errors({
        websocket: {
          stages: {
            prod: {
              domains: { 'api.example.com': { certificate: CERT_EU, securityPolicy: 'TLS_1_0' } },
            },
          },
        },
      }),
      `${WS}.securityPolicy`,
      /^WebSocket API domains do not accept the security policy TLS_1_0 .*allowed: TLS_1_2$/,
    );
  });

  it('refuses an endpoint access mode without an enhanced policy', () => {
    assertOne(
      rest({ certificate: CERT_EU, endpointAccessMode: 'STRICT' }),
      `${REST}.endpointAccessMode`,
      /goes with an enhanced \(SecurityPolicy_\*\) security policy, and this domain's policy is TLS_1_2/,
    );
  });

  it('allows mutual TLS on regional REST and HTTP domains with TLS_1_2 only', () => {
    const mutualTls = { truststoreUri: 's3://trust/ca.pem' };
    assertOne(
      rest({ endpointType: 'EDGE', certificate: CERT_US, mutualTls }),
      `${REST}.mutualTls`,
      /^mutual TLS needs a REGIONAL domain \(API Gateway rule\), but this one is EDGE/,
    );
    assertOne(
      rest({ certificate: CERT_EU, mutualTls, securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06' }),
      `${REST}.mutualTls`,
      /^mutual TLS needs the TLS_1_2 security policy/,
    );
    assertOne(
      errors({
        websocket: {
          stages: { prod: { domains: { 'api.example.com': { certificate: CERT_EU, mutualTls } } } },
        },
      }),
      `${WS}.mutualTls`,
      /^WebSocket APIs do not support mutual TLS/,
    );
  });

  it('requires a certificate from the region API Gateway reads it in', () => {
    assertOne(
      rest({}),
      `${REST}.certificate`,
      /needs its certificate: give an ACM certificate ARN/,
    );
    assertOne(
      rest({ endpointType: 'EDGE', certificate: CERT_EU }),
      `${REST}.certificate`,
      /^an EDGE domain takes a certificate from us-east-1 .*but this certificate is in eu-west-1; use a certificate from us-east-1$/,
    );
    assertOne(
      rest({ certificate: CERT_US }),
      `${REST}.certificate`,
      /^a REGIONAL domain takes a certificate from the stack's region \(eu-west-1\), but this certificate is in us-east-1/,
    );
    assertOne(
      rest({ endpointType: 'EDGE', certificate: { hostedZoneId: 'Z1' } }),
      `${REST}.certificate`,
      /but the stack deploys to eu-west-1, where it would create the certificate/,
    );
    assert.deepEqual(rest({ certificate: { Ref: 'CertificateArnParameter' } }), []);
  });

  it('maps multi-level base paths only where API Gateway does', () => {
    assertOne(
      rest({ endpointType: 'EDGE', certificate: CERT_US, basePath: 'orders/v2' }),
      `${REST}.basePath`,
      /on REGIONAL and PRIVATE domains only/,
    );
    assertOne(
      rest({ certificate: CERT_EU, basePath: 'orders/v2', securityPolicy: 'TLS_1_0' }),
      `${REST}.basePath`,
      /only on domains with a TLS 1.2 or newer policy/,
    );
  });

  it('refuses Route 53 records for private domains and warns when a zone is named twice', () => {
    const privateWithRecords = errors({
      ...PRIVATE_API,
      ...restDomains({
        'api.example.com': {
          certificate: CERT_EU,
          vpcEndpointId: 'vpce-0123456789abcdef0',
          route53: { hostedZoneName: 'example.com' },
        },
      }),
    });
    assertOne(
      privateWithRecords,
      `${REST}.route53`,
      /a private domain resolves to your VPC endpoint/,
    );
    const both = issuesOf(
      restDomains({
        'api.example.com': {
          certificate: CERT_EU,
          route53: { hostedZoneName: 'example.com', hostedZoneId: 'Z1' },
        },
      }),
    );
    assert.deepEqual(both.errors, []);
    assert.deepEqual(both.warnings, [
      {
        path: `${REST}.route53.hostedZoneName`,
        message: 'hostedZoneId names the zone already, so hostedZoneName is ignored; keep one',
      },
    ]);
  });

  it('pairs private domains with private REST APIs and their VPC endpoint', () => {
    assertOne(
      rest({
        endpointType: 'PRIVATE',
        certificate: CERT_EU,
        vpcEndpointId: 'vpce-0123456789abcdef0',
      }),
      `${REST}.endpointType`,
      /^a PRIVATE domain serves private REST APIs only, and this REST API is EDGE/,
    );
    assertOne(
      errors({
        ...PRIVATE_API,
        ...restDomains({ 'api.example.com': { endpointType: 'REGIONAL', certificate: CERT_EU } }),
      }),
      `${REST}.endpointType`,
      /^a private REST API can be mapped only onto a PRIVATE domain/,
    );
    assertOne(
      errors({ ...PRIVATE_API, ...restDomains({ 'api.example.com': { certificate: CERT_EU } }) }),
      `${REST}.vpcEndpointId`,
      /name it \(vpce-…\)/,
    );
    assertOne(
      errors({ ...PRIVATE_API, ...restDomains({ 'api.example.com': { create: false } }) }),
      `${REST}.domainNameArn`,
      /maps a private API onto a private domain by the domain's ARN, .* set domainNameArn/,
    );
    const ARN = 'arn:aws:apigateway:eu-west-1:123456789012:/domainnames/api.example.com+abc123';
    assert.deepEqual(
      errors({
        ...PRIVATE_API,
        ...restDomains({ 'api.example.com': { create: false, domainNameArn: ARN } }),
      }),
      [],
    );
    assertOne(
      errors({
        ...PRIVATE_API,
        ...restDomains({
          'api.example.com': {
            certificate: CERT_EU,
            vpcEndpointId: 'vpce-0123456789abcdef0',
            domainNameArn: ARN,
          },
        }),
      }),
      `${REST}.domainNameArn`,
      /this stack creates this one \(create is true\): remove domainNameArn, or set create: false/,
    );
    assertOne(
      rest({ create: false, domainNameArn: ARN }),
      `${REST}.domainNameArn`,
      /maps onto a PRIVATE domain, and this one is REGIONAL/,
    );
    assertOne(
      rest({ certificate: CERT_EU, vpcEndpointId: 'vpce-0123456789abcdef0' }),
      `${REST}.vpcEndpointId`,
      /a VPC endpoint reaches PRIVATE domains only, and this one is REGIONAL/,
    );
  });

  it('refuses domain settings on a domain created elsewhere', () => {
    const found = rest({ create: false, certificate: CERT_EU, securityPolicy: 'TLS_1_2' });
    assert.deepEqual(
      found.map((issue) => issue.path),
      [`${REST}.securityPolicy`, `${REST}.certificate`],
    );
    assert.match(
      found[0].message,
      /^with create: false the domain belongs to the stack \(or tool\) that created it/,
    );
  });

  it('leaves domains on a shared REST API to the stages check (the owning stack has the stage)', () => {
    assert.deepEqual(
      rest({ certificate: CERT_EU }, { sharedRestApiId: 'abc123' }).map((issue) => issue.path),
      ['custom.apiGateway.stages'],
    );
  });

  it('refuses two creators of one domain, two APIs on one path, and names that share ids', () => {
    const twice = errors({
      stages: { prod: { domains: { 'api.example.com': { certificate: CERT_EU, basePath: 'a' } } } },
      httpApi: {
        stages: {
          prod: { domains: { 'api.example.com': { certificate: CERT_EU, basePath: 'b' } } },
        },
      },
    });
    assertOne(
      twice,
      `${HTTP}.create`,
      new RegExp(`^${REST.replace(/[[\]().*]/g, '\\$&')} creates this domain already`),
    );
    const samePath = errors({
      stages: { prod: { domains: { 'api.example.com': { certificate: CERT_EU, basePath: 'a' } } } },
      httpApi: {
        stages: { prod: { domains: { 'api.example.com': { create: false, basePath: 'a' } } } },
      },
    });
    assertOne(samePath, `${HTTP}.basePath`, /maps the REST API on the same base path \("a"\)/);
    const sameIds = errors(
      restDomains({
        'a.1b.example.com': { certificate: CERT_EU },
        'a1b.example.com': { certificate: CERT_EU },
      }),
    );
    assertOne(
      sameIds,
      "custom.apiGateway.stages.prod.domains['a1b.example.com']",
      /"a1b.example.com" and "a.1b.example.com" give the same CloudFormation logical ids \(…A1bExampleCom\)/,
    );
  });

  it('refuses a WebSocket API beside another API on one domain, and an HTTP API on an enhanced-policy domain', () => {
    const mixed = errors({
      stages: { prod: { domains: { 'api.example.com': { certificate: CERT_EU, basePath: 'a' } } } },
      websocket: {
        stages: { prod: { domains: { 'api.example.com': { create: false, basePath: 'ws' } } } },
      },
    });
    assertOne(mixed, WS, /does not map WebSocket APIs onto a domain with REST or HTTP APIs/);
    const enhanced = errors({
      stages: {
        prod: {
          domains: {
            'api.example.com': {
              certificate: CERT_EU,
              basePath: 'a',
              securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
            },
          },
        },
      },
      httpApi: {
        stages: { prod: { domains: { 'api.example.com': { create: false, basePath: 'b' } } } },
      },
    });
    assertOne(enhanced, HTTP, /does not map HTTP APIs onto a domain with an enhanced policy/);
  });

  it("reports at the '*' entry when only '*' declares the domain", () => {
    assertOne(
      errors({ stages: { '*': { domains: { 'api.example.com': {} } } } }),
      "custom.apiGateway.stages['*'].domains['api.example.com'].certificate",
      /needs its certificate/,
    );
  });
});
