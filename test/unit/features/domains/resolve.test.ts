import assert from 'node:assert/strict';
import {
  domainEntries,
  isMultiLevel,
  parentZoneName,
  resolveDomains,
} from '../../../../src/features/domains/resolve';
import { CERT_EU } from './helpers';

describe('custom domains: resolve', () => {
  it('applies the defaults: regional, TLS_1_2, records in the parent zone with AAAA', () => {
    const [domain] = resolveDomains(
      { stages: { prod: { domains: { 'api.example.com': { certificate: CERT_EU } } } } },
      'prod',
      'EDGE',
    );
    assert.deepEqual(domain, {
      api: 'rest',
      name: 'api.example.com',
      path: "custom.apiGateway.stages.prod.domains['api.example.com']",
      create: true,
      endpointType: 'REGIONAL',
      securityPolicy: 'TLS_1_2',
      certificate: { arn: CERT_EU },
      route53: { hostedZoneName: 'example.com.', ipv6: true },
    });
  });

  it('defaults to a private domain for a private REST API, with no records', () => {
    const [domain] = resolveDomains(
      { stages: { '*': { domains: { 'api.example.com': { certificate: CERT_EU } } } } },
      'dev',
      'PRIVATE',
    );
    assert.equal(domain.endpointType, 'PRIVATE');
    assert.equal(domain.route53, undefined);
    assert.equal(domain.path, "custom.apiGateway.stages['*'].domains['api.example.com']");
  });

  it('writes no records for a domain created elsewhere, and STRICT access with an enhanced policy', () => {
    const [elsewhere, enhanced] = resolveDomains(
      {
        httpApi: { stages: { '*': { domains: { 'a.example.com': { create: false } } } } },
        websocket: {
          stages: {
            dev: {
              domains: {
                'b.example.com': {
                  certificate: CERT_EU,
                  securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
                },
              },
            },
          },
        },
      },
      'dev',
      'EDGE',
    );
    assert.equal(elsewhere.api, 'httpApi');
    assert.equal(elsewhere.create, false);
    assert.equal(elsewhere.route53, undefined);
    assert.equal(enhanced.api, 'websocket');
    assert.equal(enhanced.endpointAccessMode, 'STRICT');
  });

  it('lists entries by API then name and drops false ones', () => {
    const entries = domainEntries(
      {
        stages: { '*': { domains: { 'z.example.com': {}, 'y.example.com': {} } } },
        httpApi: { stages: { prod: { domains: { 'a.example.com': {} } } } },
      },
      'prod',
    );
    assert.deepEqual(
      entries.map((entry) => `${entry.api} ${entry.name}`),
      ['rest y.example.com', 'rest z.example.com', 'httpApi a.example.com'],
    );
    assert.deepEqual(
      domainEntries(
        {
          stages: {
            '*': { domains: { 'a.example.com': {} } },
            prod: { domains: { 'a.example.com': false } },
          },
        },
        'prod',
      ),
      [],
    );
  });

  it('knows the parent zone and multi-level paths', () => {
    assert.equal(parentZoneName('api.example.com'), 'example.com.');
    assert.equal(parentZoneName('*.example.com'), 'example.com.');
    assert.equal(isMultiLevel('orders'), false);
    assert.equal(isMultiLevel('orders/v2'), true);
    assert.equal(isMultiLevel(undefined), false);
  });
});
