import assert from 'node:assert/strict';
import type { CfnTemplate } from '../../../src/cloudformation/template';
import { domainLines } from '../../../src/report/domain-summary';
import { formatShortSummary, summarizeTemplate } from '../../../src/report/summary';
import { CERT_EU, compiled, stagesTemplate } from '../features/domains/helpers';

/** The stages template with the compiled domains of `config` applied. */
function withDomains(config: Parameters<typeof compiled>[0]): CfnTemplate {
  const template = stagesTemplate();
  template.Resources.HttpApi.Properties = { ProtocolType: 'HTTP' };
  template.Resources.WebsocketsApi.Properties = { ProtocolType: 'WEBSOCKET' };
  Object.assign(template.Resources, compiled(config).resources);
  return template;
}

describe('package summary: custom domains', () => {
  it('prints one line per mapping: URL, API, stage and who owns the domain', () => {
    const template = withDomains({
      stages: {
        prod: { domains: { 'api.example.com': { certificate: CERT_EU, basePath: 'orders/v2' } } },
      },
      httpApi: {
        stages: { prod: { domains: { 'api.example.com': { create: false, basePath: 'http' } } } },
      },
      websocket: {
        stages: { prod: { domains: { 'ws.example.com': { create: false } } } },
      },
    });
    assert.deepEqual(domainLines(template), [
      'https://api.example.com/http → HTTP API, stage $default (domain created here)',
      'https://api.example.com/orders/v2 → REST API, stage prod (domain created here)',
      'https://ws.example.com/ → WebSocket API, stage prod (domain created elsewhere)',
    ]);
  });

  it('adds the lines to the short summary, and nothing to a template without domains', () => {
    const template = withDomains({
      stages: { prod: { domains: { 'api.example.com': { create: false, basePath: 'billing' } } } },
    });
    const lines = formatShortSummary(summarizeTemplate(template));
    assert.equal(
      lines.at(-1),
      'domain https://api.example.com/billing → REST API, stage prod (domain created elsewhere)',
    );
    assert.equal(summarizeTemplate(stagesTemplate()).domains, undefined);
  });
});
