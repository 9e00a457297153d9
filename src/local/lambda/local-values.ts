/**
 * Local values for the intrinsic functions of a function's environment. Nothing is deployed, so
 * values only AWS knows are made up the same way every time: pseudo parameters from the options
 * (region, stage's stack name, AWS's documentation example account), a template parameter's
 * Default, a resource's name where its properties give it (FunctionName, TableName, QueueName,
 * BucketName, TopicName…) or its logical id, and ARNs built from those. `Ref` and `Fn::GetAtt`
 * give what CloudFormation documents for the type (a queue's `Ref` is its URL, a topic's and a
 * state machine's their ARN); a queue's URL is on the local AWS endpoint when one is set
 * (`<endpoint>/<account>/<name>`, the form moto and LocalStack give their queues), so AWS service
 * integrations and handlers reach the queue there. What cannot be given a value
 * (Fn::ImportValue, Fn::If…) keeps its Fn::Sub-style text (`${ImportValue:…}`), so a handler that
 * prints it shows where it came from.
 */
import type { CfnTemplate } from '../../cloudformation/template';
import { renderValue } from '../../openapi/intrinsics';

export interface LocalValues {
  region: string;
  accountId: string;
  stackName: string;
  /** The local AWS endpoint (`--aws-endpoint`), without a trailing slash; queues' URLs use it. */
  awsEndpoint?: string;
}

const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::Events::EventBus': 'Name',
};

const ARN_FORMATS: Readonly<Record<string, (name: string, values: LocalValues) => string>> = {
  'AWS::Lambda::Function': (name, v) =>
    `arn:aws:lambda:${v.region}:${v.accountId}:function:${name}`,
  'AWS::DynamoDB::Table': (name, v) => `arn:aws:dynamodb:${v.region}:${v.accountId}:table/${name}`,
  'AWS::SQS::Queue': (name, v) => `arn:aws:sqs:${v.region}:${v.accountId}:${name}`,
  'AWS::S3::Bucket': (name) => `arn:aws:s3:::${name}`,
  'AWS::SNS::Topic': (name, v) => `arn:aws:sns:${v.region}:${v.accountId}:${name}`,
  'AWS::StepFunctions::StateMachine': (name, v) =>
    `arn:aws:states:${v.region}:${v.accountId}:stateMachine:${name}`,
  'AWS::Kinesis::Stream': (name, v) => `arn:aws:kinesis:${v.region}:${v.accountId}:stream/${name}`,
  'AWS::Events::EventBus': (name, v) =>
    `arn:aws:events:${v.region}:${v.accountId}:event-bus/${name}`,
};

/** The queue's URL: on the local AWS endpoint when there is one, else where SQS would serve it. */
function queueUrl(name: string, values: LocalValues): string {
  const base = values.awsEndpoint ?? `https://sqs.${values.region}.amazonaws.com`;
  return `${base}/${values.accountId}/${name}`;
}

/**
 * What `Ref` returns for the types whose Ref is not their name (the resource types' "Return
 * values" in the CloudFormation reference).
 */
const REF_FORMATS: Readonly<Record<string, (name: string, values: LocalValues) => string>> = {
  'AWS::SQS::Queue': queueUrl,
  'AWS::SNS::Topic': ARN_FORMATS['AWS::SNS::Topic'],
  'AWS::StepFunctions::StateMachine': ARN_FORMATS['AWS::StepFunctions::StateMachine'],
};

/** `Fn::GetAtt` attributes other than `Arn`, by type. */
const ATTRIBUTE_FORMATS: Readonly<
  Record<string, Readonly<Record<string, (name: string, values: LocalValues) => string>>>
> = {
  'AWS::SQS::Queue': { QueueUrl: queueUrl, QueueName: (name) => name },
  'AWS::SNS::Topic': { TopicName: (name) => name, TopicArn: ARN_FORMATS['AWS::SNS::Topic'] },
  'AWS::StepFunctions::StateMachine': { Name: (name) => name },
};

