/**
 * AWS service integrations in the local gateway (src/local/rest/aws-integration.ts) against a
 * throwaway endpoint on 127.0.0.1 that records what it is sent: the path or action, the signature
 * (recomputed here from "Create a signed AWS API request",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), the body the
 * request template made, the headers mapped; and the answer through the integration responses.
 */
import { strict as assert } from 'node:assert';
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAwsEndpointOption } from '../../../src/commands/serve';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { normalizeAwsEndpoint } from '../../../src/local/aws/call';
import { parseAwsServiceUri } from '../../../src/local/rest/aws-integration';
import { KitError } from '../../../src/pipeline/errors';
import { apigatewayUri, dynamodbAction, sqsSendMessage } from './aws-routes';
import { restTemplate } from './template';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function startEndpoint(seen: Seen[]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (
        String(req.headers['x-amz-target']).endsWith('.PutItem') &&
        body.includes('"MissingTable"')
      ) {
        res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no table' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/xml', 'X-Service': 'local' });
      res.end('<SendMessageResponse><MessageId>m-1</MessageId></SendMessageResponse>');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();
/** RFC 3986 unreserved characters stay; everything else is %XX, as SigV4 encodes. */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** The signature the request should carry, computed independently of the gateway's signer. */
function expectedSignature(seen: Seen, secret: string, service: string): string {
  const authorization = String(seen.headers.authorization);
  const [, scope, signedHeaders] =
    /Credential=[^/]+\/([^,]+), SignedHeaders=([^,]+), Signature=/.exec(authorization) ?? [];
  const url = new URL(seen.url, 'http://local');
  const path =
    service === 's3'
      ? url.pathname
      : url.pathname
          .split('/')
          .map((segment) => uriEncode(decodeURIComponent(segment)))
          .map(uriEncode)
          .join('/');
  const query = [...url.searchParams]
    .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
    .sort()
    .join('&');
  const headers = signedHeaders
    .split(';')
    .map((name) => `${name}:${String(seen.headers[name]).trim()}\n`)
    .join('');
  const canonical = [seen.method, path, query, headers, signedHeaders, sha256(seen.body)].join(
    '\n',
  );
  const date = String(seen.headers['x-amz-date']);
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  const [day, region, scopeService] = scope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), scopeService), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=(\w+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

function template(refusedPort: number) {
  return restTemplate(
    [
      {
        path: '/orders/queue',
        httpMethod: 'POST',
        integration: sqsSendMessage(
          'OrdersQueue',
          'Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=requestId&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$context.requestId',
          '{"queued": true, "service": "$input.body.length()"}',
        ),
      },
      {
        path: '/orders/{id}',
        httpMethod: 'PUT',
        integration: dynamodbAction('PutItem', 'OrdersTable', [
          '{"TableName": "',
          '", "Item": $input.json(\'$\')}',
        ]),
      },
      {
        path: '/missing',
        httpMethod: 'PUT',
        integration: dynamodbAction('PutItem', 'MissingTable', [
          '{"TableName": "',
          '", "Item": {}}',
        ]),
      },
      {
        path: '/files/{name}',
        httpMethod: 'GET',
        integration: {
          Type: 'AWS',
          IntegrationHttpMethod: 'GET',
          Uri: apigatewayUri('s3', ['path/', { Ref: 'FilesBucket' }, '/uploads/{key}']),
          RequestParameters: {
            'integration.request.path.key': 'method.request.path.name',
            'integration.request.querystring.versionId': 'method.request.querystring.version',
            'integration.request.header.x-amz-request-payer': "'requester'",
          },
          IntegrationResponses: [
            {
              StatusCode: '200',
              ResponseParameters: {
                'method.response.header.X-From': 'integration.response.header.X-Service',
              },
            },
          ],
        },
      },
      {
        path: '/by-url',
        httpMethod: 'POST',
        integration: {
          Type: 'AWS',
          IntegrationHttpMethod: 'POST',
          Uri: apigatewayUri('sqs', ['action/SendMessage']),
          RequestParameters: {
            // A static value is quoted: 'http://…'.
            'integration.request.querystring.QueueUrl': {
              'Fn::Join': ['', ["'", { 'Fn::GetAtt': ['OrdersQueue', 'QueueUrl'] }, "'"]],
            },
            'integration.request.querystring.MessageBody': 'method.request.querystring.text',
          },
          IntegrationResponses: [{ StatusCode: '200' }],
        },
      },
      {
        path: '/refused',
        httpMethod: 'POST',
        integration: {
          Type: 'AWS',
          IntegrationHttpMethod: 'POST',
          Uri: `arn:aws:apigateway:us-east-1:sqs:path/123456789012/refused`,
          RequestParameters: { 'integration.request.path.x': `'${refusedPort}'` },
          IntegrationResponses: [{ StatusCode: '200' }],
        },
      },
    ],
    {
      OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders-queue' } },
      OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
      FilesBucket: { Type: 'AWS::S3::Bucket' },
    },
  );
}

describe('local gateway: AWS service integrations', () => {
  const seen: Seen[] = [];
  const lines: string[] = [];
  const savedEnv = { ...process.env };
  let endpoint: http.Server;
  let endpointUrl: string;
  let gateway: LocalGateway;
  let unconfigured: LocalGateway;
  let base: string;

  before(async () => {
    endpoint = await startEndpoint(seen);
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    gateway = await startLocalGateway({
      servicePath: process.cwd(),
      template: template(1),
      stage: 'dev',
      port: 0,
      region: 'eu-west-1',
      awsEndpoint: `${endpointUrl}/`,
      log: (line) => lines.push(line),
    });
    base = gateway.urls.rest as string;
    unconfigured = await startLocalGateway({
      servicePath: process.cwd(),
      template: template(1),
      stage: 'dev',
      port: 0,
      log: (line) => lines.push(line),
    });
  });
  beforeEach(() => {
    seen.length = 0;
    lines.length = 0;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
  });
  after(async () => {
    process.env = savedEnv;
    await Promise.all([gateway?.close(), unconfigured?.close()]);
    await new Promise<void>((resolve) => endpoint.close(() => resolve()));
  });

  it("sqs:SendMessage: the queue's path, the form body of the template, signed with test/test", async () => {
    const response = await fetch(`${base}/orders/queue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"item": "book & pen"}',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { queued: true, service: '69' });
    assert.equal(seen.length, 1);
    const [call] = seen;
    assert.equal(call.method, 'POST');
    // Fn::Select 4/5 of Fn::Split ':' of the queue's ARN: the account and the queue's name.
    assert.equal(call.url, '/123456789012/orders-queue');
    assert.equal(call.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(call.headers.accept, 'application/json');
    const form = new URLSearchParams(call.body);
    assert.equal(form.get('Action'), 'SendMessage');
    assert.equal(form.get('MessageBody'), '{"item": "book & pen"}');
    assert.match(form.get('MessageAttribute.1.Value.StringValue') ?? '', /^[0-9a-f-]{36}$/);
    const [, keyId, day, region, service, signedHeaders] =
      AUTHORIZATION.exec(String(call.headers.authorization)) ?? [];
    assert.equal(keyId, 'test');
    assert.equal(day, String(call.headers['x-amz-date']).slice(0, 8));
    assert.match(String(call.headers['x-amz-date']), /^\d{8}T\d{6}Z$/);
    // The URI's region (AWS::Region, the gateway's), and the service of the URI.
    assert.equal(region, 'eu-west-1');
    assert.equal(service, 'sqs');
    assert.deepEqual(signedHeaders.split(';'), ['accept', 'content-type', 'host', 'x-amz-date']);
    assert.equal(
      /Signature=(\w+)$/.exec(String(call.headers.authorization))?.[1],
      expectedSignature(call, 'test', 'sqs'),
    );
  });

  it("signs with the environment's credentials and session token when there are some", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    process.env.AWS_SESSION_TOKEN = 'session-token';
    const response = await fetch(`${base}/orders/queue`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 200);
    const [call] = seen;
    assert.equal(call.headers['x-amz-security-token'], 'session-token');
    const [, keyId, , , , signedHeaders] =
      AUTHORIZATION.exec(String(call.headers.authorization)) ?? [];
    assert.equal(keyId, 'AKIDEXAMPLE');
    assert.ok(signedHeaders.split(';').includes('x-amz-security-token'));
    assert.equal(
      /Signature=(\w+)$/.exec(String(call.headers.authorization))?.[1],
      expectedSignature(call, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'sqs'),
    );
  });

  it('dynamodb:action/PutItem: ?Action=, the JSON target and content type, the Ref of the table', async () => {
    const item = { id: { S: '42' }, item: { S: 'book' } };
    const response = await fetch(`${base}/orders/42`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(item),
    });
    assert.equal(response.status, 200);
    const [call] = seen;
    assert.equal(call.url, '/?Action=PutItem');
    assert.equal(call.headers['x-amz-target'], 'DynamoDB_20120810.PutItem');
    assert.equal(call.headers['content-type'], 'application/x-amz-json-1.0');
    assert.deepEqual(JSON.parse(call.body), { TableName: 'orders', Item: item });
    assert.equal(AUTHORIZATION.exec(String(call.headers.authorization))?.[4], 'dynamodb');
    assert.equal(
      /Signature=(\w+)$/.exec(String(call.headers.authorization))?.[1],
      expectedSignature(call, 'test', 'dynamodb'),
    );
  });

  it("a service error's status selects the integration response, and the log line shows it", async () => {
    const response = await fetch(`${base}/missing`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'ResourceNotFoundException' });
    // The table without a TableName is named by its logical id locally.
    assert.equal(JSON.parse(seen[0].body).TableName, 'MissingTable');
    assert.match(
      lines.join('\n'),
      /PUT \/dev\/missing 400 .* AWS \(dynamodb answered 400: .*no table/,
    );
  });

  it('s3 path URIs: path and query mappings, mapped headers, the payload hash, response header mappings', async () => {
    const response = await fetch(`${base}/files/a%20b.txt?version=7`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-from'), 'local');
    const [call] = seen;
    assert.equal(call.method, 'GET');
    assert.equal(call.url, '/FilesBucket/uploads/a%20b.txt?versionId=7');
    assert.equal(call.headers['x-amz-request-payer'], 'requester');
    assert.equal(call.headers['x-amz-content-sha256'], sha256(''));
    assert.equal(AUTHORIZATION.exec(String(call.headers.authorization))?.[4], 's3');
    assert.equal(
      /Signature=(\w+)$/.exec(String(call.headers.authorization))?.[1],
      expectedSignature(call, 'test', 's3'),
    );
  });

  it("action URIs with mapped query strings; a queue's QueueUrl is on the local endpoint", async () => {
    const response = await fetch(`${base}/by-url?text=hi%20there`, { method: 'POST' });
    assert.equal(response.status, 200);
    const url = new URL(seen[0].url, endpointUrl);
    assert.equal(url.pathname, '/');
    assert.equal(url.searchParams.get('Action'), 'SendMessage');
    assert.equal(url.searchParams.get('QueueUrl'), `${endpointUrl}/123456789012/orders-queue`);
    assert.equal(url.searchParams.get('MessageBody'), 'hi there');
  });

  it('without an endpoint: 500, and a log line that says how to set one', async () => {
    const response = await fetch(`${unconfigured.urls.rest}/orders/queue`, {
      method: 'POST',
      body: '{}',
    });
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { message: 'Internal server error' });
    assert.equal(seen.length, 0);
    const line = lines.find((l) => l.includes('/dev/orders/queue')) ?? '';
    assert.match(line, /500 .* AWS \(sqs:path\/123456789012\/orders-queue: no local AWS endpoint/);
    assert.match(line, /--aws-endpoint/);
    assert.match(line, /custom\.apiGateway\.local\.awsEndpoint/);
  });

  it('an endpoint that cannot be reached is 500 naming it', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await startLocalGateway({
      servicePath: process.cwd(),
      template: template(port),
      stage: 'dev',
      port: 0,
      awsEndpoint: `http://127.0.0.1:${port}`,
      log: (line) => lines.push(line),
    });
    try {
      const response = await fetch(`${refused.urls.rest}/refused`, { method: 'POST' });
      assert.equal(response.status, 500);
      assert.match(
        lines.join('\n'),
        new RegExp(`endpoint http://127.0.0.1:${port} cannot be reached`),
      );
    } finally {
      await refused.close();
    }
  });
});

