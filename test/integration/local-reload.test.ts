/**
 * `sls apigateway serve` reloading (the real command as a child process) on a copy of
 * test/fixtures/local-gateway in a temporary directory (the committed fixture is never modified):
 * a rewritten handler answers its new value without a restart; an edited serverless.yml is
 * packaged again and its new route and mock response are served.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, linkPlugin, plain, REPO_ROOT } from '../helpers/serverless';

const FIXTURE = path.join(FIXTURES, 'local-gateway');
const SERVERLESS = path.join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** Polls `check` until it returns a value; fails after `ms` with what was last seen. */
async function until<T>(
  check: () => Promise<T | undefined>,
  what: () => string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`not within ${ms / 1000} s: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('sls apigateway serve reloads (the real command, on a copy of the fixture)', () => {
  let service: string;
  let child: ChildProcess | undefined;
  let output = '';

  before(() => {
    service = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-reload-'));
    cpSync(FIXTURE, service, {
      recursive: true,
      filter: (source) => !/[\\/]\.serverless(?:_plugins)?(?:[\\/]|$)/.test(source),
    });
    linkPlugin(service);
  });

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      // SIGTERM first: serve stops a package run it started (its own child) before exiting.
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(service, { recursive: true, force: true });
  });

  it('picks up a changed handler, then a changed serverless.yml, without a restart', async () => {
    const started = spawn(
      process.execPath,
      [SERVERLESS, 'apigateway', 'serve', '--stage', 'dev', '--port', '0'],
      {
        cwd: service,
        env: {
          ...process.env,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          SLS_DEPRECATION_DISABLE: '*',
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    const read = (chunk: Buffer) => (output += chunk.toString('utf8'));
    started.stdout?.on('data', read);
    started.stderr?.on('data', read);
    const log = () => plain(output);

    const url = await until(
      async () => {
        assert.equal(started.exitCode, null, `serve exited:\n${log()}`);
        return /^REST API: (http:\/\/127\.0\.0\.1:\d+\/dev)$/m.exec(log())?.[1];
      },
      () => `no "REST API:" line:\n${log()}`,
      90_000,
    );
    const before = (await (await fetch(`${url}/orders/1`)).json()) as Record<string, unknown>;
    assert.ok('event' in before);

    // A handler rewritten: the next request runs the new code.
    writeFileSync(
      path.join(service, 'src', 'orders.js'),
      "exports.list = async () => ({ statusCode: 200, body: JSON.stringify({ version: 2 }) });\nexports.withCallback = (e, c, cb) => cb(null, { statusCode: 201, body: 'v2' });\n",
    );
    await until(
      async () => {
        const body = (await (await fetch(`${url}/orders/1`)).json()) as { version?: number };
        return body.version === 2 ? true : undefined;
      },
      () => `the new handler never answered:\n${log()}`,
    );
    assert.match(log(), /Reloaded functions \(src\/orders\.js\)/);

    // serverless.yml edited: a new route and another mock response, served after packaging again.
    const config = readFileSync(path.join(service, 'serverless.yml'), 'utf8');
    const edited = config
      .replace(
        '    routes:\n',
        "    routes:\n      'GET /added':\n        integration: mock\n        response:\n          body: { added: true }\n",
      )
      .replace('body: { ok: true }', 'body: { ok: reloaded }');
    assert.notEqual(edited, config);
    writeFileSync(path.join(service, 'serverless.yml'), edited);
    const added = await until(
      async () => {
        const response = await fetch(`${url}/added`);
        return response.status === 200 ? await response.json() : undefined;
      },
      () => `the new route was never served:\n${log()}`,
      90_000,
    );
    assert.deepEqual(added, { added: true });
    assert.deepEqual(await (await fetch(`${url}/health`)).json(), { ok: 'reloaded' });
    assert.match(log(), /Reloaded the API model \(serverless\.yml\)/);
    // Handlers still run (with the code on disk) after the model reload.
    assert.deepEqual(await (await fetch(`${url}/orders/1`)).json(), { version: 2 });
    // Packaging writes nothing the watcher reacts to: no second package run follows the first.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(log().match(/Packaging the service again/g)?.length, 1, log());
  });
});
