/**
 * The example service of serverless-apigateway-kit: a small orders API that uses every feature of
 * the plugin. `dev` and `prod` differ visibly (throttling, caching, logging level, canary, client
 * certificate, variables). Deployable as is: `npm run build && npx sls deploy --stage dev`.
 *
 * - REST API (`http` events): stages, Cognito and Lambda TOKEN authorizers, a public health check,
 *   usage plans with API keys, CORS for three origins, json gateway responses with CORS, caching of
 *   GET /orders/{id} in prod only, per-endpoint throttling, OpenAPI export after deploy.
 * - Routes without a function: a mock status, an HTTP backend (cached in prod), an HTTP proxy behind
 *   the partner authorizer and an API key, and an SQS queue fed by a VTL template from a file with
 *   request validation against a shared, named model (schemas/order.json).
 * - HTTP API (`httpApi` events): JWT authorizer on the same user pool, stage throttling, logs and
 *   tags, CORS with credentials, routes without a function (SQS enqueue and receive, legacy HTTP proxy).
 * - WebSocket API (`websocket` events): $connect authorizer, per-route throttling, manageConnections.
 * - The security lint at package, with the findings this service accepts suppressed and why.
 */
import type { AWS } from '@serverless/typescript';
import type { ApiGatewayConfig, WithApiGateway } from 'serverless-apigateway-kit/types';

const userPoolIssuer = {
  'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}',
};

