/**
 * HTTP API AWS service integrations of the local gateway against moto's server (`moto_server`,
 * started here on 127.0.0.1 on a free port and stopped after): an `SQS-SendMessage` route puts a
 * message the test then reads from the queue, an `SQS-ReceiveMessage` route reads one back, and
 * an `EventBridge-PutEvents` route is accepted by the default bus. Without `moto_server` the
 * suite says so in one line and skips; under CI=true it fails.
 */
import { strict as assert } from 'node:assert';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import {
  motoJsonCall,
  motoServerAvailable,
  startMotoServer,
  type MotoServer,
} from '../helpers/moto';
import { httpTemplate } from '../unit/local/http/template';

function integration(subtype: string, parameters: Record<string, unknown>) {
  return {
    IntegrationType: 'AWS_PROXY',
    IntegrationSubtype: subtype,
    PayloadFormatVersion: '1.0',
    RequestParameters: parameters,
  };
}

function template() {
  return httpTemplate(
    [
      {
        key: 'POST /orders',
        integration: integration('SQS-SendMessage', {
          QueueUrl: { Ref: 'OrdersQueue' },
          MessageBody: '$request.body',
          MessageAttributes:
            '{"tenant": {"DataType": "String", "StringValue": "${request.header.x-tenant}"}}',
        }),
      },
      {
        key: 'GET /orders',
        integration: integration('SQS-ReceiveMessage', {
          QueueUrl: { Ref: 'OrdersQueue' },
          MaxNumberOfMessages: '1',
        }),
      },
      {
        key: 'POST /events',
        integration: integration('EventBridge-PutEvents', {
          Source: 'shop',
          DetailType: 'OrderPlaced',
          Detail: '$request.body',
        }),
      },
    ],
    // No QueueName: the local name is the logical id.
    { OrdersQueue: { Type: 'AWS::SQS::Queue' } },
  );
}

describe('local gateway, HTTP API: AWS service integrations against moto_server', function () {
  let moto: MotoServer | undefined;
  let gateway: LocalGateway | undefined;
  let base: string;
  let queueUrl: string;
  const lines: string[] = [];

  before(async function () {
    if (!motoServerAvailable()) {
      const line =
        'moto_server not found: the moto-backed HTTP API AWS integration tests are skipped (pip install "moto[server]")';
      if (process.env.CI === 'true') throw new Error(`${line}; CI=true requires it`);
      console.log(`      ${line}`);
      this.skip();
    }
    moto = await startMotoServer();
    const created = await motoJsonCall(moto.endpoint, 'sqs', 'AmazonSQS.CreateQueue', {
      QueueName: 'OrdersQueue',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    queueUrl = String(created.body.QueueUrl);
    gateway = await startLocalGateway({
      servicePath: process.cwd(),
      template: template(),
      stage: 'dev',
      port: 0,
      httpPort: 0,
      region: 'us-east-1',
      awsEndpoint: moto.endpoint,
      log: (line) => lines.push(line),
    });
    base = String(gateway.urls.http);
  });
  after(async () => {
    await gateway?.close();
    await moto?.stop();
  });

  it('SQS-SendMessage puts the message (body and attribute mapped from the request) on the queue', async () => {
    const order = { item: 'book & pen', quantity: 2 };
    const response = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: JSON.stringify(order),
    });
    assert.equal(response.status, 200, lines.join('\n'));
    const answer = (await response.json()) as {
      SendMessageResponse: { SendMessageResult: { MessageId: string; MD5OfMessageBody: string } };
    };
    const result = answer.SendMessageResponse.SendMessageResult;
    assert.match(result.MessageId, /^[0-9a-f-]{36}$/);
    const received = await motoJsonCall(String(moto?.endpoint), 'sqs', 'AmazonSQS.ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
    });
    const messages = received.body.Messages as Array<{
      MessageId: string;
      Body: string;
      MessageAttributes: Record<string, { StringValue: string }>;
    }>;
    assert.equal(messages.length, 1);
    assert.equal(messages[0].MessageId, result.MessageId);
    assert.deepEqual(JSON.parse(messages[0].Body), order);
    assert.equal(messages[0].MessageAttributes.tenant.StringValue, 'acme');
  });

  it('SQS-ReceiveMessage reads a message the test sent', async () => {
    // The previous test's message is in flight (received above): send a fresh one. The body is
    // what moto answers for the query API asked for JSON, passed through as the service gave it.
    const sent = await motoJsonCall(String(moto?.endpoint), 'sqs', 'AmazonSQS.SendMessage', {
      QueueUrl: queueUrl,
      MessageBody: 'second',
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const response = await fetch(`${base}/orders`);
    assert.equal(response.status, 200, lines.join('\n'));
    const answer = (await response.json()) as {
      ReceiveMessageResponse: { ReceiveMessageResult: { Messages: Array<{ Body: string }> } };
    };
    const { Messages: messages } = answer.ReceiveMessageResponse.ReceiveMessageResult;
    assert.deepEqual(
      messages.map((message) => message.Body),
      ['second'],
    );
  });

  it('EventBridge-PutEvents is accepted by the default bus', async () => {
    const response = await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 7 }),
    });
    assert.equal(response.status, 200, lines.join('\n'));
    const answer = (await response.json()) as {
      FailedEntryCount: number;
      Entries: Array<{ EventId?: string }>;
    };
    assert.equal(answer.FailedEntryCount, 0);
    assert.equal(answer.Entries.length, 1);
    assert.ok(answer.Entries[0].EventId);
  });
});
