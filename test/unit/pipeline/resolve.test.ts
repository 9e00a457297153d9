import { emptyEvents } from '../../../src/common/events';
import assert from 'node:assert/strict';
import {
  ACCESS_LOG_PRESETS,
  CORE_DEFAULT_ACCESS_LOG_FORMAT,
} from '../../../src/features/stage/access-log-formats';
import { type CoreSettings, readCoreSettings } from '../../../src/pipeline/core-settings';
import { type ResolvedConfig, resolveConfig } from '../../../src/pipeline/resolve';
import {
  type ResolvedStage,
  coreStageBaseline,
  mergeStageEntries,
} from '../../../src/features/stage/resolve';
import type { ApiGatewayConfig } from '../../../src/config/types.generated';
import { coreSettings, validConfig } from '../../helpers/config-builders';

/** Core settings read the way the plugin reads them, from a `provider` block. */
function coreFromProvider(provider: Record<string, unknown>, stageName = 'prod'): CoreSettings {
  return readCoreSettings({ service: 'orders', stageName, region: 'eu-west-1', provider });
}

function stageOf(config: ApiGatewayConfig, core: CoreSettings = coreSettings()): ResolvedStage {
  const { stage } = resolveConfig(config, core);
  assert.ok(stage, 'a stage is resolved for a service that owns its REST API');
  return stage;
}

const DEFAULT_STAGE: ResolvedStage = {
  name: 'prod',
  variables: {},
  logging: { level: 'OFF', dataTrace: false },
  tracing: false,
  metrics: false,
  caching: { enabled: false, clusterSize: '0.5' },
  tags: {},
  ownTags: {},
};

