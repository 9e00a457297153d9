/**
 * Messages on the local WebSocket API, per "Invoke your backend integration with the $default
 * Route and custom routes"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-routes-integrations.html),
 * "Selection expressions" (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-selection-expressions.html),
 * "Set up a route response" (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html)
 * and the $disconnect route
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html).
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { startLocalGateway, type LocalGateway } from '../../../../src/local';
import { Client, eventually, recorded, serviceDir, websocketTemplate } from './helpers';

const HANDLERS = `
exports.connect = async (event) => { record('connect', event); return { statusCode: 200 }; };
exports.disconnect = async (event) => { record('disconnect', event); return { statusCode: 200 }; };
exports.echo = async (event) => {
  record('message', event);
  return { statusCode: 200, body: JSON.stringify({ routeKey: event.requestContext.routeKey, body: event.body }) };
};
exports.plain = async (event) => ({ echoed: JSON.parse(event.body).n });
exports.fails = async () => { throw new Error('nope'); };
`;

describe('local WebSocket API: messages, route responses and $disconnect', function () {
  this.timeout(30_000);
  let dir: string;
  let gateway: LocalGateway;
  let noDefault: LocalGateway;
  const clients: Client[] = [];
  const open = async (url: string) => {
    const client = await Client.open(url);
    clients.push(client);
    return client;
  };

  before(async () => {
    dir = serviceDir(HANDLERS);
    const functions = {
      Connect: 'handlers.connect',
      Disconnect: 'handlers.disconnect',
      Echo: 'handlers.echo',
      Plain: 'handlers.plain',
      Fails: 'handlers.fails',
    };
    gateway = await startLocalGateway({
      servicePath: dir,
      template: websocketTemplate({
        functions,
        routeSelectionExpression: '$request.body.action',
        routes: [
          { key: '$connect', fn: 'Connect' },
          { key: '$disconnect', fn: 'Disconnect' },
          { key: 'sendMessage', fn: 'Echo', twoWay: true },
          { key: 'oneWay', fn: 'Echo' },
          { key: 'plain', fn: 'Plain', twoWay: true },
          { key: 'fails', fn: 'Fails' },
          { key: '$default', fn: 'Echo', twoWay: true },
        ],
      }),
      stage: 'dev',
      port: 0,
      websocketPort: 0,
    });
    noDefault = await startLocalGateway({
      servicePath: dir,
      template: websocketTemplate({
        functions,
        routeSelectionExpression: '${request.body.service}/${request.body.action}',
        routes: [{ key: 'orders/create', fn: 'Echo', twoWay: true }],
      }),
      stage: 'dev',
      port: 0,
      websocketPort: 0,
    });
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([gateway?.close(), noDefault?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('selects the route by $request.body.action, with the MESSAGE event', async () => {
    const client = await open(gateway.urls.websocket as string);
    const message = JSON.stringify({ action: 'sendMessage', text: 'hi' });
    client.send(message);
    assert.deepEqual(JSON.parse(await client.next()), { routeKey: 'sendMessage', body: message });
    const event = recorded(dir)
      .filter((entry) => entry.name === 'message')
      .pop()?.event;
    assert.ok(event);
    assert.equal(event.body, message);
    assert.equal(event.isBase64Encoded, false);
    const context = event.requestContext;
    assert.equal(context.eventType, 'MESSAGE');
    assert.equal(context.routeKey, 'sendMessage');
    assert.equal(context.messageDirection, 'IN');
    assert.equal(typeof context.messageId, 'string');
    const connect = recorded(dir).find((entry) => entry.name === 'connect')?.event;
    assert.equal(context.connectionId, connect?.requestContext.connectionId);
    assert.equal(context.connectedAt, connect?.requestContext.connectedAt);
  });

  it('a key no route has, a message without it and a non-JSON message go to $default', async () => {
    const client = await open(gateway.urls.websocket as string);
    for (const message of [
      JSON.stringify({ action: 'unknown' }),
      JSON.stringify({ x: 1 }),
      'not json',
    ]) {
      client.send(message);
      assert.deepEqual(JSON.parse(await client.next()), { routeKey: '$default', body: message });
    }
  });

  it('a one-way route sends nothing back; a two-way one sends a non-proxy result whole', async () => {
    const client = await open(gateway.urls.websocket as string);
    client.send(JSON.stringify({ action: 'oneWay' }));
    client.send(JSON.stringify({ action: 'plain', n: 7 }));
    assert.deepEqual(JSON.parse(await client.next()), { echoed: 7 });
    assert.deepEqual(client.received, []);
  });

  it('an integration that fails answers "Internal server error" on the socket', async () => {
    const client = await open(gateway.urls.websocket as string);
    client.send(JSON.stringify({ action: 'fails' }));
    const answer = await client.next();
    assert.match(
      answer,
      /^\{"message": "Internal server error", "connectionId":"[A-Za-z0-9]{15}=", "requestId":"[^"]+"\}$/,
    );
  });

  it('no matching route and no $default: {"message": "Forbidden", "connectionId", "requestId"}', async () => {
    const client = await open(noDefault.urls.websocket as string);
    client.send(JSON.stringify({ service: 'orders', action: 'create' }));
    assert.equal(JSON.parse(await client.next()).routeKey, 'orders/create');
    client.send(JSON.stringify({ service: 'orders', action: 'delete' }));
    const answer = await client.next();
    assert.match(
      answer,
      /^\{"message": "Forbidden", "connectionId":"[A-Za-z0-9]{15}=", "requestId":"[^"]+"\}$/,
    );
  });

  it('a binary frame closes the connection with 1003', async () => {
    const client = await open(gateway.urls.websocket as string);
    const closed = client.closed();
    client.send(Buffer.from([1, 2, 3]));
    assert.equal((await closed).code, 1003);
  });

  it('closing runs $disconnect with the DISCONNECT event', async () => {
    const client = await open(gateway.urls.websocket as string);
    client.send(JSON.stringify({ action: 'sendMessage' }));
    await client.next();
    const id = recorded(dir)
      .filter((entry) => entry.name === 'message')
      .pop()?.event.requestContext.connectionId;
    client.socket.close(4000, 'bye');
    const event = await eventually(
      () =>
        recorded(dir).find(
          (entry) => entry.name === 'disconnect' && entry.event.requestContext.connectionId === id,
        )?.event,
      'the $disconnect event',
    );
    assert.equal(event.requestContext.eventType, 'DISCONNECT');
    assert.equal(event.requestContext.routeKey, '$disconnect');
    assert.equal(event.requestContext.disconnectStatusCode, 4000);
    assert.equal(event.requestContext.disconnectReason, 'bye');
    assert.match(
      String(
        (event.headers as Record<string, string>).Host ??
          (event.headers as Record<string, string>).host,
      ),
      /^127\.0\.0\.1:\d+$/,
    );
  });
});
