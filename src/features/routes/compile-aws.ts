/**
 * AWS service integrations: the URI, request parameters and default request template of each
 * built-in action, and the IAM role API Gateway assumes, allowed exactly the declared action on
 * exactly the declared resource.
 */
import type { CfnResource } from '../../cloudformation/template';
import { AWS_ACTIONS, type CfnString, type ResolvedRoute } from './resolve';
import { ACCOUNT_ID, apigatewayUri, join, PARTITION, REGION, splitPart } from './cfn';

export interface AwsIntegrationParts {
  readonly uri: CfnString;
  readonly httpMethod: string;
  /** `integration.request.*` → value. */
  readonly requestParameters: Readonly<Record<string, string>>;
  /** `method.request.*` the integration maps from (→ required). */
  readonly methodParameters: Readonly<Record<string, boolean>>;
  /** The application/json request template used when the user gives none. */
  readonly defaultTemplate?: CfnString;
  /** Response headers mapped by default (header → `integration.response.*`). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** What the role is allowed: undefined when the user names a role. */
  readonly policy?: { readonly action: string; readonly resource: CfnString };
}

const FORM = "'application/x-www-form-urlencoded'";

/** A JSON string value in a template: literal text escaped, an intrinsic joined in. */
function quoted(value: CfnString): unknown[] {
  return typeof value === 'string' ? [JSON.stringify(value)] : ['"', value, '"'];
}

function s3Key(key: string): { path: string; resource: string } {
  return {
    path: key,
    // In the policy, every {parameter} of the key may be anything.
    resource: key.replace(/\{[^}]+\}/g, '*'),
  };
}

