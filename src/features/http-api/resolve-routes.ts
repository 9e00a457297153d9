/**
 * HTTP API routes without a function (`custom.apiGateway.httpApi.routes`) and the plugin's own
 * HTTP API CORS (`custom.apiGateway.httpApi.cors`): the types, the table of first-class AWS
 * integration subtypes and small pure helpers the resolution and the checks share.
 */
import type { ApiGatewayConfig, CloudFormationIntrinsic } from '../../config/types.generated';
import { DEFAULT_CORS_HEADERS } from '../cors/resolve';

type HttpApiConfig = NonNullable<ApiGatewayConfig['httpApi']>;

type HttpApiRoutesConfig = NonNullable<HttpApiConfig['routes']>;
export type HttpApiRouteConfig = HttpApiRoutesConfig[string];
type HttpApiRouteIntegrationConfig = HttpApiRouteConfig['integration'];
export type HttpApiSubtype = NonNullable<HttpApiRouteIntegrationConfig['subtype']>;
type HttpApiCorsConfig = NonNullable<HttpApiConfig['cors']>;
export type CfnString = string | CloudFormationIntrinsic;

export const HTTP_API_ROUTES_PATH = 'custom.apiGateway.httpApi.routes';
export const HTTP_API_CORS_PATH = 'custom.apiGateway.httpApi.cors';

interface SubtypeSpec {
  /** The IAM action the integration role is allowed. */
  readonly action: string;
  /** Parameters API Gateway requires for the subtype. */
  readonly required: readonly string[];
  /** Parameters it also accepts. */
  readonly optional: readonly string[];
}

/** API Gateway's integration subtype reference (HTTP APIs), version 1.0 of each. */
export const HTTP_API_SUBTYPES: Readonly<Record<HttpApiSubtype, SubtypeSpec>> = {
  'SQS-SendMessage': {
    action: 'sqs:SendMessage',
    required: ['QueueUrl', 'MessageBody'],
    optional: [
      'DelaySeconds',
      'MessageAttributes',
      'MessageDeduplicationId',
      'MessageGroupId',
      'MessageSystemAttributes',
      'Region',
    ],
  },
  'SQS-ReceiveMessage': {
    action: 'sqs:ReceiveMessage',
    required: ['QueueUrl'],
    optional: [
      'AttributeNames',
      'MaxNumberOfMessages',
      'MessageAttributeNames',
      'ReceiveRequestAttemptId',
      'VisibilityTimeout',
      'WaitTimeSeconds',
      'Region',
    ],
  },
  'SQS-DeleteMessage': {
    action: 'sqs:DeleteMessage',
    required: ['ReceiptHandle', 'QueueUrl'],
    optional: ['Region'],
  },
  'SQS-PurgeQueue': {
    action: 'sqs:PurgeQueue',
    required: ['QueueUrl'],
    optional: ['Region'],
  },
  'EventBridge-PutEvents': {
    action: 'events:PutEvents',
    required: ['Detail', 'DetailType', 'Source'],
    optional: ['Time', 'EventBusName', 'Resources', 'Region', 'TraceHeader'],
  },
  'StepFunctions-StartExecution': {
    action: 'states:StartExecution',
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region'],
  },
  'StepFunctions-StartSyncExecution': {
    action: 'states:StartSyncExecution',
    required: ['StateMachineArn'],
    optional: ['Name', 'Input', 'Region', 'TraceHeader'],
  },
  'StepFunctions-StopExecution': {
    action: 'states:StopExecution',
    required: ['ExecutionArn'],
    optional: ['Cause', 'Error', 'Region'],
  },
  'Kinesis-PutRecord': {
    action: 'kinesis:PutRecord',
    required: ['StreamName', 'Data', 'PartitionKey'],
    optional: ['SequenceNumberForOrdering', 'ExplicitHashKey', 'Region'],
  },
  'AppConfig-GetConfiguration': {
    action: 'appconfig:GetConfiguration',
    required: ['Application', 'Environment', 'Configuration', 'ClientId'],
    optional: ['ClientConfigurationVersion', 'Region'],
  },
};

/** Keys of an integration each type uses (besides `type`). */
export const HTTP_API_INTEGRATION_KEYS: Readonly<
  Record<HttpApiRouteIntegrationConfig['type'], readonly string[]>
> = {
  http_proxy: ['uri', 'method', 'vpcLink', 'tlsServerName'],
  aws: ['subtype', 'parameters', 'role'],
};

/** Core's CORS headers for HTTP APIs (`provider.httpApi.cors: true`) are the same as for REST. */

/** `GET` for `'GET /orders'`, `ANY` for `'$default'`. */
export function routeMethod(routeKey: string): string {
  return routeKey === '$default' ? 'ANY' : routeKey.split(' ')[0];
}

/** The CorsConfiguration `custom.apiGateway.httpApi.cors` stands for. */
export interface ResolvedHttpApiCors {
  readonly AllowOrigins: readonly string[];
  readonly AllowHeaders: readonly string[];
  readonly AllowMethods: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly AllowCredentials?: boolean;
  readonly MaxAge?: number;
}

export function resolveHttpApiCors(cors: HttpApiCorsConfig): ResolvedHttpApiCors {
  return {
    AllowOrigins: cors.origins === '*' ? ['*'] : [...cors.origins],
    AllowHeaders: [...(cors.headers ?? DEFAULT_CORS_HEADERS)],
    AllowMethods: [...(cors.methods ?? ['*'])],
    ...(cors.exposeHeaders ? { ExposeHeaders: [...cors.exposeHeaders] } : {}),
    ...(cors.allowCredentials !== undefined ? { AllowCredentials: cors.allowCredentials } : {}),
    ...(cors.maxAge !== undefined ? { MaxAge: cors.maxAge } : {}),
  };
}
