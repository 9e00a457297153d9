/**
 * The AWS service integrations of HTTP APIs ("Integration subtype reference",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html):
 * per `IntegrationSubtype`, the service action its parameters are sent to, which parameters it
 * requires and takes, and the request the service's API wants for them. `Region` (every subtype)
 * is the region the call is signed for, not a parameter of the action.
 *
 * - SQS (query protocol, version 2012-11-05): a form-encoded POST of `Action`, the parameters,
 *   and `MessageAttributes` / `MessageSystemAttributes` (a JSON map of name → {DataType,
 *   StringValue|BinaryValue}) flattened into `MessageAttribute.N.*`; `AttributeNames` and
 *   `MessageAttributeNames` (a JSON array, or names separated by commas) into `AttributeName.N`.
 *   It asks for JSON (`Accept: application/json`, `ContentType=JSON`), so the answer is the
 *   query API's JSON form, `{"SendMessageResponse": {"SendMessageResult": {…},
 *   "ResponseMetadata": {…}}}`, the body HTTP APIs return for these subtypes.
 * - EventBridge, Kinesis, Step Functions (JSON protocols, ../aws/protocols.ts): the action's JSON
 *   input. PutEvents sends one entry; `Time` is given as epoch seconds (a number, or a date
 *   `Date.parse` reads); `Resources` is a JSON array or comma-separated ARNs. Kinesis' `Data` is
 *   the mapped text, which the JSON protocol carries base64-encoded as its blobs are.
 * - AppConfig GetConfiguration (REST-JSON): `GET /applications/{Application}/environments/
 *   {Environment}/configurations/{Configuration}?client_id=…`.
 */
import { jsonProtocolHeaders } from '../aws/protocols';

