/**
 * The custom-domain lines of the package summary: one per base path mapping of the template
 * (`https://api.example.com/orders → REST API, stage prod (domain created here)`). Pure.
 */
import type { CfnResource, CfnTemplate } from '../cloudformation/template';
import { refId } from '../cloudformation/template';
import { renderValue } from '../openapi/intrinsics';

const MAPPING_TYPES = new Set([
  'AWS::ApiGateway::BasePathMapping',
  'AWS::ApiGateway::BasePathMappingV2',
  'AWS::ApiGatewayV2::ApiMapping',
]);

/** The logical id a `{ Ref }` or `{ 'Fn::GetAtt': [id, …] }` names. */
function referencedId(value: unknown): string | undefined {
  const ref = refId(value);
  if (ref !== undefined) return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

function apiKind(template: CfnTemplate, mapping: CfnResource): string {
  const properties = mapping.Properties ?? {};
  const api = template.Resources[referencedId(properties.RestApiId ?? properties.ApiId) ?? ''];
  if (properties.RestApiId !== undefined || api?.Type === 'AWS::ApiGateway::RestApi')
    return 'REST API';
  const protocol = api?.Properties?.ProtocolType;
  return protocol === 'WEBSOCKET' ? 'WebSocket API' : protocol === 'HTTP' ? 'HTTP API' : 'API';
}

export function domainLines(template: CfnTemplate): string[] {
  const lines: string[] = [];
  for (const mapping of Object.values(template.Resources)) {
    if (!MAPPING_TYPES.has(mapping.Type)) continue;
    const properties = mapping.Properties ?? {};
    const domainValue = properties.DomainName ?? properties.DomainNameArn;
    const domain = template.Resources[referencedId(domainValue) ?? ''];
    const name = domain ? domain.Properties?.DomainName : domainValue;
    const path = properties.BasePath ?? properties.ApiMappingKey;
    const url = `https://${renderValue(name)}/${path === undefined ? '' : renderValue(path)}`;
    const stage = properties.Stage === undefined ? '' : `, stage ${renderValue(properties.Stage)}`;
    const owner = domain ? 'domain created here' : 'domain created elsewhere';
    lines.push(`${url} → ${apiKind(template, mapping)}${stage} (${owner})`);
  }
  return lines.sort();
}
