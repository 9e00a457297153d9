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
    // missingStage: ignore — prod has no entry, which is another check's warning (check-entry-exists).
    const result = validateConfig(
      { stages: { dev: { caching: { ttlInSeconds: 60 } } }, missingStage: 'ignore' },
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
        // A stage without an entry (staging) is warned about; that warning is tested on its own.
        validateConfig(
          validConfig({ missingStage: 'ignore' }),
          httpEvents(),
          coreSettings({ stageName }),
        ),
        { errors: [], warnings: [] },
        stageName,
      );
    }
  });
});

describe('validation in one round: schema errors and the semantic checks of the other parts', () => {
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
  const VPC_ENDPOINTS = {
    path: 'custom.apiGateway.restApi.vpcEndpointIds',
    message:
      'VPC endpoint ids only apply to PRIVATE APIs, but the endpoint type is EDGE; set endpointType: PRIVATE or remove vpcEndpointIds',
  };

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
    // validateConfig reports the same issues, sorted by path.
    assert.deepEqual(
      validateConfig(semanticallyBad, httpEvents(), core).errors.map((issue) => issue.path),
      [
        'custom.apiGateway.restApi.vpcEndpointIds',
        'custom.apiGateway.stages.prod.logging.accessLog',
        'provider.stage',
      ],
    );
    const prodCore = coreSettings();
    assert.equal(checkSemantics(semanticallyBad, httpEvents(), prodCore).warnings.length, 1);
  });

  it('reports a schema error of stages with the semantic errors of restApi and the stage name', () => {
    const config = {
      ...semanticallyBad,
      stages: {
        ...semanticallyBad.stages,
        prod: { ...semanticallyBad.stages?.prod, tracing: 'on' },
      },
    };
    // The stage checks do not run on stages that broke the schema: no accessLog error, no warning.
    assert.deepEqual(validateConfig(config, httpEvents(), core), {
      errors: [
        VPC_ENDPOINTS,
        {
          path: 'custom.apiGateway.stages.prod.tracing',
          message: 'expected true or false, found string "on"',
        },
        {
          path: 'provider.stage',
          message: `"my stage" (from --stage or provider.stage) is not a valid API Gateway stage name: letters, digits, '-' and '_' only, up to 128 characters`,
        },
      ],
      warnings: [],
    });
  });

  it('an http event that breaks its schema holds back only the checks that read http events', () => {
    const result = validateConfig(
      {
        ...semanticallyBad,
        // Read by the CORS check (with the http events): held back, or it would report here too.
        cors: { origins: ['https://a.example.com'], allowCredentials: true },
      },
      httpEvents([{ functionName: 'getOrder', eventIndex: 0, settings: { colour: 'blue' } }]),
      coreSettings(),
    );
    assert.deepEqual(result.errors, [
      VPC_ENDPOINTS,
      {
        path: 'custom.apiGateway.stages.prod.logging.accessLog',
        message:
          'a custom access-log format must include $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise); add one, or use a preset: clf, json, xml, csv',
      },
      {
        path: 'functions.getOrder.events[0].http.apiGateway.colour',
        message:
          'unknown key "colour"; allowed keys: authorizer, scopes, apiKeyRequired, caching, throttling, cors, validate, lintSuppress.',
      },
    ]);
    assert.deepEqual(result.warnings, [CACHE_OFF_PROD]);
  });

  it('one schema error and one semantic error in different features, together and sorted', () => {
    const result = validateConfig(
      {
        httpApi: { colour: 'blue' },
        authorizers: { auth: { type: 'token', functionName: 'nope' } },
      },
      httpEvents(),
      coreSettings({ functionNames: ['getOrder'] }),
    );
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway.authorizers.auth.functionName', 'custom.apiGateway.httpApi.colour'],
    );
    assert.match(result.errors[0].message, /nope/);
  });

  it('a misspelt top-level key holds back the checks of the key it most likely meant', () => {
    const result = validateConfig(
      {
        restApi: { vpcEndpointIds: ['vpce-1'] },
        stagse: { prod: { logging: { accessLog: 'x' } } },
      },
      httpEvents(),
      coreSettings(),
    );
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway.restApi.vpcEndpointIds', 'custom.apiGateway.stagse'],
    );
  });

  it('a config that is not an object runs only the checks that read none of it', () => {
    const result = validateConfig('yes', httpEvents(), coreSettings({ stageName: 'my stage' }));
    assert.deepEqual(
      result.errors.map((issue) => issue.path),
      ['custom.apiGateway', 'provider.stage'],
    );
  });

  it('reports an issue found twice once', () => {
    const issue = { path: 'provider.apiGateway.apiKeys', message: 'cannot be read' };
    const result = validateConfig(
      { restApi: { vpcEndpointIds: ['vpce-1'] } },
      httpEvents(),
      coreSettings({ unreadable: [issue, issue] }),
    );
    assert.deepEqual(result.errors, [VPC_ENDPOINTS, issue]);
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
