/**
 * Scheduling benchmark: HTTP-task topologies on a real Epoch server process over a real ZooKeeper, each fire
 * calling a sink in this process, every run's state durable in ZooKeeper.
 *
 * Run: npx tsx test/bench/schedule-bench.ts [zk-writes] [spread] [burst] [sustained] [rss] [floor] [options]
 *   (no scenario = all of them). Options, with defaults:
 *   --topologies 10000   spread: topologies, each firing every minute at second i % 60
 *   --minutes 2          spread: measured window
 *   --bursts 1000,5000,20000   burst: fires due in the same instant
 *   --repeat 1           burst: runs per size, each on a fresh stack; the median drain is reported
 *   --rates 250,500,750,1000,1500,2000,2500,3000   sustained: runs/s steps, stopping at the first miss
 *   --every 5            sustained: each topology fires every N seconds (N divides 60), staggered
 *   --step-seconds 15    sustained: measured window per step
 *   --zk-runs 500        zk-writes: topologies firing together every 10 s (two rounds counted)
 *   --rss-sizes 10000,100000   rss: topologies loaded
 *   floor: the spread's per-second pattern (--topologies / 60 calls each second) and the --bursts, sent by
 *     Epoch's HTTP task runner alone, in a process of its own, to the same sink: what the HTTP path costs;
 *     then the spread's pattern as requests written beforehand on sockets opened beforehand: what the sink costs
 *   --concurrency 50     REST creations in flight
 *   --verify-sample 500  runs per case read back from ZooKeeper
 *   --server server/dist/main.js   the server build to run (build first: npm run build)
 *   --json FILE          also write the figures as JSON
 *   --arrivals FILE      also write every sink arrival as CSV (case, topology, run id, fire time, arrival)
 *
 * Every case gets a fresh ZooKeeper and a fresh server; server logs stay in a temporary folder (printed).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runIdFor } from '@epoch/shared';
import { killAllEpochProcesses, startEpochProcess, type EpochProcess } from '../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';
import { describeWindow, startMonitor } from './schedule/monitor.js';
import {
  printTable,
  type BurstResult,
  type FloorResult,
  type PerRun,
  type Results,
  type RssPoint,
  type RssResult,
  type SpreadResult,
  type SustainedResult,
  type SustainedStep,
  type ZkWritesResult,
} from './schedule/report.js';
import { Sink, type Arrival } from '../harness/http-sink.js';
import {
  accountFires,
  count,
  describeFires,
  fireCounts,
  type FireAccounting,
  lagStats,
  mib,
  ms,
  periodicFires,
  sample,
  secs,
} from './schedule/stats.js';
import { at, createTopologies, cron, describeCreation, httpTopology } from './schedule/topologies.js';
import {
  describeVerification,
  txnBreakdown,
  verifyDurable,
  verifyRuns,
  zkCounters,
  findZooKeeper,
  zooKeeperErrors,
  type ZkCounters,
} from './schedule/zookeeper-probe.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const list = (value: string) => value.split(',').map(Number);

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    topologies: { type: 'string', default: '10000' },
    minutes: { type: 'string', default: '2' },
    bursts: { type: 'string', default: '1000,5000,20000' },
    repeat: { type: 'string', default: '1' },
    rates: { type: 'string', default: '250,500,750,1000,1500,2000,2500,3000' },
    every: { type: 'string', default: '5' },
    'step-seconds': { type: 'string', default: '15' },
    'zk-runs': { type: 'string', default: '500' },
    'rss-sizes': { type: 'string', default: '10000,100000' },
    concurrency: { type: 'string', default: '50' },
    'verify-sample': { type: 'string', default: '500' },
    server: { type: 'string', default: path.join(repoRoot, 'server/dist/main.js') },
    json: { type: 'string' },
    arrivals: { type: 'string' },
  },
});
const concurrency = Number(args.concurrency);
const verifySample = Number(args['verify-sample']);

// ---------------------------------------------------------------------------------------------------------
// One case's stack: a fresh ZooKeeper (own data dir, for its transaction log) and Epoch server processes.

interface Stack {
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

const cleanups = new Set<() => Promise<void>>();
const sink = new Sink();
let logDir = '';
let serverCount = 0;

async function withStack<T>(label: string, body: (stack: Stack) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `epoch-bench-zk-${label}-`));
  const zk = await startZooKeeper({ dataDir });
  const cleanup = async () => {
    await zk.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  let server: EpochProcess | null = null;
  const startServer = async (logLevel?: string) => {
    const logPath = path.join(logDir, `${label}-${++serverCount}.log`);
    server = await startEpochProcess({
      mainJs: args.server,
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
    if (args.arrivals) await appendArrivals(label, sink.arrivals);
    await (server as EpochProcess | null)?.stop();
    cleanups.delete(cleanup);
    await cleanup();
  }
}

async function appendArrivals(label: string, arrivals: Arrival[]): Promise<void> {
  const lines = arrivals.map((a) => `${label},${a.topologyId},${a.runId},${a.fireTime},${a.at.toFixed(2)}\n`);
  await appendFile(args.arrivals as string, lines.join(''));
}

const untilTime = (time: number) => sleep(Math.max(0, time - Date.now()));
const nextSecond = (time: number) => Math.ceil(time / 1000) * 1000;

/** Polls until `done()` or `deadline`; true when done. */
async function waitFor(done: () => boolean, deadline: number): Promise<boolean> {
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Reads a sample of the runs behind `arrivals` back from ZooKeeper, waiting for them to reach `state`. */
function checkRuns(stack: Stack, arrivals: Arrival[], state: 'SUCCESSFUL' | 'COMPLETED', since: number) {
  const checks = sample(arrivals, verifySample).map(({ topologyId, runId, fireTime }) => ({
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
async function explainMissing(stack: Stack, accounting: FireAccounting): Promise<string | null> {
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

// ---------------------------------------------------------------------------------------------------------
// Scenarios

async function spread(): Promise<SpreadResult> {
  const topologies = Number(args.topologies);
  const minutes = Number(args.minutes);
  console.log(
    `\n## spread: ${count(topologies)} topologies, each every minute at second i % 60, ${minutes} min`,
  );
  return withStack('spread', async (stack) => {
    const specs = Array.from({ length: topologies }, (_, i) =>
      httpTopology(`spread-${i}`, cron(`${i % 60} * * * * ?`), sink.url),
    );
    const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'spread' });
    console.log(`  ${describeCreation(creation)}`);
    const from = nextSecond(Date.now() + 5_000);
    const to = from + minutes * 60_000;
    console.log(`  measuring ${new Date(from).toISOString()} → ${new Date(to).toISOString()}`);
    await untilTime(from);
    const monitor = await startMonitor(stack.server, { port: stack.zk.port, pid: stack.zkPid });
    await untilTime(to);
    const window = await monitor.stop();
    const expected = () =>
      specs.flatMap((_, i) =>
        [...periodicFires((i % 60) * 1000, 60_000, from, to)].map((fireTime) => ({
          topologyId: `spread-${i}`,
          fireTime,
        })),
      );
    const expectedFires = expected();
    const wanted = new Set(expectedFires.map((fire) => `${fire.topologyId}@${fire.fireTime}`));
    await waitFor(
      () => sink.arrivals.filter((a) => wanted.has(`${a.topologyId}@${a.fireTime}`)).length >= wanted.size,
      Date.now() + 15_000,
    );
    const arrivals = [...sink.arrivals];
    const accounting = accountFires(expectedFires, arrivals);
    const lag = lagStats(accounting.inWindow);
    console.log(`  ${describeFires(accounting, lag)}`);
    console.log(`  ${describeWindow(window)}`);
    const verification = await checkRuns(stack, accounting.inWindow, 'SUCCESSFUL', to);
    console.log(`  ${describeVerification(verification)}`);
    const fires = fireCounts(accounting);
    const missingRuns = await explainMissing(stack, accounting);
    return {
      topologies,
      minutes,
      creation,
      fires,
      missingRuns,
      lag,
      window,
      verification,
    };
  });
}

async function burst(): Promise<BurstResult[]> {
  const results: BurstResult[] = [];
  const repeat = Number(args.repeat);
  for (const size of list(args.bursts)) {
    // Run-to-run noise on a small machine is large: with --repeat, the run of median drain stands for the size.
    const runs: BurstResult[] = [];
    for (let run = 1; run <= repeat; run++) {
      console.log(
        `\n## burst: ${count(size)} AT topologies due in the same millisecond${repeat > 1 ? ` (run ${run} of ${repeat})` : ''}`,
      );
      runs.push(await burstRun(size));
    }
    const byDrain = [...runs].sort((a, b) => a.drainMs - b.drainMs);
    const median = byDrain[Math.floor((byDrain.length - 1) / 2)]!;
    results.push({ ...median, drainsMs: runs.map((run) => run.drainMs) });
  }
  return results;
}

async function burstRun(size: number): Promise<BurstResult> {
  let lead = 1;
  for (let attempt = 1; ; attempt++) {
    const result = await burstCase(size, lead);
    if (result) return result;
    if (attempt === 3) throw new Error(`burst ${size}: creation kept overrunning the fire time`);
    lead *= 2;
    console.log('  creation overran the fire time; again with more lead');
  }
}

/** Null when creating the topologies took longer than the lead it had (the fire time was set beforehand). */
async function burstCase(size: number, leadFactor: number): Promise<BurstResult | null> {
  return withStack(`burst-${size}`, async (stack) => {
    // The fire time is set beforehand, from the creation rate of a warm-up.
    const rate = await creationRate(stack.server.url);
    const fireTime = nextSecond(Date.now() + ((size / rate) * 1.5 + 5) * 1000 * leadFactor);
    const specs = Array.from({ length: size }, (_, i) => httpTopology(`burst-${i}`, at(fireTime), sink.url));
    const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'burst' });
    console.log(`  ${describeCreation(creation)}; fire at ${new Date(fireTime).toISOString()}`);
    if (Date.now() > fireTime - 1_000) return null;
    await untilTime(fireTime - 500);
    const monitor = await startMonitor(stack.server, { port: stack.zk.port, pid: stack.zkPid });
    // Generous: a slow drain is a figure to report, not a failure to abort on.
    await waitFor(() => sink.arrivals.length >= size, fireTime + Math.max(60_000, size * 10));
    const window = await monitor.stop();
    const arrivals = [...sink.arrivals];
    const accounting = accountFires(
      specs.map((_, i) => ({ topologyId: `burst-${i}`, fireTime })),
      arrivals,
    );
    const lag = lagStats(accounting.inWindow);
    const drainMs = Math.max(...accounting.inWindow.map((arrival) => arrival.at)) - fireTime;
    console.log(`  drained in ${secs(drainMs)}; ${describeFires(accounting, lag)}`);
    console.log(`  ${describeWindow(window)}`);
    const verification = await checkRuns(stack, accounting.inWindow, 'COMPLETED', fireTime);
    console.log(`  ${describeVerification(verification)}`);
    const fires = fireCounts(accounting);
    const missingRuns = await explainMissing(stack, accounting);
    return { size, creation, fires, missingRuns, drainMs, drainsMs: [drainMs], lag, window, verification };
  });
}

async function sustained(): Promise<SustainedResult> {
  const every = Number(args.every);
  if (60 % every !== 0) throw new Error('--every must divide 60');
  const steps: SustainedStep[] = [];
  for (const rate of list(args.rates)) {
    console.log(
      `\n## sustained: ${count(rate)} runs/s (${count(rate * every)} topologies every ${every} s, staggered), ${args['step-seconds']} s`,
    );
    let step: SustainedStep | null = null;
    for (let lead = 1; !step; lead *= 2) {
      if (lead > 4) throw new Error(`sustained ${rate}: creation kept overrunning the start`);
      step = await sustainedStep(rate, every, lead);
      if (!step) console.log('  creation overran the start; again with more lead');
    }
    steps.push(step);
    if (!step.passed) break;
  }
  const best = Math.max(0, ...steps.filter((step) => step.passed).map((step) => step.rate));
  console.log(
    `\n  highest sustained rate with p99 lag < 1 s, nothing missing, runs durable: ${count(best)} runs/s`,
  );
  return { every, steps, best };
}

/**
 * One rate. The topologies only fire from a start time set beforehand (a minute boundary; their cron's minute
 * field begins there), so none fire while they are being created: no backlog, and ZooKeeper holds only the
 * window's runs. Null when creation overran that start.
 */
async function sustainedStep(rate: number, every: number, leadFactor: number): Promise<SustainedStep | null> {
  const topologies = rate * every;
  const seconds = Number(args['step-seconds']);
  return withStack(`sustained-${rate}`, async (stack) => {
    const rate0 = await creationRate(stack.server.url);
    let start =
      Math.ceil((Date.now() + ((topologies / rate0) * 1.5 + 5) * 1000 * leadFactor) / 60_000) * 60_000;
    // Two rounds to warm up (first fires pay for creating nodes), then the window; all within start's hour.
    const from = () => start + 2 * every * 1000;
    const to = () => from() + seconds * 1000;
    if (new Date(to() + 15_000).getUTCHours() !== new Date(start).getUTCHours())
      start = Math.ceil((start + 1) / 3_600_000) * 3_600_000;
    if (to() + 15_000 - start > 3_600_000) throw new Error('--step-seconds must be under an hour');
    const minute = new Date(start).getUTCMinutes();
    const hour = new Date(start).getUTCHours();
    const specs = Array.from({ length: topologies }, (_, i) =>
      httpTopology(`sustained-${i}`, cron(`${i % every}/${every} ${minute}-59 ${hour} * * ?`), sink.url),
    );
    const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'sustained' });
    console.log(`  ${describeCreation(creation)}; firing from ${new Date(start).toISOString()}`);
    if (Date.now() > start - 1_000) return null;
    await untilTime(from() - 500);
    const monitor = await startMonitor(stack.server, { port: stack.zk.port, pid: stack.zkPid });
    await untilTime(to());
    const window = await monitor.stop();
    const expected = specs.flatMap((_, i) =>
      [...periodicFires((i % every) * 1000, every * 1000, from(), to())].map((fireTime) => ({
        topologyId: `sustained-${i}`,
        fireTime,
      })),
    );
    const wanted = new Set(expected.map((fire) => `${fire.topologyId}@${fire.fireTime}`));
    await waitFor(
      () => sink.arrivals.filter((a) => wanted.has(`${a.topologyId}@${a.fireTime}`)).length >= wanted.size,
      Date.now() + 10_000,
    );
    const accounting = accountFires(expected, [...sink.arrivals]);
    const lag = lagStats(accounting.inWindow);
    console.log(`  ${describeFires(accounting, lag)}`);
    console.log(`  ${describeWindow(window)}`);
    const verification = await checkRuns(stack, accounting.inWindow, 'SUCCESSFUL', to());
    console.log(`  ${describeVerification(verification)}`);
    const passed =
      accounting.missing === 0 && accounting.duplicates === 0 && lag.p99 < 1000 && verification.ok;
    console.log(`  → ${passed ? 'PASS' : 'FAIL'}`);
    const fires = fireCounts(accounting);
    const missingRuns = await explainMissing(stack, accounting);
    return {
      rate,
      topologies,
      creation,
      fires,
      missingRuns,
      achievedPerSecond: accounting.arrived / seconds,
      lag,
      window,
      verification,
      passed,
    };
  });
}

