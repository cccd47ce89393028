/**
 * One-shot jobs benchmark (issue 22 item 6): Epoch's jobs on real server processes over a real ZooKeeper, and
 * BullMQ's delayed jobs on a real Redis (a private redis-server on loopback) in the same run, both delivering
 * to one loopback sink in this process. Needs `node scripts/setup.mjs --for=bench` (ZooKeeper, redis-server)
 * and `npm run build`.
 *
 * Run: npm run bench:jobs -- [create] [burst] [sustained] [failover] [takeover] [drain] [cleanup] [options]
 *   (no scenario = all of them, in that order). Options, with defaults:
 *   --jobs 1000000          create, takeover: jobs created by bulk, due over now+1 h .. now+25 h;
 *                           drain: jobs fired before cleanup
 *   --drain-rate 3000       drain: jobs due per second
 *   --create-parallel 4     bulk requests (10,000 jobs each) / addBulk calls in flight
 *   --burst 20000           burst, failover: jobs due in the same millisecond
 *   --rate 1000             sustained: jobs due per second
 *   --sustained-seconds 300 sustained: for how long
 *   --records-keep 30s      EPOCH_JOB_RECORDS_KEEP of the burst/sustained server, for cleanup to wait out
 *   --worker-concurrency 256  BullMQ worker concurrency (Epoch's HTTP caller keeps 256 connections per origin)
 *   --zk-heap-mb 2048       ZooKeeper's heap: 1M pending jobs are ~200 MB of znode data
 *   --session-timeout-ms 6000  failover: ZK_SESSION_TIMEOUT_MS of both servers (how soon the standby takes over)
 *   --server server/dist/main.js
 *   --json FILE             default test/bench/results/jobs-<time>.json
 *
 * Each scenario's Epoch part runs first, then BullMQ's, never both at once (2 cores): neither slows the other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanUp, createContext, type JobsBenchContext, type JobsBenchOptions } from './jobs/context.js';
import { FiringStackHolder } from './jobs/firing-stack.js';
import { printTable, writeJson, type Row, type ScenarioResult } from './jobs/report.js';
import { burst } from './jobs/scenarios/burst.js';
import { cleanup } from './jobs/scenarios/cleanup.js';
import { create } from './jobs/scenarios/create.js';
import { failover } from './jobs/scenarios/failover.js';
import { sustained } from './jobs/scenarios/sustained.js';
import { takeover } from './jobs/scenarios/takeover.js';
import { drain } from './jobs/scenarios/drain.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCENARIOS = ['create', 'burst', 'sustained', 'failover', 'takeover', 'drain', 'cleanup'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

function parseCommandLine(): { chosen: ScenarioName[]; options: JobsBenchOptions } {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      jobs: { type: 'string', default: '1000000' },
      'drain-rate': { type: 'string', default: '3000' },
      'create-parallel': { type: 'string', default: '4' },
      burst: { type: 'string', default: '20000' },
      rate: { type: 'string', default: '1000' },
      'sustained-seconds': { type: 'string', default: '300' },
      'records-keep': { type: 'string', default: '30s' },
      'worker-concurrency': { type: 'string', default: '256' },
      'zk-heap-mb': { type: 'string', default: '2048' },
      'session-timeout-ms': { type: 'string', default: '6000' },
      server: { type: 'string', default: path.join(repoRoot, 'server/dist/main.js') },
      json: { type: 'string' },
    },
  });
  const unknown = positionals.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    chosen: SCENARIOS.filter((name) => positionals.length === 0 || positionals.includes(name)),
    options: {
      jobs: Number(args.jobs),
      drainRate: Number(args['drain-rate']),
      createParallel: Number(args['create-parallel']),
      burst: Number(args.burst),
      rate: Number(args.rate),
      sustainedSeconds: Number(args['sustained-seconds']),
      recordsKeep: args['records-keep'],
      workerConcurrency: Number(args['worker-concurrency']),
      zkHeapMb: Number(args['zk-heap-mb']),
      sessionTimeoutMs: Number(args['session-timeout-ms']),
      server: args.server,
      json: args.json ?? path.join(repoRoot, 'test/bench/results', `jobs-${stamp}.json`),
    },
  };
}

async function main(): Promise<void> {
  const { chosen, options } = parseCommandLine();
  const context = await createContext(options, repoRoot);
  process.once('SIGINT', () => {
    console.log('\ninterrupted: stopping the servers, ZooKeeper, workers and Redis');
    void cleanUp(context).finally(() => process.exit(130));
  });
  console.log(
    `Epoch one-shot jobs vs BullMQ ${bullVersion()}: ${chosen.join(', ')}; server logs in ${context.logDir}`,
  );
  const results: Partial<Record<ScenarioName, ScenarioResult['raw']>> = {};
  const durations: Partial<Record<ScenarioName, number>> = {};
  const rows: Row[] = [];
  const startedAt = new Date().toISOString();
  try {
    await runScenarios(context, chosen, async (name, result, seconds) => {
      results[name] = result.raw;
      durations[name] = seconds;
      rows.push(...result.rows);
    });
  } finally {
    printTable(rows);
    await writeJson(options.json, { startedAt, options, durations, rows, results });
    console.log(`\nresults: ${options.json}`);
    await cleanUp(context);
  }
}

async function runScenarios(
  context: JobsBenchContext,
  chosen: ScenarioName[],
  done: (name: ScenarioName, result: ScenarioResult, seconds: number) => Promise<void>,
): Promise<void> {
  const firing = new FiringStackHolder(context);
  const redisAtStart = await context.redis.usedMemory();
  const run: Record<ScenarioName, () => Promise<ScenarioResult>> = {
    create: () => create(context),
    burst: () => burst(context, firing),
    sustained: () => sustained(context, firing),
    failover: () => failover(context),
    takeover: () => takeover(context),
    drain: () => drain(context, firing),
    cleanup: () => cleanup(context, firing, redisAtStart),
  };
  try {
    for (const name of chosen) {
      const started = performance.now();
      const result = await run[name]();
      await done(name, result, (performance.now() - started) / 1000);
    }
  } finally {
    await firing.stop();
  }
}

function bullVersion(): string {
  const manifest = path.join(repoRoot, 'node_modules/bullmq/package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp(null);
    process.exit(1);
  },
);
