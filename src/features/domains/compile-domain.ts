/**
 * The resources of a domain this stack creates: the domain itself (by API and endpoint type), its
 * certificate when the stack creates one, the private domain's access association, the Route 53
 * alias records and the outputs that name the domain's target.
 */
import { domainIds } from '../../cloudformation/naming';
import {
  type CfnObject,
  type CfnOutput,
  type CfnResource,
  getAtt,
  ref,
} from '../../cloudformation/template';
import type { CfnValue } from '../../common/intrinsics';
import type { ResolvedDomain } from './resolve';

/** Where a created domain's alias records point: its CloudFront distribution or regional endpoint. */
export interface DomainTarget {
  readonly dnsName: CfnObject;
  readonly hostedZoneId: CfnObject;
}

export interface CreatedDomain {
  readonly resources: Record<string, CfnResource>;
  readonly outputs: Record<string, CfnOutput>;
  /** The logical id of the domain resource. */
  readonly logicalId: string;
}

/** The logical id of the resource a created domain is (its type follows the API and endpoint type). */
export function domainLogicalId(domain: ResolvedDomain): string {
  if (domain.api !== 'rest') return domainIds.v2Domain(domain.name);
  return domain.endpointType === 'PRIVATE'
    ? domainIds.privateDomain(domain.name)
    : domainIds.restDomain(domain.name);
}

function certificateArn(domain: ResolvedDomain, resources: Record<string, CfnResource>): CfnValue {
  const certificate = domain.certificate;
  if (certificate && 'arn' in certificate) return certificate.arn;
  // The check made sure a created domain has a certificate: this is { hostedZoneId }.
  const hostedZoneId = certificate?.hostedZoneId;
  const logicalId = domainIds.certificate(domain.name);
  resources[logicalId] = {
    Type: 'AWS::CertificateManager::Certificate',
    Properties: {
      DomainName: domain.name,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: domain.name, HostedZoneId: hostedZoneId }],
    },
  };
  return ref(logicalId);
}

function mutualTlsProperty(domain: ResolvedDomain): CfnObject {
  if (!domain.mutualTls) return {};
  return {
    MutualTlsAuthentication: {
      TruststoreUri: domain.mutualTls.truststoreUri,
      ...(domain.mutualTls.truststoreVersion !== undefined
        ? { TruststoreVersion: domain.mutualTls.truststoreVersion }
        : {}),
    },
  };
}

/** `EndpointConfiguration` of a REST domain (`DomainName`, `DomainNameV2`). */
function endpointConfiguration(domain: ResolvedDomain): CfnObject {
  return {
    Types: [domain.endpointType],
    ...(domain.ipAddressType !== undefined ? { IpAddressType: domain.ipAddressType } : {}),
  };
}

function accessMode(domain: ResolvedDomain): CfnObject {
  return domain.endpointAccessMode ? { EndpointAccessMode: domain.endpointAccessMode } : {};
}

/** Only callers through the VPC endpoint may invoke the domain (API Gateway requires a policy). */
function privateDomainPolicy(vpcEndpointId: CfnValue | undefined): CfnObject {
  const resource = ['execute-api:/*'];
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: resource,
        Condition: { StringNotEquals: { 'aws:SourceVpce': vpcEndpointId } },
      },
    ],
  };
}

function domainResource(domain: ResolvedDomain, certificate: CfnValue): CfnResource {
  if (domain.api !== 'rest') {
    return {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: {
        DomainName: domain.name,
        DomainNameConfigurations: [
          {
            CertificateArn: certificate,
            EndpointType: 'REGIONAL',
            SecurityPolicy: domain.securityPolicy,
            ...(domain.ipAddressType !== undefined ? { IpAddressType: domain.ipAddressType } : {}),
          },
        ],
        ...mutualTlsProperty(domain),
      },
    };
  }
  if (domain.endpointType === 'PRIVATE') {
    return {
      Type: 'AWS::ApiGateway::DomainNameV2',
      Properties: {
        DomainName: domain.name,
        CertificateArn: certificate,
        EndpointConfiguration: endpointConfiguration(domain),
        SecurityPolicy: domain.securityPolicy,
        ...accessMode(domain),
        Policy: privateDomainPolicy(domain.vpcEndpointId),
      },
    };
  }
  const edge = domain.endpointType === 'EDGE';
  return {
    Type: 'AWS::ApiGateway::DomainName',
    Properties: {
      DomainName: domain.name,
      EndpointConfiguration: endpointConfiguration(domain),
      [edge ? 'CertificateArn' : 'RegionalCertificateArn']: certificate,
      SecurityPolicy: domain.securityPolicy,
      ...accessMode(domain),
      ...mutualTlsProperty(domain),
    },
  };
}

