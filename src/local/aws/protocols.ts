/**
 * The AWS services whose API is JSON over POST, dispatched by the `X-Amz-Target` header (their
 * service models' `targetPrefix` and `jsonVersion`). API Gateway knows the service of an
 * `action/<Action>` integration URI and sends such a service the target and content type
 * itself (they appear in its execution logs; the developer guide does not list them), which is
 * why an integration for `dynamodb:action/PutItem` works without mapping either header. A
 * service not listed here is sent what the integration maps (SQS and SNS: the query API).
 */
const JSON_PROTOCOLS: Readonly<Record<string, { targetPrefix: string; jsonVersion: string }>> = {
  dynamodb: { targetPrefix: 'DynamoDB_20120810', jsonVersion: '1.0' },
  kinesis: { targetPrefix: 'Kinesis_20131202', jsonVersion: '1.1' },
  states: { targetPrefix: 'AWSStepFunctions', jsonVersion: '1.0' },
  events: { targetPrefix: 'AWSEvents', jsonVersion: '1.1' },
  firehose: { targetPrefix: 'Firehose_20150804', jsonVersion: '1.1' },
  logs: { targetPrefix: 'Logs_20140328', jsonVersion: '1.1' },
  ssm: { targetPrefix: 'AmazonSSM', jsonVersion: '1.1' },
  secretsmanager: { targetPrefix: 'secretsmanager', jsonVersion: '1.1' },
  kms: { targetPrefix: 'TrentService', jsonVersion: '1.1' },
};

/** `X-Amz-Target` and `Content-Type` for an action of a JSON-protocol service; else undefined. */
export function jsonProtocolHeaders(
  service: string,
  action: string,
): { 'X-Amz-Target': string; 'Content-Type': string } | undefined {
  const protocol = JSON_PROTOCOLS[service];
  if (!protocol) return undefined;
  return {
    'X-Amz-Target': `${protocol.targetPrefix}.${action}`,
    'Content-Type': `application/x-amz-json-${protocol.jsonVersion}`,
  };
}
