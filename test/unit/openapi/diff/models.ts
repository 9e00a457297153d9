/** Small REST API models for the diff tests: only what a test is about is written out. */
import type { RestApiModel, RestMethod } from '../../../../src/model';
import type { ApiSide } from '../../../../src/openapi/diff';

export function method(
  httpMethod: string,
  path: string,
  overrides: Partial<RestMethod> = {},
): RestMethod {
  return {
    path,
    httpMethod,
    authorization: { type: 'NONE', scopes: [], apiKeyRequired: false },
    requestParameters: {},
    requestModels: {},
    methodResponses: [],
    ...overrides,
  };
}

export function api(methods: RestMethod[], overrides: Partial<RestApiModel> = {}): RestApiModel {
  return {
    kind: 'rest',
    methods,
    authorizers: [],
    requestValidators: [],
    models: [],
    gatewayResponses: [],
    stages: [],
    usagePlans: [],
    apiKeys: [],
    ...overrides,
  };
}

export function side(model: RestApiModel, knowsStage = true): ApiSide {
  return { label: 'side', api: model, knowsStage };
}

/** `severity kind METHOD path: message` for each change, for whole-list assertions. */
export function lines(
  changes: ReadonlyArray<{
    severity: string;
    kind: string;
    method: string;
    path: string;
    message: string;
  }>,
): string[] {
  return changes.map((c) => `${c.severity} ${c.kind} ${c.method} ${c.path}: ${c.message}`);
}
