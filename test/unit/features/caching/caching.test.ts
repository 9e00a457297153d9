/** Per-endpoint caching and throttling: validation, resolution and the compiled method settings. */
import assert from 'node:assert/strict';
import { compileRestApiStack } from '../../../../src/pipeline/compile';
import { compileStage } from '../../../../src/features/stage/compile';
import { compileEndpointSettings } from '../../../../src/features/caching/compile';
import {
  cacheInvalidationPatchOperations,
  resolveEndpointCaching,
} from '../../../../src/features/caching/resolve';
import { methodSettingsResourcePath } from '../../../../src/cloudformation/rest-paths';
import { pathParameters } from '../../../../src/common/http-endpoint';
import { validateConfig } from '../../../../src/pipeline/validate';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { coreSettings } from '../../../helpers/config-builders';
import { assertValidTemplate } from '../../../helpers/cfn-check';
import {
  applied,
  CACHED_STAGES,
  context,
  coreTemplate,
  events,
  naming,
  resolved,
  standardEvents,
} from '../../../helpers/endpoint-settings';

const cachedGetOrder = {
  'GET orders/{id}': {
    caching: { ttlInSeconds: 60, keys: ['path.id', 'querystring.lang', 'header.Accept-Language'] },
    throttling: { rateLimit: 10, burstLimit: 20 },
  },
};

describe('endpoint settings: resolution', () => {
  it('escapes resource paths the way API Gateway keys method settings', () => {
    assert.equal(methodSettingsResourcePath('users/{id}'), '/~1users~1{id}');
    assert.equal(methodSettingsResourcePath('/users/{id}/'), '/~1users~1{id}');
    assert.equal(methodSettingsResourcePath(''), '/~1');
    assert.equal(methodSettingsResourcePath('a~b/c'), '/~1a~0b~1c');
  });

  it('finds path parameters, greedy ones included', () => {
    assert.deepEqual(pathParameters('users/{id}/files/{path+}'), ['id', 'path']);
  });

  it('takes TTL and encryption from the endpoint, then the stage, then API Gateway defaults', () => {
    const stage = {
      caching: { enabled: true, clusterSize: '0.5', ttlInSeconds: 120, encrypted: true },
    };
    assert.deepEqual(resolveEndpointCaching({ keys: ['querystring.q'] }, stage), {
      ttlInSeconds: 120,
      dataEncrypted: true,
      keys: ['method.request.querystring.q'],
    });
    assert.deepEqual(resolveEndpointCaching({ ttlInSeconds: 0, dataEncrypted: false }, stage), {
      ttlInSeconds: 0,
      dataEncrypted: false,
      keys: [],
    });
    assert.deepEqual(
      resolveEndpointCaching({}, { caching: { enabled: true, clusterSize: '0.5' } }),
      { ttlInSeconds: 300, dataEncrypted: false, keys: [] },
    );
    assert.equal(resolveEndpointCaching({ enabled: false }, stage), undefined);
    assert.equal(
      resolveEndpointCaching({}, { caching: { enabled: false, clusterSize: '0.5' } }),
      undefined,
    );
  });

  it('turns invalidation settings into UpdateStage patch operations (CloudFormation has no property for them)', () => {
    assert.deepEqual(
      cacheInvalidationPatchOperations({
        requireAuthorization: true,
        unauthorizedStrategy: 'FAIL_WITH_403',
      }),
      [
        { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'true' },
        {
          op: 'replace',
          path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy',
          value: 'FAIL_WITH_403',
        },
      ],
    );
    assert.deepEqual(cacheInvalidationPatchOperations(undefined), []);
  });
});

