/**
 * Runs the service's Node.js functions locally, each invocation in a worker thread of its
 * function: a worker handles one invocation at a time (as a Lambda execution environment does)
 * and is reused while it stays healthy; a worker that crashes, exits or overruns its time is
 * terminated, so a broken or hung handler costs the one request it was serving. Each worker gets
 * only its function's environment (plus the variables Lambda itself sets and the caller's AWS
 * credentials, so an SDK call from a handler can reach AWS as the function's role would).
 * `retire()` makes the next invocations start new workers: a worker's module caches (ESM imports
 * and `require` alike) live in its own thread, so a new worker loads the handler's current code.
 */
import { Worker } from 'node:worker_threads';
import type { LocalFunction } from './functions';
import { WORKER_SOURCE } from './worker-source';

export type InvokeOutcome =
  | { kind: 'result'; payload: unknown }
  | { kind: 'error'; errorType: string; errorMessage: string; trace: string[] }
  /** The function's own Timeout: Lambda ends it ("Task timed out after N seconds"). */
  | { kind: 'function-timeout'; seconds: number }
  /** The caller's deadline (API Gateway's integration timeout) came first. */
  | { kind: 'caller-timeout' }
  /** The worker died (process.exit, an uncaught exception outside the handler's promise…). */
  | { kind: 'crash'; message: string }
  | { kind: 'unsupported-runtime'; runtime: string };

interface WorkerMessage {
  id: number;
  ok: boolean;
  result?: string;
  error?: { errorType: string; errorMessage: string; trace: string[] };
}

export interface PoolOptions {
  servicePath: string;
  region: string;
  accountId: string;
}

/** Variables the Node.js runtime sets in every function's environment. */
function runtimeEnvironment(fn: LocalFunction, options: PoolOptions): Record<string, string> {
  const passed = [
    'PATH',
    'HOME',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
  ];
  const inherited = Object.fromEntries(
    passed.flatMap((name) => (process.env[name] !== undefined ? [[name, process.env[name]]] : [])),
  ) as Record<string, string>;
  return {
    ...inherited,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    LAMBDA_TASK_ROOT: options.servicePath,
    TZ: ':UTC',
    ...fn.environment,
  };
}

export class FunctionPool {
  private readonly idle = new Map<string, Worker[]>();
  private readonly busy = new Set<Worker>();
  /** Workers started before the last retire(): terminated when their invocation ends. */
  private readonly retired = new WeakSet<Worker>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Node.js runtimes only: `nodejs22.x`, `nodejs20.x`… */
  static canRun(runtime: string): boolean {
    return /^nodejs\d+\.x$/.test(runtime);
  }

  async invoke(fn: LocalFunction, event: unknown, callerTimeoutMs: number): Promise<InvokeOutcome> {
    if (!FunctionPool.canRun(fn.runtime))
      return { kind: 'unsupported-runtime', runtime: fn.runtime };
    if (this.closed) return { kind: 'crash', message: 'the local gateway is closing' };
    const worker = this.take(fn);
    this.busy.add(worker);
    const id = this.nextId++;
    const functionMs = fn.timeoutSeconds * 1000;
    const started = Date.now();
    const outcome = await new Promise<InvokeOutcome>((resolve) => {
      const finish = (result: InvokeOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.id !== id) return;
        if (message.ok) finish({ kind: 'result', payload: JSON.parse(message.result ?? 'null') });
        else
          finish({
            kind: 'error',
            ...(message.error ?? { errorType: 'Error', errorMessage: '', trace: [] }),
          });
      };
      const onError = (error: Error) => finish({ kind: 'crash', message: error.message });
      const onExit = (code: number) =>
        finish({ kind: 'crash', message: `the worker exited with code ${code}` });
      const callerFirst = callerTimeoutMs < functionMs;
      const timer = setTimeout(
        () =>
          finish(
            callerFirst
              ? { kind: 'caller-timeout' }
              : { kind: 'function-timeout', seconds: fn.timeoutSeconds },
          ),
        Math.min(callerTimeoutMs, functionMs),
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, event, deadline: started + functionMs });
    });
    this.busy.delete(worker);
    if (outcome.kind === 'result' || outcome.kind === 'error') this.release(fn, worker);
    else void worker.terminate();
    return outcome;
  }

  private take(fn: LocalFunction): Worker {
    const reusable = this.idle.get(fn.logicalId)?.pop();
    if (reusable) return reusable;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: runtimeEnvironment(fn, this.options),
      workerData: {
        servicePath: this.options.servicePath,
        handler: fn.handler,
        functionName: fn.functionName,
        memorySize: fn.memorySize,
        region: this.options.region,
        accountId: this.options.accountId,
      },
    });
    // An idle worker can still fail (a timer the handler left behind throws): it is dropped, and
    // the error must have a listener, or it would be thrown in the gateway's own thread.
    const forget = () => {
      const list = this.idle.get(fn.logicalId);
      if (list?.includes(worker)) list.splice(list.indexOf(worker), 1);
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    return worker;
  }

  private release(fn: LocalFunction, worker: Worker): void {
    if (this.closed || this.retired.has(worker)) {
      void worker.terminate();
      return;
    }
    const list = this.idle.get(fn.logicalId) ?? [];
    list.push(worker);
    this.idle.set(fn.logicalId, list);
  }

  /**
   * Idle workers are terminated now, running ones when their invocation ends (it finishes on the
   * code it started with); the next invocations load the handlers afresh in new workers.
   */
  async retire(): Promise<void> {
    for (const worker of this.busy) this.retired.add(worker);
    const idle = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(idle.map((worker) => worker.terminate()));
  }

  /** Terminates every worker, idle or running; invocations still running end as crashes. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.busy, ...[...this.idle.values()].flat()];
    this.idle.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
