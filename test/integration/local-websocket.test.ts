/**
 * The local gateway's WebSocket API on a packaged service (test/fixtures/local-websocket): the
 * template `serverless package` wrote from core's `websocket` events, served by
 * `startLocalGateway` on 127.0.0.1 and free ports.
 */
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import { FIXTURES, packageService } from '../helpers/serverless';
import { Client, refusedWith } from '../unit/local/websocket/helpers';

const SERVICE = path.join(FIXTURES, 'local-websocket');

describe('local WebSocket API on a packaged service (startLocalGateway)', function () {
  this.timeout(180_000);
  let gateway: LocalGateway;
  let url: string;
  const lines: string[] = [];
  const clients: Client[] = [];

  before(async () => {
    const { template } = packageService(SERVICE);
    gateway = await startLocalGateway({
      servicePath: SERVICE,
      template,
      stage: 'dev',
      port: 0,
      websocketPort: 0,
      region: 'eu-west-1',
      log: (line) => lines.push(line),
    });
    url = gateway.urls.websocket as string;
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
  });

  it('serves the WebSocket API only', () => {
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/dev$/);
    assert.equal(gateway.urls.rest, undefined);
  });

  it('$connect refuses with its status', async () => {
    assert.deepEqual(await refusedWith(`${url}?deny=1`), { status: 403, body: 'denied' });
  });

  it('routes by $request.body.action: the two-way custom route answers on the socket', async () => {
    const client = await Client.open(url);
    clients.push(client);
    client.send(JSON.stringify({ action: 'echo', n: 1 }));
    assert.deepEqual(JSON.parse(await client.next()), {
      route: 'echo',
      greeting: 'hello',
      received: { action: 'echo', n: 1 },
    });
  });

  it('$default posts back through @connections', async () => {
    const client = await Client.open(url);
    clients.push(client);
    client.send('not json');
    assert.equal(await client.next(), 'fallback got: not json');
    await client.close();
    const until = Date.now() + 5000;
    while (!lines.some((line) => line.startsWith('DISCONNECT $disconnect')) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(
      lines.some((line) => /^DISCONNECT \$disconnect \S+ 1005 [\d.]+ ms AWS_PROXY$/.test(line)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => /^POST \/dev\/@connections\/\S+ 200 /.test(line)),
      lines.join('\n'),
    );
  });
});
