/**
 * APIGW-AUTH-001: an endpoint anyone can call, with no authorizer, IAM or API key. CORS preflights
 * (OPTIONS) are meant to be open; a WebSocket API is authorized on `$connect` only.
 */
import type { HttpApiModel, RestMethod, V2Route, WebSocketApiModel } from '../../model';
import { endpointSetting } from '../locator';
import type { LintContext, LintRule, RuleHit } from '../types';
import { describeMethod, isOn, isPrivate, methodLocation, restApis, v2Apis } from './helpers';

function restHit(context: LintContext, method: RestMethod, privateApi: boolean): RuleHit {
  const location = methodLocation(context, method);
  const coreAuthorizer = location.coreEvent?.authorizer !== undefined;
  return {
    path: coreAuthorizer
      ? `${location.declarationPath}.authorizer`
      : endpointSetting(location, 'authorizer', 'AuthorizationType'),
    message: `${describeMethod(method)} has no authorization and no API key${privateApi ? ' (a PRIVATE API: reachable from its VPC endpoints only)' : ': anyone who knows the URL can call it'}`,
    endpoint: location.endpoint,
    ...(method.logicalId ? { resource: method.logicalId } : {}),
    ...(privateApi ? { severity: 'medium' as const } : {}),
  };
}

function routeHit(
  context: LintContext,
  api: HttpApiModel | WebSocketApiModel,
  route: V2Route,
): RuleHit {
  const location = context.locate.v2Route(api.kind, route.routeKey);
  const kind = api.kind === 'http' ? 'HTTP API route' : 'WebSocket route';
  return {
    path: location
      ? `${location.settingsPath}.authorizer`
      : `Resources.${route.logicalId}.Properties.AuthorizationType`,
    message: `the ${kind} ${route.routeKey} has no authorization${api.kind === 'websocket' ? ' and no API key' : ''}: anyone can ${api.kind === 'websocket' ? 'connect' : 'call it'}`,
    endpoint: route.routeKey,
    resource: route.logicalId,
  };
}

export const authorizationRule: LintRule = {
  id: 'APIGW-AUTH-001',
  severity: 'high',
  title: 'Endpoint without authorization',
  why: 'A method with no authorizer, no IAM and no API key lets anyone who finds the URL call the backend.',
  source:
    'Security Hub APIGateway.8 (v2 routes); checkov CKV_AWS_59; cfn-nag W59 (AuthorizationType NONE, OPTIONS aside)',
  fix: 'Set apiGateway.authorizer on the endpoint (or custom.apiGateway.defaultAuthorizer), or apiGateway.apiKeyRequired: true; suppress with a reason for endpoints that are public on purpose.',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const method of api.methods) {
        if (method.httpMethod === 'OPTIONS') continue;
        if (method.authorization.type !== 'NONE' || method.authorization.apiKeyRequired) continue;
        hits.push(restHit(context, method, isPrivate(api)));
      }
    }
    for (const api of v2Apis(context)) {
      for (const route of api.routes) {
        if (route.authorizationType !== 'NONE') continue;
        if (api.kind === 'http' && route.routeKey.startsWith('OPTIONS ')) continue;
        // WebSocket APIs authorize the connection: only $connect takes an authorizer or API key.
        if (
          api.kind === 'websocket' &&
          (route.routeKey !== '$connect' || isOn(route.apiKeyRequired))
        )
          continue;
        hits.push(routeHit(context, api, route));
      }
    }
    return hits;
  },
};
