// One case's stack: a fresh ZooKeeper (own data dir, for its transaction log) and Epoch server processes; and
// what the scenarios do with one: wait, read runs back, explain the missing fires.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runIdFor } from '@epoch/shared';
import { startEpochProcess, type EpochProcess } from '../../harness/epoch-process.js';
import type { DeliveryAccounting } from '../../harness/fire-accounting.js';
import type { Arrival } from '../../harness/http-sink.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import type { BenchContext } from './context.js';
import { sample } from './stats.js';
import { at, createTopologies, httpTopology } from './topologies.js';
import { findZooKeeper, verifyDurable, verifyRuns, zooKeeperErrors } from './zookeeper-probe.js';

export interface Stack {
  zk: ZooKeeperServer;
  zkPid: number | null;
  dataDir: string;
  root: string;
  server: EpochProcess;
  /** Stops the current server and starts another on the same root (a leader taking over). */
  restartServer(logLevel?: string): Promise<EpochProcess>;
}

const SERVER_ENV = {
  EPOCH_CLUSTER: 'bench',
  // Retention prunes runs the benchmark still wants to verify; a day between passes keeps it out.
  EPOCH_RETENTION_INTERVAL_SECONDS: '86400',
};

/** Runs `body` on a fresh stack (the sink emptied), then stops it, whatever happened. */
export async function withStack<T>(
  context: BenchContext,
  label: string,
  body: (stack: Stack) => Promise<T>,
): Promise<T> {
  const { options, sink } = context;
  const dataDir = await mkdtemp(path.join(tmpdir(), `epoch-bench-zk-${label}-`));
  const zk = await startZooKeeper({ dataDir });
  const cleanup = async () => {
    await zk.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  context.cleanups.add(cleanup);
  let server: EpochProcess | null = null;
  const startServer = async (logLevel?: string) => {
    const logPath = path.join(context.logDir, `${label}-${++context.serversStarted}.log`);
    server = await startEpochProcess({
      mainJs: options.server,
      zkConnectionString: zk.connectionString,
      zkRoot: `/bench-${label}`,
      logPath,
      env: SERVER_ENV,
      waitFor: 'leader',
      ...(logLevel && { logLevel }),
    });
    return server;
  };
  const found = await findZooKeeper(zk.port);
  try {
    const stack: Stack = {
      zk,
      zkPid: found?.pid ?? null,
      dataDir,
      root: `/bench-${label}`,
      server: await startServer(),
      restartServer: async (logLevel) => {
        await server?.stop();
        stack.server = await startServer(logLevel);
        return stack.server;
      },
    };
    sink.drain();
    return await body(stack);
  } finally {
    if (found) {
      const errors = await zooKeeperErrors(found.logPath);
      if (errors.count)
        console.log(`  ZooKeeper logged ${errors.count} errors, e.g.\n    ${errors.examples.join('\n    ')}`);
    }
    if (options.arrivals) await appendArrivals(options.arrivals, label, sink.arrivals);
    await (server as EpochProcess | null)?.stop();
    context.cleanups.delete(cleanup);
    await cleanup();
  }
}

async function appendArrivals(file: string, label: string, arrivals: Arrival[]): Promise<void> {
  const lines = arrivals.map((a) => `${label},${a.topologyId},${a.runId},${a.fireTime},${a.at.toFixed(2)}\n`);
  await appendFile(file, lines.join(''));
}

export const untilTime = (time: number) => sleep(Math.max(0, time - Date.now()));

/** Polls until `done()` or `deadline`; true when done. */
export async function waitFor(done: () => boolean, deadline: number): Promise<boolean> {
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Reads a sample of the runs behind `arrivals` back from ZooKeeper, waiting for them to reach `state`. */
export function checkRuns(
  context: BenchContext,
  stack: Stack,
  arrivals: Arrival[],
  state: 'SUCCESSFUL' | 'COMPLETED',
  since: number,
) {
  const checks = sample(arrivals, context.options.verifySample).map(({ topologyId, runId, fireTime }) => ({
    topologyId,
    runId,
    fireTime,
  }));
  return verifyDurable(stack.zk.connectionString, stack.root, checks, state, since);
}

/**
 * Expected fires that never reached the sink: are they in ZooKeeper (a run that failed before its call went
 * out) or nowhere (dropped)? Reads a sample; null when nothing was missing.
 */
export async function explainMissing(stack: Stack, accounting: DeliveryAccounting): Promise<string | null> {
  if (accounting.missing === 0) return null;
  const checks = sample(accounting.missingFires, 200).map(({ topologyId, fireTime }) => ({
    topologyId,
    runId: runIdFor('SCHEDULED', fireTime),
    fireTime,
  }));
  try {
    const found = await verifyRuns(stack.zk.connectionString, stack.root, checks, 'none');
    const states = Object.entries(found.states).map(([state, n]) => `${state} ${n}`);
    if (found.missing) states.push(`no run record ${found.missing}`);
    const summary = `${states.join(', ')} of ${found.checked} sampled`;
    console.log(
      `  missing fires as ZooKeeper has them: ${summary}` +
        (found.unexpected.length ? `\n    e.g. ${found.unexpected.join('\n    e.g. ')}` : ''),
    );
    return summary;
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Creates never-firing topologies (which also warm the server up) to learn the creation rate. */
export async function creationRate(context: BenchContext, apiUrl: string): Promise<number> {
  const far = Date.now() + 86_400_000;
  const warmUp = Array.from({ length: 500 }, (_, i) => httpTopology(`warm-${i}`, at(far), context.sink.url));
  const { concurrency } = context.options;
  return (await createTopologies(apiUrl, warmUp, { concurrency, label: 'warm-up' })).perSecond;
}
