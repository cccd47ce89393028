import { Worker } from 'node:worker_threads';
import type { HttpTask } from '@epoch/shared';
import type { Logger } from 'pino';
import { NextTickBatches } from '../../batching/next-tick-batches.js';
import type { HttpAttemptContext, HttpAttemptResult } from './http-task-runner.js';
import {
  failedAttempt,
  type HttpWorkerReply,
  type HttpWorkerRequest,
  type HttpWorkerSettings,
} from './http-worker-protocol.js';

/**
 * HttpTaskRunner's interface, with the calls made on a worker thread (http-worker.ts): the main thread keeps the
 * scheduling, the run state and ZooKeeper, and a burst of calls uses the second core. Calls and results cross in
 * batches. Should the worker die, its calls fail (retryable) and the next call starts a new one.
 */
export class WorkerHttpTaskRunner {
  /** The worker now running, with the sender of its requests; null once it has exited. */
  private thread: { worker: Worker; requests: NextTickBatches<HttpWorkerRequest> } | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: HttpAttemptResult) => void>();
  private closed = false;

  constructor(
    private readonly settings: HttpWorkerSettings,
    private readonly logger: Logger,
  ) {
    // Started now, not at the first fire: a thread takes a while to load its modules.
    this.start();
  }

  run(task: HttpTask, context: HttpAttemptContext): Promise<HttpAttemptResult> {
    if (this.closed) return Promise.resolve(failedAttempt('the HTTP client is closed'));
    const { requests } = this.start();
    const id = this.nextId++;
    const { taskName, signal, topologyId, runId, taskId, attempt, fireTime } = context;
    const identity = { topologyId, runId, taskId, attempt, fireTime };
    const onAbort = () => requests.push({ kind: 'cancel', id });
    return new Promise<HttpAttemptResult>((resolve) => {
      this.pending.set(id, (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      });
      signal.addEventListener('abort', onAbort, { once: true });
      requests.push({ kind: 'call', id, task, identity, taskName, cancelled: signal.aborted });
    });
  }

  /** Lets the calls in flight finish, then stops the worker. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    if (!thread) return;
    thread.requests.push({ kind: 'close' });
    await new Promise((resolve) => thread.worker.once('exit', resolve));
  }

  private start(): { worker: Worker; requests: NextTickBatches<HttpWorkerRequest> } {
    if (this.thread) return this.thread;
    const worker = new Worker(workerEntry(), { workerData: this.settings });
    const requests = new NextTickBatches<HttpWorkerRequest>((batch) => void worker.postMessage(batch));
    // The server's sockets keep the process alive, not a worker waiting for work.
    worker.unref();
    worker.on('message', (replies: HttpWorkerReply[]) => {
      for (const { id, result } of replies) {
        this.pending.get(id)?.(result);
        this.pending.delete(id);
      }
    });
    worker.on('error', (error) => this.logger.error({ err: error }, 'the HTTP worker failed'));
    worker.once('exit', (code) => {
      if (this.thread?.worker === worker) this.thread = null;
      if (this.pending.size === 0) return;
      this.logger.error({ code, calls: this.pending.size }, 'the HTTP worker stopped with calls in flight');
      for (const settle of this.pending.values())
        settle(
          failedAttempt(
            `the HTTP worker stopped (exit code ${code}); the call may or may not have been sent`,
          ),
        );
      this.pending.clear();
    });
    this.thread = { worker, requests };
    return this.thread;
  }
}

/**
 * The worker's module. Built, it is the .js beside this one; run from TypeScript source (the tests), a small
 * ES module registers tsx in the worker first, since loader hooks of the main thread do not reach workers.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./http-worker.js', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./http-worker.ts', import.meta.url).href;
  const source = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}
