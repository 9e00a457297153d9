/**
 * The OpenAPI document of the deployed stage, as API Gateway exports it: the API id from the
 * stack's Outputs (never a lookup by name), then `GetExport` (REST) or `ExportApi` (HTTP API).
 */
import { GetExportCommand } from '@aws-sdk/client-api-gateway';
import { ExportApiCommand } from '@aws-sdk/client-apigatewayv2';
import { DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { STACK_OUTPUTS } from '../cloudformation/naming';
import { awsErrorKind, errorMessage } from '../aws/errors';
import { OpenApiExportError, toOpenApiError } from './errors';
import type { ApiKind, ExportExtensions, ExportType, OpenApiDocument } from './types';

/** Output names (src/cloudformation/naming.ts): ours for the REST API, core's for the others. */
const REST_API_ID_OUTPUT = STACK_OUTPUTS.restApiId;
const HTTP_API_ID_OUTPUT = STACK_OUTPUTS.httpApiId;
/** Core's REST invoke URL output; used when ours is absent. */
const REST_ENDPOINT_OUTPUT = STACK_OUTPUTS.restEndpoint;
const WEBSOCKET_ENDPOINT_OUTPUT = STACK_OUTPUTS.websocketEndpoint;
const WEBSOCKET_API_ID_OUTPUT = STACK_OUTPUTS.websocketApiId;
/** Core deploys HTTP APIs to the auto-deployed `$default` stage. */
export const HTTP_API_STAGE = '$default';

export interface DeployedExportInput {
  stackName: string;
  stageName: string;
  /** Which API of the stack; undefined: the only one there is. */
  api?: ApiKind | 'websocket';
  type: ExportType;
  extensions?: ExportExtensions;
}

export interface DeployedExport {
  kind: ApiKind;
  apiId: string;
  document: OpenApiDocument;
}

interface StackApis {
  rest?: string;
  http?: string;
  websocket?: boolean;
}

export async function exportDeployedApi(
  clients: Pick<AwsClients, 'cloudFormation' | 'apiGateway' | 'apiGatewayV2'>,
  input: DeployedExportInput,
): Promise<DeployedExport> {
  if (input.api === 'websocket') throw websocketRefusal();
  const apis = await stackApis(clients, input.stackName);
  const kind = chooseApi(apis, input);
  if (kind === 'rest') {
    const apiId = apis.rest as string;
    return { kind, apiId, document: await getRestExport(clients, apiId, input) };
  }
  if (input.type !== 'oas30') {
    throw new OpenApiExportError(
      'API Gateway exports HTTP APIs as OpenAPI 3.0 only (ExportApi has no Swagger 2.0): use --type oas30.',
      'unsupported',
    );
  }
  if (input.extensions === 'postman' || input.extensions === 'authorizers') {
    throw new OpenApiExportError(
      `--extensions ${input.extensions} exists for REST APIs only; an HTTP API export either has all ` +
        'x-amazon-apigateway-* extensions (--extensions integrations or apigateway) or none.',
      'unsupported',
    );
  }
  const apiId = apis.http as string;
  return { kind, apiId, document: await getHttpExport(clients, apiId, input) };
}

function websocketRefusal(): OpenApiExportError {
  return new OpenApiExportError(
    'WebSocket APIs cannot be exported as OpenAPI: API Gateway exports REST APIs (OpenAPI 3.0 and ' +
      'Swagger 2.0) and HTTP APIs (OpenAPI 3.0) only, and OpenAPI has no notion of WebSocket routes.',
    'unsupported',
  );
}

function chooseApi(apis: StackApis, input: DeployedExportInput): ApiKind {
  const stack = `stack "${input.stackName}"`;
  if (input.api === 'rest' || input.api === 'http') {
    if (apis[input.api]) return input.api;
    const output = input.api === 'rest' ? REST_API_ID_OUTPUT : HTTP_API_ID_OUTPUT;
    throw new OpenApiExportError(
      `The ${stack} has no ${input.api === 'rest' ? 'REST' : 'HTTP'} API: its Outputs have no ` +
        `${output}. Deploy the service with its ${input.api === 'rest' ? 'http' : 'httpApi'} events first` +
        `${apis.rest || apis.http ? `, or export the ${apis.rest ? 'REST' : 'HTTP'} API with --api ${apis.rest ? 'rest' : 'http'}` : ''}.`,
      'no-api',
    );
  }
  if (apis.rest && apis.http) {
    throw new OpenApiExportError(
      `The ${stack} has both a REST API (${apis.rest}) and an HTTP API (${apis.http}): choose one ` +
        'with --api rest or --api http (or custom.apiGateway.openapi.exportAfterDeploy.api).',
      'usage',
    );
  }
  if (apis.rest) return 'rest';
  if (apis.http) return 'http';
  if (apis.websocket) throw websocketRefusal();
  throw new OpenApiExportError(
    `The ${stack} has no REST or HTTP API to export: its Outputs have neither ` +
      `${REST_API_ID_OUTPUT} (or ${REST_ENDPOINT_OUTPUT}) nor ${HTTP_API_ID_OUTPUT}. Add http or ` +
      'httpApi events to a function and deploy, or build the document with --offline.',
    'no-api',
  );
}

async function stackApis(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
): Promise<StackApis> {
  let outputs: Output[];
  try {
    const answer = await clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    outputs = answer.Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    if (awsErrorKind(error) === 'not-found') {
      throw new OpenApiExportError(
        `The stack "${stackName}" does not exist in this account and region: the service is not ` +
          'deployed with this --stage and --region. Deploy it first (sls deploy), pass the ' +
          '--stage/--region it was deployed with, or build the document without AWS with --offline.',
        'no-stack',
        { cause: error },
      );
    }
    throw toOpenApiError(error, {
      doing: `reading the outputs of stack "${stackName}"`,
      permission: `cloudformation:DescribeStacks on stack ${stackName}`,
    });
  }
  const value = (key: string) =>
    outputs.find((output) => output.OutputKey === key)?.OutputValue || undefined;
  const endpoint = value(REST_ENDPOINT_OUTPUT);
  const rest =
    value(REST_API_ID_OUTPUT) ?? endpoint?.match(/^https:\/\/([a-z0-9]+)\.execute-api\./)?.[1];
  return {
    ...(rest ? { rest } : {}),
    ...(value(HTTP_API_ID_OUTPUT) ? { http: value(HTTP_API_ID_OUTPUT) } : {}),
    ...(value(WEBSOCKET_ENDPOINT_OUTPUT) || value(WEBSOCKET_API_ID_OUTPUT)
      ? { websocket: true }
      : {}),
  };
}

async function getRestExport(
  clients: Pick<AwsClients, 'apiGateway'>,
  restApiId: string,
  input: DeployedExportInput,
): Promise<OpenApiDocument> {
  const subject = `the stage "${input.stageName}" of REST API ${restApiId}`;
  let body: Uint8Array | undefined;
  try {
    const answer = await clients.apiGateway.send(
      new GetExportCommand({
        restApiId,
        stageName: input.stageName,
        exportType: input.type,
        // Always JSON: the overrides are applied to the parsed document, YAML is written by us.
        accepts: 'application/json',
        ...(input.extensions ? { parameters: { extensions: input.extensions } } : {}),
      }),
    );
    body = answer.body;
  } catch (error) {
    if (awsErrorKind(error) === 'not-found') {
      throw new OpenApiExportError(
        `${capitalize(subject)} is not deployed (API Gateway: ${errorMessage(error)}). Deploy it ` +
          `with sls deploy --stage ${input.stageName}, or build the document with --offline.`,
        'not-deployed',
        { cause: error },
      );
    }
    if (awsErrorKind(error) === 'invalid-request') {
      throw new OpenApiExportError(
        `API Gateway refused to export ${subject}: ${errorMessage(error)}. (It cannot export an ` +
          'API whose request or response models are not application/json.)',
        'aws',
        { cause: error },
      );
    }
    throw toOpenApiError(error, {
      doing: `exporting ${subject}`,
      permission: `apigateway:GET on /restapis/${restApiId}/stages/${input.stageName}/exports/${input.type}`,
    });
  }
  return parseBody(body, subject);
}

async function getHttpExport(
  clients: Pick<AwsClients, 'apiGatewayV2'>,
  apiId: string,
  input: DeployedExportInput,
): Promise<OpenApiDocument> {
  const subject = `the ${HTTP_API_STAGE} stage of HTTP API ${apiId}`;
  let body: Uint8Array | undefined;
  try {
    const answer = await clients.apiGatewayV2.send(
      new ExportApiCommand({
        ApiId: apiId,
        Specification: 'OAS30',
        OutputType: 'JSON',
        StageName: HTTP_API_STAGE,
        IncludeExtensions: input.extensions !== undefined,
      }),
    );
    body = answer.body;
  } catch (error) {
    if (awsErrorKind(error) === 'not-found') {
      throw new OpenApiExportError(
        `${capitalize(subject)} is not deployed (API Gateway: ${errorMessage(error)}). Deploy it ` +
          'with sls deploy, or build the document with --offline.',
        'not-deployed',
        { cause: error },
      );
    }
    throw toOpenApiError(error, {
      doing: `exporting ${subject}`,
      permission: `apigateway:GET on /apis/${apiId}/exports/OAS30`,
    });
  }
  return parseBody(body, subject);
}

function parseBody(body: Uint8Array | undefined, subject: string): OpenApiDocument {
  const text = body ? Buffer.from(body).toString('utf8') : '';
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new OpenApiExportError(
      `API Gateway answered the export of ${subject} with something that is not JSON ` +
        `(${errorMessage(error)}); nothing was written.`,
      'aws',
      { cause: error },
    );
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new OpenApiExportError(
      `API Gateway answered the export of ${subject} with an empty document; nothing was written.`,
      'aws',
    );
  }
  return document as OpenApiDocument;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