function pseudo(name: string, values: LocalValues): string | undefined {
  switch (name) {
    case 'AWS::Region':
      return values.region;
    case 'AWS::AccountId':
      return values.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return values.stackName;
    default:
      return undefined;
  }
}

function resourceName(id: string, template: CfnTemplate, values: LocalValues): string {
  const resource = template.Resources[id];
  const property = resource ? NAME_PROPERTIES[resource.Type] : undefined;
  const named = property ? resource?.Properties?.[property] : undefined;
  return (named !== undefined ? localValue(named, template, values) : undefined) ?? id;
}

function ref(name: string, template: CfnTemplate, values: LocalValues): string | undefined {
  if (name === 'AWS::NoValue') return undefined;
  const pseudoValue = pseudo(name, values);
  if (pseudoValue !== undefined) return pseudoValue;
  const parameters = template.Parameters as Record<string, { Default?: unknown }> | undefined;
  const parameter = parameters?.[name];
  if (parameter) return parameter.Default === undefined ? undefined : String(parameter.Default);
  const format = REF_FORMATS[template.Resources[name]?.Type ?? ''];
  const resource = resourceName(name, template, values);
  return format ? format(resource, values) : resource;
}

function getAtt(id: string, attribute: string, template: CfnTemplate, values: LocalValues): string {
  const type = template.Resources[id]?.Type ?? '';
  const name = resourceName(id, template, values);
  if (attribute === 'Arn' && ARN_FORMATS[type]) return ARN_FORMATS[type](name, values);
  const format = ATTRIBUTE_FORMATS[type]?.[attribute];
  if (format) return format(name, values);
  return `\${${id}.${attribute}}`;
}

function sub(
  text: string,
  variables: Record<string, unknown>,
  template: CfnTemplate,
  values: LocalValues,
): string {
  return text
    .replace(/\$\{([^}!]+)\}/g, (match, name: string) => {
      if (name in variables) return localValue(variables[name], template, values) ?? '';
      const [id, ...attribute] = name.split('.');
      if (attribute.length > 0) return getAtt(id, attribute.join('.'), template, values);
      return ref(name, template, values) ?? match;
    })
    .replace(/\$\{!/g, '${');
}

/** A template value as a string the function's environment can hold; undefined for AWS::NoValue. */
export function localValue(
  value: unknown,
  template: CfnTemplate,
  values: LocalValues,
): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return renderValue(value);
  const entries = Object.entries(value);
  if (entries.length !== 1) return renderValue(value);
  const [fn, args] = entries[0];
  if (fn === 'Ref' && typeof args === 'string') return ref(args, template, values);
  if (fn === 'Fn::GetAtt') {
    const [id, attribute] = Array.isArray(args) ? args.map(String) : String(args).split(/\.(.*)/);
    return getAtt(id, attribute ?? '', template, values);
  }
  if (fn === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
    return (args[1] as unknown[])
      .map((part) => localValue(part, template, values) ?? '')
      .join(String(args[0]));
  }
  if (fn === 'Fn::Sub') {
    if (typeof args === 'string') return sub(args, {}, template, values);
    if (Array.isArray(args) && typeof args[0] === 'string')
      return sub(args[0], (args[1] ?? {}) as Record<string, unknown>, template, values);
  }
  if (fn === 'Fn::Select' && Array.isArray(args)) {
    const list = localList(args[1], template, values);
    const picked = list?.[Number(args[0])];
    return picked ?? renderValue(value);
  }
  return renderValue(value);
}

/** A list-valued template value (a list, `Fn::Split`) as strings; undefined when it is not one. */
function localList(
  value: unknown,
  template: CfnTemplate,
  values: LocalValues,
): string[] | undefined {
  if (Array.isArray(value)) return value.map((item) => localValue(item, template, values) ?? '');
  const split = (value as { 'Fn::Split'?: unknown } | null)?.['Fn::Split'];
  if (Array.isArray(split) && typeof split[0] === 'string') {
    const source = localValue(split[1], template, values);
    return source === undefined ? undefined : source.split(split[0]);
  }
  return undefined;
}
