/** Rules about a stage's settings: one failing and one passing config each, at the config path. */
import assert from 'node:assert/strict';
import { accessLoggingRule } from '../../../src/lint/rules/access-logging';
import { cacheEncryptionRule } from '../../../src/lint/rules/cache-encryption';
import { clientCertificateRule } from '../../../src/lint/rules/client-certificate';
import { dataTraceRule } from '../../../src/lint/rules/data-trace';
import { tracingRule } from '../../../src/lint/rules/tracing';
import { usagePlanRule } from '../../../src/lint/rules/usage-plan';
import { wafRule } from '../../../src/lint/rules/waf';
import { events, found, lint, restTemplate } from './builders';

const ACCESS_LOG = {
  DestinationArn: 'arn:aws:logs:eu-west-1:1:log-group:x',
  Format: '$context.requestId',
};

describe('lint APIGW-LOG-001: access logging off', () => {
  it('reports a REST stage without AccessLogSetting at the stage entry that would set it', () => {
    assert.deepEqual(found(lint(accessLoggingRule, restTemplate())), [
      [
        'custom.apiGateway.stages.prod.logging.accessLog',
        'the REST API stage prod writes no access logs',
      ],
    ]);
  });

  it("points at the '*' entry when that is where access logs are turned off", () => {
    const config = { stages: { '*': { logging: { accessLog: false as const } } } };
    assert.deepEqual(
      found(lint(accessLoggingRule, restTemplate(), { config })).map(([path]) => path),
      ["custom.apiGateway.stages['*'].logging.accessLog"],
    );
  });

  it('passes a stage with access logs', () => {
    const template = restTemplate({ stage: { AccessLogSetting: ACCESS_LOG } });
    assert.deepEqual(found(lint(accessLoggingRule, template)), []);
  });

  it('reports an HTTP API stage without AccessLogSettings, and passes one with them', () => {
    const template = restTemplate();
    template.Resources = {
      HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'x', ProtocolType: 'HTTP' } },
      HttpApiStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true },
      },
    };
    assert.deepEqual(found(lint(accessLoggingRule, template)), [
      [
        'custom.apiGateway.httpApi.stages.prod.logging.accessLog',
        'the HTTP API stage $default writes no access logs',
      ],
    ]);
    (template.Resources.HttpApiStage.Properties ?? {}).AccessLogSettings = ACCESS_LOG;
    assert.deepEqual(found(lint(accessLoggingRule, template)), []);
  });
});

