/**
 * Semantic checks of custom domains (the `domains` of each stage entry): the rules API Gateway,
 * ACM and Route 53 enforce at deploy time, said at package time at the config path to edit.
 */
import type { ConfigIssue, SemanticResult } from '../../pipeline/issues';
import { joinPath } from '../../pipeline/issues';
import type { FeatureCheck } from '../../pipeline/feature-check';
import { domainNamePart } from '../../cloudformation/naming';
import { resolveRestApi } from '../rest-api/resolve';
import { allowedPolicies, API_NAMES, isEnhancedPolicy } from './policies';
import {
  domainEntries,
  type DomainEntry,
  isMultiLevel,
  resolveDomain,
  type ResolvedDomain,
} from './resolve';

/** ACM certificates an edge domain uses live in us-east-1 (CloudFront reads them there). */
const EDGE_CERTIFICATE_REGION = 'us-east-1';

/** The keys that configure the domain itself, which belong to the stack that creates it. */
const OWNER_KEYS = [
  'endpointType',
  'ipAddressType',
  'securityPolicy',
  'endpointAccessMode',
  'mutualTls',
  'certificate',
  'route53',
  'vpcEndpointId',
] as const;

/** The region of a literal ACM certificate ARN (`arn:aws:acm:<region>:…`). */
function certificateRegion(arn: unknown): string | undefined {
  return typeof arn === 'string' ? arn.split(':')[3] : undefined;
}

function checkNotOwned(entry: DomainEntry, errors: ConfigIssue[]): void {
  for (const key of OWNER_KEYS) {
    if (entry.config[key] === undefined) continue;
    errors.push({
      path: joinPath(entry.path, key),
      message: `with create: false the domain belongs to the stack (or tool) that created it, and ${key} is a setting of the domain itself, made there; remove it here (a mapping takes basePath only)`,
    });
  }
}

/** False when the endpoint type is wrong for the API (the other checks would follow from it). */
function checkEndpointType(domain: ResolvedDomain, errors: ConfigIssue[]): boolean {
  if (domain.api !== 'rest' && domain.endpointType !== 'REGIONAL') {
    errors.push({
      path: joinPath(domain.path, 'endpointType'),
      message: `${API_NAMES[domain.api]} custom domains are REGIONAL only (API Gateway rule), but this one is ${domain.endpointType}; remove endpointType or set REGIONAL`,
    });
    return false;
  }
  return true;
}

function checkSecurityPolicy(domain: ResolvedDomain, errors: ConfigIssue[]): void {
  const allowed = allowedPolicies(domain.api, domain.endpointType);
  const path = joinPath(domain.path, 'securityPolicy');
  if (!allowed.includes(domain.securityPolicy)) {
    const what =
      domain.api === 'rest'
        ? `${domain.endpointType} REST API domains`
        : `${API_NAMES[domain.api]} domains`;
    errors.push({
      path,
      message: `${what} do not accept the security policy ${domain.securityPolicy} (API Gateway rule); allowed: ${allowed.join(', ')}`,
    });
  }
}

function checkEndpointAccessMode(entry: DomainEntry, domain: ResolvedDomain): ConfigIssue[] {
  if (entry.config.endpointAccessMode === undefined || isEnhancedPolicy(domain.securityPolicy))
    return [];
  return [
    {
      path: joinPath(domain.path, 'endpointAccessMode'),
      message: `an endpoint access mode goes with an enhanced (SecurityPolicy_*) security policy, and this domain's policy is ${domain.securityPolicy}; remove endpointAccessMode or choose an enhanced securityPolicy`,
    },
  ];
}

function checkMutualTls(domain: ResolvedDomain, errors: ConfigIssue[]): void {
  if (!domain.mutualTls) return;
  const path = joinPath(domain.path, 'mutualTls');
  if (domain.api === 'websocket') {
    errors.push({
      path,
      message:
        'WebSocket APIs do not support mutual TLS (API Gateway rule); remove mutualTls, or authorize clients on $connect',
    });
  } else if (domain.endpointType !== 'REGIONAL') {
    errors.push({
      path,
      message: `mutual TLS needs a REGIONAL domain (API Gateway rule), but this one is ${domain.endpointType}; set endpointType: REGIONAL or remove mutualTls`,
    });
  } else if (domain.securityPolicy !== 'TLS_1_2') {
    errors.push({
      path,
      message: `mutual TLS needs the TLS_1_2 security policy (API Gateway rule), but this domain's is ${domain.securityPolicy}; set securityPolicy: TLS_1_2 or remove mutualTls`,
    });
  }
}