describe('compileEndpointSettings', () => {
  it('emits a method settings entry, request parameters and cache keys for a cached endpoint', () => {
    const config = resolved({ stages: CACHED_STAGES }, standardEvents(cachedGetOrder));
    const template = coreTemplate();
    const before = structuredClone(template);
    const result = compileEndpointSettings(config, context(template));
    assert.deepEqual(template, before, 'the input template is not mutated');

    const getOrder = result.methodSettings.find(
      (entry) => entry.ResourcePath === '/~1orders~1{id}',
    );
    assert.deepEqual(getOrder, {
      ResourcePath: '/~1orders~1{id}',
      HttpMethod: 'GET',
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
      MetricsEnabled: false,
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
      CachingEnabled: true,
      CacheTtlInSeconds: 60,
      CacheDataEncrypted: true,
    });

    const after = applied(template, result.fragments);
    const method = after.Resources.ApiGatewayMethodOrdersIdVarGet.Properties ?? {};
    assert.deepEqual(method.RequestParameters, {
      'method.request.header.Accept-Language': false,
      'method.request.path.id': true,
      'method.request.querystring.lang': false,
    });
    const integration = method.Integration as Record<string, unknown>;
    assert.deepEqual(integration.CacheKeyParameters, [
      'method.request.path.id',
      'method.request.querystring.lang',
      'method.request.header.Accept-Language',
    ]);
    assert.deepEqual(integration.RequestParameters, {
      'integration.request.header.Accept-Language': 'method.request.header.Accept-Language',
      'integration.request.path.id': 'method.request.path.id',
      'integration.request.querystring.lang': 'method.request.querystring.lang',
    });
    assert.equal(
      integration.Uri,
      'arn:aws:apigateway:eu-west-1:lambda:path/fn',
      'the rest is kept',
    );
  });

  it('gives only cached or throttled methods an entry; the stage-wide entry turns caching off', () => {
    const config = resolved({ stages: CACHED_STAGES }, standardEvents(cachedGetOrder));
    const { methodSettings } = compileEndpointSettings(config, context(coreTemplate()));
    assert.deepEqual(
      methodSettings.map((entry) => [entry.ResourcePath, entry.HttpMethod, entry.CachingEnabled]),
      [['/~1orders~1{id}', 'GET', true]],
    );
    // The other methods inherit the stage-wide entry, which says so explicitly.
    const stage = compileStage(config, context(coreTemplate()), 'D').Resources?.ApiGatewayStage;
    const [stageWide] = stage?.Properties?.MethodSettings as Array<Record<string, unknown>>;
    assert.equal(stageWide.ResourcePath, '/*');
    assert.equal(stageWide.CachingEnabled, false);
    assert.equal(
      methodSettings[0].LoggingLevel,
      stageWide.LoggingLevel,
      "the stage's logging is repeated",
    );
  });

  it('caches only the GET of an ANY endpoint and throttles all of its verbs', () => {
    const config = resolved(
      { stages: CACHED_STAGES },
      standardEvents({ 'ANY search': { caching: {}, throttling: { rateLimit: 5 } } }),
    );
    const { methodSettings } = compileEndpointSettings(config, context(coreTemplate()));
    const search = methodSettings.filter((entry) => entry.ResourcePath === '/~1search');
    assert.deepEqual(
      search.map((entry) => [entry.HttpMethod, entry.CachingEnabled, entry.ThrottlingRateLimit]),
      [
        ['DELETE', false, 5],
        ['GET', true, 5],
        ['HEAD', false, 5],
        ['PATCH', false, 5],
        ['POST', false, 5],
        ['PUT', false, 5],
      ],
    );
  });

  it('emits only throttled methods in a stage without a cluster, and touches no method', () => {
    const config = resolved(
      { stages: { '*': { throttling: { rateLimit: 100 } } } },
      standardEvents({ 'POST orders': { throttling: { burstLimit: 5 } } }),
    );
    const result = compileEndpointSettings(config, context(coreTemplate()));
    assert.deepEqual(result.fragments, []);
    assert.deepEqual(result.methodSettings, [
      {
        ResourcePath: '/~1orders',
        HttpMethod: 'POST',
        LoggingLevel: 'OFF',
        DataTraceEnabled: false,
        MetricsEnabled: false,
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 5,
      },
    ]);
  });

  it('emits nothing for a service without endpoint settings or cluster', () => {
    const config = resolved({ stages: { '*': { tracing: true } } }, standardEvents());
    assert.deepEqual(compileEndpointSettings(config, context(coreTemplate())), {
      fragments: [],
      methodSettings: [],
    });
  });

  it('adds no integration request mapping to a non-proxy integration', () => {
    const template = coreTemplate();
    (
      template.Resources.ApiGatewayMethodOrdersGet.Properties?.Integration as Record<
        string,
        unknown
      >
    ).Type = 'AWS';
    const config = resolved(
      { stages: CACHED_STAGES },
      standardEvents({ 'GET orders': { caching: { keys: ['querystring.page'] } } }),
    );
    const after = applied(template, compileEndpointSettings(config, context(template)).fragments);
    const integration = after.Resources.ApiGatewayMethodOrdersGet.Properties?.Integration as Record<
      string,
      unknown
    >;
    assert.deepEqual(integration.CacheKeyParameters, ['method.request.querystring.page']);
    assert.equal(integration.RequestParameters, undefined);
  });

  it('lands after the stage-wide entry of a valid Stage, deterministically', () => {
    const config = resolved({ stages: CACHED_STAGES }, standardEvents(cachedGetOrder));
    const compile = () => {
      const template = coreTemplate();
      return applied(template, compileRestApiStack(config, template, naming).fragments);
    };
    const first = compile();
    assert.deepEqual(compile(), first);
    const stage = first.Resources.ApiGatewayStage.Properties ?? {};
    const settings = stage.MethodSettings as Array<Record<string, unknown>>;
    assert.equal(settings[0].ResourcePath, '/*');
    assert.equal(settings.length, 2, 'the stage-wide entry and the cached GET /orders/{id}');
    assertValidTemplate(first);
  });
});

