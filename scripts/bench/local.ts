/**
 * `npm run bench -- --only local`: requests per second and latency of the local gateway (`sls
 * apigateway serve`) against serverless-offline (`sls offline start`, v13, the last line that runs
 * on serverless v3), each a child process serving the same small service: a MOCK route (a plugin
 * route) and a Lambda proxy route to a Node.js handler. serverless-offline does not run MOCK
 * integrations (it serves `http` events of functions only), so only the Lambda proxy route is
 * compared. Both servers up, loaded in turn by the load generator (./load.ts) in this process,
 * which keeps the requests in flight fixed (a server is never loaded past it). Every process
 * started is killed at the end, on error and on Ctrl-C too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { linkPlugin, REPO_ROOT } from '../../test/helpers/serverless';
import { generateLoad, type LoadOptions, type LoadResult } from './load';

const SERVERLESS = path.join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
const CONCURRENCY = 10;
const WARM_UP = 200;
/** Measured per round; the table has the median of the rounds. */
const REQUESTS = { mock: 2_000, lambda: 1_500 };
const ROUNDS = 3;

const SERVICE_YML = `# Written by scripts/bench/local.ts for one run, then removed.
service: bench-local
frameworkVersion: '3'
plugins:
  - serverless-apigateway-kit
  - serverless-offline
provider:
  name: aws
  runtime: nodejs20.x
  region: us-east-1
custom:
  apiGateway:
    routes:
      'GET /mock':
        integration: mock
        response:
          body: { ok: true }
functions:
  hello:
    handler: handler.hello
    events:
      - http: { method: get, path: hello }
`;

const HANDLER_JS = `'use strict';
exports.hello = async (event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ hello: event.path }),
});
`;

/** The children of this run, killed (their whole process group) whatever happens. */
const children = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** The service written for the run (removed at the end, and on exit if the run is cut short). */
let writtenService: string | undefined;

process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
  if (writtenService) rmSync(writtenService, { recursive: true, force: true });
});

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `sls <args>` in the service; resolves once `ready` matches its output. */
async function startServerless(
  serviceDir: string,
  args: readonly string[],
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVERLESS, ...args], {
    cwd: serviceDir,
    // Its own process group: stopping it stops whatever it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  });
  children.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sls ${args.join(' ')} not ready in 90 s:\n${output}`)),
      90_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sls ${args.join(' ')} exited (${String(code)}):\n${output}`));
    });
  });
  // Keep reading so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

export interface LocalRow {
  server: string;
  route: string;
  result?: LoadResult;
  /** Why there is no measurement. */
  note?: string;
}

function load(url: string, requests: number): Promise<LoadResult> {
  const options: LoadOptions = {
    url,
    expectStatus: 200,
    concurrency: CONCURRENCY,
    warmUp: WARM_UP,
    requests,
  };
  return generateLoad(options);
}

