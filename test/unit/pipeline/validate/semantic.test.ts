import assert from 'node:assert/strict';
import { checkSemantics } from '../../../../src/pipeline/validate/semantic';
import type { ApiGatewayConfig } from '../../../../src/config/types.generated';
import { validateConfig } from '../../../../src/pipeline/validate';
import { coreSettings, validConfig, httpEvents } from '../../../helpers/config-builders';

const CACHE_OFF_PROD = {
  path: 'custom.apiGateway.stages.prod.caching',
  message:
    'caching settings are given but the cache cluster is off in stage "prod" (caching.enabled is not true); they take effect once it is on',
};

describe('semantic warnings', () => {
  it('warns when cache settings are given but the cluster is off', () => {
    const result = validateConfig(
      { stages: { prod: { caching: { ttlInSeconds: 60 } } } },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(result, { errors: [], warnings: [CACHE_OFF_PROD] });
  });

  it('warns for settings inherited from "*" when the stage turns the cluster off', () => {
    const result = validateConfig(
      { stages: { '*': { caching: { encrypted: true } }, prod: { caching: { enabled: false } } } },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(result, { errors: [], warnings: [CACHE_OFF_PROD] });
  });

  it('does not warn when the merged stage turns the cluster on', () => {
    const result = validateConfig(
      {
        stages: {
          '*': { caching: { enabled: true } },
          prod: { caching: { ttlInSeconds: 60, encrypted: true } },
        },
      },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(result, { errors: [], warnings: [] });
  });

  it('does not warn about a stage that is not being deployed', () => {
    const result = validateConfig(
      { stages: { dev: { caching: { ttlInSeconds: 60 } } } },
      httpEvents(),
      coreSettings({ stageName: 'prod' }),
    );
    assert.deepEqual(result, { errors: [], warnings: [] });
  });

  it('does not warn for clusterSize alone (only ttlInSeconds and encrypted)', () => {
    const result = validateConfig(
      { stages: { prod: { caching: { clusterSize: '6.1' } } } },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(result, { errors: [], warnings: [] });
  });

  it("names the deployed stage in the message and points at the entry that holds the settings ('*')", () => {
    const result = validateConfig(
      { stages: { '*': { caching: { ttlInSeconds: 10 } } } },
      httpEvents(),
      coreSettings({ stageName: 'dev' }),
    );
    assert.deepEqual(result.warnings, [
      {
        path: "custom.apiGateway.stages['*'].caching",
        message:
          'caching settings are given but the cache cluster is off in stage "dev" (caching.enabled is not true); they take effect once it is on',
      },
    ]);
  });

  it('reports semantic errors and warnings together', () => {
    const result = validateConfig(
      {
        restApi: { vpcEndpointIds: ['vpce-1'] },
        stages: { prod: { caching: { ttlInSeconds: 60 } } },
      },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(result, {
      errors: [
        {
          path: 'custom.apiGateway.restApi.vpcEndpointIds',
          message:
            'VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is EDGE; set endpointType: PRIVATE or remove vpcEndpointIds',
        },
      ],
      warnings: [CACHE_OFF_PROD],
    });
  });

  it('the full valid config has neither errors nor warnings in any stage', () => {
    for (const stageName of ['prod', 'dev', 'staging']) {
      assert.deepEqual(
        validateConfig(validConfig(), httpEvents(), coreSettings({ stageName })),
        { errors: [], warnings: [] },
        stageName,
      );
    }
  });
});

describe('semantic checks are skipped when the schema fails', () => {
  /** Schema-valid, but with three semantic errors and one warning. */
  const semanticallyBad: ApiGatewayConfig = {
    restApi: { vpcEndpointIds: ['vpce-1'] },
    stages: {
      prod: {
        logging: { accessLog: '$context.status' },
        caching: { ttlInSeconds: 60 },
      },
    },
  };
  const core = coreSettings({ stageName: 'my stage' });

  it('the config really has semantic errors and a warning on its own', () => {
    const semantic = checkSemantics(semanticallyBad, httpEvents(), core);
    assert.deepEqual(
      semantic.errors.map((issue) => issue.path),
      [
        'provider.stage',
        'custom.apiGateway.restApi.vpcEndpointIds',
        'custom.apiGateway.stages.prod.logging.accessLog',
      ],
    );
    assert.deepEqual(validateConfig(semanticallyBad, httpEvents(), core).errors, semantic.errors);
    const prodCore = coreSettings();
    assert.equal(checkSemantics(semanticallyBad, httpEvents(), prodCore).warnings.length, 1);
  });

  it('reports only the schema error, and no warnings, when the config breaks the schema', () => {
    const config = {
      ...semanticallyBad,
      stages: {
        ...semanticallyBad.stages,
        prod: { ...semanticallyBad.stages?.prod, tracing: 'on' },
      },
    };
    assert.deepEqual(validateConfig(config, httpEvents(), core), {
      errors: [
        {
          path: 'custom.apiGateway.stages.prod.tracing',
          message: 'expected true or false, found string "on"',
        },
      ],
      warnings: [],
    });
  });

  it('also skips them when only an http event breaks its schema', () => {
    assert.deepEqual(
      validateConfig(
        semanticallyBad,
        httpEvents([{ functionName: 'getOrder', eventIndex: 0, settings: { colour: 'blue' } }]),
        coreSettings(),
      ),
      {
        errors: [
          {
            path: 'functions.getOrder.events[0].http.apiGateway.colour',
            message:
              'unknown key "colour"; allowed keys: authorizer, scopes, apiKeyRequired, caching, throttling, cors, validate.',
          },
        ],
        warnings: [],
      },
    );
  });
});

// KNOWN BUGS (reported to the lead; remove .skip once fixed). They assert only paths, leaving the
// wording to the fix.
describe('semantic checks on the merged stage (known bugs)', () => {
  it("no canary error when the variables come from '*'", () => {
    // Today: custom.apiGateway.stages.prod.canary "…without variables it changes nothing…",
    // although the resolved prod canary has variables { alias: 'canary' }.
    const result = validateConfig(
      {
        stages: {
          '*': { canary: { percentTraffic: 0, variables: { alias: 'canary' } } },
          prod: { canary: { percentTraffic: 10 } },
        },
      },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(result.errors, []);
  });

  it("flags retentionInDays from '*' with a destinationArn in the deployed stage", () => {
    // Today: no error, and the resolved prod stage carries both retentionInDays 30 and the
    // destinationArn, so the retention is silently ignored.
    const result = validateConfig(
      {
        stages: {
          '*': { logging: { retentionInDays: 30 } },
          prod: {
            logging: {
              accessLog: {
                format: 'json',
                destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:x',
              },
            },
          },
        },
      },
      httpEvents(),
      coreSettings(),
    );
    assert.equal(result.errors.length, 1);
  });

  it('compares the REST API name with provider.apiName case-sensitively', () => {
    // Today: no error ('same' upper-cases every string), and the API is named "Orders".
    const result = validateConfig(
      { restApi: { name: 'Orders' } },
      httpEvents(),
      coreSettings({ apiName: 'orders' }),
    );
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway.restApi.name'],
    );
  });
});