/** Creates never-firing topologies (which also warm the server up) to learn the creation rate. */
async function creationRate(apiUrl: string): Promise<number> {
  const far = Date.now() + 86_400_000;
  const warmUp = Array.from({ length: 500 }, (_, i) => httpTopology(`warm-${i}`, at(far), sink.url));
  return (await createTopologies(apiUrl, warmUp, { concurrency, label: 'warm-up' })).perSecond;
}

const ZK_ROUND_MS = 10_000;

/**
 * `--zk-runs` cron topologies all firing every 10 s. ZooKeeper's counters are read in the quiet gaps before
 * the first round, after it (first fires) and after the second (steady state); the transaction log says
 * what the transactions were.
 */
async function zkWrites(): Promise<ZkWritesResult> {
  const topologies = Number(args['zk-runs']);
  console.log(
    `\n## zk-writes: ZooKeeper transactions per HTTP run (${count(topologies)} topologies every 10 s)`,
  );
  return withStack('zk-writes', async (stack) => {
    // Created just after a round, so that every topology exists before its first fire.
    await untilTime(Math.ceil(Date.now() / ZK_ROUND_MS) * ZK_ROUND_MS + 200);
    const specs = Array.from({ length: topologies }, (_, i) =>
      httpTopology(`zk-${i}`, cron('0/10 * * * * ?'), sink.url),
    );
    console.log(`  ${describeCreation(await createTopologies(stack.server.url, specs, { concurrency }))}`);
    const first = Math.ceil(Date.now() / ZK_ROUND_MS) * ZK_ROUND_MS;
    if (first - Date.now() < 1_000 || sink.arrivals.length > 0)
      throw new Error('zk-writes: creation overran a round; lower --zk-runs');
    const marks: Array<{ counters: ZkCounters; quiet: boolean }> = [];
    for (const round of [first, first + ZK_ROUND_MS, first + 2 * ZK_ROUND_MS]) {
      await untilTime(round - 800);
      const early = await zkCounters(stack.zk.port);
      await untilTime(round - 300);
      const counters = await zkCounters(stack.zk.port);
      marks.push({ counters, quiet: early.zxid === counters.zxid });
    }
    type Mark = (typeof marks)[number];
    const perRun = async (from: Mark, to: Mark, fireTime: number): Promise<PerRun> => {
      const runs = sink.arrivals.filter((arrival) => arrival.fireTime === fireTime).length;
      const breakdown = await txnBreakdown(stack.dataDir, from.counters.zxid, to.counters.zxid);
      const divide = (counts: Record<string, number>) =>
        Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, value / runs]));
      return {
        runs,
        txns: (to.counters.zxid - from.counters.zxid) / runs,
        requests: (to.counters.packetsReceived - from.counters.packetsReceived) / runs,
        breakdown: { txns: divide(breakdown.txns), multiOps: divide(breakdown.multiOps) },
        quiet: from.quiet && to.quiet,
      };
    };
    const [m0, m1, m2] = marks as [Mark, Mark, Mark];
    const result: ZkWritesResult = {
      topologies,
      firstFire: await perRun(m0, m1, first),
      steady: await perRun(m1, m2, first + ZK_ROUND_MS),
    };
    const format = (counts: Record<string, number>) =>
      Object.entries(counts)
        .map(([key, value]) => `${key} ${value.toFixed(2)}`)
        .join(', ');
    for (const [name, figures] of [
      ['first fire', result.firstFire],
      ['later fires', result.steady],
    ] as const) {
      console.log(
        `  ${name}: ${figures.runs} runs, ${figures.txns.toFixed(2)} transactions/run (${format(figures.breakdown.txns)}); ` +
          `ops in multis/run: ${format(figures.breakdown.multiOps)}; ${figures.requests.toFixed(2)} requests/run` +
          `${figures.quiet ? '' : ' (ZooKeeper was not quiet at a measuring point: the round overran)'}`,
      );
    }
    const secondRound = sink.arrivals.filter((arrival) => arrival.fireTime === first + ZK_ROUND_MS);
    const verification = await checkRuns(stack, secondRound, 'SUCCESSFUL', first + ZK_ROUND_MS);
    console.log(`  ${describeVerification(verification)}`);
    return result;
  });
}

