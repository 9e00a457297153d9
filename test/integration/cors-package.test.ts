/**
 * The runtime helper as users install it: `serverless-apigateway-kit-cors` (packages/cors, built
 * from src/runtime/cors.ts by `npm run build`) packed with `npm pack`, installed from the tarball
 * into a fresh service with `npm install --offline` (it has no dependencies, so npm needs neither
 * the registry nor its cache), packaged by the real framework. The function's zip must stay small
 * (the plugin as a dependency made it ~46 MB) and its handler must run from the unzipped artifact.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageService, REPO_ROOT } from '../helpers/serverless';
import { extractZip, readZip } from '../helpers/zip';

const HELPER_PACKAGE = path.join(REPO_ROOT, 'packages', 'cors');

const SERVICE = {
  'serverless.yml': `service: cors-helper
frameworkVersion: '>=3'
plugins:
  - serverless-apigateway-kit
provider:
  name: aws
  runtime: nodejs22.x
  region: eu-west-1
custom:
  apiGateway:
    cors:
      origins: ['https://app.example.com', 'https://*.preview.example.com']
      allowCredentials: true
functions:
  orders:
    handler: handler.orders
    events:
      - http: { method: get, path: orders }
`,
  'handler.js': `'use strict';
const { withCors } = require('serverless-apigateway-kit-cors');
exports.orders = withCors(async () => ({ statusCode: 200, body: '[]' }), {
  origins: ['https://app.example.com', 'https://*.preview.example.com'],
  allowCredentials: true,
});
`,
  'package.json': JSON.stringify({ name: 'cors-helper', private: true }, null, 2),
};

function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  assert.equal(result.status, 0, `npm ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('serverless-apigateway-kit-cors installed from its tarball into a service', function () {
  this.timeout(120_000);
  let workDir: string;
  let serviceDir: string;
  let artifact: string;

  before(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-cors-'));
    serviceDir = path.join(workDir, 'service');
    mkdirSync(serviceDir);
    for (const [file, content] of Object.entries(SERVICE))
      writeFileSync(path.join(serviceDir, file), content);
    // --ignore-scripts: `npm run build` compiled packages/cors/dist already (prepack would again).
    const [packed] = JSON.parse(
      npm(
        ['pack', '--ignore-scripts', '--offline', '--json', '--pack-destination', workDir],
        HELPER_PACKAGE,
      ),
    ) as { filename: string }[];
    npm(
      ['install', '--offline', '--no-audit', '--no-fund', path.join(workDir, packed.filename)],
      serviceDir,
    );
    const { outDir } = packageService(serviceDir);
    artifact = path.join(outDir, 'cors-helper.zip');
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('is a dependency of the service (what the README tells users to install)', () => {
    const manifest = JSON.parse(readFileSync(path.join(serviceDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    assert.ok(manifest.dependencies?.['serverless-apigateway-kit-cors']);
  });

  it('costs the function a few KB: the zip holds the handler and the helper, nothing else', () => {
    const size = statSync(artifact).size;
    assert.ok(size < 50_000, `the function zip is ${size} bytes`);
    const files = readZip(artifact)
      .map((entry) => entry.name)
      .filter((name) => !name.endsWith('/'))
      .sort();
    assert.deepEqual(
      // The installed packages (npm's own node_modules/.package-lock.json aside).
      files.filter((name) => /^node_modules\/[^.]/.test(name)),
      [
        'node_modules/serverless-apigateway-kit-cors/LICENSE',
        'node_modules/serverless-apigateway-kit-cors/README.md',
        'node_modules/serverless-apigateway-kit-cors/dist/cors.d.ts',
        'node_modules/serverless-apigateway-kit-cors/dist/cors.js',
        'node_modules/serverless-apigateway-kit-cors/package.json',
      ],
    );
    assert.ok(files.includes('handler.js'));
  });

  it('runs from the unzipped artifact and answers with the CORS headers', () => {
    const runDir = path.join(workDir, 'unzipped');
    extractZip(artifact, runDir);
    // A separate Node process, in the unzipped directory: the handler can only find the helper
    // inside the artifact, as in Lambda.
    const result = spawnSync(
      process.execPath,
      [
        '-e',
        `require('./handler.js').orders({ headers: { origin: 'https://pr-7.preview.example.com' } })
          .then((response) => process.stdout.write(JSON.stringify(response)))`,
      ],
      { cwd: runDir, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      statusCode: 200,
      body: '[]',
      headers: {
        Vary: 'Origin',
        'Access-Control-Allow-Origin': 'https://pr-7.preview.example.com',
        'Access-Control-Allow-Credentials': 'true',
      },
    });
  });
});