describe('AWS service URIs and the endpoint setting', () => {
  it('parses path and action URIs, with a subdomain', () => {
    assert.deepEqual(parseAwsServiceUri('arn:aws:apigateway:us-east-1:sqs:path/1/q'), {
      region: 'us-east-1',
      service: 'sqs',
      kind: 'path',
      target: '1/q',
    });
    assert.deepEqual(
      parseAwsServiceUri('arn:aws:apigateway:eu-west-1:files.s3:action/GetObject&Key=k'),
      {
        region: 'eu-west-1',
        service: 's3',
        subdomain: 'files',
        kind: 'action',
        target: 'GetObject&Key=k',
      },
    );
    assert.equal(parseAwsServiceUri('https://example.com/x'), undefined);
  });

  it('normalizes the endpoint and refuses what is not an http(s) URL', () => {
    assert.equal(normalizeAwsEndpoint('http://127.0.0.1:4566/'), 'http://127.0.0.1:4566');
    assert.throws(() => normalizeAwsEndpoint('127.0.0.1:4566'), /is not (a|an http\(s\)) URL/);
    assert.throws(() => normalizeAwsEndpoint('ftp://host'), /not an http\(s\) URL/);
  });

  it('--aws-endpoint wins over custom.apiGateway.local.awsEndpoint; a bad value names its source', () => {
    assert.equal(parseAwsEndpointOption({}, undefined), undefined);
    assert.equal(parseAwsEndpointOption({}, 'http://localhost:4566'), 'http://localhost:4566');
    assert.equal(
      parseAwsEndpointOption({ 'aws-endpoint': 'http://127.0.0.1:5000' }, 'http://localhost:4566'),
      'http://127.0.0.1:5000',
    );
    assert.throws(
      () => parseAwsEndpointOption({ 'aws-endpoint': 'nope' }, undefined),
      (error: unknown) =>
        error instanceof KitError && /^--aws-endpoint: "nope"/.test(error.message),
    );
    assert.throws(
      () => parseAwsEndpointOption({}, 'mailto:x'),
      /^KitError|custom\.apiGateway\.local\.awsEndpoint: "mailto:x" is not an http\(s\) URL/,
    );
    assert.throws(() => parseAwsEndpointOption({ 'aws-endpoint': true }, undefined), /needs a URL/);
  });

  it('startLocalGateway refuses an endpoint that is not a URL', async () => {
    await assert.rejects(
      startLocalGateway({
        servicePath: process.cwd(),
        template: template(1),
        stage: 'dev',
        port: 0,
        awsEndpoint: 'localhost',
      }),
      /awsEndpoint: "localhost" is not a URL/,
    );
  });
});