const apiGateway: ApiGatewayConfig = {
  restApi: {
    description: 'Orders API of the serverless-apigateway-kit example',
    endpointType: 'REGIONAL',
    minimumCompressionSize: 1024,
    binaryMediaTypes: ['image/png'],
    apiKeySource: 'HEADER',
    tags: { product: 'orders' },
    policy: { denyIps: ['198.51.100.0/24'] },
  },
  stages: {
    '*': {
      logging: { level: 'ERROR', accessLog: 'json', retentionInDays: 30 },
      tracing: true,
      metrics: true,
      tags: { owner: 'orders-team' },
    },
    dev: {
      description: 'Development: low limits, full logs',
      throttling: { rateLimit: 20, burstLimit: 40 },
      logging: { level: 'INFO', dataTrace: true },
      variables: { flavour: 'dev', backend: 'https://orders-dev.internal.example.com' },
    },
    prod: {
      description: 'Production: cached, high limits, canary on 10% of traffic',
      throttling: { rateLimit: 500, burstLimit: 1000 },
      caching: {
        enabled: true,
        clusterSize: '0.5',
        ttlInSeconds: 300,
        encrypted: true,
        invalidation: { requireAuthorization: true, unauthorizedStrategy: 'FAIL_WITH_403' },
      },
      variables: { flavour: 'stable', backend: 'https://orders.internal.example.com' },
      canary: { percentTraffic: 10, variables: { flavour: 'canary' } },
      clientCertificate: {
        description: 'Lets the orders backend verify calls come from API Gateway',
      },
      tags: { criticality: 'high' },
    },
  },
  authorizers: {
    users: {
      type: 'cognito',
      userPoolArn: { 'Fn::GetAtt': ['UserPool', 'Arn'] },
      scopes: ['orders/read'],
    },
    partner: {
      type: 'token',
      functionName: 'authorize',
      identitySource: 'X-Partner-Token',
      resultTtlInSeconds: 60,
    },
  },
  defaultAuthorizer: 'users',
  usagePlans: {
    free: {
      quota: { limit: 1000, period: 'DAY' },
      throttle: { rateLimit: 5, burstLimit: 10 },
      methodThrottles: { 'POST /orders': { rateLimit: 1, burstLimit: 2 } },
      apiKeys: [{ name: 'partner-a' }, { name: 'partner-b', enabled: false }],
    },
    pro: {
      quota: { limit: 1000000, period: 'MONTH' },
      stages: ['prod'],
      apiKeys: [{ name: 'enterprise' }],
    },
  },
  cors: {
    origins: [
      'https://app.example.com',
      'https://admin.example.com',
      'https://*.preview.example.com',
    ],
    headers: ['Content-Type', 'Authorization', 'X-Api-Key', 'X-Partner-Token'],
    exposeHeaders: ['X-Request-Id'],
    allowCredentials: true,
    maxAge: 600,
  },
  gatewayResponses: {
    // Gateway responses send one fixed origin (they cannot choose per request): the app's.
    cors: { origin: 'https://app.example.com' },
    preset: 'json',
    THROTTLED: { headers: { 'Retry-After': '1' } },
  },
  // Endpoints with no Lambda behind them: API Gateway answers, calls a backend or an AWS service.
  // One Order model, from a file, shared by the queue route and the partner endpoint.
  models: { Order: { schema: 'schemas/order.json', description: 'An order as clients send it' } },
  routes: {
    'GET /status': {
      integration: 'mock',
      authorizer: 'none',
      response: { headers: { 'Cache-Control': 'no-store' }, body: { ok: true, service: 'orders' } },
    },
    'GET /reports/{id}': {
      integration: {
        type: 'http',
        uri: '${stageVariables.backend}/reports/{id}',
        timeoutInMillis: 5000,
      },
      scopes: ['orders/read'],
      caching: {
        enabled: '${param:cacheOrders}' as unknown as boolean,
        ttlInSeconds: 300,
        keys: ['path.id'],
      },
    },
    'GET /partners/feed': {
      integration: { type: 'http_proxy', uri: 'https://partners.example.com/feed' },
      authorizer: 'partner',
      apiKeyRequired: true,
      throttling: { rateLimit: 5, burstLimit: 10 },
    },
    'POST /orders/queue': {
      integration: {
        type: 'aws',
        action: 'sqs:SendMessage',
        queueArn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
      },
      request: { template: 'templates/enqueue.vtl' },
      validate: { body: 'Order' },
      response: { statusCode: 202, body: { queued: true } },
    },
  },
  openapi: {
    info: {
      title: 'Orders API',
      version: '1.0.0',
      description: 'Orders API of the serverless-apigateway-kit example',
    },
    servers: [{ url: 'https://orders.example.com', description: 'Production (custom domain)' }],
    exportAfterDeploy: { path: 'openapi/orders.yaml', type: 'oas30', extensions: 'apigateway' },
  },
  // The security lint runs at package (`warn`: one line; the findings with --verbose or
  // `sls apigateway lint`). What this service accepts on purpose is suppressed, with the reason.
  lint: {
    level: 'warn',
    suppress: [
      {
        rule: 'APIGW-AUTH-001',
        endpoint: 'GET /status',
        reason: 'status page for uptime monitors: public by design, answered by API Gateway alone',
      },
      {
        rule: 'APIGW-WAF-001',
        reason:
          'the example deploys in any account without a web ACL of its own; set stages.prod.waf to yours',
      },
      {
        rule: 'APIGW-CERT-001',
        stage: 'dev',
        reason: 'the dev backends do not verify client certificates; prod has one',
      },
    ],
  },
  httpApi: {
    defaultAuthorizer: 'users',
    authorizers: {
      users: { type: 'jwt', issuer: userPoolIssuer, audience: [{ Ref: 'UserPoolClient' }] },
    },
    cors: {
      origins: ['https://app.example.com', 'https://admin.example.com'],
      allowCredentials: true,
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    },
    stages: {
      '*': {
        metrics: true,
        throttling: { rateLimit: 100, burstLimit: 200 },
        logging: { accessLog: 'json', retentionInDays: 14 },
        variables: { legacy: 'https://legacy.example.com' },
        tags: { team: 'orders', api: 'http' },
      },
      // dev runs on the '*' defaults: an entry of its own says so (else `missingStage` warns).
      dev: {},
      prod: {
        throttling: { rateLimit: 1000, burstLimit: 2000 },
        variables: { legacy: 'https://legacy.prod.example.com' },
        routes: { 'POST /v2/orders': { throttling: { rateLimit: 10, burstLimit: 20 } } },
      },
    },
    routes: {
      // Enqueue without a function: SQS-SendMessage, with a role allowed exactly that on OrdersQueue.
      'POST /v2/orders/async': {
        integration: {
          type: 'aws',
          subtype: 'SQS-SendMessage',
          parameters: { QueueUrl: { Ref: 'OrdersQueue' }, MessageBody: '$request.body' },
        },
        scopes: ['orders/write'],
        throttling: { rateLimit: 20, burstLimit: 40 },
      },
      // A worker polls the same queue over HTTPS: SQS-ReceiveMessage, long polling.
      'POST /v2/orders/next': {
        integration: {
          type: 'aws',
          subtype: 'SQS-ReceiveMessage',
          parameters: {
            QueueUrl: { Ref: 'OrdersQueue' },
            MaxNumberOfMessages: '10',
            WaitTimeSeconds: '10',
          },
        },
        scopes: ['orders/write'],
        timeout: 15,
      },
      // The old backend behind the same JWT authorizer, one URL per stage.
      'ANY /v2/legacy/{proxy+}': {
        integration: { type: 'http_proxy', uri: '${stageVariables.legacy}/{proxy}' },
        timeout: 10,
      },
    },
  },
  websocket: {
    routeSelectionExpression: '$request.body.action',
    manageConnections: true,
    authorizers: {
      chatToken: {
        functionName: 'chatAuthorize',
        identitySource: ['route.request.querystring.token'],
      },
    },
    stages: {
      '*': {
        throttling: { rateLimit: 50, burstLimit: 100 },
        logging: { level: 'ERROR', accessLog: 'clf', retentionInDays: 7 },
        tags: { team: 'chat' },
      },
      dev: {},
      prod: {
        metrics: true,
        routes: { sendMessage: { throttling: { rateLimit: 5, burstLimit: 10 } } },
      },
    },
  },
  stageMigration: 'fail',
};