async function rss(): Promise<RssResult> {
  const sizes = list(args['rss-sizes']).sort((a, b) => a - b);
  console.log(`\n## rss: leader RSS with ${sizes.map(count).join(' / ')} topologies`);
  return withStack('rss', async (stack) => {
    await sleep(3_000);
    const settled = async () => {
      // Creation garbage is collected lazily: the lowest of a few readings over 10 s.
      let low = Infinity;
      for (let i = 0; i < 5; i++) {
        await sleep(2_000);
        low = Math.min(low, (await stack.server.memory()).rss);
      }
      return { rss: low, peak: (await stack.server.memory()).peak };
    };
    const empty = (await settled()).rss;
    console.log(`  empty leader: RSS ${mib(empty)}`);
    // Daily, twelve hours from now: scheduled (in the heap) but not firing during the benchmark.
    const hour = (new Date().getUTCHours() + 12) % 24;
    const points: RssPoint[] = [];
    let loaded = 0;
    for (const size of sizes) {
      const specs = Array.from({ length: size - loaded }, (_, k) => {
        const i = loaded + k;
        return httpTopology(`rss-${i}`, cron(`${i % 60} ${Math.floor(i / 60) % 60} ${hour} * * ?`), sink.url);
      });
      const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'rss' });
      loaded = size;
      const memory = await settled();
      console.log(
        `  ${describeCreation(creation)}, ${count(size)} in all; RSS ${mib(memory.rss)} (peak ${mib(memory.peak)})`,
      );
      points.push({ topologies: size, creation, ...memory });
    }
    // A new leader loads every topology (and its last scheduled fire) from ZooKeeper.
    const restarted = Date.now();
    const server = await stack.restartServer('info');
    const outcome = await waitForLog(
      server.logPath,
      { done: /"msg":"leader duties started"/, failed: /"msg":"taking over as leader failed[^"]*"/ },
      600_000,
    );
    const loadedAll = outcome.kind === 'done';
    const seconds = (Date.now() - restarted) / 1000;
    const memory = await settled();
    const takeover = loadedAll ? { topologies: loaded, seconds, ...memory } : null;
    console.log(
      takeover
        ? `  restarted leader loaded ${count(loaded)} topologies in ${seconds.toFixed(1)} s (process start included); RSS ${mib(memory.rss)} (peak ${mib(memory.peak)})`
        : `  restarted leader did NOT take over after ${seconds.toFixed(1)} s: ${outcome.line ?? 'no "leader duties started" within 10 min'}; RSS ${mib(memory.rss)}`,
    );
    return { empty, points, takeover, takeoverFailure: loadedAll ? null : (outcome.line ?? 'timed out') };
  });
}