describe('resolveConfig', () => {
  describe("'*' and the named stage", () => {
    const config: ApiGatewayConfig = {
      stages: {
        '*': {
          description: 'defaults',
          variables: { backendUrl: 'https://a.example.com', alias: 'live' },
          throttling: { rateLimit: 10, burstLimit: 20 },
          logging: { level: 'ERROR', dataTrace: true, accessLog: 'clf' },
          tracing: true,
          caching: { enabled: true, clusterSize: '1.6', ttlInSeconds: 60 },
          tags: { team: 'orders', env: 'any' },
        },
        prod: {
          description: 'production',
          variables: { alias: 'stable' },
          throttling: { burstLimit: 50 },
          logging: { level: 'INFO' },
          tracing: false,
          caching: { encrypted: true },
          tags: { env: 'prod' },
        },
        dev: { description: 'development', metrics: true },
      },
    };

    it('deep-merges objects, the named entry winning key by key', () => {
      assert.deepEqual(stageOf(config), {
        name: 'prod',
        description: 'production',
        variables: { alias: 'stable', backendUrl: 'https://a.example.com' },
        throttling: { rateLimit: 10, burstLimit: 50 },
        logging: { level: 'INFO', dataTrace: true, accessLog: { format: ACCESS_LOG_PRESETS.clf } },
        tracing: false,
        metrics: false,
        caching: { enabled: true, clusterSize: '1.6', ttlInSeconds: 60, encrypted: true },
        tags: { env: 'prod', team: 'orders' },
        ownTags: { env: 'prod', team: 'orders' },
      });
    });

    it('resolves each stage from its own entry', () => {
      const dev = stageOf(config, coreSettings({ stageName: 'dev' }));
      assert.equal(dev.name, 'dev');
      assert.equal(dev.description, 'development');
      assert.equal(dev.metrics, true);
      assert.equal(dev.tracing, true, "from '*'");
      assert.deepEqual(dev.variables, { alias: 'live', backendUrl: 'https://a.example.com' });
    });

    it("gives a stage with no entry the '*' defaults", () => {
      const staging = stageOf(config, coreSettings({ stageName: 'staging' }));
      assert.equal(staging.description, 'defaults');
      assert.deepEqual(staging.logging, {
        level: 'ERROR',
        dataTrace: true,
        accessLog: { format: ACCESS_LOG_PRESETS.clf },
      });
      assert.deepEqual(staging.tags, { env: 'any', team: 'orders' });
    });

    it('replaces lists instead of merging them index by index', () => {
      const withLists: ApiGatewayConfig = {
        stages: {
          '*': { variables: { url: { 'Fn::Join': ['', ['https://', 'a', '.example.com']] } } },
          prod: { variables: { url: { 'Fn::Join': ['-', ['x']] } } },
        },
      };
      assert.deepEqual(stageOf(withLists).variables, { url: { 'Fn::Join': ['-', ['x']] } });
      assert.deepEqual(mergeStageEntries(withLists, 'prod'), {
        variables: { url: { 'Fn::Join': ['-', ['x']] } },
      });
    });

    // KNOWN BUG (reported; remove .skip once fixed): intrinsic function objects are deep-merged
    // like config objects, so { 'Fn::GetAtt': [...] } in '*' and { Ref: X } in prod resolve to
    // { 'Fn::GetAtt': [...], Ref: X }, an invalid intrinsic. The named entry's value should replace
    // the '*' one whole.
    it("replaces a '*' intrinsic with the named entry's intrinsic whole", () => {
      const stage = stageOf({
        stages: {
          '*': {
            variables: { fn: { 'Fn::GetAtt': ['Alias', 'Arn'] } },
            logging: {
              accessLog: { format: 'json', destinationArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
            },
          },
          prod: {
            variables: { fn: { Ref: 'ProdAlias' } },
            logging: { accessLog: { format: 'json', destinationArn: { Ref: 'ProdLogs' } } },
          },
        },
      });
      assert.deepEqual(stage.variables, { fn: { Ref: 'ProdAlias' } });
      assert.deepEqual(stage.logging.accessLog?.destinationArn, { Ref: 'ProdLogs' });
    });

    it('lets a named scalar replace a "*" object (and the reverse)', () => {
      const accessLogs: ApiGatewayConfig = {
        stages: {
          '*': {
            logging: {
              accessLog: {
                format: 'json',
                destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:x',
              },
            },
          },
          prod: { logging: { accessLog: false } },
          dev: { logging: { accessLog: 'csv' } },
        },
      };
      assert.equal(stageOf(accessLogs).logging.accessLog, undefined);
      assert.deepEqual(stageOf(accessLogs, coreSettings({ stageName: 'dev' })).logging.accessLog, {
        format: ACCESS_LOG_PRESETS.csv,
      });
      assert.deepEqual(
        stageOf(accessLogs, coreSettings({ stageName: 'staging' })).logging.accessLog,
        {
          format: ACCESS_LOG_PRESETS.json,
          destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:x',
        },
      );
    });

    it('gives every default to a stage when there is no config at all', () => {
      assert.deepEqual(stageOf({}), DEFAULT_STAGE);
      assert.deepEqual(stageOf({ stages: { dev: { tracing: true } } }), DEFAULT_STAGE);
    });
  });

  describe("core's provider settings as the baseline under '*'", () => {
    it('provider.logs.restApi: true → INFO, dataTrace, core default access-log format', () => {
      const stage = stageOf({}, coreFromProvider({ logs: { restApi: true } }));
      assert.deepEqual(stage.logging, {
        level: 'INFO',
        dataTrace: true,
        accessLog: { format: CORE_DEFAULT_ACCESS_LOG_FORMAT },
      });
    });

    it('executionLogging: false → level OFF (dataTrace follows fullExecutionData, as in core)', () => {
      const stage = stageOf(
        {},
        coreFromProvider({ logs: { restApi: { executionLogging: false, level: 'ERROR' } } }),
      );
      assert.equal(stage.logging.level, 'OFF');
      assert.equal(stage.logging.dataTrace, true);
    });

    it('accessLogging: false → no access log; level, format and fullExecutionData are read', () => {
      assert.deepEqual(
        stageOf(
          {},
          coreFromProvider({
            logs: { restApi: { accessLogging: false, level: 'ERROR', fullExecutionData: false } },
          }),
        ).logging,
        { level: 'ERROR', dataTrace: false },
      );
      assert.deepEqual(
        stageOf({}, coreFromProvider({ logs: { restApi: { format: '$context.requestId' } } }))
          .logging.accessLog,
        { format: '$context.requestId' },
      );
    });

    it('tracing, metrics and logRetentionInDays come from provider settings', () => {
      const core = coreFromProvider({
        tracing: { apiGateway: true },
        apiGateway: { metrics: true },
        logRetentionInDays: 14,
      });
      const stage = stageOf({}, core);
      assert.equal(stage.tracing, true);
      assert.equal(stage.metrics, true);
      assert.equal(stage.logging.retentionInDays, 14);
      assert.deepEqual(coreStageBaseline(core), {
        tracing: true,
        metrics: true,
        logging: { retentionInDays: 14 },
      });
    });

    it("'*' and the named entry override the baseline", () => {
      const core = coreFromProvider({
        logs: { restApi: true },
        tracing: { apiGateway: true },
        logRetentionInDays: 14,
      });
      const stage = stageOf(
        {
          stages: {
            '*': { logging: { level: 'ERROR', retentionInDays: 30 }, tracing: false },
            prod: { logging: { accessLog: false, dataTrace: false } },
          },
        },
        core,
      );
      assert.deepEqual(stage.logging, { level: 'ERROR', dataTrace: false, retentionInDays: 30 });
      assert.equal(stage.tracing, false);
    });

    it('no provider settings → empty baseline', () => {
      assert.deepEqual(coreStageBaseline(coreSettings()), {});
    });
  });

  describe('tags', () => {
    const core = coreSettings({
      stackTags: { zone: 'stack', shared: 'stack', owner: 'stack' },
      tags: { shared: 'provider', alpha: 'provider', owner: 'provider' },
    });
    const config: ApiGatewayConfig = {
      stages: { '*': { tags: { owner: 'star', beta: 'star' } }, prod: { tags: { beta: 'prod' } } },
    };

    it("applies provider.stackTags < provider.tags < '*' < named stage tags", () => {
      const stage = stageOf(config, core);
      assert.deepEqual(stage.tags, {
        alpha: 'provider',
        beta: 'prod',
        owner: 'star',
        shared: 'provider',
        zone: 'stack',
      });
      assert.deepEqual(stage.ownTags, { beta: 'prod', owner: 'star' });
    });

    it('sorts tag keys', () => {
      const stage = stageOf(config, core);
      assert.deepEqual(Object.keys(stage.tags), ['alpha', 'beta', 'owner', 'shared', 'zone']);
      assert.deepEqual(Object.keys(stage.ownTags), ['beta', 'owner']);
      const { restApi } = resolveConfig({ restApi: { tags: { z: '1', a: '2', m: '3' } } }, core);
      assert.deepEqual(Object.keys(restApi.tags), ['a', 'm', 'z']);
    });

    it('sorts stage variables and canary variables too', () => {
      const stage = stageOf({
        stages: {
          prod: {
            variables: { zeta: 'z', alpha: 'a' },
            canary: { percentTraffic: 5, variables: { zz: '1', aa: '2' } },
          },
        },
      });
      assert.deepEqual(Object.keys(stage.variables), ['alpha', 'zeta']);
      assert.deepEqual(Object.keys(stage.canary?.variables ?? {}), ['aa', 'zz']);
    });
  });

  describe('access-log presets', () => {
    for (const preset of ['clf', 'json', 'xml', 'csv'] as const) {
      it(`expands "${preset}" to its format, which includes $context.requestId`, () => {
        const stage = stageOf({ stages: { prod: { logging: { accessLog: preset } } } });
        assert.deepEqual(stage.logging.accessLog, { format: ACCESS_LOG_PRESETS[preset] });
        assert.match(stage.logging.accessLog?.format ?? '', /\$context\.requestId\b/);
      });
    }

    it('the json preset is valid JSON with requestId: $context.requestId', () => {
      const stage = stageOf({ stages: { prod: { logging: { accessLog: 'json' } } } });
      const parsed = JSON.parse(stage.logging.accessLog?.format ?? '') as Record<string, unknown>;
      assert.equal(parsed.requestId, '$context.requestId');
    });

    it('expands presets in the object form and keeps the destination', () => {
      const destinationArn = { 'Fn::GetAtt': ['AccessLogs', 'Arn'] };
      const stage = stageOf({
        stages: { prod: { logging: { accessLog: { format: 'xml', destinationArn } } } },
      });
      assert.deepEqual(stage.logging.accessLog, {
        format: ACCESS_LOG_PRESETS.xml,
        destinationArn,
      });
    });

    it('keeps a custom format as written', () => {
      const format = '$context.requestId $context.status';
      const stage = stageOf({ stages: { prod: { logging: { accessLog: format } } } });
      assert.deepEqual(stage.logging.accessLog, { format });
    });
  });

  describe('caching, canary, client certificate, throttling', () => {
    it('writes a numeric clusterSize as a string', () => {
      assert.equal(
        stageOf({ stages: { prod: { caching: { clusterSize: 0.5 } } } }).caching.clusterSize,
        '0.5',
      );
      assert.equal(
        stageOf({ stages: { prod: { caching: { clusterSize: 118 } } } }).caching.clusterSize,
        '118',
      );
      assert.equal(
        stageOf({ stages: { prod: { caching: { clusterSize: '13.5' } } } }).caching.clusterSize,
        '13.5',
      );
      assert.equal(stageOf({}).caching.clusterSize, '0.5', 'default');
    });

    it('resolves a canary with its variables and useStageCache', () => {
      assert.deepEqual(
        stageOf({
          stages: {
            '*': { canary: { percentTraffic: 5, variables: { alias: 'canary' } } },
            prod: { canary: { percentTraffic: 20, useStageCache: true } },
          },
        }).canary,
        { percentTraffic: 20, variables: { alias: 'canary' }, useStageCache: true },
      );
    });

    it('clientCertificate: true → {}, object → its description, false → none', () => {
      assert.deepEqual(
        stageOf({ stages: { prod: { clientCertificate: true } } }).clientCertificate,
        {},
      );
      assert.deepEqual(
        stageOf({ stages: { prod: { clientCertificate: { description: 'cert' } } } })
          .clientCertificate,
        { description: 'cert' },
      );
      const off = stageOf({
        stages: { '*': { clientCertificate: true }, prod: { clientCertificate: false } },
      });
      assert.equal('clientCertificate' in off, false);
    });

    it('leaves out empty throttling', () => {
      assert.equal('throttling' in stageOf({ stages: { prod: { throttling: {} } } }), false);
    });
  });

  describe('REST API settings', () => {
    it('defaults to EDGE, the ensure role and no tags', () => {
      assert.deepEqual(resolveConfig({}, coreSettings()).restApi, {
        endpointType: 'EDGE',
        cloudWatchRole: 'ensure',
        tags: {},
      });
    });

    it("takes core's values when ours are unset, upper-casing case-insensitive ones", () => {
      const core = coreFromProvider({
        apiName: 'orders-api',
        endpointType: 'regional',
        vpcEndpointIds: ['vpce-1'],
        apiGateway: {
          description: 'from core',
          binaryMediaTypes: ['image/png'],
          minimumCompressionSize: 1024,
          apiKeySourceType: 'authorizer',
          disableDefaultEndpoint: true,
        },
      });
      assert.deepEqual(resolveConfig({}, core).restApi, {
        name: 'orders-api',
        description: 'from core',
        endpointType: 'REGIONAL',
        vpcEndpointIds: ['vpce-1'],
        binaryMediaTypes: ['image/png'],
        minimumCompressionSize: 1024,
        apiKeySource: 'AUTHORIZER',
        disableExecuteApiEndpoint: true,
        cloudWatchRole: 'ensure',
        tags: {},
      });
    });

    it('uses ours when set', () => {
      const core = coreFromProvider({ endpointType: 'regional', apiName: 'orders-api' });
      const { restApi } = resolveConfig(
        { restApi: { endpointType: 'REGIONAL', name: 'orders-api', minimumCompressionSize: 0 } },
        core,
      );
      assert.equal(restApi.endpointType, 'REGIONAL');
      assert.equal(restApi.name, 'orders-api');
      assert.equal(restApi.minimumCompressionSize, 0);
    });

    describe('cloudWatchRole', () => {
      const arn = 'arn:aws:iam::123456789012:role/apigw-logs';
      const cases: Array<{
        name: string;
        ours?: 'ensure' | 'external' | string;
        logs?: Record<string, unknown>;
        expected: ResolvedConfig['restApi']['cloudWatchRole'];
      }> = [
        { name: 'an ARN → roleArn', ours: arn, expected: { roleArn: arn } },
        { name: 'external', ours: 'external', expected: 'external' },
        { name: 'ensure', ours: 'ensure', expected: 'ensure' },
        {
          name: 'unset, core roleManagedExternally → external',
          logs: { roleManagedExternally: true },
          expected: 'external',
        },
        {
          name: 'unset, core role → roleArn',
          logs: { role: 'arn:aws:iam::123456789012:role/core' },
          expected: { roleArn: 'arn:aws:iam::123456789012:role/core' },
        },
        {
          name: 'unset, core roleManagedExternally wins over core role',
          logs: { roleManagedExternally: true, role: arn },
          expected: 'external',
        },
        {
          name: 'ours wins over core',
          ours: 'ensure',
          logs: { roleManagedExternally: true },
          expected: 'ensure',
        },
        { name: 'nothing set → ensure', expected: 'ensure' },
      ];
      for (const { name, ours, logs, expected } of cases) {
        it(name, () => {
          const core = coreFromProvider(logs ? { logs: { restApi: logs } } : {});
          const config: ApiGatewayConfig = ours ? { restApi: { cloudWatchRole: ours } } : {};
          assert.deepEqual(resolveConfig(config, core).restApi.cloudWatchRole, expected);
        });
      }
    });
  });

  describe('shared REST API', () => {
    it('has no stage and carries the shared id', () => {
      const resolved = resolveConfig(
        {},
        coreFromProvider({ apiGateway: { restApiId: 'abc123', restApiRootResourceId: 'root' } }),
      );
      assert.equal(resolved.stage, undefined);
      assert.equal('stage' in resolved, false);
      assert.equal(resolved.restApi.sharedRestApiId, 'abc123');
    });
  });

  describe('stageMigration', () => {
    it("defaults to 'fail' and passes 'recreate' through", () => {
      assert.equal(resolveConfig({}, coreSettings()).stageMigration, 'fail');
      assert.equal(
        resolveConfig({ stageMigration: 'recreate' }, coreSettings()).stageMigration,
        'recreate',
      );
    });
  });

  describe('the full valid config', () => {
    it('resolves the prod stage', () => {
      const core = coreSettings({ stackTags: { owner: 'platform' } });
      // The features resolved from routes, events and access settings have tests of their own.
      const config = resolveConfig(validConfig(), core);
      // Resolved once: no copy of the config as written is kept (issue 13).
      assert.equal('raw' in config, false);
      const {
        events,
        core: resolvedCore,
        configuresRestApi: _configuresRestApi,
        endpoints: _endpoints,
        routes: _routes,
        templates: _templates,
        requestValidation: _requestValidation,
        accessControl: _accessControl,
        caching: _caching,
        cors: _cors,
        gatewayResponses: _gatewayResponses,
        compileMode: _compileMode,
        routeKeys: _routeKeys,
        ...resolved
      } = config;
      assert.deepEqual(events, emptyEvents());
      assert.deepEqual(resolvedCore, core);
      assert.deepEqual(resolved, {
        service: 'orders',
        stageName: 'prod',
        region: 'eu-west-1',
        restApi: {
          name: 'orders-api',
          description: 'Orders REST API',
          endpointType: 'PRIVATE',
          vpcEndpointIds: ['vpce-0123456789abcdef0', { Ref: 'ExecuteApiEndpoint' }],
          binaryMediaTypes: ['image/png', '*/*'],
          minimumCompressionSize: 1024,
          apiKeySource: 'HEADER',
          disableExecuteApiEndpoint: false,
          cloudWatchRole: 'ensure',
          tags: { team: 'orders' },
        },
        stage: {
          name: 'prod',
          description: 'production',
          variables: { backendUrl: 'https://backend.example.com/v1', lambdaAlias: 'stable' },
          throttling: { rateLimit: 1000.5, burstLimit: 2000 },
          logging: {
            level: 'ERROR',
            dataTrace: false,
            accessLog: {
              format: '$context.requestId $context.status',
              destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:orders-access',
            },
          },
          tracing: true,
          metrics: true,
          caching: { enabled: true, clusterSize: '1.6', ttlInSeconds: 60, encrypted: true },
          canary: {
            percentTraffic: 10,
            variables: { lambdaAlias: 'canary' },
            useStageCache: false,
          },
          tags: { costCenter: 'cc-42', env: 'prod', owner: 'platform' },
          ownTags: { costCenter: 'cc-42', env: 'prod' },
          clientCertificate: { description: 'orders prod client certificate' },
        },
        stageMigration: 'recreate',
      });
    });
  });

  describe('immutability', () => {
    function assertDeeplyFrozen(value: unknown, path: string): void {
      if (value === null || typeof value !== 'object') return;
      assert.ok(Object.isFrozen(value), `${path} is frozen`);
      for (const [key, child] of Object.entries(value)) assertDeeplyFrozen(child, `${path}.${key}`);
    }

    function assertNothingFrozen(value: unknown, path: string): void {
      if (value === null || typeof value !== 'object') return;
      assert.equal(Object.isFrozen(value), false, `${path} is not frozen`);
      for (const [key, child] of Object.entries(value))
        assertNothingFrozen(child, `${path}.${key}`);
    }

    it('returns a deeply frozen stage', () => {
      const core = coreFromProvider({ logs: { restApi: true }, stackTags: { a: 'b' } });
      const resolved = resolveConfig(validConfig(), core);
      assert.ok(Object.isFrozen(resolved), 'resolved');
      assert.ok(Object.isFrozen(resolved.restApi), 'resolved.restApi');
      assertDeeplyFrozen(resolved.stage, 'resolved.stage');
      assert.throws(() => {
        (resolved.stage?.variables as Record<string, unknown>).x = 'y';
      }, TypeError);
    });

    // KNOWN BUG (reported; remove .skip once fixed): resolveRestApi() freezes the restApi object
    // shallowly, and deepFreeze() stops at objects that are already frozen, so
    // restApi.vpcEndpointIds, binaryMediaTypes, tags and cloudWatchRole.roleArn's object stay
    // mutable.
    it('returns a deeply frozen result, restApi included', () => {
      const core = coreFromProvider({ logs: { restApi: true }, stackTags: { a: 'b' } });
      assertDeeplyFrozen(resolveConfig(validConfig(), core), 'resolved');
      const withRole = resolveConfig(
        { restApi: { cloudWatchRole: 'arn:aws:iam::123456789012:role/x' } },
        core,
      );
      assertDeeplyFrozen(withRole, 'resolved');
    });

    it('neither mutates nor freezes the input config and core settings', () => {
      const config = validConfig({
        stages: {
          '*': { variables: { fn: { 'Fn::Join': ['', ['a', 'b']] } }, tags: { a: 'b' } },
          prod: { variables: { fn: { 'Fn::Join': ['-', ['c']] } }, caching: { clusterSize: 0.5 } },
        },
      });
      const core = coreFromProvider({
        logs: { restApi: { role: 'arn:aws:iam::123456789012:role/x' } },
        vpcEndpointIds: ['vpce-1'],
        stackTags: { z: '1' },
      });
      const configBefore = structuredClone(config);
      const coreBefore = structuredClone(core);
      resolveConfig(config, core);
      assert.deepEqual(config, configBefore);
      assert.deepEqual(core, coreBefore);
      assertNothingFrozen(config, 'config');
      assertNothingFrozen(core, 'core');
      assert.equal(Object.isFrozen(config), false);
    });
  });
});
