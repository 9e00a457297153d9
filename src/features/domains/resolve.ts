/**
 * The custom domains of the deployed stage: the `domains` of the REST `stages`, `httpApi.stages`
 * and `websocket.stages` entries, merged by the stage rule (`'*'`, then the entry named like the
 * stage), with every default applied. Pure; the result is frozen with the rest of ResolvedConfig.
 */
import { joinPath } from '../../pipeline/issues';
import { mergeStageEntries } from '../../common/stage-merge';
import type { CfnValue } from '../../common/intrinsics';
import { isIntrinsic } from '../../common/intrinsics';
import type { ApiGatewayConfig, DomainConfig } from '../../config/types.generated';
import type { EndpointType } from '../rest-api/resolve';
import {
  type DomainApi,
  type DomainEndpointType,
  isEnhancedPolicy,
  type SecurityPolicy,
} from './policies';

export type { DomainApi, DomainEndpointType } from './policies';

const STAGES_PATH: Record<DomainApi, string> = {
  rest: 'custom.apiGateway.stages',
  httpApi: 'custom.apiGateway.httpApi.stages',
  websocket: 'custom.apiGateway.websocket.stages',
};

export const DOMAIN_APIS: readonly DomainApi[] = ['rest', 'httpApi', 'websocket'];

/** One domain entry as written (merged), with the config path a user edits for it. */
export interface DomainEntry {
  readonly api: DomainApi;
  readonly name: string;
  /** `custom.apiGateway.stages.prod.domains['api.example.com']`: the named stage's entry when it declares the domain, else `'*'`'s. */
  readonly path: string;
  readonly config: DomainConfig;
}

export type ResolvedCertificate =
  | { readonly arn: CfnValue }
  /** The stack creates the certificate, validated by DNS in this hosted zone. */
  | { readonly hostedZoneId: CfnValue };

export interface ResolvedRoute53 {
  /** With the trailing dot; set when no `hostedZoneId` is. */
  readonly hostedZoneName?: string;
  readonly hostedZoneId?: CfnValue;
  readonly ipv6: boolean;
}

export interface ResolvedDomain {
  readonly api: DomainApi;
  readonly name: string;
  readonly path: string;
  /** Without leading or trailing '/'; undefined: the root of the domain. */
  readonly basePath?: string;
  /** Whether this stack creates the domain (else only the mapping is emitted). */
  readonly create: boolean;
  readonly endpointType: DomainEndpointType;
  readonly securityPolicy: SecurityPolicy;
  readonly ipAddressType?: NonNullable<DomainConfig['ipAddressType']>;
  /** Set with an enhanced (`SecurityPolicy_*`) policy only, as API Gateway requires. */
  readonly endpointAccessMode?: NonNullable<DomainConfig['endpointAccessMode']>;
  readonly mutualTls?: { readonly truststoreUri: CfnValue; readonly truststoreVersion?: CfnValue };
  readonly certificate?: ResolvedCertificate;
  /** Undefined: no records (DNS elsewhere, a domain another stack owns, a private domain). */
  readonly route53?: ResolvedRoute53;
  readonly vpcEndpointId?: CfnValue;
  /** `create: false` on a PRIVATE domain: the ARN of the domain another stack created. */
  readonly domainNameArn?: CfnValue;
}

function stagesOf(config: ApiGatewayConfig, api: DomainApi) {
  if (api === 'rest') return config.stages;
  if (api === 'httpApi') return config.httpApi?.stages;
  return config.websocket?.stages;
}

/** Every domain entry of the deployed stage, by API then name (`false` entries dropped). */
export function domainEntries(config: ApiGatewayConfig, stageName: string): DomainEntry[] {
  const entries: DomainEntry[] = [];
  for (const api of DOMAIN_APIS) {
    const stages = stagesOf(config, api) as
      Record<string, { domains?: Record<string, false | DomainConfig> }> | undefined;
    const merged = mergeStageEntries(stages, stageName).domains ?? {};
    for (const name of Object.keys(merged).sort()) {
      const value = merged[name];
      if (value === false) continue;
      const declaredIn = stages?.[stageName]?.domains?.[name] !== undefined ? stageName : '*';
      const path = joinPath(joinPath(joinPath(STAGES_PATH[api], declaredIn), 'domains'), name);
      entries.push({ api, name, path, config: value });
    }
  }
  return entries;
}

