/**
 * Core's provider settings in the older and loosely validated shapes public services still have:
 * each is read as core 3.40 reads it (after its validation's type coercion), or refused at its
 * config path; never a TypeError later in packaging.
 */
import assert from 'node:assert/strict';
import { readCoreSettings, type CoreSettings } from '../../../src/pipeline/core-settings';
import { validateConfig } from '../../../src/pipeline/validate';
import { emptyEvents } from '../../../src/common/events';

function read(provider: Record<string, unknown>): CoreSettings {
  return readCoreSettings({ service: 'orders', stageName: 'dev', region: 'eu-west-1', provider });
}

function refusedPaths(provider: Record<string, unknown>): string[] {
  return (read(provider).unreadable ?? []).map((issue) => issue.path).sort();
}

describe('readCoreSettings: legacy and loosely validated provider settings', () => {
  it('reads the current shapes without a complaint', () => {
    const core = read({
      endpointType: 'REGIONAL',
      tracing: { apiGateway: true, lambda: 'Active' },
      logs: { restApi: { level: 'ERROR', accessLogging: false } },
      apiGateway: { metrics: true, minimumCompressionSize: 1024, binaryMediaTypes: ['image/png'] },
    });
    assert.equal(core.unreadable, undefined);
    assert.equal(core.tracing, true);
    assert.equal(core.metrics, true);
    assert.deepEqual(core.logs, { level: 'ERROR', accessLogging: false });
    assert.equal(core.minimumCompressionSize, 1024);
    assert.deepEqual(core.binaryMediaTypes, ['image/png']);
  });

  it("reads the strings 'true' and 'false' as core's validation coerces them", () => {
    const core = read({
      tracing: { apiGateway: 'true' },
      apiGateway: { metrics: 'false', disableDefaultEndpoint: 'true' },
      logs: { restApi: { accessLogging: 'false', fullExecutionData: 'true' } },
    });
    assert.equal(core.unreadable, undefined);
    assert.equal(core.tracing, true);
    assert.equal(core.metrics, false);
    assert.equal(core.disableDefaultEndpoint, true);
    assert.deepEqual(core.logs, { accessLogging: false, fullExecutionData: true });
  });

  it('reads provider.logs.restApi: true (and its string) as core defaults, false as none', () => {
    assert.deepEqual(read({ logs: { restApi: true } }).logs, {});
    assert.deepEqual(read({ logs: { restApi: 'true' } }).logs, {});
    assert.equal(read({ logs: { restApi: false } }).logs, undefined);
    assert.equal(read({ logs: { restApi: 'false' } }).logs, undefined);
  });

  it('reads numeric strings as numbers and a single media type as a list', () => {
    const core = read({
      logRetentionInDays: '14',
      apiGateway: { minimumCompressionSize: '1024', binaryMediaTypes: 'image/png' },
    });
    assert.equal(core.unreadable, undefined);
    assert.equal(core.logRetentionInDays, 14);
    assert.equal(core.minimumCompressionSize, 1024);
    assert.deepEqual(core.binaryMediaTypes, ['image/png']);
  });

  it('accepts endpointType and apiKeySourceType in any letter case (core upper-cases them)', () => {
    const core = read({ endpointType: 'regional', apiGateway: { apiKeySourceType: 'header' } });
    assert.equal(core.unreadable, undefined);
    assert.equal(core.endpointType, 'regional');
    assert.equal(core.apiKeySourceType, 'header');
  });

  it('refuses provider.tracing: true, which core reads as no tracing at all', () => {
    const core = read({ tracing: true });
    assert.deepEqual(
      core.unreadable?.map((issue) => issue.path),
      ['provider.tracing'],
    );
    assert.match(core.unreadable?.[0]?.message ?? '', /apiGateway and lambda/);
    assert.equal(core.tracing, undefined);
  });

  it('reads provider.tracing: false and null as no tracing, without a complaint', () => {
    assert.equal(read({ tracing: false }).unreadable, undefined);
    assert.equal(read({ tracing: null }).tracing, undefined);
  });

  it('refuses non-object provider.logs and provider.apiGateway, naming the path', () => {
    assert.deepEqual(refusedPaths({ logs: 'true' }), ['provider.logs']);
    assert.deepEqual(refusedPaths({ apiGateway: true }), ['provider.apiGateway']);
    assert.deepEqual(refusedPaths({ logs: { restApi: ['INFO'] } }), ['provider.logs.restApi']);
  });

  it('refuses values no coercion makes valid, each at its path', () => {
    assert.deepEqual(
      refusedPaths({
        endpointType: 'GLOBAL',
        tracing: { apiGateway: 'yes' },
        apiGateway: { metrics: 1, minimumCompressionSize: 'large', binaryMediaTypes: [1] },
        logs: { restApi: { level: 'info', format: 42 } },
      }),
      [
        'provider.apiGateway.binaryMediaTypes',
        'provider.apiGateway.minimumCompressionSize',
        'provider.endpointType',
        'provider.tracing.apiGateway',
        'provider.apiGateway.metrics',
        'provider.logs.restApi.format',
        'provider.logs.restApi.level',
      ].sort(),
    );
  });

  it('validation reports the unreadable settings with the config errors', () => {
    const result = validateConfig({}, emptyEvents(), read({ tracing: true }));
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['provider.tracing'],
    );
  });
});
