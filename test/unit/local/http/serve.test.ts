/** `sls apigateway serve --http-port`: the HTTP API line, and the option parsed like --port. */
import { strict as assert } from 'node:assert';
import { parseHttpPort, runServe } from '../../../../src/commands/serve';
import { KitError } from '../../../../src/pipeline/errors';
import { httpTemplate } from './template';

describe('sls apigateway serve: the HTTP API', () => {
  it('--http-port defaults to 4001, 0 is any free port, anything else is refused', () => {
    assert.equal(parseHttpPort({}), 4001);
    assert.equal(parseHttpPort({ 'http-port': '0' }), 0);
    assert.throws(() => parseHttpPort({ 'http-port': 'x' }), KitError);
    assert.throws(() => parseHttpPort({ 'http-port': '65536' }), KitError);
  });

  it('prints exactly the HTTP API line for a template with only an HTTP API', async () => {
    const printed: string[] = [];
    let release: () => void = () => undefined;
    const template = httpTemplate([{ key: 'GET /health' }]);
    const run = runServe(
      { port: '0', 'http-port': '0' },
      {
        log: { notice: () => undefined, warning: () => undefined, info: () => undefined },
        writeText: (text) => printed.push(text),
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
        serviceDir: __dirname,
        stackName: () => 'svc-dev',
        packageService: async () => undefined,
        template: () => template,
      },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    for (let attempt = 0; attempt < 100 && printed.length === 0; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(printed.length, 1);
    assert.match(printed[0], /^HTTP API: http:\/\/127\.0\.0\.1:\d+$/);
    const url = printed[0].replace('HTTP API: ', '');
    assert.equal((await fetch(`${url}/nowhere`)).status, 404);
    release();
    await run;
  });
});
