/**
 * moto's server (`moto_server`, Python: every AWS service on one port) for the local gateway's
 * AWS service integration tests: started on 127.0.0.1 on a free port, waited for (bounded), and
 * stopped by its process id. Without `moto_server` the tests skip, saying so in one line; under
 * CI=true that fails instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { callAwsService } from '../../src/local/aws/call';

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

/** Whether `moto_server` runs here (its --help exits 0). */
export function motoServerAvailable(): boolean {
  const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 });
  return probe.status === 0;
}

/** A port the system gave and we closed again. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `moto_server` and resolves once it answers (within `timeoutMs`), else rejects. */
export async function startMotoServer(timeoutMs = 30_000): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2000);
  });
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopped(child);
      throw new Error(
        `moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { endpoint, stop: () => stopped(child) };
}

/** One call to a JSON-protocol action of moto (`AmazonSQS.CreateQueue`…), signed; its JSON answer. */
export async function motoJsonCall(
  endpoint: string,
  service: string,
  target: string,
  input: unknown,
  jsonVersion = '1.0',
  /** moto keeps resources per region: the region the gateway's integrations sign for. */
  region = 'us-east-1',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { outcome } = await callAwsService({
    endpoint,
    service,
    region,
    method: 'POST',
    pathAndQuery: '/',
    headers: {
      'Content-Type': `application/x-amz-json-${jsonVersion}`,
      'X-Amz-Target': target,
    },
    body: Buffer.from(JSON.stringify(input)),
    timeoutMs: 10_000,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  if (outcome.kind !== 'response') throw new Error(`${target}: ${JSON.stringify(outcome)}`);
  const text = outcome.body.toString('utf8');
  return {
    status: outcome.statusCode,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
