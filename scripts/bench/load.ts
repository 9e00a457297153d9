/**
 * A small load generator on node's own http: a keep-alive agent and a fixed number of requests in
 * flight, a warm-up first (not measured), then a fixed number of requests whose latencies are
 * kept. Every response must have the expected status: a benchmark of errors measures nothing.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  url: string;
  expectStatus: number;
  /** Requests in flight at any time. */
  concurrency: number;
  warmUp: number;
  requests: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function get(agent: Agent, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`no answer in 30 s: ${url}`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Sends `total` requests, `concurrency` at a time; returns each one's latency in ms. */
async function run(agent: Agent, options: LoadOptions, total: number): Promise<number[]> {
  const latencies: number[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started += 1;
      const begin = performance.now();
      const { status, body } = await get(agent, options.url);
      latencies.push(performance.now() - begin);
      if (status !== options.expectStatus)
        throw new Error(
          `${options.url} answered ${status} (expected ${options.expectStatus}): ${body.slice(0, 300)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return latencies;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)];
}

export async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    await run(agent, options, options.warmUp);
    const begin = performance.now();
    const latencies = await run(agent, options, options.requests);
    const seconds = (performance.now() - begin) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
    };
  } finally {
    agent.destroy();
  }
}
