/** `sls apigateway serve --websocket-port`: the WebSocket API line, and a WebSocket-only service. */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { runServe } from '../../../../src/commands/serve';
import { parseWebSocketPortOption } from '../../../../src/commands/serve';
import { KitError } from '../../../../src/pipeline/errors';
import { Client, serviceDir, WAIT_MS, websocketTemplate } from './helpers';

describe('sls apigateway serve: the WebSocket API', function () {
  this.timeout(30_000);

  it('--websocket-port defaults to 4002, 0 is any free port, anything else is refused', () => {
    assert.equal(parseWebSocketPortOption({}), 4002);
    assert.equal(parseWebSocketPortOption({ 'websocket-port': '0' }), 0);
    assert.equal(parseWebSocketPortOption({ 'websocket-port': '4100' }), 4100);
    assert.throws(() => parseWebSocketPortOption({ 'websocket-port': 'ws' }), KitError);
    assert.throws(() => parseWebSocketPortOption({ 'websocket-port': '70000' }), KitError);
  });

  it('serves a WebSocket-only service and prints exactly its line', async () => {
    const dir = serviceDir(
      `exports.echo = async (event) => ({ statusCode: 200, body: event.body });`,
    );
    const printed: string[] = [];
    let release: () => void = () => undefined;
    const run = runServe(
      { port: '0', 'websocket-port': '0', watch: 'false' },
      {
        log: { notice: () => undefined, warning: () => undefined, info: () => undefined },
        writeText: (text) => printed.push(text),
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
        serviceDir: dir,
        stackName: () => 'svc-dev',
        packageService: async () => undefined,
        template: () =>
          websocketTemplate({
            functions: { Echo: 'handlers.echo' },
            routes: [{ key: '$default', fn: 'Echo', twoWay: true }],
          }),
      },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    try {
      for (let waited = 0; waited < WAIT_MS && printed.length === 0; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(printed.length, 1);
      assert.match(printed[0], /^WebSocket API: ws:\/\/127\.0\.0\.1:\d+\/dev$/);
      const client = await Client.open(printed[0].replace('WebSocket API: ', ''));
      client.send('ping');
      assert.equal(await client.next(), 'ping');
      await client.close();
    } finally {
      release();
      await run;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
