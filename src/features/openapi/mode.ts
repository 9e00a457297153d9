/** Which way the REST API's endpoints reach CloudFormation. */
import type { ResolvedRestApi } from '../rest-api/resolve';
import type { ApiGatewayConfig } from '../../config/types.generated';

export type CompileMode = 'resources' | 'openapi';

/**
 * `openapi` when `restApi.compile: openapi` says so or when an OpenAPI definition defines the API
 * (a definition is always a body); `resources`, core's way, otherwise.
 */
export function compileMode(raw: ApiGatewayConfig): CompileMode {
  if (raw.openapi?.definition !== undefined) return 'openapi';
  return raw.restApi?.compile ?? 'resources';
}

export function isBodyMode(config: {
  readonly restApi: Pick<ResolvedRestApi, 'sharedRestApiId'>;
  readonly compileMode: CompileMode;
}): boolean {
  return config.restApi.sharedRestApiId === undefined && config.compileMode === 'openapi';
}
