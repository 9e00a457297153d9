/**
 * Export → import → export (issue 15): an offline OpenAPI document of a packaged template,
 * imported as the `Body` of the template's RestApi in place of the resources that defined the API,
 * exported again. See test/integration/openapi-export-round-trip.test.ts for what it proves.
 */
import type { CfnTemplate } from '../../src/cloudformation/template';
import { REST_API_DEFINITION_TYPES } from '../../src/cloudformation/template';
import { buildOfflineDocument, type OfflineOptions } from '../../src/openapi/offline';
import type { OpenApiDocument } from '../../src/openapi/types';

/**
 * RestApi properties an exported document states itself (info, x-amazon-apigateway-* API
 * settings): dropped from the imported RestApi, so the second export can only get them from the
 * document. What a document cannot say (EndpointConfiguration.Types, Tags…) stays.
 */
const STATED_BY_THE_DOCUMENT = [
  'Name',
  'Description',
  'ApiKeySourceType',
  'BinaryMediaTypes',
  'MinimumCompressionSize',
  'Policy',
  'DisableExecuteApiEndpoint',
];

/** One `${…}` of a rendered string: where it starts and ends, and what is between the braces. */
interface Placeholder {
  start: number;
  end: number;
  text: string;
}

/** The `${…}` of a string, braces balanced (`${Fn::Select:[0,{"Ref":"X"}]}` is one). */
function placeholders(value: string): Placeholder[] {
  const found: Placeholder[] = [];
  let index = value.indexOf('${');
  while (index !== -1) {
    let depth = 0;
    let end = -1;
    for (let cursor = index + 1; cursor < value.length; cursor += 1) {
      if (value[cursor] === '{') depth += 1;
      if (value[cursor] === '}') depth -= 1;
      if (depth === 0) {
        end = cursor + 1;
        break;
      }
    }
    if (end === -1) break;
    found.push({ start: index, end, text: value.slice(index + 2, end - 1) });
    index = value.indexOf('${', end);
  }
  return found;
}

/** `Fn::Select:[…]`, the export's rendering of an intrinsic Fn::Sub cannot name: the intrinsic. */
function renderedIntrinsic(text: string): Record<string, unknown> | undefined {
  const parsed = /^(Fn::[A-Za-z]+):(.*)$/s.exec(text);
  if (!parsed) return undefined;
  try {
    return { [parsed[1]]: JSON.parse(parsed[2]) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * The exported document as a CloudFormation `Body`, as a user importing it writes it: the export
 * shows deploy-time values as Fn::Sub placeholders in plain strings
 * (`arn:${AWS::Partition}:…:${HelloLambdaFunction.Arn}/invocations`), which CloudFormation would
 * leave alone in a Body, so such a string becomes an `Fn::Sub` again: a placeholder naming a
 * pseudo parameter, a parameter or a resource of the template stays a variable, one showing an
 * intrinsic Fn::Sub cannot name (`${Fn::Select:[…]}`) becomes a variable bound to that intrinsic,
 * and any other `${…}` (a stage variable, VTL) is escaped as a literal (`${!stageVariables.x}`).
 * A string with no CloudFormation placeholder stays a plain string.
 */
export function documentAsBody(document: OpenApiDocument, template: CfnTemplate): unknown {
  const names = new Set([
    ...Object.keys(template.Resources),
    ...Object.keys((template as { Parameters?: object }).Parameters ?? {}),
  ]);
  const isName = (text: string) => text.startsWith('AWS::') || names.has(text.split('.')[0]);
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item)]));
    }
    if (typeof value !== 'string') return value;
    const found = placeholders(value);
    if (!found.some(({ text }) => isName(text) || renderedIntrinsic(text))) return value;
    const variables: Record<string, unknown> = {};
    let text = '';
    let last = 0;
    for (const placeholder of found) {
      text += value.slice(last, placeholder.start);
      const intrinsic = renderedIntrinsic(placeholder.text);
      if (isName(placeholder.text)) {
        text += `\${${placeholder.text}}`;
      } else if (intrinsic) {
        const variable = `Value${Object.keys(variables).length + 1}`;
        variables[variable] = intrinsic;
        text += `\${${variable}}`;
      } else {
        text += `\${!${placeholder.text}}`;
      }
      last = placeholder.end;
    }
    text += value.slice(last);
    return { 'Fn::Sub': Object.keys(variables).length > 0 ? [text, variables] : text };
  };
  return convert(document);
}

