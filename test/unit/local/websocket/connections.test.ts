/**
 * The `@connections` management API of the local WebSocket API, per "Use @connections commands in
 * your backend service"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html):
 * a handler posts back with the real AWS SDK v3 `ApiGatewayManagementApiClient` at
 * `http://${requestContext.domainName}/${requestContext.stage}`; plain HTTP requests, unsigned,
 * work too; an unknown connection is 410 GoneException
 * (https://repost.aws/knowledge-center/410-gone-api-gateway).
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { Client, eventually, recorded, serviceDir, websocketTemplate } from './helpers';

const SDK = JSON.stringify(require.resolve('@aws-sdk/client-apigatewaymanagementapi'));

const HANDLERS = `
const {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
  GetConnectionCommand,
  DeleteConnectionCommand,
} = require(${SDK});
exports.connect = async (event) => { record('connect', event); return { statusCode: 200 }; };
exports.disconnect = async (event) => { record('disconnect', event); return { statusCode: 200 }; };
exports.push = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  // Locally the endpoint is http:// (on AWS: https://\${domainName}/\${stage}).
  const client = new ApiGatewayManagementApiClient({ endpoint: 'http://' + domainName + '/' + stage });
  const { action, target } = JSON.parse(event.body);
  if (action === 'push') {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'pushed: ' + event.body }));
    const info = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    await client.send(new PostToConnectionCommand({
      ConnectionId: connectionId,
      Data: JSON.stringify({ connectedAt: info.ConnectedAt.toISOString(), sourceIp: info.Identity.SourceIp, userAgent: info.Identity.UserAgent, lastActiveAt: info.LastActiveAt.toISOString() }),
    }));
  } else if (action === 'gone') {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: target, Data: 'x' }));
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'no error' }));
    } catch (error) {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: error.name + ' ' + error.$metadata.httpStatusCode }));
    }
  } else if (action === 'hangup') {
    await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  }
  return { statusCode: 200 };
};
`;

describe('local WebSocket API: the @connections management API', function () {
  this.timeout(30_000);
  let dir: string;
  let gateway: LocalGateway;
  let url: string;
  let management: string;
  const clients: Client[] = [];
  const open = async () => {
    const client = await Client.open(url, { headers: { 'User-Agent': 'conformance-test' } });
    clients.push(client);
    return client;
  };
  const connectionIds = () =>
    recorded(dir)
      .filter((entry) => entry.name === 'connect')
      .map((entry) => String(entry.event.requestContext.connectionId));

  before(async () => {
    dir = serviceDir(HANDLERS);
    gateway = await startLocalGateway({
      servicePath: dir,
      template: websocketTemplate({
        functions: {
          Connect: 'handlers.connect',
          Disconnect: 'handlers.disconnect',
          Push: 'handlers.push',
        },
        // The SDK signs every request: these stand in for the function role's credentials.
        environment: {
          AWS_ACCESS_KEY_ID: 'AKIDLOCALEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'local-secret',
        },
        routes: [
          { key: '$connect', fn: 'Connect' },
          { key: '$disconnect', fn: 'Disconnect' },
          { key: '$default', fn: 'Push' },
        ],
      }),
      stage: 'dev',
      port: 0,
      websocketPort: 0,
    });
    url = gateway.urls.websocket as string;
    management = `${url.replace(/^ws:/, 'http:')}/@connections`;
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a handler posts back and describes its connection with ApiGatewayManagementApiClient', async () => {
    const client = await open();
    const started = Date.now();
    client.send(JSON.stringify({ action: 'push' }));
    assert.equal(await client.next(), `pushed: ${JSON.stringify({ action: 'push' })}`);
    const info = JSON.parse(await client.next()) as Record<string, string>;
    assert.equal(info.sourceIp, '127.0.0.1');
    assert.equal(info.userAgent, 'conformance-test');
    assert.ok(Date.parse(info.connectedAt) <= started);
    assert.ok(Date.parse(info.lastActiveAt) >= Date.parse(info.connectedAt));
  });

  it('GoneException (410) for a connection that is closed', async () => {
    const gone = await open();
    const goneId = connectionIds().pop() as string;
    await gone.close();
    const client = await open();
    client.send(JSON.stringify({ action: 'gone', target: goneId }));
    assert.equal(await client.next(), 'GoneException 410');
  });

  it('DeleteConnection closes the connection and runs $disconnect', async () => {
    const client = await open();
    const id = connectionIds().pop() as string;
    const closed = client.closed();
    client.send(JSON.stringify({ action: 'hangup' }));
    assert.equal((await closed).code, 1000);
    await eventually(
      () =>
        recorded(dir).find(
          (entry) => entry.name === 'disconnect' && entry.event.requestContext.connectionId === id,
        ),
      '$disconnect',
    );
  });

  it('plain unsigned HTTP: POST sends, GET describes (wire names), DELETE closes, then 410', async () => {
    const client = await open();
    const id = connectionIds().pop() as string;
    const at = `${management}/${encodeURIComponent(id)}`;
    const posted = await fetch(at, { method: 'POST', body: 'from curl' });
    assert.equal(posted.status, 200);
    assert.equal(await client.next(), 'from curl');
    const described = await fetch(at);
    assert.equal(described.status, 200);
    assert.deepEqual(Object.keys((await described.json()) as object), [
      'connectedAt',
      'identity',
      'lastActiveAt',
    ]);
    const closed = client.closed();
    assert.equal((await fetch(at, { method: 'DELETE' })).status, 204);
    await closed;
    const after = await fetch(at, { method: 'POST', body: 'late' });
    assert.equal(after.status, 410);
    assert.equal(after.headers.get('x-amzn-errortype'), 'GoneException');
    assert.equal((await fetch(`${management}/nope`)).status, 410);
  });

  it('a message over 128 KB is 413 PayloadTooLargeException', async () => {
    await open();
    const id = connectionIds().pop() as string;
    const response = await fetch(`${management}/${encodeURIComponent(id)}`, {
      method: 'POST',
      body: 'x'.repeat(128 * 1024 + 1),
    });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('x-amzn-errortype'), 'PayloadTooLargeException');
  });
});
