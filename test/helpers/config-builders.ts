import { emptyEvents, type EventsByKind } from '../../src/common/events';
/**
 * Builders for config-validation and resolution tests: core settings of a plain service and a
 * complete, valid `custom.apiGateway` that uses every key of the schema.
 */
import type { CoreSettings } from '../../src/pipeline/core-settings';
import type { ApiGatewayConfig } from '../../src/config/types.generated';

/** Core settings of service `orders`, stage `prod` in eu-west-1, no provider-level extras. */
export function coreSettings(overrides: Partial<CoreSettings> = {}): CoreSettings {
  return {
    service: 'orders',
    stageName: 'prod',
    region: 'eu-west-1',
    stackTags: {},
    tags: {},
    ...overrides,
  };
}

/**
 * A valid config using every key: restApi, stages '*' + dev + prod (logging, accessLog, tracing,
 * metrics, caching, canary, tags, variables, clientCertificate, throttling) and stageMigration.
 * `overrides` replaces top-level keys (shallow).
 */
export function validConfig(overrides: Partial<ApiGatewayConfig> = {}): ApiGatewayConfig {
  return {
    restApi: {
      name: 'orders-api',
      description: 'Orders REST API',
      endpointType: 'PRIVATE',
      policy: { allowVpcEndpoints: ['vpce-0123456789abcdef0'] },
      vpcEndpointIds: ['vpce-0123456789abcdef0', { Ref: 'ExecuteApiEndpoint' }],
      binaryMediaTypes: ['image/png', '*/*'],
      minimumCompressionSize: 1024,
      apiKeySource: 'HEADER',
      disableExecuteApiEndpoint: false,
      cloudWatchRole: 'ensure',
      tags: { team: 'orders' },
    },
    stages: {
      '*': {
        description: 'default stage settings',
        variables: { backendUrl: 'https://backend.example.com/v1', lambdaAlias: 'live' },
        throttling: { rateLimit: 100, burstLimit: 200 },
        logging: {
          level: 'ERROR',
          dataTrace: false,
          accessLog: 'json',
        },
        tracing: true,
        metrics: false,
        caching: { enabled: false },
        tags: { costCenter: 'cc-42' },
      },
      dev: {
        description: 'development',
        logging: { level: 'INFO', dataTrace: true, accessLog: 'clf', retentionInDays: 7 },
        metrics: true,
        clientCertificate: true,
        tags: { env: 'dev' },
      },
      prod: {
        description: 'production',
        variables: { lambdaAlias: 'stable' },
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
        tags: { env: 'prod' },
        clientCertificate: { description: 'orders prod client certificate' },
      },
    },
    stageMigration: 'recreate',
    ...overrides,
  };
}

/** `apiGateway` blocks on `http` events, as the plugin collects them. */
export function httpEvents(
  list: ReadonlyArray<{
    functionName: string;
    eventIndex: number;
    settings: unknown;
    event?: unknown;
  }> = [],
): EventsByKind {
  return {
    ...emptyEvents(),
    http: list.map(({ functionName, eventIndex, settings, event }) => ({
      kind: 'http' as const,
      functionName,
      eventIndex,
      event: event ?? { method: 'get', path: 'orders', apiGateway: settings },
      settings,
    })),
  };
}
