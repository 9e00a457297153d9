/**
 * Authorization of a routed request, before its integration, as API Gateway does it for the
 * method's AuthorizationType: CUSTOM runs the method's Lambda authorizer (TOKEN or REQUEST),
 * COGNITO_USER_POOLS verifies the caller's user-pool token, AWS_IAM verifies the request's SigV4
 * signature against the local credentials (./iam.ts). NONE passes. The allowed request carries
 * `authorizer` to `$context.authorizer` and the proxy event's `requestContext.authorizer` (an IAM
 * caller: `identity` to `$context.identity`); a refused one gets the gateway response of the
 * refusal.
 */
import type { JSONWebKeySet } from 'jose';
import type { RestApiModel, RestMethod } from '../../../model';
import { renderValue } from '../../../openapi/intrinsics';
import { requestContext, type CallerIdentity, type RouteInfo } from '../context';
import type { GatewayError, GatewayResponses } from '../gateway-responses';
import type { GatewayRequest, GatewayResponse } from '../request';
import { CognitoAuthorizers } from './cognito';
import { IamAuthorizer, type LocalIamCredential } from './iam';
import { LambdaAuthorizers, type AuthorizerEnvironment } from './lambda-authorizer';
import { AUTHORIZER_CONFIGURATION_ERROR } from './responses';

export interface RestAuthorizersOptions extends AuthorizerEnvironment {
  api: RestApiModel;
  gatewayResponses: GatewayResponses;
  jwks: Readonly<Record<string, JSONWebKeySet>>;
  /** The credentials AWS_IAM methods accept signatures of (`custom.apiGateway.local.credentials`). */
  iamCredentials?: readonly LocalIamCredential[];
}

export type Authorization =
  | { response: GatewayResponse }
  /** `usageIdentifierKey`: a Lambda authorizer's API key (API key source AUTHORIZER). */
  | { authorizer?: Record<string, unknown>; usageIdentifierKey?: string }
  /** An AWS_IAM method's verified caller. */
  | { identity: CallerIdentity };

export class RestAuthorizers {
  private readonly lambda: LambdaAuthorizers;
  private readonly cognito: CognitoAuthorizers;
  private readonly iam: IamAuthorizer;

  constructor(private readonly options: RestAuthorizersOptions) {
    this.lambda = new LambdaAuthorizers(options);
    this.cognito = new CognitoAuthorizers({ jwks: options.jwks, now: options.now });
    this.iam = new IamAuthorizer(options.iamCredentials ?? [], options.values.region, options.now);
  }

  async authorize(
    method: RestMethod,
    request: GatewayRequest,
    route: RouteInfo,
  ): Promise<Authorization> {
    const type = method.authorization.type;
    if (type === 'AWS_IAM') {
      const decision = await this.iam.authorize(request);
      return 'identity' in decision ? decision : this.refusal(decision, request, route);
    }
    if (type !== 'CUSTOM' && type !== 'COGNITO_USER_POOLS') return {};
    const authorizer = this.options.api.authorizers.find(
      (candidate) => candidate.name === method.authorization.authorizer,
    );
    const decision = !authorizer
      ? {
          error: AUTHORIZER_CONFIGURATION_ERROR,
          detail: `the method's ${type} authorizer is not in the template`,
        }
      : authorizer.type === 'COGNITO_USER_POOLS'
        ? await this.cognito.authorize(
            authorizer,
            method.authorization.scopes.map((scope) => renderValue(scope)),
            {
              request,
              stageVariables: this.options.stageVariables,
              context: requestContext(request, route) as Record<string, unknown>,
            },
          )
        : await this.lambda.authorize(authorizer, request, route);
    if ('authorizer' in decision)
      return {
        authorizer: decision.authorizer,
        ...('usageIdentifierKey' in decision && decision.usageIdentifierKey !== undefined
          ? { usageIdentifierKey: decision.usageIdentifierKey }
          : {}),
      };
    return this.refusal(decision, request, route);
  }

  private refusal(
    decision: { error: GatewayError; detail: string },
    request: GatewayRequest,
    route: RouteInfo,
  ): Authorization {
    return {
      response: {
        ...this.options.gatewayResponses.respond(decision.error, request, route),
        integration: 'AUTHORIZER',
        detail: decision.detail,
      },
    };
  }
}
