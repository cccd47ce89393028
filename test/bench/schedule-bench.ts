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
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanUp, createContext, type BenchContext, type BenchOptions } from './schedule/context.js';
import { printTable, type Results } from './schedule/report.js';
import { burst } from './schedule/scenarios/burst.js';
import { floor } from './schedule/scenarios/floor.js';
import { rss } from './schedule/scenarios/rss.js';
import { spread } from './schedule/scenarios/spread.js';
import { sustained } from './schedule/scenarios/sustained.js';
import { zkWrites } from './schedule/scenarios/zk-writes.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SCENARIOS = {
  'zk-writes': zkWrites,
  spread,
  burst,
  sustained,
  rss,
  floor,
} as const;
type ScenarioName = keyof typeof SCENARIOS;

function parseCommandLine(): { chosen: ScenarioName[]; options: BenchOptions } {
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
  const unknown = positionals.filter((name) => !(name in SCENARIOS));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const list = (value: string) => value.split(',').map(Number);
  return {
    chosen: (positionals.length ? positionals : Object.keys(SCENARIOS)) as ScenarioName[],
    options: {
      topologies: Number(args.topologies),
      minutes: Number(args.minutes),
      bursts: list(args.bursts),
      repeat: Number(args.repeat),
      rates: list(args.rates),
      every: Number(args.every),
      stepSeconds: Number(args['step-seconds']),
      zkRuns: Number(args['zk-runs']),
      rssSizes: list(args['rss-sizes']),
      concurrency: Number(args.concurrency),
      verifySample: Number(args['verify-sample']),
      server: args.server,
      ...(args.json !== undefined && { json: args.json }),
      ...(args.arrivals !== undefined && { arrivals: args.arrivals }),
    },
  };
}

async function main(): Promise<void> {
  const { chosen, options } = parseCommandLine();
  const context = await createContext(options, repoRoot);
  process.once('SIGINT', () => {
    console.log('\ninterrupted: stopping the servers and ZooKeeper');
    void cleanUp(context).finally(() => process.exit(130));
  });
  console.log(
    `Epoch scheduling benchmark: ${chosen.join(', ')}; server ${options.server}; server logs in ${context.logDir}`,
  );
  const results: Results = {};
  const durations: Record<string, number> = {};
  try {
    await runScenarios(context, chosen, results, durations);
  } catch (error) {
    await cleanUp(context);
    throw error;
  } finally {
    await context.sink.close();
    printTable(results, durations, options.concurrency);
    if (options.json) await writeFile(options.json, `${JSON.stringify({ results, durations }, null, 2)}\n`);
  }
}

async function runScenarios(
  context: BenchContext,
  chosen: ScenarioName[],
  results: Results,
  durations: Record<string, number>,
): Promise<void> {
  for (const name of chosen) {
    const started = performance.now();
    (results as Record<string, unknown>)[name] = await SCENARIOS[name](context);
    durations[name] = (performance.now() - started) / 1000;
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp(null);
    process.exit(1);
  },
);
