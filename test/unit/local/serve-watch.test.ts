/**
 * The service watcher of `sls apigateway serve`: which paths need fresh workers, which a new
 * package, which nothing; debounced batches, one at a time; ignored directories never watched;
 * and runServe reloading through it (the packaging replaced by a function returning a template).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseWatchOption, runServe } from '../../../src/commands/serve';
import { firstLines, type ChildPackageResult } from '../../../src/commands/serve-package';
import { KitError } from '../../../src/pipeline/errors';
import {
  ServiceWatcher,
  classifyChange,
  type ServiceChange,
} from '../../../src/commands/serve-watch';
import { mock, restTemplate } from './template';

/** Polls until `check` holds; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sls apigateway serve: watching the service', () => {
  it('classifies paths: code, config (the service config and every other file), ignored', () => {
    assert.equal(classifyChange('handler.js'), 'code');
    assert.equal(classifyChange('src/orders/list.mjs'), 'code');
    assert.equal(classifyChange('src/lib/util.cjs'), 'code');
    assert.equal(classifyChange('src/types.ts'), 'code');
    assert.equal(classifyChange('serverless.yml'), 'config');
    assert.equal(classifyChange('serverless.yaml'), 'config');
    assert.equal(classifyChange('serverless.ts'), 'config');
    assert.equal(classifyChange('serverless.js'), 'config');
    assert.equal(classifyChange('serverless.json'), 'config');
    assert.equal(classifyChange('templates/enqueue.vtl'), 'config');
    assert.equal(classifyChange('schemas/order.json'), 'config');
    assert.equal(classifyChange('.env.dev'), 'config');
    assert.equal(classifyChange('node_modules/lib/index.js'), undefined);
    assert.equal(
      classifyChange('.serverless/cloudformation-template-update-stack.json'),
      undefined,
    );
    assert.equal(classifyChange('.git/index'), undefined);
    assert.equal(classifyChange('.idea/workspace.xml'), undefined);
    assert.equal(classifyChange('src/.cache/x.js'), undefined);
    assert.equal(classifyChange('src/.handler.js.swp'), undefined);
    assert.equal(classifyChange('src/handler.js~'), undefined);
    assert.equal(classifyChange('4913'), undefined);
    assert.equal(classifyChange(''), undefined);
  });

  describe('ServiceWatcher', () => {
    let dir: string;
    let watcher: ServiceWatcher | undefined;

    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'serve-watch-'));
      for (const sub of ['src/deep', 'node_modules/pkg', '.serverless', '.git'])
        mkdirSync(path.join(dir, sub), { recursive: true });
      writeFileSync(path.join(dir, 'serverless.yml'), 'service: a\n');
      writeFileSync(path.join(dir, 'src/deep/h.js'), 'exports.h = 1;\n');
    });
    afterEach(() => {
      watcher?.close();
      watcher = undefined;
      rmSync(dir, { recursive: true, force: true });
    });

    it('never watches node_modules or dot-directories, and watches at most maxDirectories', () => {
      watcher = new ServiceWatcher(dir, async () => undefined);
      assert.deepEqual(watcher.directories.map((watched) => path.relative(dir, watched)).sort(), [
        '',
        'src',
        'src/deep',
      ]);
      watcher.close();
      const warnings: string[] = [];
      watcher = new ServiceWatcher(dir, async () => undefined, {
        maxDirectories: 2,
        warn: (message) => warnings.push(message),
      });
      assert.equal(watcher.directories.length, 2);
      assert.match(warnings.join('\n'), /first 2 directories/);
    });

    it('debounces a burst into one batch; a config change outranks code changes', async () => {
      const batches: ServiceChange[] = [];
      watcher = new ServiceWatcher(dir, async (change) => void batches.push(change), {
        debounceMs: 150,
      });
      // One synchronous burst: no pause between the writes for a busy machine to stretch past
      // the debounce window.
      for (let count = 0; count < 5; count += 1)
        writeFileSync(path.join(dir, 'src/deep/h.js'), `exports.h = ${count};\n`);
      await until(() => batches.length > 0, 'a batch');
      await sleep(300);
      assert.deepEqual(batches, [{ kind: 'code', file: 'src/deep/h.js' }]);

      writeFileSync(path.join(dir, 'src/deep/h.js'), 'exports.h = 9;\n');
      writeFileSync(path.join(dir, 'serverless.yml'), 'service: b\n');
      writeFileSync(path.join(dir, 'node_modules/pkg/index.js'), 'x');
      writeFileSync(path.join(dir, '.serverless/out.json'), '{}');
      await until(() => batches.length > 1, 'a second batch');
      await sleep(300);
      assert.deepEqual(batches.slice(1), [{ kind: 'config', file: 'serverless.yml' }]);
    });

    it('watches a directory created later; changes during a batch make one more batch, not a queue', async () => {
      const batches: ServiceChange[] = [];
      let release: () => void = () => undefined;
      watcher = new ServiceWatcher(
        dir,
        async (change) => {
          batches.push(change);
          if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        },
        { debounceMs: 50 },
      );
      mkdirSync(path.join(dir, 'src/new'));
      await until(
        () => watcher?.directories.includes(path.join(dir, 'src/new')) ?? false,
        'src/new watched',
      );
      writeFileSync(path.join(dir, 'src/new/a.js'), '1');
      await until(() => batches.length === 1, 'the first batch');
      // The first batch is still being handled: these gather into a single next one.
      for (const name of ['b.js', 'c.js', 'schema.json', 'd.js']) {
        writeFileSync(path.join(dir, 'src/new', name), '1');
        await sleep(80);
      }
      await sleep(200);
      assert.equal(batches.length, 1);
      release();
      await until(() => batches.length === 2, 'the second batch');
      await sleep(200);
      assert.deepEqual(batches, [
        { kind: 'code', file: 'src/new/a.js' },
        { kind: 'config', file: 'src/new/schema.json' },
      ]);
    });
  });

  it('--no-watch and --watch false turn watching off; it is on by default', () => {
    assert.equal(parseWatchOption({}), true);
    assert.equal(parseWatchOption({ watch: false }), false);
    assert.equal(parseWatchOption({ watch: 'false' }), false);
    assert.equal(parseWatchOption({ watch: 'TRUE' }), true);
    assert.throws(() => parseWatchOption({ watch: 'sometimes' }), KitError);
  });

  it("firstLines: the framework's error without colours, from its first line naming an error", () => {
    const output =
      'Packaging kit-local for stage dev\n\n\u001b[31m✖ Error:\u001b[39m\nCannot parse "serverless.yml": bad indentation\n  at line 3\n';
    assert.equal(firstLines(output, 2), '✖ Error:\nCannot parse "serverless.yml": bad indentation');
    assert.equal(firstLines('one\ntwo\n', 1), 'one');
  });

  it('runServe reloads: fresh workers on a handler change, the packaged model on a config change, the old one when packaging fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'serve-reload-'));
    const notices: string[] = [];
    const warnings: string[] = [];
    let url = '';
    let release: () => void = () => undefined;
    const packages: Array<() => Promise<ChildPackageResult>> = [
      async () => ({
        template: restTemplate([
          { path: '/added', httpMethod: 'GET', integration: mock(200, '{"v": 2}') },
        ]),
      }),
      async () => ({ error: 'serverless package exited with 1:\nError: bad config' }),
    ];
    writeFileSync(path.join(dir, 'serverless.yml'), 'service: a\n');
    const run = runServe(
      { port: '0' },
      {
        log: {
          notice: (line) => notices.push(line),
          warning: (line) => warnings.push(line),
          info: () => undefined,
        },
        writeText: (text) => {
          url = text.replace('REST API: ', '');
        },
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
        serviceDir: dir,
        stackName: () => 'svc-dev',
        packageService: async () => undefined,
        template: () => restTemplate([{ path: '/health', httpMethod: 'GET', integration: mock() }]),
      },
      () => new Promise<void>((resolve) => (release = resolve)),
      {
        debounceMs: 50,
        repackage: () => {
          const next = packages.shift();
          assert.ok(next, 'packaged more often than the config changed');
          return next();
        },
      },
    );
    try {
      await until(() => url !== '', 'the REST API line');
      writeFileSync(path.join(dir, 'handler.js'), 'exports.h = 1;');
      await until(() => notices.includes('Reloaded functions (handler.js)'), 'functions reloaded');

      writeFileSync(path.join(dir, 'serverless.yml'), 'service: b\n');
      await until(
        () => notices.includes('Reloaded the API model (serverless.yml)'),
        'the model reloaded',
      );
      assert.deepEqual(await (await fetch(`${url}/added`)).json(), { v: 2 });
      assert.equal((await fetch(`${url}/health`)).status, 403);

      writeFileSync(path.join(dir, 'serverless.yml'), 'service: c\n');
      await until(() => warnings.some((line) => /Packaging failed/.test(line)), 'the failure');
      assert.match(
        warnings.join('\n'),
        /still serving the previous API model\.\nserverless package exited with 1:\nError: bad config/,
      );
      assert.deepEqual(await (await fetch(`${url}/added`)).json(), { v: 2 });
      assert.equal(packages.length, 0);
    } finally {
      release();
      await run;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--no-watch: nothing reloads', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'serve-nowatch-'));
    const notices: string[] = [];
    let url = '';
    let release: () => void = () => undefined;
    const run = runServe(
      { port: '0', watch: false },
      {
        log: {
          notice: (line) => notices.push(line),
          warning: () => undefined,
          info: () => undefined,
        },
        writeText: (text) => {
          url = text.replace('REST API: ', '');
        },
      },
      {
        provider: { getStage: () => 'dev', getRegion: () => 'eu-west-1' },
        serviceDir: dir,
        stackName: () => 'svc-dev',
        packageService: async () => undefined,
        template: () => restTemplate([{ path: '/health', httpMethod: 'GET', integration: mock() }]),
      },
      () => new Promise<void>((resolve) => (release = resolve)),
      { debounceMs: 20, repackage: () => assert.fail('packaged with --no-watch') },
    );
    try {
      await until(() => url !== '', 'the REST API line');
      writeFileSync(path.join(dir, 'handler.js'), 'exports.h = 1;');
      writeFileSync(path.join(dir, 'serverless.yml'), 'service: b\n');
      await sleep(300);
      assert.deepEqual(
        notices.filter((line) => /Reloaded|Watching/.test(line)),
        [],
      );
    } finally {
      release();
      await run;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
