/**
 * AWS service integrations shaped as the routes compiler emits them (src/features/routes/
 * compile-aws.ts; the same shapes as the packaged test/fixtures/routes template), for the local
 * gateway's tests.
 */
import type { CfnObject } from '../../../src/cloudformation/template';

export function apigatewayUri(service: string, rest: readonly unknown[]): CfnObject {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':apigateway:',
        { Ref: 'AWS::Region' },
        `:${service}:`,
        ...rest,
      ],
    ],
  };
}

const STATUS_RESPONSES = [
  { StatusCode: '400', SelectionPattern: '4\\d{2}' },
  { StatusCode: '500', SelectionPattern: '5\\d{2}' },
];

/** `{ type: aws, action: sqs:SendMessage, queueArn: { Fn::GetAtt: [queue, Arn] } }`. */
export function sqsSendMessage(
  queueId: string,
  template: string,
  okTemplate = '{"queued":true}',
): CfnObject {
  const part = (index: number) => ({
    'Fn::Select': [index, { 'Fn::Split': [':', { 'Fn::GetAtt': [queueId, 'Arn'] }] }],
  });
  return {
    Type: 'AWS',
    IntegrationHttpMethod: 'POST',
    Uri: apigatewayUri('sqs', ['path/', part(4), '/', part(5)]),
    RequestParameters: {
      'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
    },
    RequestTemplates: { 'application/json': template },
    IntegrationResponses: [
      { StatusCode: '200', ResponseTemplates: { 'application/json': okTemplate } },
      ...STATUS_RESPONSES,
    ],
  };
}

/** A DynamoDB action on the table `tableId` names (`Ref`), the template around the name. */
export function dynamodbAction(
  action: string,
  tableId: string,
  [before, after]: readonly [string, string],
  extra: { requestParameters?: Record<string, string>; okTemplate?: string } = {},
): CfnObject {
  return {
    Type: 'AWS',
    IntegrationHttpMethod: 'POST',
    Uri: apigatewayUri('dynamodb', [`action/${action}`]),
    ...(extra.requestParameters ? { RequestParameters: extra.requestParameters } : {}),
    RequestTemplates: {
      'application/json': { 'Fn::Join': ['', [before, { Ref: tableId }, after]] },
    },
    IntegrationResponses: [
      {
        StatusCode: '200',
        ...(extra.okTemplate
          ? { ResponseTemplates: { 'application/json': extra.okTemplate } }
          : {}),
      },
      {
        StatusCode: '400',
        SelectionPattern: '4\\d{2}',
        ResponseTemplates: { 'application/json': '{"error": $input.json(\'$.__type\')}' },
      },
      { StatusCode: '500', SelectionPattern: '5\\d{2}' },
    ],
  };
}