interface Target {
  server: string;
  route: string;
  url: string;
  requests: number;
  results: LoadResult[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function benchLocal(): Promise<LocalRow[]> {
  const serviceDir = path.join(REPO_ROOT, '.bench', `local-${process.pid}`);
  const rows: LocalRow[] = [];
  const stopOnSignal = () => process.exit(130);
  process.once('SIGINT', stopOnSignal);
  try {
    // Inside the repository, so that `serverless-offline` resolves from its node_modules.
    mkdirSync(serviceDir, { recursive: true });
    writtenService = serviceDir;
    writeFileSync(path.join(serviceDir, 'serverless.yml'), SERVICE_YML);
    writeFileSync(path.join(serviceDir, 'handler.js'), HANDLER_JS);
    linkPlugin(serviceDir);

    const [ourPort, httpPort, lambdaPort] = [await freePort(), await freePort(), await freePort()];
    const ours = `http://127.0.0.1:${ourPort}/dev`;
    const offline = `http://127.0.0.1:${httpPort}/dev`;
    await startServerless(
      serviceDir,
      ['apigateway', 'serve', '--stage', 'dev', '--host', '127.0.0.1', '--port', String(ourPort)],
      /REST API: http:\/\/127\.0\.0\.1:\d+\/dev/,
    );
    await startServerless(
      serviceDir,
      [
        'offline',
        'start',
        '--stage',
        'dev',
        '--host',
        '127.0.0.1',
        '--httpPort',
        String(httpPort),
        '--lambdaPort',
        String(lambdaPort),
        '--noSponsor',
      ],
      /Server ready/,
    );
    const mockProbe = await fetch(`${offline}/mock`);
    const targets: Target[] = [
      {
        server: 'local gateway',
        route: 'MOCK GET /mock',
        url: `${ours}/mock`,
        requests: REQUESTS.mock,
        results: [],
      },
      {
        server: 'local gateway',
        route: 'Lambda proxy GET /hello',
        url: `${ours}/hello`,
        requests: REQUESTS.lambda,
        results: [],
      },
      {
        server: 'serverless-offline',
        route: 'Lambda proxy GET /hello',
        url: `${offline}/hello`,
        requests: REQUESTS.lambda,
        results: [],
      },
    ];
    // Rounds in turn (a, b, c, a, b, c…): a busy spell of a shared machine spreads over all of
    // them. The idle server costs next to nothing while the other one is loaded.
    for (let round = 0; round < ROUNDS; round += 1)
      for (const target of targets) target.results.push(await load(target.url, target.requests));
    const row = (target: Target): LocalRow => ({
      server: target.server,
      route: target.route,
      result: {
        requests: target.results.reduce((sum, result) => sum + result.requests, 0),
        perSecond: median(target.results.map((result) => result.perSecond)),
        p50Ms: median(target.results.map((result) => result.p50Ms)),
        p99Ms: median(target.results.map((result) => result.p99Ms)),
      },
    });
    rows.push(row(targets[0]), row(targets[1]));
    rows.push({
      server: 'serverless-offline',
      route: 'MOCK GET /mock',
      note: `not run: serverless-offline serves functions' http events only, no MOCK integrations (GET /dev/mock → ${mockProbe.status})`,
    });
    rows.push(row(targets[2]));
  } finally {
    await Promise.all([...children].map(stop));
    process.off('SIGINT', stopOnSignal);
    rmSync(serviceDir, { recursive: true, force: true });
    writtenService = undefined;
  }
  return rows;
}

const count = (value: number): string => Math.round(value).toLocaleString('en-US');

export function formatLocal(rows: readonly LocalRow[]): string {
  const lambda = (server: string) =>
    rows.find((row) => row.server === server && row.route.startsWith('Lambda'))?.result;
  const ours = lambda('local gateway');
  const offline = lambda('serverless-offline');
  return [
    `\`sls apigateway serve\` against \`sls offline start\` (serverless-offline 13, serverless v3), on the same service (scripts/bench/local.ts); node http with a keep-alive agent, ${CONCURRENCY} requests in flight, ${WARM_UP} warm-up requests, then ${count(REQUESTS.mock)} (MOCK) or ${count(REQUESTS.lambda)} (Lambda proxy) measured, in ${ROUNDS} rounds taken in turn with both servers up; the median round.`,
    '',
    '| server | route | requests/s | p50 (ms) | p99 (ms) |',
    '|---|---|---:|---:|---:|',
    ...rows.map((row) =>
      row.result
        ? `| ${row.server} | ${row.route} | ${count(row.result.perSecond)} | ${row.result.p50Ms.toFixed(2)} | ${row.result.p99Ms.toFixed(2)} |`
        : `| ${row.server} | ${row.route} | — | — | — |`,
    ),
    '',
    ...rows.filter((row) => row.note).map((row) => `- ${row.server}, ${row.route}: ${row.note}`),
    ...(ours && offline
      ? [
          `- Lambda proxy, ours/offline: ${(ours.perSecond / offline.perSecond).toFixed(2)}× the requests per second, ${(ours.p99Ms / offline.p99Ms).toFixed(2)}× the p99 latency.`,
        ]
      : []),
  ].join('\n');
}
