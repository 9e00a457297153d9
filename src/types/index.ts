/**
 * `serverless-apigateway-kit/types`: the types a `serverless.ts` needs, and nothing else. This
 * module imports neither the plugin nor any other package (its declaration file only refers to
 * the generated config types), so it compiles with `skipLibCheck: false` whatever the project's
 * other settings:
 *
 *   import type { AWS } from '@serverless/typescript';
 *   import type { WithApiGateway } from 'serverless-apigateway-kit/types';
 *   const config: WithApiGateway<AWS> = { … };
 *
 * The main entry (`serverless-apigateway-kit`) is the plugin class; importing types from it pulls
 * the plugin's own dependencies (the AWS SDK) into the program.
 */
import type {
  ApiGatewayConfig,
  HttpApiEventApiGatewayConfig,
  HttpEventApiGatewayConfig,
  WebsocketEventApiGatewayConfig,
} from '../config/types.generated';

// `export *`, not `export type *`: the declaration file then also parses with TypeScript < 5.
export * from '../config/types.generated';

/** The `apiGateway` key the plugin reads on each kind of function event. */
export interface EventApiGatewayKeys {
  http: HttpEventApiGatewayConfig;
  httpApi: HttpApiEventApiGatewayConfig;
  websocket: WebsocketEventApiGatewayConfig;
}

/**
 * One function event of a service type, with `apiGateway` added to the object forms of `http`,
 * `httpApi` and `websocket` (the string forms, `'GET /orders'`, have no room for it). Distributes
 * over the event union, so every other event type is left as it is.
 */
export type EventWithApiGateway<Event> = Event extends unknown
  ? {
      [Key in keyof Event]: Key extends keyof EventApiGatewayKeys
        ? | Extract<Event[Key], string>
          | (Exclude<Event[Key], string> & { apiGateway?: EventApiGatewayKeys[Key] })
        : Event[Key];
    }
  : never;

type FunctionsOf<Service> = Service extends { functions?: infer Functions }
  ? NonNullable<Functions>
  : never;
type FunctionOf<Service> = FunctionsOf<Service>[keyof FunctionsOf<Service>];
type EventOf<Service> =
  FunctionOf<Service> extends { events?: infer Events }
    ? NonNullable<Events> extends readonly (infer Event)[]
      ? Event
      : never
    : never;

/** One function of the service type, its events typed by {@link EventWithApiGateway}. */
export type FunctionWithApiGateway<Service> = Omit<FunctionOf<Service>, 'events'> & {
  events?: EventWithApiGateway<EventOf<Service>>[];
};

/**
 * A service type (`AWS` from `@serverless/typescript`, any version) that knows the plugin:
 * `custom.apiGateway` is an {@link ApiGatewayConfig} and `http` / `httpApi` / `websocket` events
 * take an `apiGateway` key. Every other key keeps the service type's own type.
 */
export type WithApiGateway<Service> = Omit<Service, 'custom' | 'functions'> & {
  custom?: NonNullable<Service extends { custom?: infer Custom } ? Custom : never> & {
    apiGateway?: ApiGatewayConfig;
  };
  functions?: { [name: string]: FunctionWithApiGateway<Service> };
};
