/**
 * AWS service integrations of HTTP APIs ("Integration subtype reference",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html)
 * in the local gateway: a throwaway endpoint on 127.0.0.1 stands for the local AWS endpoint,
 * records each request (action, parameters, signature) and answers as the service would; the
 * route answers with the service's status and body. Parameter values come from the request
 * body, headers, path, `$context`, static text, `${…}` templates and the template's intrinsics.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { httpTemplate } from './template';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function service(subtype: string, parameters: Record<string, unknown>) {
  return {
    IntegrationType: 'AWS_PROXY',
    IntegrationSubtype: subtype,
    PayloadFormatVersion: '1.0',
    CredentialsArn: 'arn:aws:iam::123456789012:role/api-gateway',
    RequestParameters: parameters,
  };
}

/** What the fake service answers, by X-Amz-Target or SQS action. */
function answer(recorded: Recorded): { status: number; type: string; body: string } {
  const target = String(recorded.headers['x-amz-target'] ?? '');
  const json = (body: unknown, status = 200) => ({
    status,
    type: 'application/x-amz-json-1.1',
    body: JSON.stringify(body),
  });
  if (target === 'AWSEvents.PutEvents')
    return json({ Entries: [{ EventId: 'event-1' }], FailedEntryCount: 0 });
  if (target === 'Kinesis_20131202.PutRecord')
    return json({ SequenceNumber: '1', ShardId: 'shardId-000000000000' });
  if (target === 'AWSStepFunctions.StartExecution')
    return json({ executionArn: 'arn:execution', startDate: 1.7e9 });
  if (target === 'AWSStepFunctions.StopExecution')
    return json({ message: 'Execution Does Not Exist', __type: 'ExecutionDoesNotExist' }, 400);
  if (recorded.url.startsWith('/applications/'))
    return { status: 200, type: 'application/json', body: '{"feature":true}' };
  const form = new URLSearchParams(recorded.body);
  if (form.get('Action') === 'SendMessage')
    return {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({
        SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' }, ResponseMetadata: {} },
      }),
    };
  return json({ message: 'unexpected' }, 500);
}

