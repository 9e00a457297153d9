/**
 * Authorization of a routed HTTP API request before its integration, by the route's
 * AuthorizationType: JWT runs the route's JWT authorizer (./jwt.ts), CUSTOM its Lambda
 * authorizer (./lambda.ts), AWS_IAM verifies the request's SigV4 signature against the local
 * credentials (./iam.ts), NONE passes. An allowed request carries what the authorizer passed on
 * to the integration's `requestContext.authorizer` (an IAM route: the verified signer).
 */
import type { JSONWebKeySet } from 'jose';
import type { CfnTemplate } from '../../../cloudformation/template';
import type { HttpApiModel } from '../../../model';
import { renderValue } from '../../../openapi/intrinsics';
import type { LocalValues } from '../../lambda/local-values';
import type { FunctionPool } from '../../lambda/pool';
import type { LocalIamCredential } from '../../rest/auth/iam';
import type { GatewayResponse } from '../../rest/request';
import type { HttpRequest } from '../request';
import type { HttpRouteMatch } from '../routes';
import type { HttpAuthorizerContext } from './context';
import { HttpIamAuthorizer } from './iam';
import { JwtAuthorizers } from './jwt';
import { LambdaAuthorizers } from './lambda';
import { authorizerFailed } from './responses';

export interface HttpAuthorizersOptions {
  api: HttpApiModel;
  template: CfnTemplate;
  values: LocalValues;
  functions: FunctionPool;
  stageVariables: Readonly<Record<string, string>>;
  jwks: Readonly<Record<string, JSONWebKeySet>>;
  /** The credentials AWS_IAM routes accept signatures of (`custom.apiGateway.local.credentials`). */
  iamCredentials: readonly LocalIamCredential[];
  now: () => number;
}

export type { HttpAuthorizerContext };

export type HttpAuthorization =
  { response: GatewayResponse } | { authorizer?: HttpAuthorizerContext };

export class HttpAuthorizers {
  private readonly jwt: JwtAuthorizers;
  private readonly lambda: LambdaAuthorizers;
  private readonly iam: HttpIamAuthorizer;

  constructor(private readonly options: HttpAuthorizersOptions) {
    this.jwt = new JwtAuthorizers({ jwks: options.jwks, now: options.now });
    this.lambda = new LambdaAuthorizers(options);
    this.iam = new HttpIamAuthorizer(options.iamCredentials, options.values.region, options.now);
  }

  /** `context`: the request's `$context` variables (identity sources may name them). */
  async authorize(
    request: HttpRequest,
    match: HttpRouteMatch,
    context: Readonly<Record<string, unknown>>,
  ): Promise<HttpAuthorization> {
    const { route } = match;
    const type = route.authorizationType;
    if (type === 'NONE' || type === '') return {};
    if (type === 'AWS_IAM') {
      const verified = await this.iam.authorize(request);
      return 'statusCode' in verified ? { response: verified } : { authorizer: { iam: verified } };
    }
    const authorizer = this.options.api.authorizers.find(
      (candidate) => candidate.name === route.authorizer,
    );
    if (!authorizer)
      return {
        response: authorizerFailed(
          `route "${route.routeKey}": its ${type} authorizer is not in the template`,
        ),
      };
    const input = { request, stageVariables: this.options.stageVariables, context };
    const kind = authorizer.authorizerType.toUpperCase();
    if (type === 'JWT' && kind === 'JWT') {
      const scopes = route.scopes.map((scope) => renderValue(scope));
      const verified = await this.jwt.authorize(authorizer, scopes, input);
      return 'statusCode' in verified ? { response: verified } : { authorizer: { jwt: verified } };
    }
    if (type === 'CUSTOM' && kind === 'REQUEST') {
      const allowed = await this.lambda.authorize(authorizer, request, match, input);
      return 'statusCode' in allowed ? { response: allowed } : { authorizer: allowed };
    }
    return {
      response: authorizerFailed(
        `route "${route.routeKey}": AuthorizationType ${type} with a ${kind || 'typeless'} authorizer (${authorizer.name}) is not something API Gateway runs`,
      ),
    };
  }
}
