/**
 * AWS service integrations of the local gateway against moto's server (`moto_server`, started
 * here on 127.0.0.1 on a free port and stopped after): a REST `sqs:SendMessage` route puts a
 * message the test then reads from the queue, and a DynamoDB PutItem/GetItem pair round-trips an
 * item. The routes are shaped as the routes compiler emits them (test/unit/local/aws-routes.ts).
 * Without `moto_server` the suite says so in one line and skips; under CI=true it fails.
 */
import { strict as assert } from 'node:assert';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import {
  motoJsonCall,
  motoServerAvailable,
  startMotoServer,
  type MotoServer,
} from '../helpers/moto';
import { dynamodbAction, sqsSendMessage } from '../unit/local/aws-routes';
import { restTemplate } from '../unit/local/template';

const ENQUEUE =
  "#set($order = $input.path('$'))\nAction=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=item&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($order.item)";

function template() {
  return restTemplate(
    [
      {
        path: '/orders/queue',
        httpMethod: 'POST',
        integration: sqsSendMessage('OrdersQueue', ENQUEUE),
      },
      {
        path: '/orders/{id}',
        httpMethod: 'PUT',
        // As the routes compiler emits dynamodb:PutItem: no X-Amz-Target mapped (API Gateway adds it).
        integration: dynamodbAction('PutItem', 'OrdersTable', [
          '{"TableName": "',
          '", "Item": $input.json(\'$\')}',
        ]),
      },
      {
        path: '/orders/{id}',
        httpMethod: 'GET',
        // As a user may write it: the target and the JSON content type mapped explicitly.
        integration: dynamodbAction(
          'GetItem',
          'OrdersTable',
          [
            '{"TableName": "',
            '", "Key": {"id": {"S": "$util.escapeJavaScript($input.params(\'id\'))"}}}',
          ],
          {
            requestParameters: {
              'integration.request.header.X-Amz-Target': "'DynamoDB_20120810.GetItem'",
              'integration.request.header.Content-Type': "'application/x-amz-json-1.0'",
            },
            okTemplate:
              '#set($item = $input.path(\'$.Item\'))\n#if($item.id)\n{"id": "$item.id.S", "item": "$item.item.S"}\n#else\n#set($context.responseOverride.status = 404)\n{"message": "not found"}\n#end',
          },
        ),
      },
      {
        path: '/lost',
        httpMethod: 'PUT',
        integration: dynamodbAction('PutItem', 'LostTable', [
          '{"TableName": "',
          '", "Item": {"id": {"S": "1"}}}',
        ]),
      },
    ],
    {
      // No QueueName: the local name is the logical id, as the README says to create it.
      OrdersQueue: { Type: 'AWS::SQS::Queue' },
      OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders-dev' } },
      LostTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'never-created' } },
    },
  );
}

describe('local gateway: AWS service integrations against moto_server', function () {
  let moto: MotoServer | undefined;
  let gateway: LocalGateway | undefined;
  let base: string;
  let queueUrl: string;
  const lines: string[] = [];

  before(async function () {
    if (!motoServerAvailable()) {
      const line =
        'moto_server not found: the moto-backed AWS integration tests are skipped (pip install "moto[server]")';
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
    const table = await motoJsonCall(moto.endpoint, 'dynamodb', 'DynamoDB_20120810.CreateTable', {
      TableName: 'orders-dev',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    });
    assert.equal(table.status, 200, JSON.stringify(table.body));
    gateway = await startLocalGateway({
      servicePath: process.cwd(),
      template: template(),
      stage: 'dev',
      port: 0,
      region: 'us-east-1',
      awsEndpoint: moto.endpoint,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
  });
  after(async () => {
    await gateway?.close();
    await moto?.stop();
  });

  it('sqs:SendMessage puts the message (body and attribute from the template) on the queue', async () => {
    // The queue moto made is where the integration's URI points locally: <endpoint>/<account>/<name>.
    assert.equal(queueUrl, `${moto?.endpoint}/123456789012/OrdersQueue`);
    const order = { item: 'book & pen', quantity: 2 };
    const response = await fetch(`${base}/orders/queue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
    assert.equal(response.status, 200, lines.join('\n'));
    assert.deepEqual(await response.json(), { queued: true });
    const received = await motoJsonCall(String(moto?.endpoint), 'sqs', 'AmazonSQS.ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
    });
    const messages = received.body.Messages as Array<{
      Body: string;
      MessageAttributes: Record<string, { StringValue: string }>;
    }>;
    assert.equal(messages.length, 1);
    assert.deepEqual(JSON.parse(messages[0].Body), order);
    assert.equal(messages[0].MessageAttributes.item.StringValue, 'book & pen');
  });

  it('dynamodb PutItem then GetItem round-trips an item', async () => {
    const put = await fetch(`${base}/orders/42`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: { S: '42' }, item: { S: 'lamp' } }),
    });
    assert.equal(put.status, 200, lines.join('\n'));
    const got = await fetch(`${base}/orders/42`);
    assert.equal(got.status, 200, lines.join('\n'));
    assert.deepEqual(await got.json(), { id: '42', item: 'lamp' });
    const missing = await fetch(`${base}/orders/43`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { message: 'not found' });
  });

  it("moto's error status selects the integration response", async () => {
    const response = await fetch(`${base}/lost`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    const answer = (await response.json()) as { error?: unknown };
    assert.match(String(answer.error), /ResourceNotFoundException/);
    assert.match(lines.join('\n'), /PUT \/dev\/lost 400 .* AWS \(dynamodb answered 400: /);
  });
});