/** `api.example.com` → `example.com.`, the zone a domain's records go to by default. */
export function parentZoneName(domainName: string): string {
  return `${domainName.split('.').slice(1).join('.')}.`;
}

/** A base path is multi-level when it has more than one segment (`orders/v2`). */
export function isMultiLevel(basePath: string | undefined): boolean {
  return basePath !== undefined && basePath.includes('/');
}

export function defaultEndpointType(
  api: DomainApi,
  restEndpointType: EndpointType,
): DomainEndpointType {
  // A private REST API can only be mapped onto a private domain.
  return api === 'rest' && restEndpointType === 'PRIVATE' ? 'PRIVATE' : 'REGIONAL';
}

function resolveCertificate(value: DomainConfig['certificate']): ResolvedCertificate | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || isIntrinsic(value)) return { arn: value as CfnValue };
  return { hostedZoneId: (value as { hostedZoneId: CfnValue }).hostedZoneId };
}

function resolveRoute53(
  entry: DomainEntry,
  create: boolean,
  endpointType: DomainEndpointType,
): ResolvedRoute53 | undefined {
  const value = entry.config.route53;
  if (value === false || !create) return undefined;
  // A private domain resolves to the VPC endpoint, which the stack does not know: no default.
  if (value === undefined && endpointType === 'PRIVATE') return undefined;
  const settings = value ?? {};
  const ipv6 = settings.ipv6 ?? true;
  if (settings.hostedZoneId !== undefined) {
    return { hostedZoneId: settings.hostedZoneId as CfnValue, ipv6 };
  }
  const zone = settings.hostedZoneName ?? parentZoneName(entry.name);
  return { hostedZoneName: zone.endsWith('.') ? zone : `${zone}.`, ipv6 };
}

export function resolveDomain(entry: DomainEntry, restEndpointType: EndpointType): ResolvedDomain {
  const config = entry.config;
  const create = config.create ?? true;
  const endpointType = config.endpointType ?? defaultEndpointType(entry.api, restEndpointType);
  const securityPolicy = config.securityPolicy ?? 'TLS_1_2';
  const certificate = resolveCertificate(config.certificate);
  const route53 = resolveRoute53(entry, create, endpointType);
  return {
    api: entry.api,
    name: entry.name,
    path: entry.path,
    ...(config.basePath !== undefined ? { basePath: config.basePath } : {}),
    create,
    endpointType,
    securityPolicy,
    ...(config.ipAddressType !== undefined ? { ipAddressType: config.ipAddressType } : {}),
    ...(isEnhancedPolicy(securityPolicy)
      ? { endpointAccessMode: config.endpointAccessMode ?? 'STRICT' }
      : {}),
    ...(config.mutualTls
      ? {
          mutualTls: {
            truststoreUri: config.mutualTls.truststoreUri as CfnValue,
            ...(config.mutualTls.truststoreVersion !== undefined
              ? { truststoreVersion: config.mutualTls.truststoreVersion as CfnValue }
              : {}),
          },
        }
      : {}),
    ...(certificate ? { certificate } : {}),
    ...(route53 ? { route53 } : {}),
    ...(config.vpcEndpointId !== undefined
      ? { vpcEndpointId: config.vpcEndpointId as CfnValue }
      : {}),
    ...(config.domainNameArn !== undefined
      ? { domainNameArn: config.domainNameArn as CfnValue }
      : {}),
  };
}

export function resolveDomains(
  config: ApiGatewayConfig,
  stageName: string,
  restEndpointType: EndpointType,
): ResolvedDomain[] {
  return domainEntries(config, stageName).map((entry) => resolveDomain(entry, restEndpointType));
}