/** The alias target of a public domain (undefined for a private one). */
export function domainTarget(domain: ResolvedDomain, logicalId: string): DomainTarget | undefined {
  if (domain.endpointType === 'PRIVATE') return undefined;
  if (domain.endpointType === 'EDGE') {
    return {
      dnsName: getAtt(logicalId, 'DistributionDomainName'),
      hostedZoneId: getAtt(logicalId, 'DistributionHostedZoneId'),
    };
  }
  return {
    dnsName: getAtt(logicalId, 'RegionalDomainName'),
    hostedZoneId: getAtt(logicalId, 'RegionalHostedZoneId'),
  };
}

function records(domain: ResolvedDomain, target: DomainTarget): Record<string, CfnResource> {
  const route53 = domain.route53;
  if (!route53) return {};
  const zone =
    route53.hostedZoneId !== undefined
      ? { HostedZoneId: route53.hostedZoneId }
      : { HostedZoneName: route53.hostedZoneName };
  const types: Array<'A' | 'AAAA'> = route53.ipv6 ? ['A', 'AAAA'] : ['A'];
  return Object.fromEntries(
    types.map((type) => [
      domainIds.record(domain.name, type),
      {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          ...zone,
          Name: domain.name,
          Type: type,
          AliasTarget: {
            DNSName: target.dnsName,
            HostedZoneId: target.hostedZoneId,
            EvaluateTargetHealth: false,
          },
        },
      },
    ]),
  );
}

function outputs(domain: ResolvedDomain, target: DomainTarget): Record<string, CfnOutput> {
  const kind = domain.endpointType === 'EDGE' ? 'CloudFront distribution' : 'regional endpoint';
  return {
    [domainIds.targetOutput(domain.name)]: {
      Description: `The ${kind} ${domain.name} points to (a CNAME or alias target for DNS outside Route 53)`,
      Value: target.dnsName,
    },
    [domainIds.hostedZoneIdOutput(domain.name)]: {
      Description: `The hosted zone id of ${domain.name}'s target (for an alias record)`,
      Value: target.hostedZoneId,
    },
  };
}

/** A private domain's ARN, which other stacks map their private APIs by (`domainNameArn`). */
function privateOutputs(domain: ResolvedDomain, logicalId: string): Record<string, CfnOutput> {
  if (domain.api !== 'rest' || domain.endpointType !== 'PRIVATE') return {};
  return {
    [domainIds.arnOutput(domain.name)]: {
      Description: `The ARN of the private domain ${domain.name} (domainNameArn of other stacks' mappings onto it)`,
      Value: getAtt(logicalId, 'DomainNameArn'),
    },
  };
}

export function compileCreatedDomain(domain: ResolvedDomain): CreatedDomain {
  const resources: Record<string, CfnResource> = {};
  const certificate = certificateArn(domain, resources);
  const logicalId = domainLogicalId(domain);
  resources[logicalId] = domainResource(domain, certificate);
  if (domain.endpointType === 'PRIVATE' && domain.api === 'rest') {
    resources[domainIds.accessAssociation(domain.name)] = {
      Type: 'AWS::ApiGateway::DomainNameAccessAssociation',
      Properties: {
        DomainNameArn: getAtt(logicalId, 'DomainNameArn'),
        AccessAssociationSource: domain.vpcEndpointId,
        AccessAssociationSourceType: 'VPCE',
      },
    };
  }
  const target = domainTarget(domain, logicalId);
  return {
    resources: { ...resources, ...(target ? records(domain, target) : {}) },
    outputs: target ? outputs(domain, target) : privateOutputs(domain, logicalId),
    logicalId,
  };
}
