// What every jobs-benchmark scenario shares: the options, the sink both systems call, the private Redis, the
// folder of server logs and the cleanups of what is still up. The entry (../jobs-bench.ts) makes one.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killAllEpochProcesses } from '../../harness/epoch-process.js';
import { JobSink } from './job-sink.js';
import { startRedis, type RedisServer } from './redis-process.js';

/** The command line's options, parsed (defaults and meanings: ../jobs-bench.ts). */
export interface JobsBenchOptions {
  jobs: number;
  drainRate: number;
  createParallel: number;
  burst: number;
  rate: number;
  sustainedSeconds: number;
  recordsKeep: string;
  workerConcurrency: number;
  zkHeapMb: number;
  sessionTimeoutMs: number;
  server: string;
  json: string;
}

export interface JobsBenchContext {
  readonly options: JobsBenchOptions;
  readonly repoRoot: string;
  readonly sink: JobSink;
  readonly redis: RedisServer;
  readonly logDir: string;
  serversStarted: number;
  /** Stops what is still up (ZooKeeper, workers); run on errors and interrupts. */
  readonly cleanups: Set<() => Promise<void>>;
}

export async function createContext(options: JobsBenchOptions, repoRoot: string): Promise<JobsBenchContext> {
  const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-jobs-bench-logs-'));
  const sink = new JobSink();
  await sink.start();
  const redis = await startRedis();
  return { options, repoRoot, sink, redis, logDir, serversStarted: 0, cleanups: new Set() };
}

export async function cleanUp(context: JobsBenchContext | null): Promise<void> {
  killAllEpochProcesses();
  if (!context) return;
  await Promise.all([...context.cleanups].map((cleanup) => cleanup().catch(() => undefined)));
  await context.redis.stop();
  await context.sink.close();
}
