/**
 * The `$connect` handshake of the local WebSocket API, per "Manage connected users and client
 * apps: $connect and $disconnect routes"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html),
 * "Control access to WebSocket APIs with AWS Lambda REQUEST authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html)
 * and "Set up a $connect route that requires a WebSocket subprotocol"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html).
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { Client, recorded, refusedWith, serviceDir, websocketTemplate } from './helpers';

const HANDLERS = `
exports.authorize = async (event) => {
  record('authorize', event);
  const token = event.queryStringParameters.token;
  if (token === 'unauthorized') throw new Error('Unauthorized');
  if (token === 'broken') throw new Error('database down');
  const effect = token === 'deny' ? 'Deny' : 'Allow';
  const resource = token === 'elsewhere' ? event.methodArn.replace('/dev/', '/prod/') : event.methodArn;
  return {
    principalId: 'user-' + token,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
    context: { tier: 'gold', level: 3 },
  };
};
exports.connect = async (event) => {
  record('connect', event);
  const q = event.queryStringParameters || {};
  if (q.refuse) return { statusCode: Number(q.refuse), body: 'refused by $connect' };
  if (q.fail) throw new Error('connect failed');
  if (q.nothing) return undefined;
  const asked = event.headers['Sec-WebSocket-Protocol'] || event.headers['sec-websocket-protocol'];
  if (asked) {
    if (!asked.split(',').map((p) => p.trim()).includes('myprotocol')) return { statusCode: 400 };
    return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'myprotocol' } };
  }
  return { statusCode: 200 };
};
exports.echo = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer || null) });
`;

describe('local WebSocket API: $connect', function () {
  this.timeout(30_000);
  let dir: string;
  let gateway: LocalGateway;
  let url: string;
  const key = { headers: { 'x-api-key': 'key-0123456789abcdefghij' } };
  const clients: Client[] = [];

  before(async () => {
    dir = serviceDir(HANDLERS);
    const template = websocketTemplate({
      functions: {
        Authorize: 'handlers.authorize',
        Connect: 'handlers.connect',
        Echo: 'handlers.echo',
      },
      authorizers: [
        { name: 'token', fn: 'Authorize', identitySource: ['route.request.querystring.token'] },
      ],
      routes: [
        { key: '$connect', fn: 'Connect', authorizer: 'token', apiKeyRequired: true },
        { key: '$default', fn: 'Echo', twoWay: true },
      ],
      resources: {
        PartnerKey: {
          Type: 'AWS::ApiGateway::ApiKey',
          Properties: { Enabled: true, Value: 'key-0123456789abcdefghij' },
        },
      },
    });
    gateway = await startLocalGateway({
      servicePath: dir,
      template,
      stage: 'dev',
      port: 0,
      websocketPort: 0,
    });
    url = gateway.urls.websocket as string;
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const authorizerCalls = () => recorded(dir).filter((entry) => entry.name === 'authorize').length;

  it('is served at ws://<host>:<port>/<stage>', () => {
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/dev$/);
    assert.equal(gateway.urls.rest, undefined);
  });

  it('a missing identity source is 401 without invoking the authorizer', async () => {
    const before = authorizerCalls();
    assert.equal((await refusedWith(url, key)).status, 401);
    assert.equal((await refusedWith(`${url}?token=`, key)).status, 401);
    assert.equal(authorizerCalls(), before);
  });

  it("the authorizer's refusals: Unauthorized 401, a denying policy 403, a failure 500", async () => {
    assert.equal((await refusedWith(`${url}?token=unauthorized`, key)).status, 401);
    assert.equal((await refusedWith(`${url}?token=deny`, key)).status, 403);
    // A policy that allows another stage's $connect does not allow this one.
    assert.equal((await refusedWith(`${url}?token=elsewhere`, key)).status, 403);
    assert.equal((await refusedWith(`${url}?token=broken`, key)).status, 500);
    const event = recorded(dir).find((entry) => entry.name === 'authorize')?.event;
    assert.equal(event?.type, 'REQUEST');
    assert.match(
      String(event?.methodArn),
      /^arn:aws:execute-api:us-east-1:123456789012:local\/dev\/\$connect$/,
    );
    assert.equal(event?.requestContext.eventType, 'CONNECT');
    assert.equal(event?.requestContext.routeKey, '$connect');
  });

  it('an API key is required: none or an unknown one is 403', async () => {
    assert.equal((await refusedWith(`${url}?token=ok`)).status, 403);
    assert.equal(
      (await refusedWith(`${url}?token=ok`, { headers: { 'x-api-key': 'not-a-key' } })).status,
      403,
    );
  });

  it("$connect's non-2XX status refuses the upgrade with that status; a failure is 502", async () => {
    const refused = await refusedWith(`${url}?token=ok&refuse=401`, key);
    assert.deepEqual(refused, { status: 401, body: 'refused by $connect' });
    assert.equal((await refusedWith(`${url}?token=ok&refuse=429`, key)).status, 429);
    assert.equal((await refusedWith(`${url}?token=ok&fail=1`, key)).status, 502);
    assert.equal((await refusedWith(`${url}?token=ok&nothing=1`, key)).status, 502);
  });

  it('connects with the documented CONNECT event; the authorizer context stays with the connection', async () => {
    const client = await Client.open(`${url}?token=ok&lang=en`, {
      headers: { ...key.headers, 'User-Agent': 'conformance-test' },
    });
    clients.push(client);
    const connect = recorded(dir)
      .filter((entry) => entry.name === 'connect')
      .pop()?.event;
    assert.ok(connect);
    const context = connect.requestContext;
    assert.equal(context.routeKey, '$connect');
    assert.equal(context.eventType, 'CONNECT');
    assert.equal(context.messageDirection, 'IN');
    assert.equal(context.stage, 'dev');
    assert.equal(context.apiId, 'local');
    assert.match(String(context.connectionId), /^[A-Za-z0-9]{15}=$/);
    assert.equal(context.domainName, url.replace(/^ws:\/\//, '').replace(/\/dev$/, ''));
    assert.equal(typeof context.connectedAt, 'number');
    assert.equal(typeof context.requestTimeEpoch, 'number');
    assert.match(String(context.requestTime), /^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(context.extendedRequestId, context.requestId);
    assert.deepEqual(context.identity, { sourceIp: '127.0.0.1', userAgent: 'conformance-test' });
    assert.deepEqual(
      context.authorizer && { ...(context.authorizer as object), integrationLatency: 0 },
      {
        principalId: 'user-ok',
        tier: 'gold',
        level: '3',
        integrationLatency: 0,
      },
    );
    assert.deepEqual(connect.queryStringParameters, { token: 'ok', lang: 'en' });
    assert.deepEqual(connect.multiValueQueryStringParameters, { token: ['ok'], lang: ['en'] });
    assert.equal(
      (connect.headers as Record<string, string>)['x-api-key'],
      key.headers['x-api-key'],
    );
    assert.deepEqual((connect.multiValueHeaders as Record<string, string[]>)['x-api-key'], [
      key.headers['x-api-key'],
    ]);
    assert.equal(connect.isBase64Encoded, false);
    client.send('hello');
    const authorizer = JSON.parse(await client.next()) as Record<string, unknown>;
    assert.equal(authorizer.principalId, 'user-ok');
    assert.equal(authorizer.tier, 'gold');
  });

  it('agrees on the subprotocol $connect returns, and refuses one it does not support', async () => {
    const client = await Client.open(`${url}?token=ok`, {
      ...key,
      protocols: ['chat1', 'myprotocol'],
    });
    clients.push(client);
    assert.equal(client.socket.protocol, 'myprotocol');
    assert.equal(
      (
        await refusedWith(`${url}?token=ok`, {
          ...key,
          headers: { ...key.headers, 'Sec-WebSocket-Protocol': 'chat1' },
        })
      ).status,
      400,
    );
  });

  it('a path outside the stage is 403', async () => {
    assert.equal((await refusedWith(url.replace(/\/dev$/, '/prod'), key)).status, 403);
  });
});
