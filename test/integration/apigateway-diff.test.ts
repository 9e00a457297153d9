/**
 * `sls apigateway diff` with the real framework: the api-diff fixture packaged as stage v1 into a
 * directory, then `sls apigateway diff --stage v2 --against-package <dir>` packages v2 (a route
 * removed, one added, IAM authorization on another, a CORS origin dropped, throttling lowered) and
 * compares; with --fail-on breaking it exits non-zero after printing the report.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { FIXTURES, packageService, plain, runServerless } from '../helpers/serverless';

const SERVICE = path.join(FIXTURES, 'api-diff');

describe('sls apigateway diff (integration)', () => {
  let previous: string;

  before(() => {
    previous = packageService(SERVICE, { stage: 'v1' }).outDir;
  });

  it('lists breaking and non-breaking changes against a previous package, and fails on breaking ones', () => {
    const result = runServerless(SERVICE, [
      'apigateway',
      'diff',
      '--stage',
      'v2',
      '--against-package',
      previous,
      '--fail-on',
      'breaking',
    ]);
    const stdout = plain(result.stdout);
    const report = stdout.slice(stdout.indexOf('API changes:'));
    assert.equal(
      report.split('\n').slice(0, 11).join('\n'),
      [
        `API changes: the package of stage v2 against the package in ${previous}`,
        'Breaking changes (6):',
        '  (stage)               throttling rate limit 100 → 50',
        '  (stage)               throttling burst limit 200 → 100',
        '  OPTIONS /orders       CORS origin https://admin.example.com removed from the preflight',
        '  POST /orders          authorization added: NONE → AWS_IAM',
        '  DELETE /orders/{id}   operation removed',
        '  OPTIONS /orders/{id}  CORS origin https://admin.example.com removed from the preflight',
        'Non-breaking changes (1):',
        '  GET /orders/{id}  operation added',
        '6 breaking, 1 non-breaking.',
      ].join('\n'),
    );
    assert.notEqual(result.status, 0);
    const output = plain(`${result.stdout}\n${result.stderr}`);
    assert.match(output, /--fail-on breaking: 6 breaking change\(s\)/);
    assert.doesNotMatch(
      output,
      /at runApiDiff|\.ts:\d+:\d+/,
      'a KitError, reported without a stack trace',
    );
  });

  it('--json, without --fail-on: exit 0 and one JSON document', () => {
    const result = runServerless(SERVICE, [
      'apigateway',
      'diff',
      '--stage',
      'v2',
      '--against-package',
      previous,
      '--json',
    ]);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const stdout = plain(result.stdout);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as {
      summary: { breaking: number; nonBreaking: number };
      breaking: Array<{ kind: string; method: string; path: string }>;
    };
    assert.deepEqual(report.summary, { breaking: 6, nonBreaking: 1 });
    assert.deepEqual(
      report.breaking.map((c) => `${c.kind} ${c.method} ${c.path}`),
      [
        'throttling-lowered * *',
        'throttling-lowered * *',
        'cors-origin-removed OPTIONS /orders',
        'authorization-added POST /orders',
        'operation-removed DELETE /orders/{id}',
        'cors-origin-removed OPTIONS /orders/{id}',
      ],
    );
  });
});

describe('sls apigateway diff on an HTTP API (integration)', () => {
  const HTTP_SERVICE = path.join(FIXTURES, 'http-api');

  it('compares the HTTP API of two stages: route throttles and the stage-wide ones', () => {
    const dev = packageService(HTTP_SERVICE, { stage: 'dev' }).outDir;
    // The fixture has no REST API: the HTTP API is compared without --api.
    const result = runServerless(HTTP_SERVICE, [
      'apigateway',
      'diff',
      '--stage',
      'prod',
      '--against-package',
      dev,
      '--json',
    ]);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const stdout = plain(result.stdout);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as {
      breaking: Array<{ kind: string; method: string; path: string; message: string }>;
      nonBreaking: Array<{ kind: string; method: string; path: string; message: string }>;
    };
    const lines = (changes: typeof report.breaking) =>
      changes.map((c) => `${c.kind} ${c.method} ${c.path}: ${c.message}`);
    // prod: stage-wide 1000/2000 (dev 100/200), and POST /orders throttled to 10/20 of its own,
    // lower than the stage-wide limits it had in dev.
    assert.deepEqual(lines(report.breaking), [
      'throttling-lowered POST /orders: throttling rate limit 100 → 10',
      'throttling-lowered POST /orders: throttling burst limit 200 → 20',
    ]);
    // GET /orders keeps its own rate (5); its burst is the stage's.
    assert.deepEqual(lines(report.nonBreaking), [
      'throttling-raised * *: throttling rate limit 100 → 1000',
      'throttling-raised * *: throttling burst limit 200 → 2000',
      'throttling-raised GET /orders: throttling burst limit 200 → 2000',
    ]);
  });
});
