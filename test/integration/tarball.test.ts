/**
 * The published package, as a user gets it: `npm pack` of this repository (after `npm run build`;
 * `--ignore-scripts` so prepack does not build again), installed into a fresh service that lists
 * the plugin in `plugins:` and loads it from node_modules (the only test that does: the others link
 * the built dist/ into .serverless_plugins), packaged with serverless v3 and with osls.
 *
 * Installing: `npm install --offline <tarball>` needs the plugin's dependencies in npm's cache,
 * which a machine that installed this repository with `npm ci` may not have (npm then fails with
 * ENOTCACHED, and the test must not use the network). So the test does what npm would, from the
 * same tarball: it extracts the package to node_modules/serverless-apigateway-kit and links each
 * of its declared `dependencies` from this repository's node_modules. A module the plugin
 * requires without declaring it is then not found, as it would not be for users.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageService, plain, REPO_ROOT, type Framework } from '../helpers/serverless';

const SERVICE = {
  'serverless.yml': `service: tarball-check
frameworkVersion: '>=3'
plugins:
  - serverless-apigateway-kit
provider:
  name: aws
  runtime: nodejs22.x
  region: eu-west-1
custom:
  apiGateway:
    stages:
      '*':
        tracing: true
      prod:
        throttling: { rateLimit: 100, burstLimit: 200 }
functions:
  orders:
    handler: handler.orders
    events:
      - http:
          method: get
          path: orders
          apiGateway:
            throttling: { rateLimit: 10, burstLimit: 20 }
`,
  'handler.js': `'use strict';\nexports.orders = async () => ({ statusCode: 200, body: '[]' });\n`,
  'package.json': JSON.stringify({ name: 'tarball-check', private: true }, null, 2),
};

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`,
  );
  return result.stdout;
}

describe('the packed tarball, installed into a fresh service', function () {
  this.timeout(120_000);
  let workDir: string;
  let serviceDir: string;
  let packedFiles: string[];

  before(() => {
    assert.ok(existsSync(path.join(REPO_ROOT, 'dist', 'index.js')), 'run `npm run build` first');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-tarball-'));
    const [packed] = JSON.parse(
      run(
        'npm',
        ['pack', '--ignore-scripts', '--offline', '--json', '--pack-destination', workDir],
        REPO_ROOT,
      ),
    ) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed.files.map((file) => file.path);

    serviceDir = path.join(workDir, 'service');
    const installed = path.join(serviceDir, 'node_modules', 'serverless-apigateway-kit');
    mkdirSync(installed, { recursive: true });
    for (const [file, content] of Object.entries(SERVICE))
      writeFileSync(path.join(serviceDir, file), content);
    run(
      'tar',
      ['-xzf', path.join(workDir, packed.filename), '-C', installed, '--strip-components=1'],
      workDir,
    );
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies)) {
      const link = path.join(serviceDir, 'node_modules', dependency);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(path.join(REPO_ROOT, 'node_modules', dependency), link, 'dir');
    }
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('holds the built plugin, its schemas and documents, and no sources or tests', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/types/index.d.ts',
      'dist/runtime/cors.js',
      'dist/schema-validators.js',
    ])
      assert.ok(packedFiles.includes(file), `${file} is in the tarball`);
    assert.deepEqual(
      packedFiles.filter((file) => /^(src|test|scripts|packages|example-service)\//.test(file)),
      [],
    );
  });

  it("resolves every entry of package.json's exports from the service", () => {
    const script = `
      const kit = require('serverless-apigateway-kit');
      const { withCors } = require('serverless-apigateway-kit/cors');
      require('serverless-apigateway-kit/types');
      require('serverless-apigateway-kit/vtl');
      require('serverless-apigateway-kit/local');
      require.resolve('serverless-apigateway-kit/schemas/api-gateway.schema.json');
      process.stdout.write([typeof kit, typeof withCors].join(' '));`;
    assert.equal(run(process.execPath, ['-e', script], serviceDir), 'function function');
  });

  for (const framework of ['serverless', 'osls'] as Framework[]) {
    it(`packages with ${framework}, the plugin loaded from node_modules`, () => {
      const { template, stdout, stderr } = packageService(serviceDir, {
        framework,
        stage: 'prod',
        plugin: 'node_modules',
      });
      assert.equal(existsSync(path.join(serviceDir, '.serverless_plugins')), false);
      assert.match(
        plain(stdout + stderr),
        /serverless-apigateway-kit: REST API prod-tarball-check/,
      );
      const stage = template.Resources.ApiGatewayStage?.Properties ?? {};
      assert.equal(stage.TracingEnabled, true);
      assert.deepEqual(
        (stage.MethodSettings as { HttpMethod: string; ThrottlingRateLimit: number }[])
          .map((setting) => [setting.HttpMethod, setting.ThrottlingRateLimit])
          .sort(),
        [
          ['*', 100],
          ['GET', 10],
        ],
      );
    });
  }
});