export interface ServiceRequest {
  /** The signing name. */
  service: string;
  method: string;
  pathAndQuery: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A parameter value that does not have the shape the action needs (the log line's reason). */
export class ParameterError extends Error {}

type Parameters = Readonly<Record<string, string>>;

interface SubtypeSpec {
  required: readonly string[];
  optional: readonly string[];
  build(parameters: Parameters): ServiceRequest;
}

/** A JSON array, or values separated by commas. */
function listOf(name: string, text: string): string[] {
  if (text.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ParameterError(`${name} is not a JSON array: ${text}`);
    }
    if (!Array.isArray(parsed)) throw new ParameterError(`${name} is not a JSON array: ${text}`);
    return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function objectOf(name: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ParameterError(`${name} is not a JSON object: ${text}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ParameterError(`${name} is not a JSON object: ${text}`);
  return parsed as Record<string, unknown>;
}

/** `{name: {DataType, StringValue|BinaryValue}}` → `<prefix>.N.Name`, `<prefix>.N.Value.<field>`. */
function flattenAttributes(form: URLSearchParams, prefix: string, name: string, text: string) {
  Object.entries(objectOf(name, text)).forEach(([attribute, value], index) => {
    const base = `${prefix}.${index + 1}`;
    form.append(`${base}.Name`, attribute);
    if (value === null || typeof value !== 'object')
      throw new ParameterError(`${name}.${attribute} is not an object with a DataType`);
    for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>))
      form.append(
        `${base}.Value.${field}`,
        typeof fieldValue === 'string' ? fieldValue : JSON.stringify(fieldValue),
      );
  });
}

const SQS_SCALARS = [
  'QueueUrl',
  'MessageBody',
  'DelaySeconds',
  'MessageDeduplicationId',
  'MessageGroupId',
  'ReceiptHandle',
  'MaxNumberOfMessages',
  'ReceiveRequestAttemptId',
  'VisibilityTimeout',
  'WaitTimeSeconds',
];

function sqs(action: string, required: string[], optional: string[]): SubtypeSpec {
  return {
    required,
    optional,
    build(parameters) {
      const form = new URLSearchParams({ Action: action, Version: '2012-11-05' });
      for (const name of SQS_SCALARS)
        if (parameters[name] !== undefined) form.append(name, parameters[name]);
      const { MessageAttributes, MessageSystemAttributes, AttributeNames, MessageAttributeNames } =
        parameters;
      if (MessageAttributes !== undefined)
        flattenAttributes(form, 'MessageAttribute', 'MessageAttributes', MessageAttributes);
      if (MessageSystemAttributes !== undefined)
        flattenAttributes(
          form,
          'MessageSystemAttribute',
          'MessageSystemAttributes',
          MessageSystemAttributes,
        );
      if (AttributeNames !== undefined)
        listOf('AttributeNames', AttributeNames).forEach((item, index) =>
          form.append(`AttributeName.${index + 1}`, item),
        );
      if (MessageAttributeNames !== undefined)
        listOf('MessageAttributeNames', MessageAttributeNames).forEach((item, index) =>
          form.append(`MessageAttributeName.${index + 1}`, item),
        );
      form.append('ContentType', 'JSON');
      return {
        service: 'sqs',
        method: 'POST',
        pathAndQuery: '/',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          Accept: 'application/json',
        },
        body: Buffer.from(form.toString(), 'utf8'),
      };
    },
  };
}

/** A JSON-protocol action's request; undefined members are left out. */
function jsonCall(service: string, action: string, input: Record<string, unknown>): ServiceRequest {
  const headers = jsonProtocolHeaders(service, action);
  if (!headers) throw new Error(`${service} is not a JSON-protocol service`);
  const members = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  );
  return {
    service,
    method: 'POST',
    pathAndQuery: '/',
    headers: { ...headers, Accept: 'application/json' },
    body: Buffer.from(JSON.stringify(members), 'utf8'),
  };
}

function epochSeconds(text: string): number {
  const number = Number(text);
  if (text.trim() !== '' && Number.isFinite(number)) return number;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new ParameterError(`Time is not a date or epoch seconds: ${text}`);
  return time / 1000;
}

function stepFunctions(action: string, required: string[], optional: string[]): SubtypeSpec {
  // The Step Functions API's members are camel-cased (stateMachineArn, input…).
  const member = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
  return {
    required,
    optional,
    build: (parameters) =>
      jsonCall(
        'states',
        action,
        Object.fromEntries(
          [...required, ...optional].map((name) => [member(name), parameters[name]]),
        ),
      ),
  };
}

const SUBTYPES: Readonly<Record<string, SubtypeSpec>> = {
  'SQS-SendMessage': sqs(
    'SendMessage',
    ['QueueUrl', 'MessageBody'],
    [
      'DelaySeconds',
      'MessageAttributes',
      'MessageDeduplicationId',
      'MessageGroupId',
      'MessageSystemAttributes',
    ],
  ),
  'SQS-ReceiveMessage': sqs(
    'ReceiveMessage',
    ['QueueUrl'],
    [
      'AttributeNames',
      'MaxNumberOfMessages',
      'MessageAttributeNames',
      'ReceiveRequestAttemptId',
      'VisibilityTimeout',
      'WaitTimeSeconds',
    ],
  ),
  'SQS-DeleteMessage': sqs('DeleteMessage', ['ReceiptHandle', 'QueueUrl'], []),
  'SQS-PurgeQueue': sqs('PurgeQueue', ['QueueUrl'], []),
  'EventBridge-PutEvents': {
    required: ['Detail', 'DetailType', 'Source'],
    optional: ['Time', 'EventBusName', 'Resources', 'TraceHeader'],
    build: (p) =>
      jsonCall('events', 'PutEvents', {
        Entries: [
          Object.fromEntries(
            Object.entries({
              Source: p.Source,
              DetailType: p.DetailType,
              Detail: p.Detail,
              Time: p.Time === undefined ? undefined : epochSeconds(p.Time),
              EventBusName: p.EventBusName,
              Resources: p.Resources === undefined ? undefined : listOf('Resources', p.Resources),
              TraceHeader: p.TraceHeader,
            }).filter(([, value]) => value !== undefined),
          ),
        ],
      }),
  },
  'Kinesis-PutRecord': {
    required: ['StreamName', 'Data', 'PartitionKey'],
    optional: ['SequenceNumberForOrdering', 'ExplicitHashKey'],
    build: (p) =>
      jsonCall('kinesis', 'PutRecord', {
        StreamName: p.StreamName,
        Data: Buffer.from(p.Data, 'utf8').toString('base64'),
        PartitionKey: p.PartitionKey,
        SequenceNumberForOrdering: p.SequenceNumberForOrdering,
        ExplicitHashKey: p.ExplicitHashKey,
      }),
  },
  'StepFunctions-StartExecution': stepFunctions(
    'StartExecution',
    ['StateMachineArn'],
    ['Name', 'Input'],
  ),
  'StepFunctions-StartSyncExecution': stepFunctions(
    'StartSyncExecution',
    ['StateMachineArn'],
    ['Name', 'Input', 'TraceHeader'],
  ),
  'StepFunctions-StopExecution': stepFunctions(
    'StopExecution',
    ['ExecutionArn'],
    ['Cause', 'Error'],
  ),
  'AppConfig-GetConfiguration': {
    required: ['Application', 'Environment', 'Configuration', 'ClientId'],
    optional: ['ClientConfigurationVersion'],
    build(p) {
      const segment = encodeURIComponent;
      const query = new URLSearchParams({ client_id: p.ClientId });
      if (p.ClientConfigurationVersion !== undefined)
        query.append('client_configuration_version', p.ClientConfigurationVersion);
      return {
        service: 'appconfig',
        method: 'GET',
        pathAndQuery: `/applications/${segment(p.Application)}/environments/${segment(p.Environment)}/configurations/${segment(p.Configuration)}?${query.toString()}`,
        headers: { Accept: 'application/json' },
        body: Buffer.alloc(0),
      };
    },
  },
};

/** The subtypes HTTP APIs have, in the reference's order. */
export const INTEGRATION_SUBTYPES = Object.keys(SUBTYPES);

/**
 * The request for a subtype's mapped parameters: undefined for a subtype HTTP APIs do not have;
 * `missing` names the required parameters the integration does not map. Throws ParameterError
 * for a value of the wrong shape.
 */
export function serviceRequest(
  subtype: string,
  parameters: Parameters,
): ServiceRequest | { missing: string[] } | undefined {
  const spec = SUBTYPES[subtype];
  if (!spec) return undefined;
  const missing = spec.required.filter((name) => parameters[name] === undefined);
  if (missing.length > 0) return { missing };
  return spec.build(parameters);
}