function checkCertificate(domain: ResolvedDomain, region: string, errors: ConfigIssue[]): void {
  const path = joinPath(domain.path, 'certificate');
  const certificate = domain.certificate;
  if (!certificate) {
    errors.push({
      path,
      message:
        'the stack creates this domain and API Gateway needs its certificate: give an ACM certificate ARN, or { hostedZoneId: Z… } to create one validated by DNS; or set create: false if the domain exists already',
    });
    return;
  }
  const wanted = domain.endpointType === 'EDGE' ? EDGE_CERTIFICATE_REGION : region;
  const where =
    domain.endpointType === 'EDGE'
      ? 'an EDGE domain takes a certificate from us-east-1 (CloudFront reads it there)'
      : `a ${domain.endpointType} domain takes a certificate from the stack's region (${region})`;
  if ('hostedZoneId' in certificate) {
    if (wanted !== region) {
      errors.push({
        path,
        message: `${where}, but the stack deploys to ${region}, where it would create the certificate; create it in us-east-1 (another stack) and give its ARN, or use endpointType: REGIONAL`,
      });
    }
    return;
  }
  const arnRegion = certificateRegion(certificate.arn);
  if (arnRegion !== undefined && arnRegion !== wanted) {
    errors.push({
      path,
      message: `${where}, but this certificate is in ${arnRegion}; use a certificate from ${wanted}`,
    });
  }
}

function checkBasePath(domain: ResolvedDomain, errors: ConfigIssue[]): void {
  if (domain.api !== 'rest' || !isMultiLevel(domain.basePath)) return;
  const path = joinPath(domain.path, 'basePath');
  if (domain.endpointType === 'EDGE') {
    errors.push({
      path,
      message: `"${domain.basePath}" has several segments, and API Gateway maps multi-level base paths on REGIONAL and PRIVATE domains only; use one segment or endpointType: REGIONAL`,
    });
  } else if (domain.securityPolicy === 'TLS_1_0') {
    errors.push({
      path,
      message: `"${domain.basePath}" has several segments, and API Gateway maps multi-level base paths only on domains with a TLS 1.2 or newer policy; set securityPolicy: TLS_1_2 or use one segment`,
    });
  }
}

function checkRoute53(
  entry: DomainEntry,
  domain: ResolvedDomain,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
  const route53 = entry.config.route53;
  if (!route53) return;
  const path = joinPath(domain.path, 'route53');
  if (domain.endpointType === 'PRIVATE') {
    errors.push({
      path,
      message:
        'a private domain resolves to your VPC endpoint, whose DNS name the stack does not know; remove route53 and add the record (an alias to the VPC endpoint) in your private hosted zone',
    });
  }
  if (route53.hostedZoneId !== undefined && route53.hostedZoneName !== undefined) {
    warnings.push({
      path: joinPath(path, 'hostedZoneName'),
      message: 'hostedZoneId names the zone already, so hostedZoneName is ignored; keep one',
    });
  }
}

function checkPrivate(
  domain: ResolvedDomain,
  restEndpointType: string,
  errors: ConfigIssue[],
): void {
  if (domain.api !== 'rest') return;
  const isPrivate = domain.endpointType === 'PRIVATE';
  if (isPrivate !== (restEndpointType === 'PRIVATE')) {
    errors.push({
      path: joinPath(domain.path, 'endpointType'),
      message: isPrivate
        ? `a PRIVATE domain serves private REST APIs only, and this REST API is ${restEndpointType} (API Gateway rule); set custom.apiGateway.restApi.endpointType: PRIVATE, or make the domain REGIONAL or EDGE`
        : `a private REST API can be mapped only onto a PRIVATE domain (API Gateway rule), but this domain is ${domain.endpointType}; set endpointType: PRIVATE`,
    });
  }
  if (isPrivate && domain.create && domain.vpcEndpointId === undefined) {
    errors.push({
      path: joinPath(domain.path, 'vpcEndpointId'),
      message:
        'a private domain is reached through an interface VPC endpoint for execute-api: name it (vpce-…), so the stack writes the domain policy and the access association for it',
    });
  }
  if (isPrivate && !domain.create && domain.domainNameArn === undefined) {
    errors.push({
      path: joinPath(domain.path, 'domainNameArn'),
      message:
        "API Gateway maps a private API onto a private domain by the domain's ARN, and with create: false another stack created it: set domainNameArn (its DomainNameV2's DomainNameArn; the stack that creates it outputs it as ApiGatewayDomainArn…, e.g. ${cf:<stack>.ApiGatewayDomainArn…})",
    });
  }
  if (domain.domainNameArn !== undefined && (!isPrivate || domain.create)) {
    errors.push({
      path: joinPath(domain.path, 'domainNameArn'),
      message: domain.create
        ? 'domainNameArn names a private domain another stack created, and this stack creates this one (create is true): remove domainNameArn, or set create: false'
        : `domainNameArn maps onto a PRIVATE domain, and this one is ${domain.endpointType} (mapped by its name): remove domainNameArn`,
    });
  }
  if (!isPrivate && domain.vpcEndpointId !== undefined) {
    errors.push({
      path: joinPath(domain.path, 'vpcEndpointId'),
      message: `a VPC endpoint reaches PRIVATE domains only, and this one is ${domain.endpointType}; remove vpcEndpointId or set endpointType: PRIVATE`,
    });
  }
}

