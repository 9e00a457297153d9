/** APIGW-VALID-001: a method that takes a body passes whatever it gets to the backend. */
import type { RestApiModel, RestMethod } from '../../model';
import { endpointSetting } from '../locator';
import type { LintRule, RuleHit } from '../types';
import { describeMethod, methodLocation, restApis } from './helpers';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function validatesBody(api: RestApiModel, method: RestMethod): boolean {
  const validator = api.requestValidators.find(({ name }) => name === method.requestValidator);
  return (validator?.validateRequestBody ?? false) && Object.keys(method.requestModels).length > 0;
}

export const requestValidationRule: LintRule = {
  id: 'APIGW-VALID-001',
  severity: 'low',
  title: 'No request validation on a method with a body',
  why: 'Without a body model and validator, malformed or oversized payloads reach the backend, which must then reject them itself.',
  source: 'checkov CKV2_AWS_53',
  fix: 'Set apiGateway.validate.body (a JSON Schema or model name) on the endpoint.',
  check(context) {
    const hits: RuleHit[] = [];
    for (const api of restApis(context)) {
      for (const method of api.methods) {
        if (!BODY_METHODS.has(method.httpMethod) || validatesBody(api, method)) continue;
        const location = methodLocation(context, method);
        hits.push({
          path: endpointSetting(location, 'validate', 'RequestValidatorId'),
          message: `${describeMethod(method)} takes a body that API Gateway does not validate`,
          endpoint: location.endpoint,
          ...(method.logicalId ? { resource: method.logicalId } : {}),
        });
      }
    }
    return hits;
  },
};