/** The template with `body` as its RestApi's Body in place of the API's definition resources. */
export function importAsBody(template: CfnTemplate, body: unknown): CfnTemplate {
  const definitionTypes = new Set<string>(REST_API_DEFINITION_TYPES);
  const resources = Object.fromEntries(
    Object.entries(template.Resources).filter(
      ([, resource]) => !definitionTypes.has(resource.Type),
    ),
  );
  const [restApiId, restApi] =
    Object.entries(resources).find(
      ([, resource]) => resource.Type === 'AWS::ApiGateway::RestApi',
    ) ?? [];
  if (!restApiId || !restApi) throw new Error('the template has no RestApi resource');
  const properties = Object.fromEntries(
    Object.entries(restApi.Properties ?? {}).filter(
      ([key]) => !STATED_BY_THE_DOCUMENT.includes(key) && key !== 'Body',
    ),
  );
  const endpoint = properties.EndpointConfiguration as Record<string, unknown> | undefined;
  if (endpoint && 'VpcEndpointIds' in endpoint) {
    const { VpcEndpointIds: _stated, ...rest } = endpoint;
    properties.EndpointConfiguration = rest;
  }
  resources[restApiId] = { ...restApi, Properties: { ...properties, Body: body } };
  return { ...template, Resources: resources };
}

export interface ExportRoundTrip {
  first: OpenApiDocument;
  second: OpenApiDocument;
  warnings: string[];
  imported: CfnTemplate;
}

export function exportRoundTrip(
  template: CfnTemplate,
  options: OfflineOptions,
  first = buildOfflineDocument(template, { ...options, api: 'rest' }).document,
): ExportRoundTrip {
  const imported = importAsBody(template, documentAsBody(first, template));
  const again = buildOfflineDocument(imported, { ...options, api: 'rest' });
  return { first, second: again.document, warnings: again.warnings, imported };
}

const GATEWAY_RESPONSE = /^API Gateway response /;

/**
 * The first export as the second one describes it once imported, for the one difference an import
 * makes: the export lists on each operation the responses API Gateway itself may answer it with
 * (the API's gateway responses, described `API Gateway response THROTTLED`, header values from the
 * gateway response). An import makes them the method's own responses (API Gateway creates a
 * method response for every response of an operation), so the second export has the same status
 * codes with the same header names, described as the method's (`429 response`) and without header
 * values (no integration response maps them); and an operation whose only response of its own was
 * the `default` written for a method that declares none now declares these, so `default` goes.
 * Everything else (paths, operations, parameters, schemas, security, integrations, API
 * extensions) is compared as exported.
 */
export function gatewayResponsesAsImported(document: OpenApiDocument): OpenApiDocument {
  const result = structuredClone(document);
  for (const item of Object.values((result.paths ?? {}) as Record<string, Json>)) {
    for (const operation of Object.values(item)) {
      if (!isJson(operation) || !isJson(operation.responses)) continue;
      const responses = operation.responses;
      let imported = false;
      for (const [statusCode, response] of Object.entries(responses)) {
        if (!isJson(response) || !GATEWAY_RESPONSE.test(String(response.description))) continue;
        imported = true;
        response.description = `${statusCode} response`;
        for (const header of Object.values(isJson(response.headers) ? response.headers : {})) {
          if (!isJson(header)) continue;
          delete header.enum;
          if (isJson(header.schema)) delete header.schema.enum;
        }
      }
      if (imported) delete responses.default;
    }
  }
  return result;
}

type Json = Record<string, unknown> & { [key: string]: unknown };

function isJson(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