// WithApiGateway<AWS>: @serverless/typescript's type, with `custom.apiGateway` and the `apiGateway`
// key of http, httpApi and websocket events typed by the plugin.
const serverlessConfiguration: WithApiGateway<AWS> = {
  service: 'apigateway-kit-example',
  frameworkVersion: '3',
  plugins: ['serverless-apigateway-kit'],
  package: {
    // The handlers and the runtime helper (`serverless-apigateway-kit-cors`), nothing else.
    patterns: [
      '!**',
      'src/**',
      'node_modules/serverless-apigateway-kit-cors/package.json',
      'node_modules/serverless-apigateway-kit-cors/dist/**',
    ],
  },
  params: {
    prod: { cacheOrders: true },
    default: { cacheOrders: false },
  },
  provider: {
    name: 'aws',
    runtime: 'nodejs22.x',
    region: 'eu-west-1',
    stackTags: { project: 'apigateway-kit-example' },
  },
  custom: { apiGateway },
  functions: {
    authorize: { handler: 'src/handlers.authorize' },
    health: {
      handler: 'src/handlers.health',
      events: [
        {
          http: {
            method: 'get',
            path: 'health',
            apiGateway: {
              authorizer: 'none',
              lintSuppress: [{ rule: 'APIGW-AUTH-001', reason: 'load balancer health check' }],
            },
          },
        },
      ],
    },
    listOrders: {
      handler: 'src/handlers.listOrders',
      events: [{ http: { method: 'get', path: 'orders' } }],
    },
    getOrder: {
      handler: 'src/handlers.getOrder',
      events: [
        {
          http: {
            method: 'get',
            path: 'orders/{id}',
            apiGateway: {
              scopes: ['orders/read'],
              // Cached in prod only: the dev stage has no cache cluster.
              caching: {
                enabled: '${param:cacheOrders}' as unknown as boolean,
                ttlInSeconds: 60,
                keys: ['path.id', 'querystring.lang'],
              },
              // At most the dev stage's limits: a method limit above its stage's has no effect there.
              throttling: { rateLimit: 20, burstLimit: 40 },
            },
          },
        },
      ],
    },
    createOrder: {
      handler: 'src/handlers.createOrder',
      events: [
        {
          http: {
            method: 'post',
            path: 'orders',
            apiGateway: {
              authorizer: 'partner',
              apiKeyRequired: true,
              validate: { body: 'Order' },
            },
          },
        },
      ],
    },
    listOrdersV2: {
      handler: 'src/handlers.listOrders',
      events: [
        {
          httpApi: {
            method: 'get',
            path: '/v2/orders',
            apiGateway: { scopes: ['orders/read'], timeout: 10 },
          },
        },
      ],
    },
    createOrderV2: {
      handler: 'src/handlers.createOrder',
      events: [{ httpApi: { method: 'post', path: '/v2/orders' } }],
    },
    healthV2: {
      handler: 'src/handlers.health',
      events: [
        {
          httpApi: {
            method: 'get',
            path: '/v2/health',
            apiGateway: {
              authorizer: 'none',
              lintSuppress: [{ rule: 'APIGW-AUTH-001', reason: 'load balancer health check' }],
            },
          },
        },
      ],
    },
    chatAuthorize: { handler: 'src/chat.authorize' },
    chatConnect: {
      handler: 'src/chat.connect',
      events: [{ websocket: { route: '$connect', apiGateway: { authorizer: 'chatToken' } } }],
    },
    chatDisconnect: {
      handler: 'src/chat.disconnect',
      events: [{ websocket: { route: '$disconnect' } }],
    },
    chatMessage: {
      handler: 'src/chat.message',
      events: [{ websocket: { route: 'sendMessage', apiGateway: { routeResponse: true } } }],
    },
  },
  resources: {
    Resources: {
      UserPool: {
        Type: 'AWS::Cognito::UserPool',
        Properties: { UserPoolName: 'apigateway-kit-example-${sls:stage}' },
      },
      OrdersQueue: { Type: 'AWS::SQS::Queue' },
      UserPoolClient: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: { UserPoolId: { Ref: 'UserPool' }, ClientName: 'orders-web' },
      },
    },
  },
};

module.exports = serverlessConfiguration;