describe('lint APIGW-LOG-002: data trace in a production stage', () => {
  const tracing = restTemplate({
    stage: {
      MethodSettings: [
        { ResourcePath: '/*', HttpMethod: '*', LoggingLevel: 'INFO', DataTraceEnabled: true },
      ],
    },
  });

  it('reports data trace on a stage named like production', () => {
    assert.deepEqual(found(lint(dataTraceRule, tracing)), [
      [
        'custom.apiGateway.stages.prod.logging.dataTrace',
        'the production stage prod logs full request and response data (DataTraceEnabled)',
      ],
    ]);
  });

  it('passes the same settings on a dev stage, and a production stage without data trace', () => {
    assert.deepEqual(found(lint(dataTraceRule, tracing, { stageName: 'dev' })), []);
    const quiet = restTemplate({
      stage: { MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', DataTraceEnabled: false }] },
    });
    assert.deepEqual(found(lint(dataTraceRule, quiet)), []);
  });

  it('productionStages replaces the name heuristic', () => {
    const config = { lint: { productionStages: ['main'] } };
    assert.equal(lint(dataTraceRule, tracing, { config }).findings.length, 0);
    assert.equal(lint(dataTraceRule, tracing, { config, stageName: 'main' }).findings.length, 1);
  });
});

describe('lint APIGW-XRAY-001: X-Ray off', () => {
  it('reports a stage without TracingEnabled', () => {
    assert.deepEqual(found(lint(tracingRule, restTemplate())), [
      ['custom.apiGateway.stages.prod.tracing', 'the REST API stage prod has X-Ray tracing off'],
    ]);
  });

  it('passes a traced stage', () => {
    const template = restTemplate({ stage: { TracingEnabled: true } });
    assert.deepEqual(found(lint(tracingRule, template)), []);
  });
});

describe('lint APIGW-CACHE-001: cache not encrypted', () => {
  const cached = (encrypted: boolean) =>
    restTemplate({
      stage: {
        CacheClusterEnabled: true,
        MethodSettings: [
          { ResourcePath: '/*', HttpMethod: '*', CachingEnabled: false },
          {
            ResourcePath: '/~1orders',
            HttpMethod: 'GET',
            CachingEnabled: true,
            CacheDataEncrypted: encrypted,
          },
        ],
      },
    });
  const orderEvents = events([
    {
      functionName: 'listOrders',
      event: { method: 'get', path: 'orders', apiGateway: { caching: { enabled: true } } },
    },
  ]);

  it("reports a cached endpoint stored unencrypted at the endpoint's caching key", () => {
    assert.deepEqual(found(lint(cacheEncryptionRule, cached(false), { events: orderEvents })), [
      [
        'functions.listOrders.events[0].http.apiGateway.caching.dataEncrypted',
        'GET /orders is cached unencrypted in the stage prod',
      ],
    ]);
  });

  it('reports stage-wide caching unencrypted at the stage key', () => {
    const template = restTemplate({
      stage: {
        CacheClusterEnabled: true,
        MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', CachingEnabled: true }],
      },
    });
    assert.deepEqual(
      found(lint(cacheEncryptionRule, template)).map(([path]) => path),
      ['custom.apiGateway.stages.prod.caching.encrypted'],
    );
  });

  it('passes encrypted caching, and a stage without a cache cluster', () => {
    assert.deepEqual(found(lint(cacheEncryptionRule, cached(true), { events: orderEvents })), []);
    assert.deepEqual(found(lint(cacheEncryptionRule, restTemplate())), []);
  });
});

describe('lint APIGW-WAF-001: no WAF on a public REST stage', () => {
  it('reports a regional stage without a web ACL association', () => {
    assert.deepEqual(found(lint(wafRule, restTemplate())), [
      [
        'custom.apiGateway.stages.prod.waf',
        'the public REST API stage prod has no AWS WAF web ACL',
      ],
    ]);
  });

  it('passes a stage with the association stages.<stage>.waf compiles, and a PRIVATE API', () => {
    const template = restTemplate({
      resources: {
        ApiGatewayWebAclAssociation: {
          Type: 'AWS::WAFv2::WebACLAssociation',
          Properties: {
            ResourceArn: {
              'Fn::Sub': [
                'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApiId}/stages/${StageName}',
                { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'prod' },
              ],
            },
            WebACLArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b',
          },
        },
      },
    });
    assert.deepEqual(found(lint(wafRule, template)), []);
    const privateApi = restTemplate({ api: { EndpointConfiguration: { Types: ['PRIVATE'] } } });
    assert.deepEqual(found(lint(wafRule, privateApi)), []);
  });
});

describe('lint APIGW-CERT-001: no client certificate for HTTP backends', () => {
  const httpBackend = (stage = {}) =>
    restTemplate({
      stage,
      methods: [
        {
          path: '/legacy',
          method: 'GET',
          properties: {
            Integration: {
              Type: 'HTTP_PROXY',
              IntegrationHttpMethod: 'GET',
              Uri: 'https://legacy.example.com',
            },
          },
        },
      ],
    });

  it('reports a stage calling an HTTP backend without a client certificate', () => {
    assert.deepEqual(found(lint(clientCertificateRule, httpBackend())), [
      [
        'custom.apiGateway.stages.prod.clientCertificate',
        'the stage prod calls HTTP backends (GET /legacy) without a client certificate',
      ],
    ]);
  });

  it('passes with a client certificate, and a stage with Lambda backends only', () => {
    const withCertificate = httpBackend({
      ClientCertificateId: { Ref: 'ApiGatewayClientCertificate' },
    });
    assert.deepEqual(found(lint(clientCertificateRule, withCertificate)), []);
    assert.deepEqual(found(lint(clientCertificateRule, restTemplate())), []);
  });
});

describe('lint APIGW-USAGE-001: no usage plan on a public API', () => {
  it('reports a public stage in no usage plan', () => {
    assert.deepEqual(found(lint(usagePlanRule, restTemplate())), [
      [
        'custom.apiGateway.usagePlans',
        'the public REST API stage prod is in no usage plan: no per-client quota or throttle',
      ],
    ]);
  });

  it('passes a stage a usage plan names', () => {
    const template = restTemplate({
      resources: {
        FreeUsagePlan: {
          Type: 'AWS::ApiGateway::UsagePlan',
          Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'prod' }] },
        },
      },
    });
    assert.deepEqual(found(lint(usagePlanRule, template)), []);
  });
});