export function awsIntegration(route: ResolvedRoute): AwsIntegrationParts {
  const integration = route.integration;
  const action = integration.action;
  const method = integration.method;
  if (action === undefined) {
    return {
      uri: apigatewayUri(String(integration.service), ['path/', integration.path ?? '']),
      httpMethod: method ?? 'POST',
      requestParameters: {},
      methodParameters: {},
    };
  }
  const [service, name] = action.split(':');
  const target = (key: keyof typeof integration): CfnString => integration[key] as CfnString;
  const actionUri = apigatewayUri(service, [`action/${name}`]);
  // What most actions share: a POST of the mapped body to the action's URI.
  const actionCall = {
    uri: actionUri,
    httpMethod: method ?? 'POST',
    requestParameters: {},
    methodParameters: {},
  };
  switch (AWS_ACTIONS[action] ? action : '') {
    case 'sqs:SendMessage': {
      const queueArn = target('queueArn');
      return {
        uri: apigatewayUri('sqs', [
          'path/',
          splitPart(queueArn, ':', 4),
          '/',
          splitPart(queueArn, ':', 5),
        ]),
        httpMethod: method ?? 'POST',
        requestParameters: { 'integration.request.header.Content-Type': FORM },
        methodParameters: {},
        defaultTemplate: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)',
        policy: { action, resource: queueArn },
      };
    }
    case 'sns:Publish': {
      const topicArn = target('topicArn');
      return {
        uri: apigatewayUri('sns', ['path//']),
        httpMethod: method ?? 'POST',
        requestParameters: { 'integration.request.header.Content-Type': FORM },
        methodParameters: {},
        defaultTemplate: join([
          "Action=Publish&TopicArn=$util.urlEncode('",
          topicArn,
          "')&Message=$util.urlEncode($input.body)",
        ]),
        policy: { action, resource: topicArn },
      };
    }
    case 'dynamodb:PutItem':
    case 'dynamodb:GetItem':
    case 'dynamodb:Query': {
      const table = target('tableName');
      const prefix = ['{"TableName": ', ...quoted(table)];
      const parameter = route.pathParameters[0];
      const key = route.pathParameters
        .map((p) => `"${p}": {"S": "$util.escapeJavaScript($input.params('${p}'))"}`)
        .join(', ');
      const body =
        name === 'PutItem'
          ? [', "Item": $input.json(\'$\')}']
          : name === 'GetItem'
            ? [`, "Key": {${key}}}`]
            : [
                `, "KeyConditionExpression": "#k = :v", "ExpressionAttributeNames": {"#k": "${parameter}"}, "ExpressionAttributeValues": {":v": {"S": "$util.escapeJavaScript($input.params('${parameter}'))"}}}`,
              ];
      return {
        ...actionCall,
        defaultTemplate: join([...prefix, ...body]),
        policy: {
          action,
          resource: join([
            'arn:',
            PARTITION,
            ':dynamodb:',
            REGION,
            ':',
            ACCOUNT_ID,
            ':table/',
            table,
          ]),
        },
      };
    }
    case 's3:GetObject':
    case 's3:PutObject': {
      const bucket = target('bucket');
      const { path, resource } = s3Key(String(integration.key));
      const requestParameters: Record<string, string> = {};
      const methodParameters: Record<string, boolean> = {};
      for (const match of path.matchAll(/\{([^}+]+)\+?\}/g)) {
        requestParameters[`integration.request.path.${match[1]}`] =
          `method.request.path.${match[1]}`;
      }
      if (name === 'PutObject') {
        requestParameters['integration.request.header.Content-Type'] =
          'method.request.header.Content-Type';
        methodParameters['method.request.header.Content-Type'] = false;
      }
      return {
        uri: apigatewayUri('s3', ['path/', bucket, `/${path.replace(/\{([^}+]+)\+\}/g, '{$1}')}`]),
        httpMethod: method ?? (name === 'GetObject' ? 'GET' : 'PUT'),
        requestParameters,
        methodParameters,
        ...(name === 'GetObject'
          ? { responseHeaders: { 'Content-Type': 'integration.response.header.Content-Type' } }
          : {}),
        policy: { action, resource: join(['arn:', PARTITION, ':s3:::', bucket, `/${resource}`]) },
      };
    }
    case 'kinesis:PutRecord': {
      const streamArn = target('streamArn');
      return {
        ...actionCall,
        defaultTemplate: join([
          '{"StreamName": ',
          ...quoted(splitPart(streamArn, '/', 1)),
          ', "Data": "$util.base64Encode($input.body)", "PartitionKey": "$context.requestId"}',
        ]),
        policy: { action, resource: streamArn },
      };
    }
    case 'states:StartExecution': {
      const stateMachineArn = target('stateMachineArn');
      return {
        ...actionCall,
        defaultTemplate: join([
          '{"input": "$util.escapeJavaScript($input.body)", "stateMachineArn": ',
          ...quoted(stateMachineArn),
          '}',
        ]),
        policy: { action, resource: stateMachineArn },
      };
    }
    case 'events:PutEvents': {
      const bus = integration.eventBus ?? 'default';
      const busArn =
        typeof bus === 'string' && !bus.startsWith('arn:')
          ? join(['arn:', PARTITION, ':events:', REGION, ':', ACCOUNT_ID, `:event-bus/${bus}`])
          : bus;
      return {
        uri: actionUri,
        httpMethod: method ?? 'POST',
        requestParameters: {
          'integration.request.header.X-Amz-Target': "'AWSEvents.PutEvents'",
          'integration.request.header.Content-Type': "'application/x-amz-json-1.1'",
        },
        methodParameters: {},
        defaultTemplate: join([
          '{"Entries": [{"Source": ',
          JSON.stringify(integration.source ?? ''),
          ', "DetailType": ',
          JSON.stringify(integration.detailType ?? 'api-request'),
          ', "Detail": "$util.escapeJavaScript($input.body)", "EventBusName": ',
          ...quoted(bus),
          '}]}',
        ]),
        policy: { action, resource: busArn },
      };
    }
    default:
      // Any other service:Action, allowed on the resource the user names.
      return {
        ...actionCall,
        ...(integration.resource !== undefined
          ? { policy: { action, resource: integration.resource as CfnString } }
          : {}),
      };
  }
}

/** The role API Gateway assumes for the integration: exactly `action` on `resource`. */
export function integrationRole(policy: { action: string; resource: CfnString }): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'apigateway.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'integration',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: policy.action, Resource: policy.resource }],
          },
        },
      ],
    },
  };
}
