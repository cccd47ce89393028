// BullMQ's side of the benchmark: delayed jobs added by `Queue.addBulk` (10,000 a call, a few in flight, like
// Epoch's bulk creates), and workers in processes of their own that call the same sink.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { JOB_BULK_MAX } from '@epoch/shared';
import { processCpuMs } from '../../harness/epoch-process.js';
import { chunks, jobId, metaOf, type JobSet } from './bench-jobs.js';
import { inParallel } from './in-parallel.js';

const WORKER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bullmq-worker-process.ts');
const WORKER_START_TIMEOUT_MS = 30_000;

/** The Idempotency-Key the peer's worker sends for job i of `set`. */
export const bullKey = (queue: string, set: JobSet, index: number) => `bullmq/${queue}/${jobId(set, index)}`;

export function openQueue(redisPort: number, name: string): Queue {
  return new Queue(name, { connection: { host: '127.0.0.1', port: redisPort } });
}

/**
 * Adds every job of `set` as a delayed job (delay = trigger_ms − now when its chunk is sent), its id the job's
 * id, its data the same meta as Epoch's; completed jobs are removed (BullMQ's cheapest setting, kept no record).
 */
export async function addDelayed(queue: Queue, set: JobSet, parallel: number): Promise<{ ms: number }> {
  const started = performance.now();
  await inParallel(chunks(set.count, JOB_BULK_MAX), parallel, async ({ from, to }) => {
    const now = Date.now();
    const jobs = [];
    for (let index = from; index < to; index++)
      jobs.push({
        name: 'timer',
        data: metaOf(set, index),
        opts: {
          jobId: jobId(set, index),
          delay: Math.max(0, set.triggerOf(index) - now),
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      });
    await queue.addBulk(jobs);
  });
  return { ms: performance.now() - started };
}

export interface BullWorker {
  pid: number;
  cpuMs(): Promise<number>;
  /** SIGKILL, as in a crash: its jobs' locks last until BullMQ's stalled check takes them back. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBullWorker(options: {
  redisPort: number;
  queue: string;
  sinkUrl: string;
  concurrency: number;
  repoRoot: string;
}): Promise<BullWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      REDIS_PORT: String(options.redisPort),
      QUEUE: options.queue,
      SINK_URL: options.sinkUrl,
      CONCURRENCY: String(options.concurrency),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForReady(child);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid as number,
    cpuMs: () => processCpuMs(child.pid as number),
    async kill() {
      if (exited()) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
    async stop() {
      if (exited()) return;
      child.kill('SIGTERM');
      const escalate = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(escalate);
    },
  };
}

async function waitForReady(child: ChildProcess): Promise<void> {
  const lines = createInterface({ input: child.stdout! });
  const timeout = setTimeout(() => child.kill('SIGKILL'), WORKER_START_TIMEOUT_MS);
  try {
    for await (const line of lines) if (line === 'ready') return;
    throw new Error(`the BullMQ worker process exited before it was ready (code ${child.exitCode})`);
  } finally {
    clearTimeout(timeout);
  }
}
