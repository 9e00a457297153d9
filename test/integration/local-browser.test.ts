/**
 * The local gateway seen by a real browser (headless Chromium through puppeteer-core): CORS is
 * enforced by the browser, not by the gateway, so only a browser shows that the preflights, the
 * actual responses and the gateway responses carry what it needs. test/fixtures/local-browser is
 * packaged with the real framework, its allowed origin being one of two page servers started
 * first (http://127.0.0.1:<A>; the other, http://127.0.0.1:<B>, is a different origin, not
 * allowed). Pages on both call the gateway with fetch().
 *
 * Without Chromium (CHROME_PATH, else /usr/bin/chromium) the suite prints one line and skips; under
 * CI=true that is a failure instead (.ci/run installs the `chromium` package).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startLocalGateway, type LocalGateway } from '../../src/local';
import { FIXTURES, packageService } from '../helpers/serverless';

const SERVICE = path.join(FIXTURES, 'local-browser');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

/** What a page's fetch() ended with, as plain data (puppeteer serialises it out of the page). */
type FetchOutcome =
  | { kind: 'response'; status: number; body: string; trace: string | null }
  | { kind: 'rejected'; name: string; message: string };

interface FetchRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A tiny page server: every path answers the same empty HTML page, as its own origin. */
async function startPageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>local gateway CORS test page</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server?.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Runs fetch() in the page, with the user's credentials (cookies) included. */
function fetchFrom(page: Page, request: FetchRequest): Promise<FetchOutcome> {
  return page.evaluate(async ({ url, method, headers, body }): Promise<FetchOutcome> => {
    try {
      const response = await fetch(url, { method, headers, body, credentials: 'include' });
      return {
        kind: 'response',
        status: response.status,
        body: await response.text(),
        trace: response.headers.get('X-Request-Trace'),
      };
    } catch (error) {
      const { name, message } = error as Error;
      return { kind: 'rejected', name, message };
    }
  }, request);
}

describe('local gateway in a real browser (Chromium): CORS', function () {
  let gateway: LocalGateway | undefined;
  let browser: Browser | undefined;
  let allowed: { server: Server; origin: string } | undefined;
  let other: { server: Server; origin: string } | undefined;
  let profileDir: string | undefined;
  let base: string;
  let allowedPage: Page;
  let otherPage: Page;
  const gatewayLog: string[] = [];
  const consoleMessages: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true')
        throw new Error(`no Chromium at ${CHROMIUM} (CI=true: install the chromium package)`);
      console.log(`    skipped: no Chromium at ${CHROMIUM} (set CHROME_PATH to run it)`);
      this.skip();
    }
    allowed = await startPageServer();
    other = await startPageServer();
    const { template } = packageService(SERVICE, { env: { LOCAL_BROWSER_ORIGIN: allowed.origin } });
    gateway = await startLocalGateway({
      servicePath: SERVICE,
      template,
      stage: 'dev',
      host: '127.0.0.1',
      port: 0,
      log: (line) => gatewayLog.push(line),
    });
    base = gateway.urls.rest as string;
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'apigw-kit-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      // Exactly these flags: puppeteer's defaults add nothing this test needs.
      ignoreDefaultArgs: true,
      pipe: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profileDir}`,
      ],
    });
    allowedPage = await browser.newPage();
    otherPage = await browser.newPage();
    for (const page of [allowedPage, otherPage])
      page.on('console', (message) => consoleMessages.push(message.text()));
    await allowedPage.goto(`${allowed.origin}/`);
    await otherPage.goto(`${other.origin}/`);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([gateway?.close(), closeServer(allowed?.server), closeServer(other?.server)]);
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    gatewayLog.length = 0;
    consoleMessages.length = 0;
  });

  const postItem = (): FetchRequest => ({
    url: `${base}/items`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Trace': 'trace-1' },
    body: '{"name":"fig"}',
  });

  it('the allowed origin: preflight, then the credentialed POST (Lambda proxy) and GET (MOCK) are readable', async () => {
    const created = await fetchFrom(allowedPage, postItem());
    assert.deepEqual(created, {
      kind: 'response',
      status: 201,
      body: '{"created":{"name":"fig"}}',
      trace: 'trace-1',
    });
    const listed = await fetchFrom(allowedPage, {
      url: `${base}/items`,
      method: 'GET',
      headers: { 'X-Client-Trace': 'trace-2' },
    });
    assert.equal(listed.kind, 'response');
    assert.equal(listed.status, 200);
    assert.deepEqual(JSON.parse(listed.body), { items: ['apple', 'pear'], trace: 'trace-2' });
    // X-Request-Trace is readable only because Access-Control-Expose-Headers lists it.
    assert.equal(listed.trace, 'trace-2');
    // The custom header made the browser ask first, each time (Access-Control-Max-Age: 0).
    assert.deepEqual(
      gatewayLog.map((line) => line.replace(/ [\d.]+ ms /, ' ')),
      [
        'OPTIONS /dev/items 200 MOCK',
        'POST /dev/items 201 AWS_PROXY',
        'OPTIONS /dev/items 200 MOCK',
        'GET /dev/items 200 MOCK',
      ],
    );
  });

  it('another origin: the gateway answers the preflight, the browser blocks the call', async () => {
    const outcome = await fetchFrom(otherPage, postItem());
    assert.equal(outcome.kind, 'rejected');
    assert.equal(outcome.name, 'TypeError');
    // Answered 200 (with the allowed origin, not this one); the POST itself never left the browser.
    assert.deepEqual(
      gatewayLog.map((line) => line.replace(/ [\d.]+ ms /, ' ')),
      ['OPTIONS /dev/items 200 MOCK'],
    );
    // The browser's own console line says why (it may arrive just after the rejection).
    const blockedLine = () =>
      consoleMessages.some((text) => text.includes('blocked by CORS policy'));
    for (let waited = 0; !blockedLine() && waited < 2_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(blockedLine(), consoleMessages.join('\n'));
  });

  it('another origin, a simple GET (no preflight): answered by the gateway, unreadable by the page', async () => {
    const outcome = await fetchFrom(otherPage, {
      url: `${base}/items`,
      method: 'GET',
      headers: {},
    });
    assert.equal(outcome.kind, 'rejected');
    assert.equal(outcome.name, 'TypeError');
    assert.deepEqual(
      gatewayLog.map((line) => line.replace(/ [\d.]+ ms /, ' ')),
      ['GET /dev/items 200 MOCK'],
    );
  });

  it('a gateway response (403 on a missing route) is readable thanks to gatewayResponses.cors', async () => {
    const outcome = await fetchFrom(allowedPage, {
      url: `${base}/nowhere`,
      method: 'GET',
      headers: {},
    });
    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.status, 403);
    const body = JSON.parse(outcome.body) as Record<string, unknown>;
    assert.equal(body.message, 'Missing Authentication Token');
    assert.equal(body.type, 'MISSING_AUTHENTICATION_TOKEN');
    assert.match(String(body.requestId), /^[0-9a-f-]{36}$/);
    // The same answer is not readable from the origin that is not allowed.
    const blocked = await fetchFrom(otherPage, {
      url: `${base}/nowhere`,
      method: 'GET',
      headers: {},
    });
    assert.equal(blocked.kind, 'rejected');
    assert.deepEqual(
      gatewayLog.map((line) => line.replace(/ [\d.]+ ms /, ' ')),
      ['GET /dev/nowhere 403 -', 'GET /dev/nowhere 403 -'],
    );
  });
});