describe('local gateway, HTTP API: AWS service integrations (IntegrationSubtype)', () => {
  let upstream: http.Server;
  let endpoint: string;
  let gateway: LocalGateway;
  let base: string;
  const received: Recorded[] = [];
  const lines: string[] = [];

  before(async () => {
    upstream = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const recorded = {
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(recorded);
        const { status, type, body } = answer(recorded);
        response.writeHead(status, { 'content-type': type, 'x-amzn-requestid': 'r-1' });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const template = httpTemplate(
      [
        {
          key: 'POST /queue',
          integration: service('SQS-SendMessage', {
            QueueUrl: { Ref: 'Orders' },
            MessageBody: '$request.body.message',
            MessageGroupId: 'group-${request.header.x-tenant}',
            DelaySeconds: '5',
            MessageAttributes: '$request.body.attributes',
          }),
        },
        {
          key: 'POST /events',
          integration: service('EventBridge-PutEvents', {
            Source: 'shop',
            DetailType: '$request.header.x-type',
            Detail: '$request.body',
            EventBusName: { Ref: 'Bus' },
            Resources: '["arn:a","arn:b"]',
            Region: 'eu-central-1',
          }),
        },
        {
          key: 'POST /runs',
          integration: service('StepFunctions-StartExecution', {
            StateMachineArn: { Ref: 'Machine' },
            Input: '$request.body',
            Name: '$context.requestId',
          }),
        },
        {
          key: 'DELETE /runs/{arn}',
          integration: service('StepFunctions-StopExecution', {
            ExecutionArn: '$request.path.arn',
          }),
        },
        {
          key: 'PUT /records/{key}',
          integration: service('Kinesis-PutRecord', {
            StreamName: 'orders',
            Data: '$request.body',
            PartitionKey: '$request.path.key',
          }),
        },
        {
          key: 'GET /config',
          integration: service('AppConfig-GetConfiguration', {
            Application: 'shop',
            Environment: 'dev',
            Configuration: 'flags',
            ClientId: '$request.querystring.client',
          }),
        },
        {
          key: 'POST /incomplete',
          integration: service('SQS-SendMessage', { QueueUrl: { Ref: 'Orders' } }),
        },
        {
          key: 'POST /unknown',
          integration: service('SNS-Publish', { TopicArn: 'arn:topic' }),
        },
      ],
      {
        Orders: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders-dev' } },
        Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'shop-bus' } },
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { StateMachineName: 'checkout' },
        },
      },
    );
    gateway = await startLocalGateway({
      servicePath: process.cwd(),
      template,
      stage: 'dev',
      port: 0,
      httpPort: 0,
      region: 'us-east-1',
      awsEndpoint: endpoint,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.http ?? '';
  });

  after(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const last = () => received[received.length - 1];
  const scopeOf = (recorded: Recorded) =>
    /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([\w-]+)\/([\w-]+)\/aws4_request, SignedHeaders=([\w;-]+), Signature=([0-9a-f]{64})$/.exec(
      String(recorded.headers.authorization),
    );

  it('SQS-SendMessage: the query action with the mapped parameters, signed for sqs; the service answer', async () => {
    const response = await fetch(`${base}/queue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: JSON.stringify({
        message: 'hello & bye',
        attributes: { item: { DataType: 'String', StringValue: 'book' } },
      }),
    });
    assert.equal(response.status, 200, lines.join('\n'));
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual(await response.json(), {
      SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' }, ResponseMetadata: {} },
    });
    const request = last();
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/');
    assert.match(String(request.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.equal(request.headers.accept, 'application/json');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(request.body)), {
      Action: 'SendMessage',
      Version: '2012-11-05',
      QueueUrl: `${endpoint}/123456789012/orders-dev`,
      MessageBody: 'hello & bye',
      DelaySeconds: '5',
      MessageGroupId: 'group-acme',
      'MessageAttribute.1.Name': 'item',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'book',
      ContentType: 'JSON',
    });
    const scope = scopeOf(request);
    assert.ok(scope, String(request.headers.authorization));
    assert.deepEqual(scope.slice(2, 4), ['us-east-1', 'sqs']);
    assert.ok(scope[4].split(';').includes('host'));
    assert.ok(scope[4].split(';').includes('x-amz-date'));
  });

  it('EventBridge-PutEvents: one entry; Region chooses the signing region', async () => {
    const detail = JSON.stringify({ orderId: 7 });
    const response = await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-type': 'OrderPlaced' },
      body: detail,
    });
    assert.equal(response.status, 200, lines.join('\n'));
    assert.deepEqual(await response.json(), {
      Entries: [{ EventId: 'event-1' }],
      FailedEntryCount: 0,
    });
    const request = last();
    assert.equal(request.headers['x-amz-target'], 'AWSEvents.PutEvents');
    assert.equal(request.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(request.body), {
      Entries: [
        {
          Source: 'shop',
          DetailType: 'OrderPlaced',
          Detail: detail,
          EventBusName: 'shop-bus',
          Resources: ['arn:a', 'arn:b'],
        },
      ],
    });
    assert.deepEqual(scopeOf(request)?.slice(2, 4), ['eu-central-1', 'events']);
  });

  it('StepFunctions-StartExecution: the state machine of the template, the body as input', async () => {
    const response = await fetch(`${base}/runs`, { method: 'POST', body: '{"cart":[1,2]}' });
    assert.equal(response.status, 200, lines.join('\n'));
    assert.deepEqual(await response.json(), { executionArn: 'arn:execution', startDate: 1.7e9 });
    const request = last();
    assert.equal(request.headers['x-amz-target'], 'AWSStepFunctions.StartExecution');
    assert.equal(request.headers['content-type'], 'application/x-amz-json-1.0');
    const input = JSON.parse(request.body) as Record<string, string>;
    assert.equal(
      input.stateMachineArn,
      'arn:aws:states:us-east-1:123456789012:stateMachine:checkout',
    );
    assert.equal(input.input, '{"cart":[1,2]}');
    assert.match(input.name, /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('apigw-requestid'), input.name);
    assert.deepEqual(scopeOf(request)?.slice(2, 4), ['us-east-1', 'states']);
  });

  it("a service error is the route's answer (status and body), logged", async () => {
    lines.length = 0;
    const response = await fetch(`${base}/runs/arn-x`, { method: 'DELETE' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      message: 'Execution Does Not Exist',
      __type: 'ExecutionDoesNotExist',
    });
    assert.deepEqual(JSON.parse(last().body), { executionArn: 'arn-x' });
    assert.match(lines.join('\n'), /DELETE \/runs\/arn-x 400 .*states answered 400: /);
  });

  it('Kinesis-PutRecord: Data base64-encoded as the JSON protocol carries blobs', async () => {
    const response = await fetch(`${base}/records/k-1`, { method: 'PUT', body: 'raw data' });
    assert.equal(response.status, 200, lines.join('\n'));
    assert.deepEqual(await response.json(), {
      SequenceNumber: '1',
      ShardId: 'shardId-000000000000',
    });
    const request = last();
    assert.equal(request.headers['x-amz-target'], 'Kinesis_20131202.PutRecord');
    assert.deepEqual(JSON.parse(request.body), {
      StreamName: 'orders',
      Data: Buffer.from('raw data').toString('base64'),
      PartitionKey: 'k-1',
    });
    assert.deepEqual(scopeOf(request)?.slice(2, 4), ['us-east-1', 'kinesis']);
  });

  it('AppConfig-GetConfiguration: GET on the configuration path with the client id', async () => {
    const response = await fetch(`${base}/config?client=c-9`);
    assert.equal(response.status, 200, lines.join('\n'));
    assert.deepEqual(await response.json(), { feature: true });
    const request = last();
    assert.equal(request.method, 'GET');
    assert.equal(
      request.url,
      '/applications/shop/environments/dev/configurations/flags?client_id=c-9',
    );
    assert.deepEqual(scopeOf(request)?.slice(2, 4), ['us-east-1', 'appconfig']);
  });

  it('a required parameter not mapped, a subtype HTTP APIs do not have: 500, logged, not sent', async () => {
    const before = received.length;
    lines.length = 0;
    for (const path of ['/incomplete', '/unknown']) {
      const response = await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
      assert.equal(response.status, 500);
      assert.equal(await response.text(), '{"message":"Internal Server Error"}');
    }
    assert.equal(received.length, before);
    assert.match(lines.join('\n'), /SQS-SendMessage: RequestParameters must map MessageBody/);
    assert.match(lines.join('\n'), /IntegrationSubtype "SNS-Publish" is not one HTTP APIs have/);
  });
});
