/**
 * serverless-apigateway-kit: declarative AWS API Gateway for the Serverless Framework.
 *
 * Serverless loads a plugin with `require()` and expects the class itself as the module export,
 * so this module is `export =`; the config types users put in `serverless.ts` hang off the same
 * name: `import type { ApiGatewayConfig } from 'serverless-apigateway-kit'`. Those pull the plugin's
 * own declarations (and the AWS SDK's) into the user's program; `serverless-apigateway-kit/types`
 * (src/types) has the same types standing alone, and is what the README recommends.
 */
import { ApiGatewayKitPlugin } from './plugin';
import type * as Config from './config/types.generated';
import type * as ServiceTypes from './types';

class ServerlessApiGatewayKit extends ApiGatewayKitPlugin {}

// A namespace is the only way to export types alongside an `export =` class.
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace ServerlessApiGatewayKit {
  export type ApiGatewayConfig = Config.ApiGatewayConfig;
  export type RestApiConfig = Config.RestApiConfig;
  export type StageConfig = Config.StageConfig;
  export type ThrottlingConfig = Config.ThrottlingConfig;
  export type Tags = Config.Tags;
  export type ExecutionLogLevel = Config.ExecutionLogLevel;
  export type LogRetentionInDays = Config.LogRetentionInDays;
  export type CloudFormationIntrinsic = Config.CloudFormationIntrinsic;
  export type HttpEventApiGatewayConfig = Config.HttpEventApiGatewayConfig;
  export type AuthorizerConfig = Config.AuthorizerConfig;
  export type UsagePlanConfig = Config.UsagePlanConfig;
  export type ResourcePolicyConfig = Config.ResourcePolicyConfig;
  export type EndpointCachingConfig = Config.EndpointCachingConfig;
  export type CorsConfig = Config.CorsConfig;
  export type GatewayResponseConfig = Config.GatewayResponseConfig;
  export type OpenApiConfig = Config.OpenApiConfig;
  export type RouteConfig = Config.RouteConfig;
  export type IntegrationConfig = Config.IntegrationConfig;
  export type RequestValidationConfig = Config.RequestValidationConfig;
  export type HttpApiConfig = Config.HttpApiConfig;
  export type WebsocketConfig = Config.WebsocketConfig;
  export type DomainConfig = Config.DomainConfig;
  export type HttpApiEventApiGatewayConfig = Config.HttpApiEventApiGatewayConfig;
  export type WebsocketEventApiGatewayConfig = Config.WebsocketEventApiGatewayConfig;
  export type EventApiGatewayKeys = ServiceTypes.EventApiGatewayKeys;
  export type EventWithApiGateway<Event> = ServiceTypes.EventWithApiGateway<Event>;
  export type FunctionWithApiGateway<Service> = ServiceTypes.FunctionWithApiGateway<Service>;
  export type WithApiGateway<Service> = ServiceTypes.WithApiGateway<Service>;
}

export = ServerlessApiGatewayKit;