describe('checkEndpointSettings: caching and throttling', () => {
  function check(
    config: ApiGatewayConfig,
    settings: Record<string, unknown>,
    stageName = 'prod',
    core = {},
  ) {
    return validateConfig(config, standardEvents(settings), coreSettings({ stageName, ...core }));
  }

  it('accepts cached GET endpoints in a stage with a cluster', () => {
    assert.deepEqual(check({ stages: CACHED_STAGES }, cachedGetOrder), {
      errors: [],
      warnings: [],
    });
  });

  it('refuses caching in a stage without a cache cluster, with the fix', () => {
    assert.deepEqual(check({ stages: CACHED_STAGES }, cachedGetOrder, 'dev').errors, [
      {
        path: 'functions.getOrder.events[0].http.apiGateway.caching',
        message:
          "caching is on for GET /orders/{id} but stage \"dev\" has no cache cluster (custom.apiGateway.stages.dev.caching.enabled is not true, nor in '*'); turn the cluster on for this stage, or turn this endpoint's caching off where there is none, e.g. caching.enabled: ${param:cacheEnabled} with a per-stage param",
      },
    ]);
    assert.deepEqual(
      check(
        // dev has no entry: that warning is check-entry-exists's, not this test's.
        { stages: CACHED_STAGES, missingStage: 'ignore' },
        { 'GET orders/{id}': { caching: { enabled: false } } },
        'dev',
      ),
      { errors: [], warnings: [] },
    );
  });

  it('refuses caching a POST unless allowNonGetMethod is set', () => {
    assert.deepEqual(check({ stages: CACHED_STAGES }, { 'POST orders': { caching: {} } }).errors, [
      {
        path: 'functions.createOrder.events[0].http.apiGateway.caching',
        message:
          "POST /orders changes state, and a cached POST would serve one caller's result to the next without calling the backend; remove caching, or set caching.allowNonGetMethod: true if this POST only reads (a search, for example)",
      },
    ]);
    assert.deepEqual(
      check({ stages: CACHED_STAGES }, { 'POST orders': { caching: { allowNonGetMethod: true } } })
        .errors,
      [],
    );
  });

  it('checks path cache keys against the path parameters (did you mean)', () => {
    assert.deepEqual(
      check({ stages: CACHED_STAGES }, { 'GET orders/{id}': { caching: { keys: ['path.Id'] } } })
        .errors,
      [
        {
          path: 'functions.getOrder.events[0].http.apiGateway.caching.keys[0]',
          message:
            '"path.Id" is not a path parameter of GET /orders/{id}: its path parameters are id; did you mean "path.id"?',
        },
      ],
    );
    assert.deepEqual(
      check({ stages: CACHED_STAGES }, { 'GET orders': { caching: { keys: ['path.id'] } } }).errors,
      [
        {
          path: 'functions.listOrders.events[0].http.apiGateway.caching.keys[0]',
          message:
            '"path.id" is not a path parameter of GET /orders: its path has no parameters; use querystring.<name> or header.<name> for other request values',
        },
      ],
    );
  });

  it('rejects malformed caching settings in the schema', () => {
    const { errors } = check(
      { stages: CACHED_STAGES },
      {
        'GET orders': { caching: { ttlInSeconds: 4000, keys: ['cookie.session'] } },
      },
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'functions.listOrders.events[0].http.apiGateway.caching.ttlInSeconds',
        'functions.listOrders.events[0].http.apiGateway.caching.keys[0]',
      ],
    );
    assert.match(errors[0].message, /0-3600 s/);
    assert.equal(
      errors[1].message,
      '"cookie.session" is not a valid cache key: path.<name>, querystring.<name>, multivaluequerystring.<name>, header.<name> or multivalueheader.<name> (API Gateway\'s method.request.<location>.<name> parameters)',
    );
  });

  it('warns when an endpoint throttle is above the stage value', () => {
    const { errors, warnings } = check(
      { stages: CACHED_STAGES },
      { 'GET orders': { throttling: { rateLimit: 500, burstLimit: 50 } } },
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, [
      {
        path: 'functions.listOrders.events[0].http.apiGateway.throttling.rateLimit',
        message:
          '500 for GET /orders is above the stage-wide rateLimit 100 of stage "prod"; the stage limit still caps the method, so the higher value has no effect: lower it, or raise the stage\'s throttling.rateLimit',
      },
    ]);
  });

  it('rejects negative throttles in the schema', () => {
    const { errors } = check(
      {},
      { 'GET orders': { throttling: { rateLimit: -1, burstLimit: 1.5 } } },
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'functions.listOrders.events[0].http.apiGateway.throttling.rateLimit',
        'functions.listOrders.events[0].http.apiGateway.throttling.burstLimit',
      ],
    );
  });

  it('refuses per-endpoint caching and throttling on a shared REST API', () => {
    const { errors } = check(
      {},
      { 'GET orders': { caching: {}, throttling: { rateLimit: 1 } } },
      'prod',
      { sharedRestApiId: 'abc123' },
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        'functions.listOrders.events[0].http.apiGateway.caching',
        'functions.listOrders.events[0].http.apiGateway.throttling',
      ],
    );
    assert.match(errors[0].message, /shared REST API/);
  });

  it('validates the stage invalidation settings', () => {
    const valid = validateConfig(
      {
        stages: {
          prod: {
            caching: {
              enabled: true,
              invalidation: { requireAuthorization: true, unauthorizedStrategy: 'FAIL_WITH_403' },
            },
          },
        },
      },
      events([]),
      coreSettings(),
    );
    assert.deepEqual(valid.errors, []);
    const invalid = validateConfig(
      {
        stages: { prod: { caching: { invalidation: { unauthorizedStrategy: 'FAIL_WITH_401' } } } },
      } as never,
      events([]),
      coreSettings(),
    );
    assert.equal(invalid.errors.length, 1);
    assert.equal(
      invalid.errors[0].path,
      'custom.apiGateway.stages.prod.caching.invalidation.unauthorizedStrategy',
    );
    assert.match(invalid.errors[0].message, /did you mean "FAIL_WITH_403"/);
  });
});
