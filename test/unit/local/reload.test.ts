/**
 * Reloading the local gateway: `reloadFunctions()` (the pool's retire) makes a rewritten handler
 * answer with its new code, in CommonJS and ES modules; `reload(template)` swaps the routes
 * between requests while a request in flight finishes on the old ones.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CfnObject, CfnResource } from '../../../src/cloudformation/template';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { readLocalFunction } from '../../../src/local/lambda/functions';
import { FunctionPool } from '../../../src/local/lambda/pool';
import { lambdaUri, mock, restTemplate } from './template';

function fn(handler: string): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: { Handler: handler, Runtime: 'nodejs22.x', FunctionName: handler, Timeout: 5 },
  };
}

function proxy(functionId: string): CfnObject {
  return { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri(functionId) };
}

const VALUES = { region: 'us-east-1', accountId: '123456789012', stackName: 'local-dev' };

describe('local gateway: reload', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-gw-reload-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('FunctionPool.retire(): the next invocation loads the rewritten handler (CommonJS and ESM)', async () => {
    const write = (value: string) => {
      writeFileSync(path.join(dir, 'cjs.js'), `exports.handler = async () => '${value}';`);
      writeFileSync(path.join(dir, 'esm.mjs'), `export const handler = async () => '${value}';`);
    };
    const template = {
      Resources: { Cjs: fn('cjs.handler'), Esm: fn('esm.handler') },
    };
    const pool = new FunctionPool({ servicePath: dir, region: 'us-east-1', accountId: '1' });
    try {
      for (const id of ['Cjs', 'Esm']) {
        const local = readLocalFunction(template, id, VALUES);
        assert.ok(local);
        write('first');
        assert.deepEqual(await pool.invoke(local, {}, 5000), { kind: 'result', payload: 'first' });
        write('second');
        // Without retire the worker keeps the module it loaded (as a warm Lambda does).
        assert.deepEqual(await pool.invoke(local, {}, 5000), { kind: 'result', payload: 'first' });
        await pool.retire();
        assert.deepEqual(await pool.invoke(local, {}, 5000), {
          kind: 'result',
          payload: 'second',
        });
      }
    } finally {
      await pool.close();
    }
  });

  it('a worker busy during retire() finishes its invocation, then is not reused', async () => {
    writeFileSync(
      path.join(dir, 'slow.js'),
      `exports.handler = async (event) => { if (event.wait) await new Promise((r) => setTimeout(r, 300)); return 'old'; };`,
    );
    const local = readLocalFunction({ Resources: { Slow: fn('slow.handler') } }, 'Slow', VALUES);
    assert.ok(local);
    const pool = new FunctionPool({ servicePath: dir, region: 'us-east-1', accountId: '1' });
    try {
      // Warm: the worker has loaded the module before the file changes.
      assert.deepEqual(await pool.invoke(local, {}, 5000), { kind: 'result', payload: 'old' });
      const running = pool.invoke(local, { wait: true }, 5000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      writeFileSync(path.join(dir, 'slow.js'), `exports.handler = async () => 'new';`);
      await pool.retire();
      assert.deepEqual(await running, { kind: 'result', payload: 'old' });
      assert.deepEqual(await pool.invoke(local, {}, 5000), { kind: 'result', payload: 'new' });
    } finally {
      await pool.close();
    }
  });

  describe('startLocalGateway', () => {
    let gateway: LocalGateway;
    afterEach(() => gateway?.close());

    it('reload(template) swaps the routes; a request in flight finishes on the old ones', async () => {
      writeFileSync(
        path.join(dir, 'slow.js'),
        `exports.handler = async () => { await new Promise((r) => setTimeout(r, 400)); return { statusCode: 200, body: 'old route' }; };`,
      );
      gateway = await startLocalGateway({
        servicePath: dir,
        template: restTemplate(
          [
            { path: '/old', httpMethod: 'GET', integration: mock(200, '{"v": 1}') },
            { path: '/slow', httpMethod: 'GET', integration: proxy('Slow') },
          ],
          { Slow: fn('slow.handler') },
        ),
        stage: 'dev',
        port: 0,
      });
      const base = gateway.urls.rest as string;
      assert.deepEqual(await (await fetch(`${base}/old`)).json(), { v: 1 });
      const inFlight = fetch(`${base}/slow`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await gateway.reload(
        restTemplate([{ path: '/new', httpMethod: 'GET', integration: mock(200, '{"v": 2}') }]),
      );
      assert.equal(gateway.urls.rest, base);
      const finished = await inFlight;
      assert.equal(finished.status, 200);
      assert.equal(await finished.text(), 'old route');
      assert.deepEqual(await (await fetch(`${base}/new`)).json(), { v: 2 });
      assert.equal((await fetch(`${base}/old`)).status, 403);
      assert.equal((await fetch(`${base}/slow`)).status, 403);
    });

    it('a template that cannot be read is refused and the current one keeps serving', async () => {
      gateway = await startLocalGateway({
        servicePath: dir,
        template: restTemplate([{ path: '/old', httpMethod: 'GET', integration: mock() }]),
        stage: 'dev',
        port: 0,
      });
      const broken = { Resources: null } as unknown as Parameters<LocalGateway['reload']>[0];
      await assert.rejects(gateway.reload(broken));
      assert.equal((await fetch(`${gateway.urls.rest}/old`)).status, 200);
    });

    it('reloadFunctions(): a handler rewritten between two requests answers its new value', async () => {
      const write = (value: string) =>
        writeFileSync(
          path.join(dir, 'h.js'),
          `exports.handler = async () => ({ statusCode: 200, body: '${value}' });`,
        );
      write('one');
      gateway = await startLocalGateway({
        servicePath: dir,
        template: restTemplate([{ path: '/h', httpMethod: 'GET', integration: proxy('H') }], {
          H: fn('h.handler'),
        }),
        stage: 'dev',
        port: 0,
      });
      assert.equal(await (await fetch(`${gateway.urls.rest}/h`)).text(), 'one');
      write('two');
      await gateway.reloadFunctions();
      assert.equal(await (await fetch(`${gateway.urls.rest}/h`)).text(), 'two');
    });
  });
});