/**
 * What API Gateway refuses when one domain serves several APIs of the stack: a WebSocket API beside
 * a REST or HTTP API, and an HTTP API on a domain with an enhanced TLS policy.
 */
function checkSharedDomain(domains: readonly ResolvedDomain[], errors: ConfigIssue[]): void {
  for (const domain of domains) {
    const others = domains.filter((other) => other.name === domain.name && other !== domain);
    const first = others[0];
    if (!first) continue;
    if (domain.api === 'websocket' && others.some((other) => other.api !== 'websocket')) {
      errors.push({
        path: domain.path,
        message: `${first.path} maps the ${API_NAMES[first.api]} on this domain, and API Gateway does not map WebSocket APIs onto a domain with REST or HTTP APIs; give the WebSocket API a domain of its own`,
      });
    }
    const creator = others.find((other) => other.create);
    if (domain.api === 'httpApi' && creator && isEnhancedPolicy(creator.securityPolicy)) {
      errors.push({
        path: domain.path,
        message: `${creator.path} gives this domain the enhanced policy ${creator.securityPolicy}, and API Gateway does not map HTTP APIs onto a domain with an enhanced policy; use TLS_1_2 there or another domain here`,
      });
    }
  }
}

/** One stack resource per domain name, one mapping per base path, distinct logical ids. */
function checkAcrossEntries(domains: readonly ResolvedDomain[], errors: ConfigIssue[]): void {
  const creators = new Map<string, ResolvedDomain>();
  const basePaths = new Map<string, ResolvedDomain>();
  const idParts = new Map<string, string>();
  for (const domain of domains) {
    const creator = creators.get(domain.name);
    if (domain.create && creator) {
      errors.push({
        path: joinPath(domain.path, 'create'),
        message: `${creator.path} creates this domain already (one resource per domain name); set create: false here to map the ${API_NAMES[domain.api]} onto it`,
      });
    } else if (domain.create) creators.set(domain.name, domain);
    const mappingKey = `${domain.name}/${domain.basePath ?? ''}`;
    const other = basePaths.get(mappingKey);
    if (other) {
      errors.push({
        path: joinPath(domain.path, 'basePath'),
        message: `${other.path} maps the ${API_NAMES[other.api]} on the same base path ("${domain.basePath ?? ''}"), and a path serves one API; give one of them another basePath`,
      });
    } else basePaths.set(mappingKey, domain);
    const part = domainNamePart(domain.name);
    const sameId = idParts.get(part);
    if (sameId !== undefined && sameId !== domain.name) {
      errors.push({
        path: domain.path,
        message: `"${domain.name}" and "${sameId}" give the same CloudFormation logical ids (…${part}); rename one`,
      });
    } else idParts.set(part, domain.name);
  }
}

export const checkDomains: FeatureCheck = (config, _events, core) => {
  const result: SemanticResult = { errors: [], warnings: [] };
  const { errors, warnings } = result;
  const entries = domainEntries(config, core.stageName);
  if (entries.length === 0) return result;
  const restEndpointType = resolveRestApi(config, core).endpointType;
  const domains: ResolvedDomain[] = [];
  for (const entry of entries) {
    const domain = resolveDomain(entry, restEndpointType);
    domains.push(domain);
    // A shared REST API's stage (and domains) belong to the owning stack: checkStages says so.
    if (domain.api === 'rest' && core.sharedRestApiId !== undefined) continue;
    if (!domain.create) {
      checkNotOwned(entry, errors);
      checkBasePath(domain, errors);
      checkPrivate(domain, restEndpointType, errors);
      continue;
    }
    if (!checkEndpointType(domain, errors)) continue;
    checkSecurityPolicy(domain, errors);
    errors.push(...checkEndpointAccessMode(entry, domain));
    checkMutualTls(domain, errors);
    checkCertificate(domain, core.region, errors);
    checkBasePath(domain, errors);
    checkRoute53(entry, domain, errors, warnings);
    checkPrivate(domain, restEndpointType, errors);
  }
  checkAcrossEntries(domains, errors);
  checkSharedDomain(domains, errors);
  return result;
};
