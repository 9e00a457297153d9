/**
 * Entry point of the model's readers: every API Gateway API a packaged template deploys. A service
 * has at most one of each kind (core builds one REST, one HTTP and one WebSocket API per service);
 * a RestApi with a `Body` is read from the body, and Method resources next to it are added, as
 * API Gateway does when it creates both.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { isRecord } from '../order';
import type { ApiModel, RestApiModel } from '../types';
import { readRestBody } from './rest-body';
import { readRestApiSettings, restApiResource } from './rest-deployment';
import { readRestResources } from './rest-resources';
import { readHttpApi, readWebSocketApi } from './v2';

export { readHttpApi, readWebSocketApi, v2Apis } from './v2';
export { readRestBody } from './rest-body';
export { readHttpBody } from './http-body';

export function readApiModels(template: CfnTemplate): ApiModel[] {
  const rest = readRestApi(template);
  const http = readHttpApi(template);
  const websocket = readWebSocketApi(template);
  return [
    ...(rest.methods.length > 0 || rest.logicalId !== undefined ? [rest] : []),
    ...(http ? [http] : []),
    ...(websocket ? [websocket] : []),
  ];
}

/** The template's REST API: its methods (from Resources and a `Body`), settings and stages. */
export function readRestApi(template: CfnTemplate): RestApiModel {
  const settings = readRestApiSettings(template);
  const resources = readRestResources(template);
  const body = restApiResource(template)?.properties.Body;
  if (!isRecord(body)) return { kind: 'rest', ...settings, ...resources };
  const { settings: bodySettings, ...defined } = readRestBody(body);
  // The endpoint configuration field by field: the RestApi's types, the body's VPC endpoints
  // unless the RestApi names its own.
  const endpointConfiguration =
    bodySettings.endpointConfiguration || settings.endpointConfiguration
      ? { ...bodySettings.endpointConfiguration, ...settings.endpointConfiguration }
      : undefined;
  return {
    kind: 'rest',
    // The RestApi's own properties win over the body's (CloudFormation applies them after).
    ...bodySettings,
    ...settings,
    ...(endpointConfiguration ? { endpointConfiguration } : {}),
    methods: [...defined.methods, ...resources.methods],
    authorizers: [...defined.authorizers, ...resources.authorizers],
    requestValidators: [...defined.requestValidators, ...resources.requestValidators],
    models: [...defined.models, ...resources.models],
    gatewayResponses: [...defined.gatewayResponses, ...resources.gatewayResponses],
  };
}
