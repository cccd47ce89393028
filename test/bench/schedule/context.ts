// What every scheduling-benchmark scenario shares: the options, the sink every topology calls, the folder of
// server logs and the cleanups of stacks still up. The entry (../schedule-bench.ts) creates one and passes it in.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killAllEpochProcesses } from '../../harness/epoch-process.js';
import { Sink } from '../../harness/http-sink.js';

/** The command line's options, parsed (defaults and meanings: ../schedule-bench.ts). */
export interface BenchOptions {
  topologies: number;
  minutes: number;
  bursts: number[];
  repeat: number;
  rates: number[];
  every: number;
  stepSeconds: number;
  zkRuns: number;
  rssSizes: number[];
  concurrency: number;
  verifySample: number;
  /** The server build to run. */
  server: string;
  json?: string;
  /** CSV file every sink arrival is appended to. */
  arrivals?: string;
}

export interface BenchContext {
  readonly options: BenchOptions;
  readonly repoRoot: string;
  /** Every topology calls it; each stack starts it empty. */
  readonly sink: Sink;
  /** Where the servers' logs go, one file per server started. */
  readonly logDir: string;
  /** Servers started so far, numbering their log files. */
  serversStarted: number;
  /** Stops what a stack still up started (ZooKeeper, its data); run on errors and interrupts. */
  readonly cleanups: Set<() => Promise<void>>;
}

/** Makes the log folder and starts the sink. */
export async function createContext(options: BenchOptions, repoRoot: string): Promise<BenchContext> {
  const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-bench-logs-'));
  const sink = new Sink();
  await sink.start();
  return { options, repoRoot, sink, logDir, serversStarted: 0, cleanups: new Set() };
}

/** Kills every server and stops every ZooKeeper still up. */
export async function cleanUp(context: BenchContext | null): Promise<void> {
  killAllEpochProcesses();
  if (context) await Promise.all([...context.cleanups].map((cleanup) => cleanup()));
}
