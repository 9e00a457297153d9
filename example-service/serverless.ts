/**
 * The example service of serverless-apigateway-kit: a small orders API whose REST stage is fully
 * declared in CloudFormation. `dev` and `prod` differ visibly (throttling, caching, logging level,
 * canary, client certificate, variables). Deployable as is: `npx sls deploy --stage dev`.
 */
import type { AWS } from '@serverless/typescript';
import type { ApiGatewayConfig } from 'serverless-apigateway-kit';

const apiGateway: ApiGatewayConfig = {
  restApi: {
    description: 'Orders API of the serverless-apigateway-kit example',
    endpointType: 'REGIONAL',
    minimumCompressionSize: 1024,
    binaryMediaTypes: ['image/png'],
    apiKeySource: 'HEADER',
    tags: { product: 'orders' },
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
      caching: { enabled: true, clusterSize: '0.5', ttlInSeconds: 300, encrypted: true },
      variables: { flavour: 'stable', backend: 'https://orders.internal.example.com' },
      canary: { percentTraffic: 10, variables: { flavour: 'canary' } },
      clientCertificate: {
        description: 'Lets the orders backend verify calls come from API Gateway',
      },
      tags: { criticality: 'high' },
    },
  },
  stageMigration: 'fail',
};

const serverlessConfiguration: AWS & { custom: { apiGateway: ApiGatewayConfig } } = {
  service: 'apigateway-kit-example',
  frameworkVersion: '3',
  plugins: ['serverless-apigateway-kit'],
  package: { patterns: ['!**', 'src/**'] },
  provider: {
    name: 'aws',
    runtime: 'nodejs20.x',
    region: 'eu-west-1',
    stackTags: { project: 'apigateway-kit-example' },
  },
  custom: { apiGateway },
  functions: {
    listOrders: {
      handler: 'src/handlers.listOrders',
      events: [{ http: { method: 'get', path: 'orders' } }],
    },
    getOrder: {
      handler: 'src/handlers.getOrder',
      events: [{ http: { method: 'get', path: 'orders/{id}' } }],
    },
    createOrder: {
      handler: 'src/handlers.createOrder',
      events: [{ http: { method: 'post', path: 'orders' } }],
    },
  },
};

module.exports = serverlessConfiguration;