/** Waits for a log line matching `done` or `failed`; `line` is the failure's message (errors included). */
async function waitForLog(
  logPath: string,
  patterns: { done: RegExp; failed: RegExp },
  timeoutMs: number,
): Promise<{ kind: 'done' | 'failed' | 'timeout'; line?: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = await readFile(logPath, 'utf8').catch(() => '');
    if (patterns.done.test(log)) return { kind: 'done' };
    const failed = log.split('\n').find((line) => patterns.failed.test(line));
    if (failed) {
      const message = /"err":\{[^}]*?"message":"([^"]*)"/.exec(failed)?.[1];
      return {
        kind: 'failed',
        line: `${patterns.failed.exec(failed)?.[0] ?? failed}${message ? ` (${message})` : ''}`,
      };
    }
    await sleep(250);
  }
  return { kind: 'timeout' };
}

// ---------------------------------------------------------------------------------------------------------
// The HTTP floor: no Epoch server, only its HTTP task runner; then not even that.

/** Spread-pattern seconds sent; the first two (connections opening) are not counted, as in the spread. */
const FLOOR_SECONDS = 22;
const FLOOR_WARM_UP = 2;

async function floor(): Promise<FloorResult> {
  const perSecond = Math.round(Number(args.topologies) / 60);
  console.log(
    `\n## floor: ${count(perSecond)} calls each second by the HTTP task runner alone, ${FLOOR_SECONDS} s`,
  );
  const spreadLag = await floorSpread(perSecond, 'runner');
  console.log(`  lag p50 ${ms(spreadLag.p50)} p99 ${ms(spreadLag.p99)} max ${ms(spreadLag.max)}`);
  const rawSpreadLag = await floorSpread(perSecond, 'raw');
  console.log(
    `  the same with requests written beforehand on open sockets (the sink alone): ` +
      `lag p50 ${ms(rawSpreadLag.p50)} p99 ${ms(rawSpreadLag.p99)} max ${ms(rawSpreadLag.max)}`,
  );
  const bursts: FloorResult['bursts'] = [];
  for (const size of list(args.bursts)) {
    const fireTime = nextSecond(Date.now() + 3_000);
    const arrivals = await floorCalls([{ fireTime, calls: size }]);
    const drainMs = Math.max(...arrivals.map((arrival) => arrival.at)) - fireTime;
    console.log(`  burst of ${count(size)} calls: drained in ${secs(drainMs)}`);
    bursts.push({ size, drainMs });
  }
  return { perSecond, spreadLag, rawSpreadLag, bursts };
}

