/**
 * The TLS security policies API Gateway accepts on a custom domain, by where it accepts them
 * (API Gateway developer guide, "Supported security policies"): the legacy TLS_1_0 and TLS_1_2,
 * and the enhanced `SecurityPolicy_*` ones, which exist in an edge set and a regional/private set.
 */
import type { DomainConfig } from '../../config/types.generated';

export type SecurityPolicy = NonNullable<DomainConfig['securityPolicy']>;
export type DomainEndpointType = NonNullable<DomainConfig['endpointType']>;
/** The API a domain maps: the REST API, the HTTP API or the WebSocket API. */
export type DomainApi = 'rest' | 'httpApi' | 'websocket';

/** How messages name each API. */
export const API_NAMES: Readonly<Record<DomainApi, string>> = {
  rest: 'REST API',
  httpApi: 'HTTP API',
  websocket: 'WebSocket API',
};

const EDGE_ENHANCED: readonly SecurityPolicy[] = [
  'SecurityPolicy_TLS13_2025_EDGE',
  'SecurityPolicy_TLS12_PFS_2025_EDGE',
  'SecurityPolicy_TLS12_2018_EDGE',
];

const REGIONAL_ENHANCED: readonly SecurityPolicy[] = [
  'SecurityPolicy_TLS13_1_3_2025_09',
  'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
  'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_2021_06',
];

/** Enhanced policies need an endpoint access mode and exclude mutual TLS (API Gateway rules). */
export function isEnhancedPolicy(policy: SecurityPolicy): boolean {
  return policy.startsWith('SecurityPolicy_');
}

/** The policies a domain of this API and endpoint type may use. */
export function allowedPolicies(
  api: DomainApi,
  endpointType: DomainEndpointType,
): readonly SecurityPolicy[] {
  // HTTP and WebSocket APIs support TLS_1_2 only.
  if (api !== 'rest') return ['TLS_1_2'];
  if (endpointType === 'EDGE') return ['TLS_1_0', 'TLS_1_2', ...EDGE_ENHANCED];
  // Private domains start at TLS 1.2.
  if (endpointType === 'PRIVATE') return ['TLS_1_2', ...REGIONAL_ENHANCED];
  return ['TLS_1_0', 'TLS_1_2', ...REGIONAL_ENHANCED];
}
