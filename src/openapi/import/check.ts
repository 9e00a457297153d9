/**
 * Checks of a loaded OpenAPI definition against the service: every operation needs an http event
 * or route that implements it, every event or route needs its operation. `strict` (default): errors;
 * `lenient`: warnings. Pure; the plugin calls it after loading the definition.
 */
import type { EventsByKind } from '../../common/events';
import type { ConfigIssue } from '../../pipeline/issues';
import type { ApiGatewayConfig } from '../../config/types.generated';
import type { LoadedDefinition } from './definition';
import {
  closest,
  definitionPath,
  describe,
  type DefinitionOperation,
  matchDefinition,
  type ServiceEndpoint,
  serviceEndpoints,
} from './match';

export const DEFINITION_PATH = 'custom.apiGateway.openapi.definition';

export interface DefinitionCheck {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

function operationLabel(operation: DefinitionOperation): string {
  return `${describe(operation)}${operation.operationId !== undefined ? ` (operationId ${operation.operationId})` : ''}`;
}

function eventFor(operation: DefinitionOperation): string {
  const path = definitionPath(operation.path);
  return `an http event { method: ${operation.method.toLowerCase()}, path: ${path.slice(1) || '/'} } to a function, or a route '${operation.method} ${path}'`;
}

export function checkDefinition(
  definition: LoadedDefinition,
  raw: ApiGatewayConfig,
  events: EventsByKind,
): DefinitionCheck {
  const strict = (raw.openapi?.mode ?? 'strict') === 'strict';
  const issues: ConfigIssue[] = [];
  const endpoints = serviceEndpoints(events, Object.keys(raw.routes ?? {}));
  const match = matchDefinition(definition.document, endpoints);
  for (const operation of match.unmatchedOperations) {
    const near = closest(operation, match.unmatchedEndpoints);
    issues.push({
      path: DEFINITION_PATH,
      message:
        `operation ${operationLabel(operation)} of ${definition.path} has no http event or route that implements it` +
        (near
          ? `; the closest is ${describe(near)} (${near.configPath}): make its method and path match, or give it operationId ${operation.operationId ?? '<the operationId of the operation>'}`
          : `; add ${eventFor(operation)}, or remove the operation from the document`) +
        (strict ? '' : ' (lenient: the operation is left out of the API)'),
    });
  }
  for (const endpoint of match.unmatchedEndpoints) {
    const near = closest(endpoint, match.unmatchedOperations);
    issues.push({
      path: endpoint.configPath,
      message:
        `${describe(endpoint)}${endpoint.operationId !== undefined ? ` (operationId ${endpoint.operationId})` : ''} has no operation in ${definition.path} (custom.apiGateway.openapi.definition)` +
        (near
          ? `; the closest is ${operationLabel(near)}: make the method and path match, or set the event's operationId to the operation's`
          : `; add paths['${endpoint.path}'].${endpoint.method === 'ANY' ? 'x-amazon-apigateway-any-method' : endpoint.method.toLowerCase()} to the document`) +
        (strict ? '' : ' (lenient: the endpoint is added to the API as the event describes it)'),
    });
  }
  return strict ? { errors: issues, warnings: [] } : { errors: [], warnings: issues };
}

export type { ServiceEndpoint };