/** The spread's pattern, `perSecond` calls each second for FLOOR_SECONDS, sent by the floor client. */
async function floorSpread(perSecond: number, mode: 'runner' | 'raw') {
  const first = nextSecond(Date.now() + 3_000);
  const rounds = Array.from({ length: FLOOR_SECONDS }, (_, i) => ({
    fireTime: first + i * 1000,
    calls: perSecond,
  }));
  const arrivals = await floorCalls(rounds, mode);
  return lagStats(arrivals.filter((arrival) => arrival.fireTime >= first + FLOOR_WARM_UP * 1000));
}

/** Runs the floor client for `rounds` and returns the sink's arrivals, all of them checked present. */
async function floorCalls(
  rounds: Array<{ fireTime: number; calls: number }>,
  mode: 'runner' | 'raw' = 'runner',
): Promise<Arrival[]> {
  sink.drain();
  const client = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'test/bench/schedule/http-floor-client.ts'),
      sink.url,
      JSON.stringify(rounds),
      mode,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const [code] = (await once(client, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the HTTP floor client exited with ${code}`);
  const arrivals = sink.drain();
  const expected = rounds.reduce((sum, round) => sum + round.calls, 0);
  if (arrivals.length !== expected)
    throw new Error(`the HTTP floor: ${arrivals.length} of ${expected} calls arrived`);
  return arrivals;
}

// ---------------------------------------------------------------------------------------------------------
// Report

// ---------------------------------------------------------------------------------------------------------

const SCENARIOS = {
  'zk-writes': zkWrites,
  spread,
  burst,
  sustained,
  rss,
  floor,
} as const;
type ScenarioName = keyof typeof SCENARIOS;

async function main(): Promise<void> {
  const unknown = positionals.filter((name) => !(name in SCENARIOS));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const chosen = (positionals.length ? positionals : Object.keys(SCENARIOS)) as ScenarioName[];
  logDir = await mkdtemp(path.join(tmpdir(), 'epoch-bench-logs-'));
  await sink.start();
  console.log(
    `Epoch scheduling benchmark: ${chosen.join(', ')}; server ${args.server}; server logs in ${logDir}`,
  );
  const results: Results = {};
  const durations: Record<string, number> = {};
  try {
    for (const name of chosen) {
      const started = performance.now();
      (results as Record<string, unknown>)[name] = await SCENARIOS[name]();
      durations[name] = (performance.now() - started) / 1000;
    }
  } finally {
    await sink.close();
    printTable(results, durations, concurrency);
    if (args.json) await writeFile(args.json, `${JSON.stringify({ results, durations }, null, 2)}\n`);
  }
}

async function cleanUp(): Promise<void> {
  killAllEpochProcesses();
  await Promise.all([...cleanups].map((cleanup) => cleanup()));
}

process.once('SIGINT', () => {
  console.log('\ninterrupted: stopping the servers and ZooKeeper');
  void cleanUp().finally(() => process.exit(130));
});

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(1);
  },
);
